"""Who is on the other end of a live connection: session cookie -> user.

The live process has no Django request cycle, so this repeats what
``django.contrib.auth.get_user`` does for a page: load the session from the
configured engine, ask the backend that logged the user in, and check the
session auth hash, so a password change or "log out other sessions" ends the
live stream as well. Unlike ``get_user`` it never writes to the session: a
stream cannot hand the browser a new cookie, so cycling the key (after a
SECRET_KEY rotation) would log the person out, and flushing a stale session is
left to the next page request.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.http.cookie import parse_cookie
from django.utils.crypto import constant_time_compare

from plein.accounts.models import UserKind
from plein.core.events import AUDIENCE_ORG, audience_user


def session_key_from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The session cookie's value from raw ASGI headers, if there is one."""
    for name, value in headers:
        if name.lower() == b"cookie":
            key = parse_cookie(value.decode("latin-1")).get(settings.SESSION_COOKIE_NAME)
            if key:
                return key
    return None


def user_for_session(session_key: str | None) -> Any | None:
    """The active user logged in with this session, or None. Runs ORM queries: call from a thread."""
    if not session_key:
        return None
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(user_id)
    if user is None or not user.is_active or not _hash_verified(session.get(HASH_SESSION_KEY), user):
        return None
    return user


def _hash_verified(session_hash: str | None, user: Any) -> bool:
    if not session_hash:
        return False
    candidates = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return any(constant_time_compare(session_hash, candidate) for candidate in candidates)


def tokens_for(user: Any) -> frozenset[str]:
    """The audience tokens whose events this user may learn of: their own, the organisation's
    (employees) and one per space they are a current member of (one query)."""
    from plein.spaces.models import Membership
    from plein.spaces.permissions import current_memberships

    tokens = {audience_user(user.pk)}
    if user.kind == UserKind.EMPLOYEE:
        tokens.add(AUDIENCE_ORG)
    spaces = Membership.objects.filter(current_memberships(), user_id=user.pk).values_list("space_id", flat=True)
    tokens.update(f"space:{space_id}" for space_id in spaces)
    return frozenset(tokens)
