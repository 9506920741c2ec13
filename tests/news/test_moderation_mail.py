"""Wagtail's moderation e-mails (submitted, approved, sent back) are rendered in the editor's request
but only queued there: the request never talks to the mail server; the worker's mail loop delivers them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from plein.mailer.models import OutboxMessage
from plein.mailer.sending import send_due
from plein.news.models import NewsItem
from tests.news.test_editorial import _add_url, _form
from tests.smtp import Collector

# As in production: a worker owns the queue, so nothing is sent after the page's commit either.
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}


def _queued_to(person: Any) -> list[str]:
    return list(OutboxMessage.objects.filter(recipients__contains=person.email).values_list("subject", flat=True))


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_moderation_mail_is_queued_not_sent_in_the_request(
    org: Any, client: Any, smtp: Collector, django_capture_on_commit_callbacks: Any, decision: str
) -> None:
    with override_settings(TASKS=DB_QUEUE):
        client.force_login(org.editor)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(_add_url(), _form(**{"action-submit": "1"})).status_code == 302
        item = NewsItem.objects.get(slug="nieuwe-werkplekken")
        submitted = _queued_to(org.chief)
        assert submitted and all("Nieuwe werkplekken" in subject for subject in submitted)
        assert smtp.messages() == []  # the editor's request did not talk to the mail server

        client.force_login(org.chief)
        task_state = item.current_workflow_state.current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, decision, task_state.pk))
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"comment": "Zie mijn opmerking."}).status_code in (200, 302)
        decided = _queued_to(org.editor)
        assert decided and all("Nieuwe werkplekken" in subject for subject in decided)
        assert smtp.messages() == []

    # The worker's mail loop delivers what the requests queued.
    assert send_due() == OutboxMessage.objects.count()
    delivered = {address.addr_spec for message in smtp.messages() for address in message["To"].addresses}
    assert {org.chief.email, org.editor.email} <= delivered
