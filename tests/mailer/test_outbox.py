"""The outbox against a real SMTP server: batches, idempotency, temporary and permanent failures, stale claims."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage, mailers, send_mail
from django.test import override_settings
from django.utils import timezone

from plein.mailer.actions import IDEMPOTENCY_HEADER, forget_sent_messages, queue_messages, retry_failed
from plein.mailer.models import OutboxMessage, OutboxStatus
from plein.mailer.sending import send_batch, send_due


def _message(to: str, subject: str = "Nieuws", **headers: str) -> EmailMessage:
    return EmailMessage(subject=subject, body="Lees het op Plein.", to=[to], headers=headers)


def _statuses() -> dict[str, str]:
    return dict(OutboxMessage.objects.values_list("recipients", "status"))


@pytest.mark.django_db
def test_a_message_becomes_an_outbox_row_in_the_callers_transaction_and_is_sent_after_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_mail("Welkom", "Welkom op Plein.", None, ["anna@zuiderveld.example"]) == 1
        row = OutboxMessage.objects.get()
        assert (row.status, row.subject, row.recipients) == (OutboxStatus.PENDING, "Welkom", "anna@zuiderveld.example")
        assert smtp_server.rcpt_tos() == []

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error, row.claim_token) == (OutboxStatus.SENT, 1, "", "")
    assert row.sent_at is not None
    assert smtp_server.rcpt_tos() == ["anna@zuiderveld.example"]


@pytest.mark.django_db
def test_the_same_idempotency_key_queues_one_message_and_the_header_does_not_leave(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            _message("bert@zuiderveld.example", **{IDEMPOTENCY_HEADER: "must-read:7:bert"}).send()
        _message("bert@zuiderveld.example", **{IDEMPOTENCY_HEADER: "must-read:8:bert"}).send()

    assert OutboxMessage.objects.count() == 2
    assert smtp_server.rcpt_tos() == ["bert@zuiderveld.example"] * 2
    assert all(IDEMPOTENCY_HEADER not in m for m in smtp_server.handler.messages())
    assert set(OutboxMessage.objects.values_list("idempotency_key", flat=True)) == {
        "must-read:7:bert",
        "must-read:8:bert",
    }


@pytest.mark.django_db
@override_settings(PLEIN_MAIL_BATCH_SIZE=4)
def test_a_batch_sends_over_one_connection_and_is_bounded(smtp_server):
    queue_messages([_message(f"p{n}@zuiderveld.example") for n in range(10)])
    sessions_before = len(smtp_server.handler.envelopes)

    first = send_batch()

    assert (first.claimed, first.sent) == (4, 4)
    assert sessions_before == 0
    assert len({id(e) for e in smtp_server.handler.envelopes}) == 4
    assert send_due() == 6
    assert sorted(smtp_server.rcpt_tos()) == sorted(f"p{n}@zuiderveld.example" for n in range(10))
    assert set(_statuses().values()) == {OutboxStatus.SENT}


@pytest.mark.django_db
def test_a_permanent_refusal_fails_at_once_a_temporary_one_waits_and_the_rest_is_sent(smtp_server):
    queue_messages(
        [
            _message("ok-1@zuiderveld.example"),
            _message("gone-1@zuiderveld.example"),
            _message("busy-1@zuiderveld.example"),
            _message("ok-2@zuiderveld.example"),
        ]
    )

    result = send_batch()

    assert (result.sent, result.failed, result.deferred) == (2, 1, 1)
    assert smtp_server.rcpt_tos() == ["ok-1@zuiderveld.example", "ok-2@zuiderveld.example"]
    gone = OutboxMessage.objects.get(recipients="gone-1@zuiderveld.example")
    assert (gone.status, gone.attempts) == (OutboxStatus.FAILED, 1)
    assert "550" in gone.last_error and "No such mailbox" in gone.last_error
    busy = OutboxMessage.objects.get(recipients="busy-1@zuiderveld.example")
    assert (busy.status, busy.attempts) == (OutboxStatus.PENDING, 1)
    assert "451" in busy.last_error
    assert busy.next_attempt_at > timezone.now() + timedelta(seconds=30)


@pytest.mark.django_db
@override_settings(PLEIN_MAIL_MAX_ATTEMPTS=3, PLEIN_MAIL_RETRY_SECONDS=0)
def test_when_the_server_is_down_mail_waits_then_goes_out_once_and_gives_up_after_the_attempts(smtp_server):
    queue_messages([_message(f"q{n}@zuiderveld.example") for n in range(3)])
    assert send_batch().sent == 3
    queue_messages([_message(f"r{n}@zuiderveld.example") for n in range(3)])
    smtp_server.stop()

    down = send_batch()

    assert down.connection_failed and (down.claimed, down.deferred) == (3, 3)
    waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    assert waiting.count() == 3 and all("ConnectionRefusedError" in r.last_error for r in waiting)
    smtp_server.start()

    assert send_due() == 3
    # The first three were sent before the outage and were not sent again.
    assert sorted(smtp_server.rcpt_tos()) == sorted(
        [f"q{n}@zuiderveld.example" for n in range(3)] * 1 + [f"r{n}@zuiderveld.example" for n in range(3)]
    )

    smtp_server.stop()
    queue_messages([_message("s@zuiderveld.example")])
    for _ in range(3):
        send_batch()
    row = OutboxMessage.objects.get(recipients="s@zuiderveld.example")
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert "ConnectionRefusedError" in row.last_error


@pytest.mark.django_db
@override_settings(PLEIN_MAIL_CLAIM_SECONDS=60)
def test_a_batch_left_by_a_dead_worker_is_claimed_again_after_the_timeout_but_a_live_one_is_not(smtp_server):
    queue_messages([_message("dead@zuiderveld.example"), _message("alive@zuiderveld.example")])
    now = timezone.now()
    OutboxMessage.objects.filter(recipients="dead@zuiderveld.example").update(
        status=OutboxStatus.SENDING, claimed_at=now - timedelta(seconds=61), claim_token="dead"
    )
    OutboxMessage.objects.filter(recipients="alive@zuiderveld.example").update(
        status=OutboxStatus.SENDING, claimed_at=now - timedelta(seconds=10), claim_token="alive"
    )

    assert send_batch().sent == 1

    assert smtp_server.rcpt_tos() == ["dead@zuiderveld.example"]
    assert _statuses() == {"dead@zuiderveld.example": OutboxStatus.SENT, "alive@zuiderveld.example": "sending"}


@pytest.mark.django_db
def test_failed_messages_can_be_retried_and_old_sent_ones_are_forgotten(smtp_server):
    queue_messages([_message("gone-2@zuiderveld.example"), _message("ok-3@zuiderveld.example")])
    send_batch()
    gone = OutboxMessage.objects.get(status=OutboxStatus.FAILED)

    assert retry_failed(message_ids=[gone.pk]) == 1
    gone.refresh_from_db()
    assert (gone.status, gone.attempts) == (OutboxStatus.PENDING, 0)

    OutboxMessage.objects.filter(status=OutboxStatus.SENT).update(sent_at=timezone.now() - timedelta(days=31))
    assert forget_sent_messages() == 1
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 0


@pytest.mark.django_db
def test_existing_senders_keep_working_through_the_default_mailer(smtp_server, django_capture_on_commit_callbacks):
    """allauth, invitations and Wagtail send with the default mailer; it is the outbox."""
    from plein.core.mail import QueuedEmailBackend

    assert isinstance(mailers["default"], QueuedEmailBackend)
    with django_capture_on_commit_callbacks(execute=True):
        sent = mailers["default"].send_messages([_message("c@zuiderveld.example"), _message("d@zuiderveld.example")])
    assert sent == 2
    assert sorted(smtp_server.rcpt_tos()) == ["c@zuiderveld.example", "d@zuiderveld.example"]
