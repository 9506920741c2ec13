from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from plein.core.actions import update_site_settings
from plein.core.colours import contrast_ratio
from plein.core.models import Event, SiteSettings
from plein.core.selectors import get_site_settings

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#1f5c99", "#ffffff"), 1) >= 4.5


def test_too_light_primary_colour_is_refused_with_a_clear_message():
    site = SiteSettings(name="Gemeente Zuiderveld", primary_colour="#f5d000")
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "primary_colour" in error.value.message_dict


def test_branding_defaults_come_from_the_environment(settings):
    site = get_site_settings()
    assert site.name == settings.PLEIN_SITE_NAME
    assert site.primary_colour == settings.PLEIN_PRIMARY_COLOUR


def test_admin_change_shows_everywhere_and_records_an_event(admin_client, django_capture_on_commit_callbacks):
    get_site_settings()  # warm the cache
    site = SiteSettings(name="Gemeente Oosterkwartier", primary_colour="#7a1f5c")
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(actor=None, site=site, changed=["name", "primary_colour"])
    assert Event.objects.filter(kind="site.updated").exists()
    html = admin_client.get("/").content.decode()
    assert "Gemeente Oosterkwartier" in html
    assert "--plein-primary: #7a1f5c" in html


def test_admin_form_saves_through_the_action(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/beheer/core/sitesettings/add/",
            {
                "name": "Gemeente Zuiderveld",
                "primary_colour": "#114477",
                "guest_invitations_enabled": "on",
                "guest_access_days": "90",
                "invitation_valid_days": "14",
                "attachment_max_mb": "20",
                "attachment_types": "pdf, docx",
                "must_read_weekly_budget": "3",
                "must_read_reminder_days": "3",
            },
        )
    assert response.status_code == 302
    assert SiteSettings.objects.get(pk=1).primary_colour == "#114477"
    assert Event.objects.filter(kind="site.updated").count() == 1
