"""The demo's activity: who follows whom, who visited when, their home-feed inboxes and notifications.

Seeded like the other plans, with its own random stream, and written after the
stream (:mod:`plein.demo.plan_posts`), whose posts it reads from memory.

- Follows: everyone follows their own team and their manager chain, plus
  colleagues drawn at random with a preference for people who write a lot; a
  median of about 40 people each. A quarter follow a topic or two.
- Visits: half the people were here in the last few days (most within hours),
  the other half not for weeks — longer than ``PLEIN_FEED_ACTIVE_DAYS``, so the
  feed rebuilds their inbox on their first visit, as it would for real. The
  demo accounts are always recent visitors.
- Inboxes: the active half get the entries the fan-out would have written
  (posts of their spaces up to ``PLEIN_FEED_PUSH_MAX_MEMBERS`` members, of people
  and topics they follow, and mentions, only posts they may read), the newest
  ``INBOX_KEEP`` each within ``PLEIN_FEED_KEEP_DAYS`` — as much as a feed ever
  reads. Posts of larger spaces are pulled at read time, as in production.
- Notifications: a few hundred per person at the medium size; those after the
  person's last visit are unread.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.demo.bulk import insert, when
from plein.demo.plan import DAY, OrgPlan
from plein.demo.plan_posts import Stream
from plein.demo.plan_spaces import SpacesPlan
from plein.feed.models import FeedState, InboxEntry, InboxReason
from plein.notifications.models import Notification
from plein.spaces.models import Space, SpaceVisibility
from plein.stream.models import Topic

RANDOM_FOLLOWS_MEDIAN = 20  # on top of the own team (about 16) and the manager chain
TOPIC_FOLLOW_SHARE = 0.25
ACTIVE_SHARE = 0.5
INBOX_KEEP = 300
NOTIFICATIONS_PER_PERSON: dict[str, float] = {"small": 20, "bench-small": 300, "medium": 300, "large": 300}
NOTIFICATION_DAYS = 180
HOUR = 3_600
GUEST = -1  # the demo guest, as in the stream plan


@dataclass
class Activity:
    follows: int = 0
    active: int = 0
    inbox_entries: int = 0
    notifications: int = 0


def create_activity(
    org: OrgPlan,
    plan: SpacesPlan,
    stream: Stream,
    *,
    users: Sequence[User],
    guest: User,
    spaces: Sequence[Space],
    size: str,
    seed: int,
    now: datetime,
    scale: float = 1.0,
) -> Activity:
    rng = random.Random(f"activity:{seed}")
    activity = Activity()
    user_ids = [user.pk for user in users]

    def uid(person: int) -> int:
        return int(guest.pk) if person == GUEST else user_ids[person]

    followed = _follow_graph(rng, org, stream)
    people_type = ContentType.objects.get_for_model(User).pk
    topic_type = ContentType.objects.get_for_model(Topic).pk
    topic_ids = sorted({topic for post in stream.posts for topic in post.topics})
    topic_follows: dict[int, list[int]] = {}
    for person in range(len(users)):
        if topic_ids and rng.random() < TOPIC_FOLLOW_SHARE:
            topic_follows[person] = rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 2)))

    def follow_rows() -> Any:
        for person, targets in enumerate(followed):
            since = when(now - timedelta(seconds=rng.randrange(DAY, 400 * DAY)))
            for target in sorted(targets):
                yield (user_ids[person], InteractionKind.FOLLOW, people_type, user_ids[target], "", since)
            for topic in topic_follows.get(person, ()):
                yield (user_ids[person], InteractionKind.FOLLOW, topic_type, topic, "", since)

    activity.follows = insert(
        Interaction, ("user", "kind", "target_type", "target_id", "value", "created_at"), follow_rows()
    )

    last_seen = _visits(rng, org, users, now)
    active = {
        person for person, seen in last_seen.items() if now - seen < timedelta(days=settings.PLEIN_FEED_ACTIVE_DAYS)
    }
    activity.active = len(active)
    insert(
        FeedState,
        ("user", "last_seen_at", "previous_visit_at", "inbox_built_at"),
        [
            (
                uid(person),
                when(seen),
                when(seen - timedelta(seconds=rng.randrange(HOUR, 3 * DAY))),
                when(seen if person not in active else now - timedelta(seconds=rng.randrange(60, HOUR))),
            )
            for person, seen in sorted(last_seen.items())
        ],
    )
    admins = {i for i, person in enumerate(org.people) if person.account is not None and person.account.is_admin}
    entries = _inboxes(plan, stream, followed, topic_follows, active, admins, now)
    activity.inbox_entries = insert(
        InboxEntry,
        ("user", "post", "reason", "created_at"),
        ((uid(person), post, reason, when(at)) for person, post, reason, at in entries),
    )
    activity.notifications = _notifications(
        rng, plan, spaces, users, last_seen, uid, mean=NOTIFICATIONS_PER_PERSON[size] * scale, now=now
    )
    return activity


def _follow_graph(rng: random.Random, org: OrgPlan, stream: Stream) -> list[set[int]]:
    """Per person, the colleagues they follow: own team, manager chain, and some drawn at random."""
    by_unit: dict[int, list[int]] = {}
    for index, person in enumerate(org.people):
        by_unit.setdefault(person.unit, []).append(index)
    chains: dict[int, set[int]] = {}
    for index in range(len(org.units)):
        chain: set[int] = set()
        step: int | None = index
        while step is not None:
            manager = org.units[step].manager
            if manager is not None:
                chain.add(manager)
            step = org.units[step].parent
        chains[index] = chain
    written = Counter(post.author for post in stream.posts)
    cumulative, total = [], 0.0
    for index in range(len(org.people)):
        total += math.sqrt(written[index]) + 0.5  # people who write a lot are followed more
        cumulative.append(total)
    everyone = range(len(org.people))
    graph = []
    for index, person in enumerate(org.people):
        targets = set(by_unit[person.unit]) | chains[person.unit]
        extra = int(rng.lognormvariate(math.log(RANDOM_FOLLOWS_MEDIAN), 0.8))
        targets.update(rng.choices(everyone, cum_weights=cumulative, k=extra))
        targets.discard(index)
        graph.append(targets)
    return graph


def _visits(rng: random.Random, org: OrgPlan, users: Sequence[User], now: datetime) -> dict[int, datetime]:
    """When each person was last here: half within days (most within hours), half weeks ago."""
    active_days = settings.PLEIN_FEED_ACTIVE_DAYS
    seen: dict[int, datetime] = {}
    for index, person in enumerate(org.people):
        recent = person.account is not None or rng.random() < ACTIVE_SHARE
        if recent or person.joined_seconds_ago < (active_days + 2) * DAY:
            ago = min(int(rng.expovariate(1 / (0.7 * DAY))), (active_days - 2) * DAY, person.joined_seconds_ago)
        else:
            ago = rng.randrange((active_days + 1) * DAY, min(120 * DAY, person.joined_seconds_ago) + 1)
        seen[index] = now - timedelta(seconds=ago + rng.randrange(60))
    seen[GUEST] = now - timedelta(seconds=rng.randrange(HOUR, DAY))
    return seen


def _inboxes(
    plan: SpacesPlan,
    stream: Stream,
    followed: list[set[int]],
    topic_follows: dict[int, list[int]],
    active: set[int],
    admins: set[int],
    now: datetime,
) -> list[tuple[int, int, str, datetime]]:
    """(person, post id, reason, post time): what the fan-out would have pushed, newest ``INBOX_KEEP`` each."""
    push_max = settings.PLEIN_FEED_PUSH_MAX_MEMBERS
    followers: dict[int, set[int]] = {}
    for person, targets in enumerate(followed):
        if person in active:
            for target in targets:
                followers.setdefault(target, set()).add(person)
    topic_followers: dict[int, set[int]] = {}
    for person, topics in topic_follows.items():
        if person in active:
            for topic in topics:
                topic_followers.setdefault(topic, set()).add(person)
    members: list[set[int]] = []
    for index, space in enumerate(plan.spaces):
        people = {m.person for m in space.members} | ({GUEST} if index == plan.guest_space else set())
        members.append(people)
    pushed = [people & active if len(people) <= push_max else set() for people in members]
    open_ = [space.visibility == SpaceVisibility.OPEN for space in plan.spaces]

    start = now - timedelta(days=settings.PLEIN_FEED_KEEP_DAYS)
    waiting = set(active)  # people whose inbox is not full yet
    counts: Counter[int] = Counter()
    entries = []
    for post in sorted(stream.posts, key=lambda post: post.created_at, reverse=True):
        if post.created_at < start or not waiting:
            break
        wanted: dict[int, str] = {}
        for topic in post.topics:
            for person in topic_followers.get(topic, set()) & waiting:
                wanted[person] = InboxReason.TOPIC
        for person in followers.get(post.author, set()) & waiting:
            wanted[person] = InboxReason.PERSON
        if post.space is not None:
            for person in pushed[post.space] & waiting:
                wanted[person] = InboxReason.SPACE
        if post.mentioned is not None and post.mentioned in waiting:
            wanted[post.mentioned] = InboxReason.MENTION
        wanted.pop(post.author, None)
        for person, reason in wanted.items():
            if post.space is None:
                readable = person != GUEST
            else:
                readable = person in members[post.space] or person in admins or (open_[post.space] and person != GUEST)
            if not readable:
                continue
            entries.append((person, post.pk, reason, post.created_at))
            counts[person] += 1
            if counts[person] >= INBOX_KEEP:
                waiting.discard(person)
    return entries


def _notifications(
    rng: random.Random,
    plan: SpacesPlan,
    spaces: Sequence[Space],
    users: Sequence[User],
    last_seen: dict[int, datetime],
    uid: Any,
    *,
    mean: float,
    now: datetime,
) -> int:
    """Notifications about spaces (the kinds that exist), read up to the person's last visit."""
    kinds = ("space_added", "space_request_approved", "space_role_changed")
    variants = []
    for _ in range(300):
        index = rng.randrange(len(spaces))
        actor = users[rng.randrange(len(users))]
        params = {"name": f"{actor.first_name} {actor.last_name}", "space": plan.spaces[index].name}
        variants.append((rng.choice(kinds), spaces[index].get_absolute_url(), json.dumps(params)))
    window = NOTIFICATION_DAYS * DAY

    def rows() -> Any:
        for person, seen in sorted(last_seen.items()):
            if person == GUEST or mean <= 0:
                continue
            for _ in range(int(rng.expovariate(1 / mean))):
                kind, url, params = variants[rng.randrange(len(variants))]
                at = now - timedelta(seconds=rng.randrange(window))
                read = when(min(seen, at + timedelta(seconds=rng.randrange(60, DAY)))) if at < seen else None
                yield (uid(person), kind, url, params, when(at), when(at), read)

    return insert(Notification, ("recipient", "kind", "url", "params", "created_at", "updated_at", "read_at"), rows())
