"""Reply addresses: ``reply+<signed token>@PLEIN_MAILIN_DOMAIN``, one per recipient and post.

The token names the person and the post and is signed with the site's
secret key and its own salt (``django.core.signing``), so nobody can make one
up, and one person's address does not work for another post or another
person. The signature is lower-case hexadecimal because mail servers may
change the case of an address's local part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

PREFIX = "reply+"
SALT = "plein.mailer.reply"


class _ReplySigner(signing.Signer):
    def signature(self, value: bytes | str, key: Any = None) -> str:
        return salted_hmac(SALT + "signer", value, key or self.key, algorithm="sha256").hexdigest()[:32]


def _signer() -> signing.Signer:
    return _ReplySigner(salt=SALT, sep=".")


@dataclass(frozen=True)
class ReplyTarget:
    user_id: int
    post_id: int


def reply_address(user: Any, post: Any) -> str:
    """The Reply-To of a notification e-mail to ``user`` about ``post``; "" when reply by e-mail is off."""
    domain = settings.PLEIN_MAILIN_DOMAIN
    if not domain:
        return ""
    return f"{PREFIX}{_signer().sign(f'{user.pk}-{post.pk}')}@{domain}"


def is_reply_address(address: str) -> bool:
    local, _, domain = address.strip().strip("<>").rpartition("@")
    wanted = settings.PLEIN_MAILIN_DOMAIN
    return bool(wanted) and domain.lower() == wanted.lower() and local.lower().startswith(PREFIX)


def read_reply_address(address: str) -> ReplyTarget | None:
    """Who and which post an address stands for, or None when it was not made by reply_address."""
    if not is_reply_address(address):
        return None
    local = address.strip().strip("<>").rpartition("@")[0]
    try:
        value = _signer().unsign(local[len(PREFIX) :].lower())
    except signing.BadSignature:
        return None
    user_id, _, post_id = value.partition("-")
    if not (user_id.isdigit() and post_id.isdigit()):
        return None
    return ReplyTarget(user_id=int(user_id), post_id=int(post_id))
