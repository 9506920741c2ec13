"""The outbox page in real Chromium: axe-core clean at 1280 and 360 px, and "retry now" works by keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from plein.mailer.models import OutboxMessage, OutboxStatus
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(status: str, to: str, error: str = "") -> None:
    row = OutboxMessage.from_data({"subject": "Nieuwe werkplekken", "to": [to], "cc": [], "bcc": []}, key=None)
    row.status, row.last_error, row.attempts = status, error, 1
    row.sent_at = timezone.now() if status == OutboxStatus.SENT else None
    row.save()


def test_the_outbox_page_is_accessible_and_retries_by_keyboard(auditor: Any, live_server: Any) -> None:
    admin = UserFactory(first_name="Beheer", is_superuser=True, is_staff=True, language="en")
    _row(OutboxStatus.FAILED, "weg@zuiderveld.nl", "Recipients refused: weg@zuiderveld.nl: 550 5.1.1 No such mailbox")
    _row(OutboxStatus.PENDING, "later@zuiderveld.nl", "ConnectionRefusedError: [Errno 111] Connection refused")
    _row(OutboxStatus.SENT, "klaar@zuiderveld.nl")
    audit = auditor(admin)

    page = audit.visit("/beheer/e-mail/", "mailer-outbox")
    audit.assert_no_problems()

    page.get_by_role("checkbox", name="Retry “Nieuwe werkplekken” to weg@zuiderveld.nl").press("Space")
    page.get_by_role("button", name="Retry now").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1 message will be sent again." in page.content()
    assert OutboxMessage.objects.get(recipients="weg@zuiderveld.nl").status == OutboxStatus.PENDING
