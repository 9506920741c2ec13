"""A test consumer of the event spine that a ``plein worker`` subprocess can load.

The worker finds it through ``PLEIN_EXTRA_EVENT_CONSUMERS=tests.core.consumer_app.register``.
For each ``test.ping`` event it writes one row to a real table: a notification of
kind ``test.applied`` for the user named in the payload. The notification's
``event`` is left empty on purpose: the unique constraint on (recipient, event,
kind) would otherwise turn a second application into an error instead of a
second row, and the tests want to *see* a double application. The event id
travels in the url instead (``APPLIED_URL``), with the worker's pid.

Environment knobs, read when the handler runs:

* ``PLEIN_TEST_CONSUMER_DELAY`` seconds to sleep inside the delivery
  transaction, so a test can kill the worker in the middle of one;
* ``PLEIN_TEST_CONSUMER_MARKERS`` a folder: ``register()`` writes
  ``ready-<pid>`` there, and the handler writes ``started-<event>-<pid>``
  before it sleeps, so a test knows which delivery is in flight.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from plein.core.events import register_consumer
from plein.core.models import Event

NAME = "test_applied"
KIND = "test.ping"
APPLIED_KIND = "test.applied"
APPLIED_URL = "/test/applied/{event_id}/"


def _markers() -> Path | None:
    folder = os.environ.get("PLEIN_TEST_CONSUMER_MARKERS")
    return Path(folder) if folder else None


def handle(event: Event) -> None:
    from plein.notifications.models import Notification

    markers = _markers()
    if markers is not None:
        (markers / f"started-{event.pk}-{os.getpid()}").touch()
    time.sleep(float(os.environ.get("PLEIN_TEST_CONSUMER_DELAY", "0")))
    Notification.objects.create(
        recipient_id=event.payload["recipient"],
        kind=APPLIED_KIND,
        url=APPLIED_URL.format(event_id=event.pk) + f"?pid={os.getpid()}",
    )


def register() -> None:
    register_consumer(NAME, handle, kinds=[KIND])
    markers = _markers()
    if markers is not None:
        (markers / f"ready-{os.getpid()}").touch()
