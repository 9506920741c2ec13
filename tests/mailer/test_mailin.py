"""Reply by e-mail end to end: the real ``plein mailin`` fed with smtplib; bounces arrive at a real SMTP server."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from plein.mailer.replies import read_reply_address, reply_address
from plein.spaces.models import Membership
from plein.stream.models import Comment
from tests.core.test_worker import _test_database_url
from tests.factories import UserFactory
from tests.mailer.conftest import Server
from tests.smtp import free_port
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import PostFactory

DOMAIN = "antwoord.zuiderveld.example"


class Mailin:
    def __init__(self, tmp_path: Path, smtp_port: int) -> None:
        self.port = free_port()
        self.log = tmp_path / "mailin.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _test_database_url(),
            "PLEIN_MAILIN_DOMAIN": DOMAIN,
            "PLEIN_MAILIN_PORT": str(self.port),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])),
        }
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "plein.cli", "mailin"],
                env=env,
                cwd=settings.BASE_DIR,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"plein mailin exited ({self.proc.returncode}):\n{self.log.read_text()}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        pytest.fail(f"plein mailin did not start:\n{self.log.read_text()}")

    def send(self, message: EmailMessage, *, mail_from: str | None = None) -> None:
        with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as client:
            client.send_message(message, from_addr=mail_from)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def outgoing() -> Iterator[Server]:
    server = Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailin(transactional_db, tmp_path, outgoing) -> Iterator[Mailin]:
    """One receiver per test: it keeps caches (content types) that a transactional test's flush makes stale."""
    receiver = Mailin(tmp_path, outgoing.port)
    yield receiver
    receiver.stop()


def _thread(n: int = 0):  # type: ignore[no-untyped-def]
    space = SpaceFactory(name=f"Wijkbeheer {n}")
    member = UserFactory(first_name="Piet", email=f"piet{n}@zuiderveld.nl", language="en")
    add_member(space, member)
    post = PostFactory(space=space, author=UserFactory(), body="Wie doet er mee aan de schoonmaakdag?")
    with override_settings(PLEIN_MAILIN_DOMAIN=DOMAIN):
        address = reply_address(member, post)
    return member, post, address


def _reply(address: str, body: str, *, sender: str = "Piet <piet0@zuiderveld.nl>", **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = address
    message["Subject"] = "Re: Wie doet er mee?"
    message["Message-ID"] = f"<{time.monotonic_ns()}@mail.zuiderveld.nl>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def _bounces(outgoing: Server) -> list:
    return [m for m in outgoing.handler.messages() if m["Auto-Submitted"] == "auto-replied"]


@override_settings(PLEIN_MAILIN_DOMAIN=DOMAIN)
def test_reply_addresses_are_signed_per_person_and_post(db):
    one, two = UserFactory(), UserFactory()
    post, other = PostFactory(), PostFactory()
    address = reply_address(one, post)
    local = address.split("@")[0]

    assert address.endswith(f"@{DOMAIN}") and local.startswith("reply+")
    target = read_reply_address(address.upper())  # mail servers may change the case
    assert target is not None and (target.user_id, target.post_id) == (one.pk, post.pk)
    assert reply_address(two, post) != address and reply_address(one, other) != address
    forged = address.replace(f"{one.pk}-{post.pk}.", f"{two.pk}-{post.pk}.")
    assert read_reply_address(forged) is None
    assert read_reply_address(address.replace(DOMAIN, "elders.example")) is None
    with override_settings(PLEIN_MAILIN_DOMAIN=""):
        assert reply_address(one, post) == ""


def test_replies_become_comments_once_without_quotes_and_nothing_else_gets_in(mailin, outgoing):
    member, post, address = _thread()
    reply = _reply(
        address,
        "Ik doe mee, ik neem een bezem mee.\n\nOp di 1 dec 2026 om 10:04 schreef Plein <plein@zuiderveld.nl>:\n"
        "> Wie doet er mee aan de schoonmaakdag?\n\n-- \nPiet\n",
    )

    mailin.send(reply)
    mailin.send(reply)  # the mail server delivers it again

    comment = Comment.objects.get(post=post)
    assert (comment.author, comment.body) == (member, "Ik doe mee, ik neem een bezem mee.")

    html = _reply(address, "")
    html.set_content(
        "<html><body><p>Ik kom ook.</p><div id='divRplyFwdMsg'><b>Van:</b> Plein<br>Oud</div></body></html>",
        subtype="html",
    )
    mailin.send(html)
    assert Comment.objects.filter(post=post).latest("pk").body == "Ik kom ook."

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        mailin.send(_reply(f"iemand@{DOMAIN}", "Hallo"))
    mailin.send(_reply(address, "Ik ben afwezig tot maandag.", Auto_Submitted="auto-replied"))

    assert Comment.objects.filter(post=post).count() == 2
    assert _bounces(outgoing) == []


def test_replies_that_cannot_be_matched_or_are_not_allowed_get_a_polite_bounce_with_the_reason(mailin, outgoing):
    _member, _post, address = _thread()
    UserFactory(email="kees@zuiderveld.nl", language="en")
    forged = address.replace("reply+", "reply+9")
    mailin.send(_reply(forged, "Hallo"))
    mailin.send(_reply(address, "Ik ben Piet niet", sender="kees@zuiderveld.nl"))

    problems = {
        "left the space": "no longer a member of its space",
        "deactivated": "no longer active",
        "post deleted": "has been deleted",
        "only a quote": "no text of your own",
    }
    for n, problem in enumerate(problems, start=1):
        someone, their_post, their_address = _thread(n)
        body = "Ik doe mee."
        if problem == "left the space":
            Membership.objects.filter(user=someone).delete()
        elif problem == "deactivated":
            type(someone).objects.filter(pk=someone.pk).update(is_active=False)
        elif problem == "post deleted":
            type(their_post).objects.filter(pk=their_post.pk).update(deleted_at=timezone.now())
        else:
            body = "On Tue, 1 Dec 2026, Plein wrote:\n> Wie doet er mee?\n"
        mailin.send(_reply(their_address, body, sender=f"piet{n}@zuiderveld.nl"))

    assert not Comment.objects.exists()
    bounces = _bounces(outgoing)
    assert [b["To"] for b in bounces] == [
        "piet0@zuiderveld.nl",
        "kees@zuiderveld.nl",
        *(f"piet{n}@zuiderveld.nl" for n in range(1, 5)),
    ]
    assert {b["Subject"] for b in bounces} == {"Your reply could not be added"}
    texts = [b.get_content().replace("\n", " ") for b in bounces]
    assert all("could not tell which conversation" in text for text in texts[:2])
    for text, expected in zip(texts[2:], problems.values(), strict=True):
        assert expected in text
