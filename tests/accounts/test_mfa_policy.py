from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from plein.core.models import SiteSettings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required():
    return SiteSettings.objects.create(
        pk=1, name="Gemeente Zuiderveld", primary_colour="#1f5c99", require_mfa_for_staff=True
    )


def test_editor_without_totp_is_sent_to_set_it_up(client, mfa_required):
    editor = UserFactory(is_editor=True)
    client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    final = client.get(reverse("mfa_activate_totp"), follow=True)
    assert final.status_code == 200, "set-up (after confirming the password) is reachable: no redirect loop"
    assert final.request["PATH_INFO"].startswith("/accounts/")


def test_admin_without_totp_is_sent_to_set_it_up(client, mfa_required):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("people:directory"))["Location"] == reverse("mfa_activate_totp")


def test_employee_is_not_forced(client, mfa_required):
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200


def test_editor_with_totp_passes(client, mfa_required):
    editor = UserFactory(is_editor=True)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(editor)
    assert client.get(reverse("home")).status_code == 200


def test_policy_off_by_default(client):
    client.force_login(UserFactory(is_editor=True))
    assert client.get(reverse("home")).status_code == 200
