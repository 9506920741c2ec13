"""The demo's stream: posts in spaces and on profiles, with comments, reactions, topics and mentions.

Seeded like the other plans, with its own random stream. A tenth of the people
write most posts (Zipf-like weights); a post goes to a space its author may
post in (current member, the space's posting policy, not archived) or, for
employees, to their own profile. Texts come from a short list of templates,
each rendered once with :func:`plein.stream.text.render`; a mention is filled
into the rendered HTML afterwards. Counters are computed from the rows written.

The medium demo holds 300,000 posts, a million comments and three million
reactions, so rows are written in chunks of plain tuples (:mod:`plein.demo.bulk`)
with primary keys chosen here: post ids follow the posts' times, as they would
in a real database, and nothing is read back.
"""

from __future__ import annotations

import html
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.demo.bulk import insert, next_id, reset_sequences, when
from plein.demo.plan import DAY
from plein.demo.plan_spaces import SpacesPlan
from plein.spaces.models import MODERATING_ROLES, PostingPolicy, Space, SpaceRole
from plein.stream.models import Comment, Post, Reaction, Topic
from plein.stream.text import Rendered, render, topic_slug


@dataclass(frozen=True)
class Volume:
    """How much is written per size: posts over a number of weeks, comments and reactions per post."""

    posts: int
    weeks: int
    comments_mean: float  # of an exponential draw, rounded down
    comments_cap: int
    reactions_mean: float
    reactions_cap: int


VOLUMES: dict[str, Volume] = {
    "small": Volume(1_500, 6, 1.3, 12, 2.5, 40),
    "bench-small": Volume(30_000, 26, 3.8, 80, 11.5, 200),
    # 300,000 posts, about a million comments and three million reactions.
    "medium": Volume(300_000, 26, 3.8, 80, 11.5, 200),
    "large": Volume(3_000_000, 26, 3.8, 80, 11.5, 200),
}
POST_COUNTS: dict[str, int] = {size: volume.posts for size, volume in VOLUMES.items()}
PROFILE_SHARE = 0.15
MENTION_SHARE = 0.2
CHUNK = 5_000  # posts (with their comments and reactions) written at a time
_PLACEHOLDER_ID = 987_654_321
_PLACEHOLDER_NAME = "Collega Placeholder"

POST_TEXTS = (
    "Vandaag de eerste sessie over #duurzaamheid gehad. Wie wil meedenken over de volgende stap?",
    "Goed nieuws: de pilot met het nieuwe zaaksysteem is gestart. Vragen? Stel ze hier. #datagedreven",
    "Wie heeft ervaring met participatie onder de **#omgevingswet**? Ik zoek voorbeelden van andere gemeenten.",
    "Herinnering: vrijdag is de kantine op de Stadswerf dicht. Neem zelf lunch mee. #werkplek",
    "Mooie opkomst bij de bewonersavond gisteren. Dank aan iedereen die hielp!",
    "Het dashboard met de nieuwe cijfers staat klaar: https://intranet.zuiderveld.nl/dashboard #datagedreven",
    "Drie dingen die ik leerde deze week:\n\n- kort overleg werkt\n- vraag het de bewoner\n- schrijf in B1-taal",
    "Zoekt iemand nog een flexplek op de derde verdieping? Er zijn er deze week genoeg vrij. #werkplek",
    "> Goed voorbeeld doet goed volgen\n\nOnze afdeling fietst deze maand naar het werk. #duurzaamheid",
    "De conceptnotitie staat in de gedeelde map. Reacties graag voor donderdag. #omgevingswet",
    "Welkom aan de nieuwe collega's van deze maand! Loop gerust even binnen.",
    "Wie gaat er mee naar de inspiratiesessie over *slim samenwerken*? #werkplek",
)
MENTION_TEXTS = (
    "Dank je wel {mention} voor het snelle werk aan de planning!",
    "{mention}, kun jij hier even naar kijken? #datagedreven",
    "Samen met {mention} gewerkt aan de nieuwe aanpak voor #duurzaamheid.",
)
COMMENT_TEXTS = (
    "Goed idee!",
    "Dank voor het delen.",
    "Ik denk graag mee.",
    "Zijn er al resultaten bekend?",
    "Mooi werk, team!",
    "Kunnen we dit volgende week bespreken?",
    "Eens, en laten we de bewoners er vroeg bij betrekken.",
    "Staat de presentatie ergens online?",
)
ANNOUNCEMENTS = (
    "**Let op:** maandag 2 juni is het gemeentehuis gesloten. Storingen meldt u bij de servicedesk.",
    "Het college heeft het nieuwe huisvestingsplan vastgesteld. Lees de hoofdpunten in de bijlage. #werkplek",
)
REACTION_WEIGHTS = {
    Reaction.LIKE: 50,
    Reaction.THANKS: 20,
    Reaction.CELEBRATE: 12,
    Reaction.INSIGHTFUL: 10,
    Reaction.CURIOUS: 8,
}


