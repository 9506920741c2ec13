"""The demo's stream: posts in spaces and on profiles, with comments, reactions, topics and mentions.

Seeded like the other plans, with its own random stream. A tenth of the people
write most posts (Zipf-like weights); a post goes to a space its author may
post in (current member, the space's posting policy, not archived) or, for
employees, to their own profile. Texts come from a short list of templates,
each rendered once with :func:`plein.stream.text.render`; a mention is filled
into the rendered HTML afterwards. Counters are computed from the rows written.
"""

from __future__ import annotations

import html
import itertools
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.demo.plan import DAY
from plein.demo.plan_spaces import SpacesPlan
from plein.spaces.models import MODERATING_ROLES, PostingPolicy, Space, SpaceRole
from plein.stream.models import Comment, Post, Reaction, Topic
from plein.stream.text import Rendered, render, topic_slug

POST_COUNTS: dict[str, int] = {"small": 1_500, "medium": 8_000, "large": 30_000}
WEEKS = 6
PROFILE_SHARE = 0.15
MENTION_SHARE = 0.2
BATCH = 2_000
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


def create_posts(
    plan: SpacesPlan,
    *,
    spaces: Sequence[Space],
    users: Sequence[User],
    guest: User,
    size: str,
    seed: int,
    now: datetime,
) -> int:
    """Write the stream in bulk; return the number of posts."""
    rng = random.Random(f"posts:{seed}")
    order = list(range(len(users)))
    rng.shuffle(order)
    weight = [0.0] * len(users)
    for rank, person in enumerate(order, start=1):
        weight[person] = 1 / rank  # a tenth of the people write most posts
    texts = _Texts()

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

    def user(person: int) -> User:
        return guest if person < 0 else users[person]

    rows: list[Post] = []
    where: list[int | None] = []
    for _ in range(POST_COUNTS[size]):
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
                mentioned = users[other]
        template = rng.choice(MENTION_TEXTS if mentioned else POST_TEXTS)
        body, body_html, _topics = texts.get(template, mentioned)
        created = now - timedelta(seconds=rng.randrange(WEEKS * 7 * DAY))
        rows.append(
            Post(
                author_id=user(author).pk,
                space_id=spaces[space_index].pk if space_index is not None else None,
                body=body,
                body_html=body_html,
                created_at=created,
                last_activity_at=created,
            )
        )
        where.append(space_index)
    _announcements(plan, spaces, users, texts, rows, where, now)
    posts = Post.objects.bulk_create(rows, batch_size=BATCH)

    # Topics and mentions (through rows), comments, reactions.
    topics: dict[str, Topic] = {}
    topic_links, mention_links = [], []
    for post in posts:
        for name in texts.cache[_template_of(post.body, texts)].topics:
            slug = topic_slug(name)
            if slug not in topics:
                topics[slug] = Topic(name=name, slug=slug)
    existing = {topic.slug: topic for topic in Topic.objects.filter(slug__in=list(topics))}  # reused, like skills
    topics |= existing
    Topic.objects.bulk_create([topic for slug, topic in topics.items() if slug not in existing])
    for post in posts:
        for name in texts.cache[_template_of(post.body, texts)].topics:
            topic_links.append(Post.topics.through(post_id=post.pk, topic_id=topics[topic_slug(name)].pk))
        marker = "](user:"
        if marker in post.body:
            mention_links.append(
                Post.mentions.through(post_id=post.pk, user_id=int(post.body.split(marker)[1].split(")")[0]))
            )
    Post.topics.through.objects.bulk_create(topic_links, batch_size=BATCH)
    Post.mentions.through.objects.bulk_create(mention_links, batch_size=BATCH)

    comment_html = {text: render(text).html for text in COMMENT_TEXTS}
    comments: list[Comment] = []
    replies: list[tuple[int, int]] = []  # index in comments -> index of its parent
    post_type = ContentType.objects.get_for_model(Post)
    reactions: list[Interaction] = []
    for post, space_index in zip(posts, where, strict=True):
        thread_pool = members[space_index] if space_index is not None else None
        count = min(int(rng.expovariate(1 / 1.3)), 12)
        tops: list[int] = []
        at = post.created_at
        for _ in range(count):
            person = rng.choice(thread_pool) if thread_pool else rng.choices(range(len(users)), cum_weights=everyone)[0]
            at = at + timedelta(seconds=rng.randrange(60, 2 * DAY))
            if at > now:
                break
            text = rng.choice(COMMENT_TEXTS)
            comments.append(
                Comment(
                    post_id=post.pk, author_id=user(person).pk, body=text, body_html=comment_html[text], created_at=at
                )
            )
            if tops and rng.random() < 0.3:
                replies.append((len(comments) - 1, rng.choice(tops)))
            else:
                tops.append(len(comments) - 1)
            post.comment_count += 1
            post.last_activity_at = at
        reactors = rng.sample(
            pool if pool else range(len(users)), min(int(rng.expovariate(1 / 2.5)), 40, len(pool or users))
        )
        for person in reactors:
            reactions.append(
                Interaction(
                    user_id=user(person).pk,
                    kind=InteractionKind.REACTION,
                    target_type=post_type,
                    target_id=post.pk,
                    value=rng.choices(list(REACTION_WEIGHTS), weights=list(REACTION_WEIGHTS.values()))[0],
                    created_at=min(now, post.created_at + timedelta(seconds=rng.randrange(60, 3 * DAY))),
                )
            )
        post.reaction_count = len(reactors)
    Comment.objects.bulk_create(comments, batch_size=BATCH)
    for child, parent in replies:
        comments[child].parent_id = comments[parent].pk
    Comment.objects.bulk_update([comments[child] for child, _p in replies], ["parent"], batch_size=BATCH)
    Interaction.objects.bulk_create(reactions, batch_size=BATCH)
    Post.objects.bulk_update(posts, ["comment_count", "reaction_count", "last_activity_at"], batch_size=BATCH)
    return len(posts)


def _template_of(body: str, texts: _Texts) -> str:
    for template in texts.cache:
        if "{mention}" not in template and template == body:
            return template
    for template in texts.cache:
        prefix, _sep, suffix = template.partition("{mention}")
        if body.startswith(prefix) and body.endswith(suffix):
            return template
    raise KeyError(body)


def _announcements(
    plan: SpacesPlan,
    spaces: Sequence[Space],
    users: Sequence[User],
    texts: _Texts,
    rows: list[Post],
    where: list[int | None],
    now: datetime,
) -> None:
    """Two announcements in the organisation-wide space (the newest pinned), by its owner."""
    planned = plan.spaces[0]
    owner = next((m.person for m in planned.members if m.role == SpaceRole.OWNER), None)
    if owner is None:
        return
    for days, text in zip((2, 9), ANNOUNCEMENTS, strict=True):
        body, body_html, _topics = texts.get(text)
        created = now - timedelta(days=days)
        rows.append(
            Post(
                author_id=users[owner].pk,
                space_id=spaces[0].pk,
                body=body,
                body_html=body_html,
                is_announcement=True,
                pinned_at=created if days == 2 else None,
                created_at=created,
                last_activity_at=created,
            )
        )
        where.append(0)
