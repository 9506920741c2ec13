from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_help_in_dutch_by_default(employee_client):
    html = employee_client.get("/hulp/account/").content.decode()
    assert "<h1" in html and "Je account en beveiliging" in html
    assert html.count("<h1") == 1
    assert "<h2>Tweestapsverificatie</h2>" in html


def test_help_follows_the_chosen_language(employee_client, employee):
    employee.language = "en"
    employee.save(update_fields=["language"])
    html = employee_client.get("/hulp/account/").content.decode()
    assert "Your account and security" in html


def test_help_index_lists_pages(employee_client):
    assert "/hulp/account/" in employee_client.get("/hulp/").content.decode()


def test_unknown_help_page_is_404(employee_client):
    assert employee_client.get("/hulp/bestaat-niet/").status_code == 404


def test_help_needs_login(client):
    assert client.get("/hulp/account/").status_code == 302


def test_spaces_help_in_both_languages(employee_client, employee):
    html = employee_client.get("/hulp/spaces/").content.decode()
    assert "<h1" in html and "Ruimtes" in html and "<h2>Je bent gast</h2>" in html
    employee.language = "en"
    employee.save(update_fields=["language"])
    html = employee_client.get("/hulp/spaces/").content.decode()
    assert "<h2>You are a guest</h2>" in html and "<h2>Archiving</h2>" in html


def test_guests_can_read_the_spaces_help(client):
    from tests.factories import GuestFactory

    client.force_login(GuestFactory())
    assert client.get("/hulp/spaces/").status_code == 200


def test_posts_help_in_both_languages(employee_client, employee):
    assert "Iemand noemen en onderwerpen" in employee_client.get("/hulp/berichten/").content.decode()
    employee.language = "en"
    employee.save(update_fields=["language"])
    assert "Mentioning people and topics" in employee_client.get("/hulp/berichten/").content.decode()