class _Texts:
    """Each template rendered once; a mention is put into the rendered HTML afterwards."""

    def __init__(self) -> None:
        self.cache: dict[str, Rendered] = {}

    def get(self, template: str, person: User | None = None) -> tuple[str, str, list[str]]:
        placeholder = f"@[{_PLACEHOLDER_NAME}](user:{_PLACEHOLDER_ID})"
        rendered = self.cache.get(template)
        if rendered is None:
            rendered = self.cache[template] = render(template.format(mention=placeholder))
        if person is None:
            return template, rendered.html, rendered.topics
        name = f"{person.first_name} {person.last_name}"
        body = template.format(mention=f"@[{name}](user:{person.pk})")
        body_html = rendered.html.replace(f"/{_PLACEHOLDER_ID}/", f"/{person.pk}/").replace(
            f"@{_PLACEHOLDER_NAME}", f"@{html.escape(name)}"
        )
        return body, body_html, rendered.topics


class PostMeta(NamedTuple):
    """What the feed and notification planning need to know of a written post."""

    pk: int
    created_at: datetime
    space: int | None  # index in SpacesPlan.spaces; None on the author's profile
    author: int  # index in the people; -1 for the demo guest
    mentioned: int | None
    topics: tuple[int, ...]  # topic primary keys


@dataclass
class Stream:
    posts: list[PostMeta] = field(default_factory=list)
    comments: int = 0
    reactions: int = 0


@dataclass
class _Chunk:
    posts: list[tuple[Any, ...]] = field(default_factory=list)
    comments: list[tuple[Any, ...]] = field(default_factory=list)
    reactions: list[tuple[Any, ...]] = field(default_factory=list)
    topics: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def write(self, stream: Stream) -> None:
        insert(Post, POST_FIELDS, self.posts)
        stream.comments += insert(Comment, COMMENT_FIELDS, self.comments)
        stream.reactions += insert(Interaction, REACTION_FIELDS, self.reactions)
        insert(Post.topics.through, ("post", "topic"), self.topics)
        insert(Post.mentions.through, ("post", "user"), self.mentions)


POST_FIELDS = (
    "id",
    "author",
    "space",
    "body",
    "body_html",
    "is_announcement",
    "pinned_at",
    "created_at",
    "last_activity_at",
    "comment_count",
    "reaction_count",
    "client_token",
)
COMMENT_FIELDS = ("id", "post", "parent", "author", "body", "body_html", "created_at", "reaction_count", "client_token")
REACTION_FIELDS = ("user", "kind", "target_type", "target_id", "value", "created_at")


