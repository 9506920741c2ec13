"""Live updates in a real browser: the notification bell follows the live endpoint without a reload.

Pages come from ``live_server`` (a thread of this process); the live endpoint is the real one,
granian serving ``plein.live.asgi:application`` in its own process on its own port, reading the
same (committed) test database. The page and the stream have different origins, as in
development, so this also covers the Content Security Policy's connect-src and the endpoint's CORS
answer with credentials.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from plein.accounts.models import User
from plein.notifications.actions import mark_all_read, notify
from tests.browser.conftest import login
from tests.factories import PASSWORD, UserFactory
from tests.live.test_live import database_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE_TIMEOUT_MS = 10_000
START_TIMEOUT_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the endpoint answers a request without a session cookie (401)."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        assert server.poll() is None, f"the live server exited:\n{log.read_text(errors='replace')}"
        status = None
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("GET", "/live/events")
                status = connection.getresponse().status
            finally:
                connection.close()
        if status is not None:
            assert status == 401, f"GET /live/events without a session answered {status}, expected 401"
            return
        assert time.monotonic() < deadline, f"the live server did not start:\n{log.read_text(errors='replace')}"
        time.sleep(0.1)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server by its pid, then kill whatever is left of its process group (granian's workers)."""
    if server.poll() is None:
        server.terminate()  # granian stops its workers and ends open streams
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)
    # The group is the server's own (start_new_session), so this reaches only its workers.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


@pytest.fixture
def live_endpoint(live_server: Any, settings: Any, tmp_path: Path) -> Iterator[str]:
    """Run the real live endpoint and point the pages at it; yields its events URL.

    The live URL uses the page's host name (``live_server`` says ``localhost``): cookies belong to a
    host name, so only then does the browser send the session cookie with the stream.
    """
    page_url = urlsplit(live_server.url)
    port = free_port()
    live_origin = f"{page_url.scheme}://{page_url.hostname}:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "PLEIN_BASE_URL": live_server.url,
        "PLEIN_LIVE_POLL_SECONDS": "0.2",
    }
    env.pop("PLEIN_LIVE_URL", None)
    log = tmp_path / "granian.log"
    command = [sys.executable, "-m", "granian", "--interface", "asgi", "plein.live.asgi:application"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_until_answering(port, server, log)
        settings.PLEIN_LIVE_URL = f"{live_origin}/live/"
        policy: dict[str, Any] = dict(django_settings.SECURE_CSP)
        policy["connect-src"] = [*policy["connect-src"], live_origin]
        settings.SECURE_CSP = policy
        yield f"{live_origin}/live/events"
    finally:
        stop(server)


def test_bell_follows_the_live_stream(live_endpoint: str, new_page: Callable[..., Any]) -> None:
    # live_endpoint first: the browser contexts close before the live server stops.
    employee = cast(User, UserFactory(first_name="Sanne", last_name="de Vries"))
    page = new_page()
    console_errors: list[str] = []

    def record_error(message: Any) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    page.on("console", record_error)

    # Log in through the form; it lands on home. Wait until that page's stream is open (headers in),
    # so that what follows can only reach the page through the stream.
    try:
        with page.expect_response(lambda r: r.url == live_endpoint, timeout=LIVE_TIMEOUT_MS) as stream:
            login(page, employee.email, PASSWORD)
    except PlaywrightTimeoutError:
        pytest.fail(
            f"the page never received an answer from {live_endpoint} (blocked by CSP or CORS?); console:\n"
            + "\n".join([*page.log.csp, *console_errors])
        )
    assert urlsplit(page.url).path == "/", f"log-in should land on home, landed on {page.url}"
    assert stream.value.status == 200, f"the live endpoint answered {stream.value.status}"
    assert stream.value.headers.get("access-control-allow-origin") == page_origin(page.url)
    assert page.evaluate("() => document.body.dataset.liveUrl") == live_endpoint

    bell = page.locator("[data-notification-bell]")
    badge = page.locator("[data-notification-count]")
    expect(badge).to_be_hidden()
    expect(badge).to_have_text("0")
    template = bell.get_attribute("data-label-template") or ""
    assert "{count}" in template, f"the bell has no usable data-label-template: {template!r}"
    expect(bell).to_have_attribute("aria-label", template.replace("{count}", "0"))
    # Marks this document: if it is still there at the end, nothing reloaded the page.
    page.evaluate("() => { window.__liveBadgeMarker = 'same document'; }")

    with transaction.atomic():
        notify(recipient_id=employee.pk, kind="welcome", event=None, url="/")
    expect(badge).to_have_text("1", timeout=LIVE_TIMEOUT_MS)
    expect(badge).to_be_visible()
    expect(bell).to_have_attribute("aria-label", template.replace("{count}", "1"), timeout=LIVE_TIMEOUT_MS)
    expect(bell).to_have_attribute("aria-label", re.compile(r"\b1\b"))

    assert mark_all_read(user=employee) == 1
    expect(badge).to_be_hidden(timeout=LIVE_TIMEOUT_MS)
    expect(badge).to_have_text("0")
    expect(bell).to_have_attribute("aria-label", template.replace("{count}", "0"))

    assert page.evaluate("() => window.__liveBadgeMarker") == "same document", "the page was reloaded"
    assert not console_errors, "console errors:\n" + "\n".join(console_errors)
    page.log.assert_clean("home page with live updates")


def page_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
