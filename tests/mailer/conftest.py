from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from tests.smtp import Collector, free_port, smtp_settings


class PickyCollector(Collector):
    """Refuses some recipients: ``gone-*`` for good (550), ``busy-*`` for now (451)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("gone-"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("busy-"):
            return "451 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class Server:
    """A real aiosmtpd server that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        # aiosmtpd logs every SMTP command at INFO: thousands of lines that slow the server down.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.handler = PickyCollector()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def rcpt_tos(self) -> list[str]:
        with self.handler.lock:
            return [address for envelope in self.handler.envelopes for address in envelope.rcpt_tos]


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    server = Server()
    server.start()
    try:
        with smtp_settings(server.port):
            yield server
    finally:
        server.stop()
