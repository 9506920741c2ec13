"""Keep the database task queue honest when a worker dies.

django-tasks-db marks a task RUNNING when a worker takes it and never looks
at it again if that worker is killed, so the task (an e-mail, say) would be
lost. The worker's event loop calls :func:`requeue_stale_tasks` once a minute:
tasks RUNNING for longer than ``PLEIN_TASK_STALE_SECONDS`` go back to READY.
That makes delivery at-least-once; tasks must tolerate a rare repeat.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone

log = logging.getLogger("plein.tasks")


def uses_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def requeue_stale_tasks(*, older_than: timedelta | None = None) -> int:
    """Put tasks that have been RUNNING too long back on the queue. Returns how many."""
    if not uses_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - (older_than or timedelta(seconds=settings.PLEIN_TASK_STALE_SECONDS))
    count = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None
    )
    if count:
        log.warning("Re-queued %s task(s) left running by a stopped worker", count)
    return count
