"""Mail goes through the outbox to a real SMTP server, waits when it is down, and is never lost silently."""

from __future__ import annotations

import email
import email.policy
import logging
from collections.abc import Iterator

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished

from plein.core.tasks import send_email
from tests.smtp import free_port, smtp_settings


@pytest.fixture
def smtp_down() -> Iterator[int]:
    port = free_port()  # bound and released: nothing listens there
    with smtp_settings(port):
        yield port


@pytest.fixture
def finished_mail_tasks() -> Iterator[list]:
    results: list = []

    def collect(sender, task_result, **kwargs) -> None:
        if task_result.task.func is send_email.func:
            results.append(task_result)

    task_finished.connect(collect, dispatch_uid="test-mail-finished")
    yield results
    task_finished.disconnect(dispatch_uid="test-mail-finished")


def _announcement() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Nieuw beleid: thuiswerken",
        body="Lees het nieuwe beleid op Plein.",
        from_email="Plein <plein@zuiderveld.example>",
        to=["ans@zuiderveld.example"],
        cc=["bert@zuiderveld.example"],
        reply_to=["communicatie@zuiderveld.example"],
        headers={"X-Plein-Event": "42"},
    )
    message.attach_alternative("<p>Lees het <strong>nieuwe beleid</strong> op Plein.</p>", "text/html")
    return message


@pytest.mark.django_db
def test_a_queued_message_reaches_the_smtp_server_with_its_html_part(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _announcement().send() == 1
        assert smtp.envelopes == []  # nothing leaves before the transaction commits

    assert len(smtp.envelopes) == 1
    envelope = smtp.envelopes[0]
    assert envelope.mail_from == "plein@zuiderveld.example"
    assert sorted(envelope.rcpt_tos) == ["ans@zuiderveld.example", "bert@zuiderveld.example"]
    received = smtp.messages()[0]
    assert received["Subject"] == "Nieuw beleid: thuiswerken"
    assert received["To"] == "ans@zuiderveld.example"
    assert received["Reply-To"] == "communicatie@zuiderveld.example"
    assert received["X-Plein-Event"] == "42"
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "Lees het nieuwe beleid op Plein."
    html = received.get_body(preferencelist=("html",))
    assert html.get_content_type() == "text/html"
    assert "<strong>nieuwe beleid</strong>" in html.get_content()


@pytest.mark.django_db
def test_attachments_and_html_only_bodies_survive_the_queue(smtp, django_capture_on_commit_callbacks):
    pdf = b"%PDF-1.4\n\x00\xff binary agenda"
    message = EmailMessage(
        subject="Agenda", body="<p>Zie de <em>bijlage</em>.</p>", from_email=None, to=["cor@zuiderveld.example"]
    )
    message.content_subtype = "html"
    message.attach("agenda.pdf", pdf, "application/pdf")
    message.attach("notulen.txt", "Notulen van dinsdag", "text/plain")
    part = email.message.EmailMessage()
    part.set_content("BEGIN:VCALENDAR\nEND:VCALENDAR\n", subtype="calendar")
    message.attach(part)

    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    received = smtp.messages()[0]
    assert received.get_body(preferencelist=("html", "plain")).get_content_type() == "text/html"
    attachments = {a.get_filename(): a for a in received.iter_attachments()}
    assert attachments["agenda.pdf"].get_content() == pdf
    assert attachments["notulen.txt"].get_content().strip() == "Notulen van dinsdag"
    calendar = [a for a in received.iter_attachments() if a.get_content_type() == "text/calendar"]
    assert calendar and "BEGIN:VCALENDAR" in calendar[0].get_content()


@pytest.mark.django_db
def test_when_smtp_is_down_the_page_does_not_fail_and_the_message_waits_in_the_outbox(
    smtp_down, caplog, django_capture_on_commit_callbacks
):
    from plein.mailer.models import OutboxMessage, OutboxStatus

    with caplog.at_level(logging.WARNING, logger="plein.mail"), django_capture_on_commit_callbacks(execute=True):
        # What a view or action does; it must not raise although SMTP is unreachable.
        sent = send_mail("Welkom", "Welkom op Plein.", None, ["dirk@zuiderveld.example"])
    assert sent == 1

    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts, row.recipients) == (OutboxStatus.PENDING, 1, "dirk@zuiderveld.example")
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > row.created_at
    assert any("Cannot reach the mail server" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_a_mail_task_left_by_an_earlier_version_is_delivered_once(smtp, django_capture_on_commit_callbacks):
    """Mail used to be queued as send_email tasks; one still on the queue lands in the outbox and goes out."""
    from plein.core.mail import message_to_data
    from plein.mailer.models import OutboxMessage

    with django_capture_on_commit_callbacks(execute=True):
        result = send_email.enqueue(message_to_data(_announcement()), 3)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert smtp.messages()[0]["Subject"] == "Nieuw beleid: thuiswerken"
    assert OutboxMessage.objects.get().idempotency_key == f"task:{result.id}"


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_surrounding_transaction_rolls_back(smtp):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        _announcement().send()
        raise Boom

    assert smtp.envelopes == []

    with transaction.atomic():
        _announcement().send()
        assert smtp.envelopes == []
    assert len(smtp.envelopes) == 1


@pytest.mark.django_db
def test_a_message_without_recipients_is_not_queued(smtp, finished_mail_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert EmailMessage(subject="Leeg", body="x", to=[]).send() == 0
    assert callbacks == []
    assert finished_mail_tasks == []
