from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def login(client, email, password, **extra):
    return client.post(LOGIN, {"login": email, "password": password, **extra})


def test_employee_logs_in_with_email_and_password(client):
    user = UserFactory()
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_message_and_keeps_the_email(client):
    user = UserFactory()
    response = login(client, user.email, "not-the-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{user.email}"' in html
    assert "errorlist" in html


def test_too_many_failures_lock_the_account_with_a_clear_message(client, settings):
    user = UserFactory()
    for _ in range(settings.PLEIN_LOGIN_ATTEMPTS):
        login(client, user.email, "wrong-password")
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 200, "even the right password is refused while locked"
    assert "_auth_user_id" not in client.session
    assert re.search(r"(Too many failed login attempts|Te veel inlogpogingen)", response.content.decode())


def test_without_remember_me_the_session_ends_with_the_browser(client):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    assert client.session.get_expire_at_browser_close()


def test_with_remember_me_the_session_persists(client):
    user = UserFactory()
    login(client, user.email, PASSWORD, remember="on")
    assert not client.session.get_expire_at_browser_close()


def test_self_signup_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()


def test_password_reset_sends_a_link_by_email(client):
    user = UserFactory()
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body


def test_changing_email_requires_verification(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "nieuw@zuiderveld.nl"})
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[-1].to == ["nieuw@zuiderveld.nl"]
    user.refresh_from_db()
    assert user.email != "nieuw@zuiderveld.nl"
    assert user.emailaddress_set.get(email="nieuw@zuiderveld.nl").verified is False


def test_logout_needs_post(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/logout/")
    assert client.get(reverse("home")).status_code == 302
