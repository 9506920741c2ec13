from __future__ import annotations

import logging
from typing import Any

from django.tasks import TaskContext, task

log = logging.getLogger("plein.mail")


@task(queue_name="email", takes_context=True)
def send_email(context: TaskContext, message: dict[str, Any], attempt: int) -> None:
    """Hand a message queued by an earlier version (as a task) to the outbox, once.

    Mail is no longer queued as tasks (see plein.mailer); tasks still on the
    queue during an upgrade land in the outbox, keyed on their task id so a
    task that runs twice queues the message once.
    """
    from plein.core.mail import send_after_commit_without_worker
    from plein.mailer.actions import queue_data

    queue_data(message, key=f"task:{context.task_result.id}")
    send_after_commit_without_worker()
