"""Tasks a killed worker left RUNNING go back to the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from plein.core.mail import message_to_data
from plein.core.taskqueue import requeue_stale_tasks
from plein.core.tasks import send_email

pytestmark = pytest.mark.django_db
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}


@override_settings(TASKS=DB_QUEUE)
def test_stale_running_task_is_requeued_and_a_fresh_one_is_left_alone():
    from django.core.mail import EmailMessage

    queue = DatabaseBackend("default", {"QUEUES": ["default", "email"]})
    data = message_to_data(EmailMessage("Onderwerp", "Tekst", "a@zuiderveld.nl", ["b@zuiderveld.nl"]))
    stale = queue.enqueue(send_email, [data, 1], {})
    fresh = queue.enqueue(send_email, [data, 1], {})
    DBTaskResult.objects.filter(pk=stale.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    DBTaskResult.objects.filter(pk=fresh.id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())

    assert requeue_stale_tasks(older_than=timedelta(minutes=10)) == 1
    assert DBTaskResult.objects.get(pk=stale.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=fresh.id).status == TaskResultStatus.RUNNING


def test_nothing_to_do_with_the_immediate_backend():
    assert requeue_stale_tasks() == 0
