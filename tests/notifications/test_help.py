from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_notifications_help_in_both_languages(employee_client, employee):
    html = employee_client.get("/hulp/notifications/").content.decode()
    assert html.count("<h1") == 1 and "<h2>Samengevoegd, niet opgestapeld</h2>" in html
    employee.language = "en"
    employee.save(update_fields=["language"])
    html = employee_client.get("/hulp/notifications/").content.decode()
    assert "<h2>Rolled up, not piled up</h2>" in html
    assert "/hulp/notifications/" in employee_client.get("/hulp/").content.decode()
