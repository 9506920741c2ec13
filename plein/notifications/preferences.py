"""The one place that answers "does this person want this notification on this channel now?".

In-app, e-mail, digest and push all ask :func:`wants` (or :func:`wants_many` for a fan-out),
so a choice on the preferences page means the same everywhere:

1. the kind's group must be on for the channel (the person's choice, else the group's default;
   channels a group fixes cannot be changed: reactions never by e-mail, must-reads always in Plein);
2. for the stream's kinds, the space's level (everything / new posts / what concerns me /
   mentions only / muted) and a muted thread (mentions still come through);
3. e-mail at once and push wait during quiet hours, on quiet days and while paused ("not now":
   a channel that gets False at ``at`` may ask again later, see :func:`quiet_until`); a pause
   also stops digests. In Plein itself nothing is paused: the bell is where you look on return.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from plein.core.models import Interaction, InteractionKind
from plein.notifications.kinds import CHANNELS, GROUPS, Channel, Group, group_of
from plein.notifications.models import NotificationSettings, SpaceLevel, SpaceNotificationLevel

# Kinds about what happens in a space's stream: the space's level and thread mutes apply to them.
STREAM_KINDS = frozenset(
    {
        "mention",
        "mention_space",
        "comment_reply",
        "post_comment",
        "thread_comment",
        "post_reaction",
        "comment_reaction",
        "space_announcement",
        "space_post",
    }
)
MENTION_KINDS = frozenset({"mention", "mention_space"})
TIMED_CHANNELS = frozenset({Channel.EMAIL, Channel.PUSH})


def channel_on(settings: NotificationSettings | None, group: Group, channel: str) -> bool:
    if channel in group.fixed or settings is None:
        return group.defaults[channel]
    chosen = (settings.channels or {}).get(group.key, {}).get(channel)
    return group.defaults[channel] if chosen is None else bool(chosen)


def channel_table(settings: NotificationSettings | None) -> list[tuple[Group, list[tuple[str, bool, bool]]]]:
    """Per group: (channel, on, fixed) for the preferences page."""
    return [
        (group, [(channel, channel_on(settings, group, channel), channel in group.fixed) for channel in CHANNELS])
        for group in GROUPS
    ]


def level_allows(level: str, kind: str) -> bool:
    if kind not in STREAM_KINDS:
        return True
    if level == SpaceLevel.MUTED:
        return False
    if level == SpaceLevel.MENTIONS:
        return kind in MENTION_KINDS
    if kind == "space_post":
        return level in (SpaceLevel.ALL, SpaceLevel.POSTS)
    return True


def _local(at: datetime.datetime | None) -> datetime.datetime:
    return timezone.localtime(at or timezone.now())


def is_quiet(settings: NotificationSettings | None, at: datetime.datetime | None = None) -> bool:
    """Paused, a quiet day, or inside quiet hours (which may run past midnight)."""
    if settings is None:
        return False
    moment = _local(at)
    if settings.paused_until and settings.paused_until > moment:
        return True
    if moment.weekday() in (settings.quiet_days or []):
        return True
    start, end = settings.quiet_from, settings.quiet_until
    if start is None or end is None or start == end:
        return False
    now = moment.time()
    return start <= now < end if start < end else (now >= start or now < end)


def quiet_until(settings: NotificationSettings | None, at: datetime.datetime | None = None) -> datetime.datetime:
    """The first moment (to the quarter hour) from ``at`` on when e-mail and push may go out again."""
    moment = _local(at)
    if settings is not None and settings.paused_until and settings.paused_until > moment:
        moment = _local(settings.paused_until)
    step = datetime.timedelta(minutes=15)
    for _ in range(4 * 24 * 8):  # a week and a day: quiet days cannot cover more than a week
        if not is_quiet(settings, moment):
            return moment
        moment += step
    return moment


def _allowed(
    settings: NotificationSettings | None,
    kind: str,
    channel: str,
    level: str,
    thread_muted: bool,
    at: datetime.datetime | None,
) -> bool:
    if not channel_on(settings, group_of(kind), channel):
        return False
    if not level_allows(level, kind):
        return False
    if thread_muted and kind in STREAM_KINDS and kind not in MENTION_KINDS:
        return False
    if channel in TIMED_CHANNELS and is_quiet(settings, at):
        return False
    return not (channel == Channel.DIGEST and settings is not None and _paused(settings, at))


def _paused(settings: NotificationSettings, at: datetime.datetime | None) -> bool:
    return bool(settings.paused_until and settings.paused_until > (at or timezone.now()))


def wants(
    user: Any,
    kind: str,
    channel: str,
    *,
    space_id: int | None = None,
    post_id: int | None = None,
    at: datetime.datetime | None = None,
) -> bool:
    """Whether ``user`` wants a ``kind`` notification on ``channel`` at ``at`` (now by default).

    ``space_id`` and ``post_id`` say where it happens, for space levels and thread mutes. It does
    not check permissions: recipients come from the consumers, which do.
    """
    return user.pk in wants_many([user.pk], kind, channel, space_id=space_id, post_id=post_id, at=at)


def wants_many(
    user_ids: Iterable[int],
    kind: str,
    channel: str,
    *,
    space_id: int | None = None,
    post_id: int | None = None,
    at: datetime.datetime | None = None,
) -> set[int]:
    """The ids among ``user_ids`` that want it; at most three queries, whatever their number."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return set()
    settings = {s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=ids)}
    levels: dict[int, str] = {}
    if space_id is not None and kind in STREAM_KINDS:
        levels = dict(
            SpaceNotificationLevel.objects.filter(space_id=space_id, user_id__in=ids).values_list("user_id", "level")
        )
    muted: set[int] = set()
    if post_id is not None and kind in STREAM_KINDS and kind not in MENTION_KINDS:
        muted = set(
            Interaction.objects.filter(
                kind=InteractionKind.MUTE,
                target_type=ContentType.objects.get_for_model(_post_model()),
                target_id=post_id,
                user_id__in=ids,
            ).values_list("user_id", flat=True)
        )
    return {
        pk
        for pk in ids
        if _allowed(settings.get(pk), kind, channel, levels.get(pk, SpaceLevel.DEFAULT), pk in muted, at)
    }


def _post_model() -> Any:
    from plein.stream.models import Post

    return Post