def create_posts(
    plan: SpacesPlan,
    *,
    spaces: Sequence[Space],
    users: Sequence[User],
    guest: User,
    size: str,
    seed: int,
    now: datetime,
    scale: float = 1.0,
) -> Stream:
    """Write the stream in chunks; return what the later plans need of it.

    ``scale`` multiplies the number of posts (tests write a hundredth of a medium demo).
    """
    volume = VOLUMES[size]
    rng = random.Random(f"posts:{seed}")
    order = list(range(len(users)))
    rng.shuffle(order)
    weight = [0.0] * len(users)
    for rank, person in enumerate(order, start=1):
        weight[person] = 1 / rank**1.2  # a tenth of the people write most posts
    texts = _Texts()
    topic_ids = _create_topics(texts)

    # Who may post where, with cumulative weights for quick drawing.
    posting: list[tuple[int, list[int], list[float]]] = []  # space index, authors (-1: the guest), cumulative
    members: dict[int, list[int]] = {}
    for index, planned in enumerate(plan.spaces):
        people = [m.person for m in planned.members]
        if index == plan.guest_space:
            people.append(-1)
        members[index] = people
        if planned.archived_seconds_ago is not None:
            continue
        authors = [
            m.person for m in planned.members if planned.posting == PostingPolicy.MEMBERS or m.role in MODERATING_ROLES
        ]
        if index == plan.guest_space and planned.posting == PostingPolicy.MEMBERS:
            authors.append(-1)
        if authors:
            cumulative = list(itertools.accumulate(weight[a] if a >= 0 else 0.3 for a in authors))
            posting.append((index, authors, cumulative))
    space_weights = list(itertools.accumulate(len(authors) ** 0.5 for _i, authors, _c in posting))
    everyone = list(itertools.accumulate(weight))
    user_ids = [user.pk for user in users]
    comment_html = {text: render(text).html for text in COMMENT_TEXTS}
    post_type = ContentType.objects.get_for_model(Post).pk
    reaction_values, reaction_weights = list(REACTION_WEIGHTS), list(REACTION_WEIGHTS.values())

    def user_id(person: int) -> int:
        return int(guest.pk) if person < 0 else user_ids[person]

    count = round(volume.posts * scale)
    window = volume.weeks * 7 * DAY
    ages = sorted((rng.randrange(window) for _ in range(count)), reverse=True)  # oldest first: ids follow time
    drafts: list[tuple[int, int | None, int, str, int | None, bool, bool]] = []
    for age in ages:
        if rng.random() < PROFILE_SHARE:
            author, space_index = rng.choices(range(len(users)), cum_weights=everyone)[0], None
            pool: Sequence[int] = range(len(users))
        else:
            space_index, authors, cumulative = rng.choices(posting, cum_weights=space_weights)[0]
            author = rng.choices(authors, cum_weights=cumulative)[0]
            pool = members[space_index]
        mentioned = None
        if rng.random() < MENTION_SHARE:
            other = rng.choice(pool)
            if other != author and other >= 0:
                mentioned = other
        template = rng.choice(MENTION_TEXTS if mentioned is not None else POST_TEXTS)
        drafts.append((age, space_index, author, template, mentioned, False, False))
    drafts += _announcements(plan)

    stream = Stream()
    chunk = _Chunk()
    post_id, comment_id = next_id(Post), next_id(Comment)
    for age, space_index, author, template, mentioned, announcement, pinned in drafts:
        pk, post_id = post_id, post_id + 1
        created = now - timedelta(seconds=age)
        body, body_html, topics = texts.get(template, users[mentioned] if mentioned is not None else None)
        pool = members[space_index] if space_index is not None else range(len(users))
        # Comments, one level of replies, by members of the space (on a profile: anyone, Zipf-weighted).
        comments = min(int(rng.expovariate(1 / volume.comments_mean)), volume.comments_cap)
        tops: list[int] = []
        at = last = created
        made = 0
        for _ in range(comments):
            person = rng.choice(pool) if space_index is not None else rng.choices(pool, cum_weights=everyone)[0]
            at = at + timedelta(seconds=rng.randrange(60, 2 * DAY))
            if at > now:
                break
            text = rng.choice(COMMENT_TEXTS)
            parent = rng.choice(tops) if tops and rng.random() < 0.3 else None
            chunk.comments.append((comment_id, pk, parent, user_id(person), text, comment_html[text], when(at), 0, ""))
            if parent is None:
                tops.append(comment_id)
            comment_id += 1
            made += 1
            last = at
        reactors = rng.sample(
            pool, min(int(rng.expovariate(1 / volume.reactions_mean)), volume.reactions_cap, len(pool))
        )
        for person in reactors:
            value = rng.choices(reaction_values, weights=reaction_weights)[0]
            at = min(now, created + timedelta(seconds=rng.randrange(60, 3 * DAY)))
            chunk.reactions.append((user_id(person), InteractionKind.REACTION, post_type, pk, value, when(at)))
        chunk.posts.append(
            (
                pk,
                user_id(author),
                spaces[space_index].pk if space_index is not None else None,
                body,
                body_html,
                announcement,
                when(created) if pinned else None,
                when(created),
                when(last),
                made,
                len(reactors),
                "",
            )
        )
        ids = tuple(topic_ids[topic_slug(name)] for name in topics)
        chunk.topics += [(pk, topic) for topic in dict.fromkeys(ids)]
        if mentioned is not None:
            chunk.mentions.append((pk, user_ids[mentioned]))
        stream.posts.append(PostMeta(pk, created, space_index, author, mentioned, ids))
        if len(chunk.posts) >= CHUNK:
            chunk.write(stream)
            chunk = _Chunk()
    chunk.write(stream)
    reset_sequences(Post, Comment)
    return stream


def _create_topics(texts: _Texts) -> dict[str, int]:
    """The templates' topics, reusing any that exist (like skills); slug -> primary key."""
    names: dict[str, str] = {}
    for template in (*POST_TEXTS, *MENTION_TEXTS, *ANNOUNCEMENTS):
        for name in texts.get(template)[2]:
            names.setdefault(topic_slug(name), name)
    existing = set(Topic.objects.filter(slug__in=list(names)).values_list("slug", flat=True))
    Topic.objects.bulk_create([Topic(name=name, slug=slug) for slug, name in names.items() if slug not in existing])
    return dict(Topic.objects.filter(slug__in=list(names)).values_list("slug", "pk"))


def _announcements(plan: SpacesPlan) -> list[tuple[int, int | None, int, str, int | None, bool, bool]]:
    """Two announcements in the organisation-wide space (the newest pinned), by its owner."""
    owner = next((m.person for m in plan.spaces[0].members if m.role == SpaceRole.OWNER), None)
    if owner is None:
        return []
    return [
        (days * DAY, 0, owner, text, None, True, days == 2) for days, text in zip((2, 9), ANNOUNCEMENTS, strict=True)
    ]
