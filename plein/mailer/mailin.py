"""``plein mailin``: receive replies to notification e-mails and add them as comments.

The organisation's mail server forwards ``reply+<token>@PLEIN_MAILIN_DOMAIN``
to this SMTP receiver (aiosmtpd). Each reply is matched to its person and
post by the signed token (plein.mailer.replies), checked with the stream's
own rules (``can_comment``) and added with the stream's own action
(``create_comment``), keyed on the mail's Message-ID so that a mail server
delivering the same mail twice adds one comment. A reply that cannot be
matched or is not allowed gets a polite bounce, through the outbox, in the
person's language. Automatic mail (out-of-office, bounces) is dropped, so no
mail loop can start.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import hashlib
import logging
from dataclasses import dataclass
from email.message import EmailMessage as ParsedMessage
from email.utils import getaddresses
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import close_old_connections, connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from plein.accounts.models import User
from plein.mailer.actions import IDEMPOTENCY_HEADER
from plein.mailer.quoting import reply_text
from plein.mailer.replies import ReplyTarget, is_reply_address, read_reply_address
from plein.stream import permissions
from plein.stream.actions import StreamError, create_comment
from plein.stream.models import Post

log = logging.getLogger("plein.mailin")


@dataclass
class Outcome:
    """What became of one reply: a comment id, or the reason it was bounced (or dropped)."""

    comment_id: int | None = None
    problem: str = ""
    dropped: bool = False


def _is_automatic(message: ParsedMessage, mail_from: str) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return auto != "no" or precedence in ("bulk", "junk", "list") or mail_from.strip("<>") == ""


def _sender(message: ParsedMessage, mail_from: str) -> str:
    addresses = [address for _name, address in getaddresses([str(message.get("From", ""))]) if "@" in address]
    return addresses[0] if addresses else mail_from.strip("<>")


def _token(message: ParsedMessage, address: str) -> str:
    """Stable per incoming mail (and per reply address): the comment's client token, the bounce's key."""
    identity = str(message.get("Message-ID", "")).strip() or hashlib.sha256(message.as_bytes()).hexdigest()
    return "mail:" + hashlib.sha256(f"{identity}|{address.lower()}".encode()).hexdigest()[:40]


def receive(raw: bytes, *, recipients: list[str], mail_from: str) -> list[Outcome]:
    """Handle one incoming mail for each reply address it was sent to."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, ParsedMessage)
    outcomes = []
    for address in recipients:
        if not is_reply_address(address):
            continue
        if _is_automatic(message, mail_from):
            log.info("Dropped an automatic message (%s) to %s", message.get("Subject", ""), address)
            outcomes.append(Outcome(dropped=True))
            continue
        outcomes.append(_handle_reply(message, address, mail_from))
    return outcomes


def _handle_reply(message: ParsedMessage, address: str, mail_from: str) -> Outcome:
    sender = _sender(message, mail_from)
    target = read_reply_address(address)
    user = User.objects.filter(pk=target.user_id).first() if target else None
    token = _token(message, address)
    if target is None or user is None or sender.lower() != user.email.lower():
        # Unknown, forged, or someone else's address: say no more than that it could not be matched, in the
        # language of the sender's own account when they have one.
        own = User.objects.filter(email__iexact=sender).first()
        return _bounce(
            message, to=sender, user=None, post=None, token=token, problem="unmatched", language=_language(own)
        )
    post = Post.objects.select_related("space").filter(pk=target.post_id).first()
    problem = _problem(user, post, target)
    text = reply_text(message) if not problem else ""
    if not problem and not text.strip():
        problem = "empty"
    if problem:
        return _bounce(message, to=user.email, user=user, post=post, token=token, problem=problem)
    assert post is not None
    with translation.override(_language(user)):
        try:
            comment = create_comment(author=user, post=post, body=text, client_token=token)
        except StreamError as error:
            return _bounce(message, to=user.email, user=user, post=post, token=token, problem=" ".join(error.messages))
        except PermissionDenied:
            return _bounce(message, to=user.email, user=user, post=post, token=token, problem="not_allowed")
    log.info("Reply by e-mail from user %s added as comment %s on post %s", user.pk, comment.pk, post.pk)
    return Outcome(comment_id=comment.pk)


def _problem(user: User, post: Post | None, target: ReplyTarget) -> str:
    if not user.is_active:
        return "inactive"
    if post is None or post.is_deleted:
        return "deleted"
    if not permissions.can_comment(user, post):
        return "not_allowed"
    return ""


def _language(user: User | None) -> str:
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


def _explanation(problem: str) -> str:
    explanations = {
        "unmatched": _(
            "We could not tell which conversation your reply belongs to. Reply to a recent notification e-mail "
            "from the address it was sent to, or write your comment on the site."
        ),
        "inactive": _("Your account is no longer active, so your reply could not be added."),
        "deleted": _("The post you replied to has been deleted, so your reply could not be added."),
        "not_allowed": _(
            "You can no longer comment on this post, for instance because you are no longer a member of its "
            "space or the space has been archived."
        ),
        "empty": _(
            "We found no text of your own in your reply (only quoted text or a signature), so nothing was added."
        ),
    }
    return explanations.get(problem, problem)


def _bounce(
    message: ParsedMessage,
    *,
    to: str,
    user: User | None,
    post: Post | None,
    token: str,
    problem: str,
    language: str = "",
) -> Outcome:
    log.info("Bounced a reply to %s: %s", to, problem)
    if not to:
        return Outcome(problem=problem, dropped=True)
    with translation.override(language or _language(user)):
        context: dict[str, Any] = {
            "user": user,
            "explanation": _explanation(problem),
            "subject": str(message.get("Subject", "")),
            "post_url": f"{settings.PLEIN_BASE_URL}{post.get_absolute_url()}" if post and problem == "empty" else "",
            "site_name": settings.PLEIN_SITE_NAME,
        }
        bounce = EmailMessage(
            subject=_("Your reply could not be added"),
            body=render_to_string("mailer/bounce.txt", context),
            to=[to],
            headers={
                "Auto-Submitted": "auto-replied",
                IDEMPOTENCY_HEADER: f"bounce:{token}",
                **({"In-Reply-To": str(message["Message-ID"])} if message.get("Message-ID") else {}),
            },
        )
        bounce.send()
    return Outcome(problem=problem)


class MailinHandler:
    """aiosmtpd handler: accept only reply addresses; handle each mail in a thread (the ORM is synchronous)."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if not is_reply_address(address):
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, _receive_in_thread, envelope.content, envelope)
        except Exception:
            log.exception("Could not handle a reply from %s", envelope.mail_from)
            return "451 4.3.0 Could not handle the message now; please try again later"
        return "250 Message accepted"


def _receive_in_thread(raw: bytes, envelope: Any) -> None:
    close_old_connections()
    try:
        receive(raw, recipients=list(envelope.rcpt_tos), mail_from=envelope.mail_from or "")
    finally:
        connection.close()
