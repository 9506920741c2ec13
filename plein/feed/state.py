"""A person's feed state (last visit, read watermark, inbox built), read from the cache when it can be.

The row changes at most once per visit (every few minutes), while every page of the home feed
reads it, so the feed's actions keep a copy in the shared cache and the feed reads that copy.
Whatever writes the row goes through :mod:`plein.feed.actions`, which calls :func:`remember`.
"""

from __future__ import annotations

from django.core.cache import cache

from plein.feed.models import FeedState

KEEP_SECONDS = 6 * 3600


def _key(user_id: int) -> str:
    return f"plein:feed-state:{user_id}"


def load(user_id: int) -> FeedState:
    """The person's state (an unsaved one for someone who never visited)."""
    state = cache.get(_key(user_id))
    if state is None:
        state = FeedState.objects.filter(user_id=user_id).first() or FeedState(user_id=user_id)
        remember(state)
    return state


def remember(state: FeedState) -> None:
    cache.set(_key(state.user_id), state, KEEP_SECONDS)
