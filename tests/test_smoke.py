import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_home_renders_the_shell(employee_client):
    response = employee_client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    assert "data-notification-bell" in html
