"""The administrators' queue page: counts, what waits and failed with the reason, and "retry now"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.mailer.models import OutboxMessage, OutboxStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _row(status: str, to: str, error: str = "", attempts: int = 0) -> OutboxMessage:
    row = OutboxMessage.from_data(
        {"subject": f"Bericht aan {to}", "to": [to], "cc": [], "bcc": [], "body": "x"}, key=None
    )
    row.status, row.last_error, row.attempts = status, error, attempts
    if status == OutboxStatus.SENT:
        row.sent_at = timezone.now()
    row.save()
    return row


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(is_superuser=True, is_staff=True, language="en"))
    return client


def test_administrators_see_the_counts_and_the_reasons(admin_client, django_assert_max_num_queries):
    _row(OutboxStatus.PENDING, "wacht@zuiderveld.nl", "ConnectionRefusedError: [Errno 111] Connection refused", 2)
    _row(OutboxStatus.SENT, "klaar@zuiderveld.nl")
    _row(OutboxStatus.SENT, "ook-klaar@zuiderveld.nl")
    _row(OutboxStatus.FAILED, "weg@zuiderveld.nl", "Recipients refused: weg@zuiderveld.nl: 550 No such mailbox", 1)

    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("mailer:outbox"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Outgoing e-mail</h1>' in page
    counts = response.context["counts"]
    assert counts == {"pending": 1, "sending": 0, "sent": 2, "failed": 1}
    assert "550 No such mailbox" in page and "Connection refused" in page
    assert "klaar@zuiderveld.nl" in page
    assert 'aria-label="Retry “Bericht aan weg@zuiderveld.nl” to weg@zuiderveld.nl"' in page


def test_retry_now_puts_the_chosen_failed_messages_back_in_the_queue(admin_client):
    chosen = _row(OutboxStatus.FAILED, "a@zuiderveld.nl", "550", 1)
    other = _row(OutboxStatus.FAILED, "b@zuiderveld.nl", "550", 1)

    response = admin_client.post(reverse("mailer:retry"), {"message": [chosen.pk]}, follow=True)

    assert "1 message will be sent again." in response.content.decode()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, chosen.attempts) == (OutboxStatus.PENDING, 0)
    assert other.status == OutboxStatus.FAILED

    admin_client.post(reverse("mailer:retry"))
    other.refresh_from_db()
    assert other.status == OutboxStatus.PENDING


def test_only_administrators_see_the_queue(client):
    assert client.get(reverse("mailer:outbox")).status_code == 302  # to the log-in page
    client.force_login(UserFactory(language="en"))
    assert client.get(reverse("mailer:outbox")).status_code == 403
    assert client.post(reverse("mailer:retry")).status_code == 403
