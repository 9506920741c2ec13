"""An announcement to 5,000 people through the real ``plein worker`` and a real SMTP server.

Exactly 5,000 messages arrive, one per recipient, although the SMTP server
refuses connections for a while in the middle and the worker is killed
(SIGKILL) once half-way through a batch and started again.

Both interruptions are made at a moment the test controls: while the worker
waits for the server's answer to RCPT TO. That is where a worker spends its
time, and it is a real mid-batch moment (rows claimed, some sent, the rest
not). The one moment the test avoids is the few milliseconds between the
server's "250 accepted" and the worker writing that down: a kill exactly
there sends that one message twice, which no SMTP client can prevent
(see plein/mailer/sending.py).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter

import pytest
from django.db import transaction

from plein.mailer.actions import queue_messages
from plein.mailer.models import OutboxMessage, OutboxStatus
from tests.core.test_worker import Workers
from tests.mailer.conftest import PickyCollector, Server

RECIPIENTS = 5000


class StallingCollector(PickyCollector):
    """Holds the next RCPT TO once armed, until released (or the server stops)."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = threading.Event()
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.armed.is_set():
            self.armed.clear()
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
            self.release.clear()
            return "451 4.3.0 Try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    def stall(self, pool: Workers) -> None:
        self.stalled.clear()
        self.armed.set()
        pool.wait_for("the worker to wait on RCPT TO", self.stalled.is_set, timeout=30)


def _count(status: str) -> int:
    return OutboxMessage.objects.filter(status=status).count()


@pytest.mark.django_db(transaction=True)
def test_an_announcement_to_5000_people_arrives_exactly_once_through_an_outage_and_a_killed_worker(tmp_path):
    server = Server()
    server.handler = StallingCollector()
    handler = server.handler
    server.start()
    pool = Workers(
        tmp_path,
        0,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(server.port),
        EMAIL_TIMEOUT="3",
        PLEIN_MAIL_BATCH_SIZE="200",
        PLEIN_MAIL_RETRY_SECONDS="0.5",
        PLEIN_MAIL_CLAIM_SECONDS="3",
    )
    started = time.monotonic()
    try:
        from django.core.mail import EmailMessage

        people = [f"medewerker-{n:04d}@zuiderveld.example" for n in range(RECIPIENTS)]
        with transaction.atomic():
            # What the default mailer does for each message, as a web process would on the worker's queue.
            queue_messages(
                [EmailMessage(subject="Nieuwe werkplekken", body="Lees het bericht op Plein.", to=[p]) for p in people]
            )
        assert _count(OutboxStatus.PENDING) == RECIPIENTS

        first = pool.start()
        pool.wait_for("1,000 delivered", lambda: len(handler.envelopes) >= 1000, timeout=60)

        # The mail server goes away mid-batch and refuses connections for a while.
        handler.stall(pool)
        server.stop()
        pool.wait_for(
            "the worker to meet refused connections",
            lambda: OutboxMessage.objects.filter(last_error__contains="ConnectionRefusedError").exists(),
            timeout=30,
        )
        time.sleep(1)
        assert _count(OutboxStatus.FAILED) == 0
        during_outage = len(handler.envelopes)
        server.start()

        pool.wait_for("3,000 delivered", lambda: len(handler.envelopes) >= 3000, timeout=60)
        assert len(handler.envelopes) > during_outage

        # The worker is killed half-way through a batch, then started again.
        handler.stall(pool)
        pool.kill(first)
        handler.release.set()
        claimed_by_the_dead = _count(OutboxStatus.SENDING)
        assert claimed_by_the_dead > 0
        assert _count(OutboxStatus.SENT) < RECIPIENTS

        pool.start()
        pool.wait_for("every message sent", lambda: _count(OutboxStatus.SENT) == RECIPIENTS, timeout=90)
        time.sleep(0.5)  # anything sent twice would have arrived by now

        delivered = Counter(address for e in handler.envelopes for address in e.rcpt_tos)
        assert len(handler.envelopes) == RECIPIENTS
        assert delivered == Counter(people)
        assert set(OutboxMessage.objects.values_list("status", "claim_token")) == {(OutboxStatus.SENT, "")}
        assert OutboxMessage.objects.filter(attempts__gt=1).exists()  # the outage's retries
    finally:
        pool.stop_all()
        handler.release.set()
        server.stop()
    print(f"5,000 messages through an outage and a kill in {time.monotonic() - started:.1f}s")
