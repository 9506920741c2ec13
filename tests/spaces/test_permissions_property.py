"""Who sees which space: random small organisations checked against a plain reference model of the rules.

Hypothesis makes organisations of 2-6 spaces (every combination of visibility, joining, posting and
archived), 3-8 people (employees, guests, administrators, deactivated employees and guests) and their
memberships (owner, moderator, member; guests only ever "guest"; some guest access ended; some people
left). For every person, and for someone not logged in, :func:`reference_expectations` says what the
rules in the issue allow, written out plainly without calling :mod:`plein.spaces.permissions`; each
read path must agree exactly.

The rules, as the issue states them:

- open: everyone in the organisation can see its content; closed: everyone sees that it exists and
  who the members are, content is for members; secret: invisible to non-members (404, never 403; not
  in lists, search, suggestions or counts).
- An external guest reaches only the spaces it was invited to, and sees there members' names, photos
  and functions only. A guest's access ends at the expiry date set by the inviter.
- Administrators see and manage every space; deactivated people see nothing.

Other issues extend this test with their own read paths (the stream, the feed, search, notifications).
The page-level check (each space page answering 200 or 404 as the model says) is added once the pages
exist. To extend: generate with :func:`organisations`, write the rows with :func:`build_organisation`,
ask :func:`reference_expectations` what each person may see, and compare the new path with it, in
:func:`check_example`'s loop or a loop of your own over the same data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.accounts.models import User
from plein.feed import actions as feed_actions
from plein.feed import selectors as feed_selectors
from plein.people import permissions as people_permissions
from plein.spaces import actions, permissions, selectors
from plein.spaces.models import Space
from plein.spaces.selectors import SpaceFilters
from plein.stream import permissions as stream_permissions
from plein.stream import previews as stream_previews
from plein.stream import selectors as stream_selectors
from plein.stream.models import Comment, Post, Topic
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

# --- the generated organisation (plain data, no database) -----------------------------------------

VISIBILITIES = ("open", "closed", "secret")
JOIN_POLICIES = ("anyone", "request", "invitation")
POSTING = ("members", "moderators")
PERSON_KINDS = ("employee", "guest", "admin", "deactivated employee", "deactivated guest")
ANONYMOUS = -1  # the key of someone who is not logged in
CURRENT, ENDED, LEFT = "current", "ended", "left"


@dataclass(frozen=True)
class SpacePlan:
    visibility: str
    join_policy: str
    posting: str
    archived: bool
    members_can_invite: bool


@dataclass(frozen=True)
class PersonPlan:
    kind: str  # one of PERSON_KINDS

    @property
    def active(self) -> bool:
        return not self.kind.startswith("deactivated")

    @property
    def external(self) -> bool:
        return self.kind.endswith("guest")

    @property
    def admin(self) -> bool:
        return self.kind == "admin"


@dataclass(frozen=True)
class MembershipPlan:
    person: int
    space: int
    role: str
    state: str  # CURRENT, ENDED (a guest's access date has passed) or LEFT (they left the space)


@dataclass(frozen=True)
class PostPlan:
    """A post (with one comment by its author) in a space, or on its author's profile when ``space`` is None."""

    author: int
    space: int | None
    deleted: bool


@dataclass(frozen=True)
class Organisation:
    spaces: tuple[SpacePlan, ...]
    people: tuple[PersonPlan, ...]
    memberships: tuple[MembershipPlan, ...]
    posts: tuple[PostPlan, ...] = ()


space_plans = st.builds(
    SpacePlan,
    visibility=st.sampled_from(VISIBILITIES),
    join_policy=st.sampled_from(JOIN_POLICIES),
    posting=st.sampled_from(POSTING),
    archived=st.booleans(),
    members_can_invite=st.booleans(),
)


@st.composite
def organisations(draw: Any) -> Organisation:
    spaces = draw(st.lists(space_plans, min_size=2, max_size=6))
    people = draw(st.lists(st.sampled_from(PERSON_KINDS).map(PersonPlan), min_size=3, max_size=8))
    memberships = []
    for person_index, person in enumerate(people):
        for space_index in range(len(spaces)):
            if person.external:
                choice = st.sampled_from([None, (("guest", CURRENT)), ("guest", ENDED), ("guest", LEFT)])
            else:
                choice = st.sampled_from(
                    [None, None, ("owner", CURRENT), ("moderator", CURRENT), ("member", CURRENT), ("member", LEFT)]
                )
            drawn = draw(choice)
            if drawn is not None:
                memberships.append(MembershipPlan(person_index, space_index, *drawn))
    # Posts as they may have been written before memberships ended or spaces were archived: any author anywhere.
    where = st.one_of(st.none(), st.integers(0, len(spaces) - 1))
    posts = draw(
        st.lists(
            st.builds(PostPlan, author=st.integers(0, len(people) - 1), space=where, deleted=st.booleans()),
            max_size=2 * len(spaces) + 2,
        )
    )
    return Organisation(tuple(spaces), tuple(people), tuple(memberships), tuple(posts))


# --- the reference model -------------------------------------------------------------------------


@dataclass
class Expected:
    """What one person may see and do, by space index and person index."""

    roles: dict[int, str] = field(default_factory=dict)
    sees: set[int] = field(default_factory=set)  # the space exists for them; they see its members
    reads: set[int] = field(default_factory=set)  # they read what is posted there
    joins: set[int] = field(default_factory=set)
    requests: set[int] = field(default_factory=set)
    posts: set[int] = field(default_factory=set)
    moderates: set[int] = field(default_factory=set)
    manages: set[int] = field(default_factory=set)
    invites: set[int] = field(default_factory=set)
    suggested: set[int] = field(default_factory=set)
    creates_spaces: bool = False
    deletes_spaces: bool = False
    profiles: set[int] = field(default_factory=set)  # people whose profile they may open
    shares_space_with: set[int] = field(default_factory=set)
    sees_spaces_field_of: set[int] = field(default_factory=set)  # a field shown to "people in my spaces"
    spaces_of: dict[int, set[int]] = field(default_factory=dict)  # person -> their spaces shown to this viewer
    # The stream, by post index: what they may do with each post, and whom they may mention.
    post_rights: dict[str, set[int]] = field(default_factory=lambda: {right: set() for right in POST_RIGHTS})
    mentions: set[int] = field(default_factory=set)


POST_RIGHTS = ("view", "comment", "react", "edit", "delete", "restore", "pin", "history")


def reference_expectations(org: Organisation) -> dict[int, Expected]:
    """For every person (and ANONYMOUS), what the rules allow, computed from the plan alone."""
    current = {(m.person, m.space): m.role for m in org.memberships if m.state == CURRENT}

    def spaces_with_access(person: int) -> set[int]:
        # An ended or left membership counts as none; the membership of a deactivated person still exists.
        return {space for (who, space) in current if who == person}

    def share(a: int, b: int) -> bool:
        return bool(spaces_with_access(a) & spaces_with_access(b))

    expectations = {ANONYMOUS: Expected()}
    for viewer, person in enumerate(org.people):
        expected = Expected()
        expectations[viewer] = expected
        # Sharing a space is a fact about memberships, whoever asks.
        expected.shares_space_with = {other for other in range(len(org.people)) if share(viewer, other)}
        if not person.active:
            # A deactivated account cannot do anything; only "is this my own profile" is still true.
            expected.sees_spaces_field_of = {viewer}
            continue
        employee = not person.external
        expected.creates_spaces = employee
        expected.deletes_spaces = person.admin
        expected.roles = {space: role for (who, space), role in current.items() if who == viewer}
        for index, space in enumerate(org.spaces):
            role = expected.roles.get(index)
            member = role is not None
            moderator = role in ("owner", "moderator")
            if person.admin or member or (employee and space.visibility in ("open", "closed")):
                expected.sees.add(index)
            if person.admin or member or (employee and space.visibility == "open"):
                expected.reads.add(index)
            if employee and not member and not space.archived and space.visibility != "secret":
                if space.join_policy == "anyone":
                    expected.joins.add(index)
                if space.join_policy == "request":
                    expected.requests.add(index)
                    expected.suggested.add(index)
                if space.join_policy == "anyone":
                    expected.suggested.add(index)
            if member and not space.archived and (space.posting == "members" or moderator):
                expected.posts.add(index)
            if not space.archived and (person.admin or moderator):
                expected.moderates.add(index)
            if person.admin or role == "owner":
                expected.manages.add(index)
            if not space.archived and (
                person.admin or moderator or (role == "member" and employee and space.members_can_invite)
            ):
                expected.invites.add(index)
        for other, other_person in enumerate(org.people):
            # Colleagues see every active colleague; external guests are seen only by people sharing a space.
            colleague = employee and not other_person.external
            if other_person.active and (person.admin or colleague or share(viewer, other)):
                expected.profiles.add(other)
            if other == viewer or person.admin or (employee and share(viewer, other)):
                expected.sees_spaces_field_of.add(other)
            expected.spaces_of[other] = {
                space
                for space in spaces_with_access(other)
                if space in expected.sees and not org.spaces[space].archived
            }
            # Employees mention any active colleague; guests are mentioned by, and mention, people sharing a space.
            if other_person.active and (colleague or share(viewer, other)):
                expected.mentions.add(other)
        _post_expectations(org, viewer, expected)
    return expectations


def _post_expectations(org: Organisation, viewer: int, expected: Expected) -> None:
    """What an active person may do with each post (plans/stream rules in plein.stream.permissions)."""
    person = org.people[viewer]
    employee = not person.external
    rights = expected.post_rights
    for index, post in enumerate(org.posts):
        if post.space is None:
            reads, moderates, takes_part, archived = employee, person.admin, employee, False
        else:
            role = expected.roles.get(post.space)
            archived = org.spaces[post.space].archived
            reads = post.space in expected.reads
            moderates = person.admin or role in ("owner", "moderator")
            takes_part = role is not None and not archived
        views = reads and (not post.deleted or moderates)
        if views:
            rights["view"].add(index)
        if moderates and views:
            rights["history"].add(index)
        if views and not post.deleted and takes_part:
            rights["comment"].add(index)
            rights["react"].add(index)
        if views and not post.deleted and not archived:
            if post.author == viewer:
                rights["edit"].add(index)
            if post.author == viewer or moderates:
                rights["delete"].add(index)
            if moderates and post.space is not None:
                rights["pin"].add(index)
        if post.deleted and moderates and not archived:
            rights["restore"].add(index)


# --- the organisation in the database --------------------------------------------------------------


@dataclass
class BuiltOrganisation:
    spaces: list[Space]
    people: list[User]
    posts: list[Post] = field(default_factory=list)

    def viewer(self, key: int) -> Any:
        """A freshly loaded user (nothing remembered from building), or an anonymous visitor."""
        if key == ANONYMOUS:
            return AnonymousUser()
        return User.objects.select_related("profile").get(pk=self.people[key].pk)

    def indexes(self, spaces: Any) -> set[int]:
        position = {space.pk: index for index, space in enumerate(self.spaces)}
        return {position[space.pk if isinstance(space, Space) else space] for space in spaces}

    def post_indexes(self, posts: Any) -> set[int]:
        position = {post.pk: index for index, post in enumerate(self.posts)}
        return {position[post.pk] for post in posts}

    def person_indexes(self, people: Any) -> set[int]:
        position = {person.pk: index for index, person in enumerate(self.people)}
        return {position[person.pk] for person in people}


def build_organisation(org: Organisation) -> BuiltOrganisation:
    """Write the plan to the database: spaces, people and memberships; ex-members leave through the action."""
    now = timezone.now()
    spaces = [
        SpaceFactory(
            visibility=plan.visibility,
            join_policy=plan.join_policy,
            posting=plan.posting,
            members_can_invite=plan.members_can_invite,
            archived_at=now - timedelta(days=1) if plan.archived else None,
        )
        for plan in org.spaces
    ]
    people = []
    for plan in org.people:
        factory = GuestFactory if plan.external else UserFactory
        person = factory(is_superuser=plan.admin, is_staff=plan.admin)
        person.profile.visibility = {"phone": "spaces"}
        person.profile.save(update_fields=["visibility"])
        people.append(person)
    for plan in org.memberships:
        space, person = spaces[plan.space], people[plan.person]
        expires = None
        if plan.role == "guest":
            expires = now - timedelta(days=1) if plan.state == ENDED else now + timedelta(days=30)
        add_member(space, person, role=plan.role, expires_at=expires)
        if plan.state == LEFT:
            actions.leave_space(actor=person, space=space)
    posts = []
    for index, plan in enumerate(org.posts):
        space = spaces[plan.space] if plan.space is not None else None
        author = people[plan.author]
        post = PostFactory(
            author=author, space=space, body=f"Bericht {index} over #thema", deleted_at=now if plan.deleted else None
        )
        CommentFactory(post=post, author=author)
        posts.append(post)
    if posts:
        Post.topics.through.objects.bulk_create(
            [Post.topics.through(post_id=post.pk, topic_id=topic_of_examples().pk) for post in posts]
        )
    for person, plan in zip(people, org.people, strict=True):
        if not plan.active:
            person.is_active = False
            person.save(update_fields=["is_active"])
    return BuiltOrganisation(spaces=spaces, people=people, posts=posts)


def topic_of_examples() -> Topic:
    return Topic.objects.get_or_create(slug="thema", defaults={"name": "thema"})[0]


# --- the check -------------------------------------------------------------------------------------


def check_example(org: Organisation) -> BuiltOrganisation:
    # Each example rolls the database back, so ids come round again: cached per-person state (the feed's,
    # the site settings) from an earlier example must not be read for a new person with the same id.
    cache.clear()
    built = build_organisation(org)
    expectations = reference_expectations(org)
    active_members = {
        index: {
            m.person for m in org.memberships if m.space == index and m.state == CURRENT and org.people[m.person].active
        }
        for index in range(len(org.spaces))
    }
    for index, space in enumerate(built.spaces):
        found = {membership.user_id for membership in selectors.members(space)}
        assert found == {built.people[person].pk for person in active_members[index]}, f"members of space {index}"

    archived = {index for index, plan in enumerate(org.spaces) if plan.archived}
    for key, expected in expectations.items():
        viewer = built.viewer(key)
        who = f"viewer {key} ({'anonymous' if key == ANONYMOUS else org.people[key].kind})"

        assert built.indexes(selectors.visible_spaces(viewer)) == expected.sees, who
        assert built.indexes(selectors.readable_space_ids(viewer).values_list("pk", flat=True)) == expected.reads, who
        for index, space in enumerate(built.spaces):
            try:
                selectors.space_for(viewer, space.slug)
                found = True
            except Http404:
                found = False
            assert found == (index in expected.sees), f"{who}: space_for({index})"

        mine = set(expected.roles)
        assert built.indexes(selectors.my_spaces(viewer)) == mine - archived, f"{who}: my_spaces"
        for in_archive in (False, True):
            shown = expected.sees & archived if in_archive else expected.sees - archived
            everything = selectors.space_overview(viewer=viewer, filters=SpaceFilters(archived=in_archive))
            assert built.indexes(everything) == shown, f"{who}: overview archived={in_archive}"
            roles = {space.pk: space.viewer_role for space in everything}
            assert roles == {built.spaces[i].pk: expected.roles.get(i) for i in shown}, f"{who}: viewer_role"
            only_mine = selectors.space_overview(viewer=viewer, filters=SpaceFilters(mine=True, archived=in_archive))
            assert built.indexes(only_mine) == shown & mine, f"{who}: overview mine archived={in_archive}"
        assert built.indexes(selectors.suggested_spaces(viewer, limit=100)) == expected.suggested, f"{who}: suggested"

        predicates = {
            "sees": permissions.can_see_space,
            "reads": permissions.can_read_space,
            "joins": permissions.can_join,
            "requests": permissions.can_request_to_join,
            "posts": permissions.can_post,
            "moderates": permissions.can_moderate,
            "manages": permissions.can_manage,
            "invites": permissions.can_invite,
        }
        for name, predicate in predicates.items():
            allowed = {index for index, space in enumerate(built.spaces) if predicate(viewer, space)}
            assert allowed == getattr(expected, name), f"{who}: {predicate.__name__}"
        seeing_members = {
            index for index, space in enumerate(built.spaces) if permissions.can_see_members(viewer, space)
        }
        assert seeing_members == expected.sees, f"{who}: can_see_members"
        assert {index for index, s in enumerate(built.spaces) if permissions.role_in(viewer, s)} == mine, who
        assert permissions.can_create_space(viewer) is expected.creates_spaces, who
        assert all(permissions.can_delete(viewer, space) is expected.deletes_spaces for space in built.spaces), who

        for other, person in enumerate(built.people):
            person = User.objects.select_related("profile").get(pk=person.pk)
            about = f"{who} about person {other} ({org.people[other].kind})"
            shown = built.indexes(selectors.spaces_of_person(viewer=viewer, person=person, limit=100))
            assert shown == expected.spaces_of.get(other, set()), f"{about}: spaces_of_person"
            if key != ANONYMOUS:
                shared = selectors.share_a_space(viewer.pk, person.pk)
                assert shared is (other in expected.shares_space_with), f"{about}: share_a_space"
            may_view = people_permissions.can_view_profile(viewer, person)
            assert may_view is (other in expected.profiles), f"{about}: can_view_profile"
            sees_field = people_permissions.can_see_field(viewer, person.profile, "phone")
            assert sees_field is (other in expected.sees_spaces_field_of), f"{about}: can_see_field(spaces)"
        check_stream(org, built, key, expected)
    return built


def check_stream(org: Organisation, built: BuiltOrganisation, key: int, expected: Expected) -> None:
    """Posts: the stream's selectors and predicates for one viewer agree with the reference model."""
    viewer = built.viewer(key)
    who = f"viewer {key} ({'anonymous' if key == ANONYMOUS else org.people[key].kind})"
    rights = expected.post_rights
    readable = rights["view"] - {index for index, plan in enumerate(org.posts) if plan.deleted}
    assert built.post_indexes(stream_selectors.visible_posts(viewer)) == readable, f"{who}: visible_posts"
    topic = topic_of_examples()
    assert built.post_indexes(stream_selectors.topic_posts(viewer=viewer, topic=topic)) == readable, f"{who}: topic"
    for index, space in enumerate(built.spaces):
        in_space = {i for i in readable if org.posts[i].space == index}
        found = stream_selectors.space_stream(viewer=viewer, space=space)
        assert built.post_indexes(found) == in_space, f"{who}: space_stream({index})"
    for other, person in enumerate(built.people):
        by_them = {i for i in readable if org.posts[i].author == other}
        found = stream_selectors.profile_stream(viewer=viewer, person=person)
        assert built.post_indexes(found) == by_them, f"{who}: profile_stream({other})"
    predicates = {
        "view": stream_permissions.can_view_post,
        "comment": stream_permissions.can_comment,
        "react": stream_permissions.can_react,
        "edit": stream_permissions.can_edit_post,
        "delete": stream_permissions.can_delete_post,
        "restore": stream_permissions.can_restore_post,
        "pin": stream_permissions.can_pin,
        "history": stream_permissions.can_see_history,
    }
    posts = list(Post.objects.select_related("space").filter(pk__in=[post.pk for post in built.posts]))
    comments = {c.post_id: c for c in Comment.objects.select_related("post__space").filter(post__in=posts)}
    for name, predicate in predicates.items():
        allowed = built.post_indexes(post for post in posts if predicate(viewer, post))
        assert allowed == rights[name], f"{who}: {predicate.__name__}"
    # A comment is edited by its author and deleted by its author or the post's moderators, like the post.
    for name, predicate in (
        ("edit", stream_permissions.can_edit_comment),
        ("delete", stream_permissions.can_delete_comment),
    ):
        allowed = built.post_indexes(post for post in posts if predicate(viewer, comments[post.pk]))
        assert allowed == rights[name], f"{who}: {predicate.__name__}"
    for index, post in enumerate(built.posts):
        try:
            stream_selectors.post_for(viewer, post.pk)
            found = True
        except Http404:
            found = False
        assert found is (index in rights["view"]), f"{who}: post_for({index})"
    mentionable = stream_selectors.mentionable_people(viewer, "vries", limit=100)
    assert built.person_indexes(mentionable) == expected.mentions, f"{who}: mentionable_people"
    # Spaces offered for an @mention: those the person sees, unless archived.
    archived = {index for index, plan in enumerate(org.spaces) if plan.archived}
    offered = stream_selectors.mentionable_spaces(viewer, "Ruimte", limit=100)
    assert built.indexes(offered) == expected.sees - archived, f"{who}: mentionable_spaces"
    check_previews(org, built, key, expected, readable)
    check_home_feed(org, built, key, expected, readable)


def check_previews(
    org: Organisation, built: BuiltOrganisation, key: int, expected: Expected, readable: set[int]
) -> None:
    """Link previews: a post linking to each post, space, person and the topic shows a card exactly when the
    reader may see the target (readable posts, visible spaces, profiles that open; nothing when logged out)."""
    viewer = built.viewer(key)
    targets = [
        *(("post", index, f"/berichten/{post.pk}/") for index, post in enumerate(built.posts)),
        *(("space", index, f"/ruimtes/{space.slug}/") for index, space in enumerate(built.spaces)),
        *(("person", index, f"/mensen/{person.pk}/") for index, person in enumerate(built.people)),
        ("topic", 0, f"/onderwerpen/{topic_of_examples().slug}/"),
    ]
    # Posts that are never stored: previews are built from the text alone.
    linking = [Post(pk=-(n + 1), body=f"Zie {url} voor meer.") for n, (_kind, _index, url) in enumerate(targets)]
    found = stream_previews.previews_for(viewer, linking)
    shown = {(kind, index) for post, (kind, index, _url) in zip(linking, targets, strict=True) if post.pk in found}
    wanted: set[tuple[str, int]] = set()
    if key != ANONYMOUS and org.people[key].active:
        wanted |= {("post", index) for index in readable}
        wanted |= {("space", index) for index in expected.sees}
        # A profile that opens: guests have no profile page, so no card for them either.
        wanted |= {("person", other) for other in expected.profiles if not org.people[other].external}
        wanted.add(("topic", 0))
    who = f"viewer {key} ({'anonymous' if key == ANONYMOUS else org.people[key].kind})"
    assert shown == wanted, f"{who}: link previews"


def check_home_feed(
    org: Organisation, built: BuiltOrganisation, key: int, expected: Expected, readable: set[int]
) -> None:
    """The home feed holds exactly the readable posts of the viewer's current spaces, by others.

    The first visit builds the inbox (as for someone returning); nobody in these organisations
    follows anyone, and every space is small enough to be pushed rather than pulled.
    """
    if key == ANONYMOUS or not org.people[key].active:
        return
    viewer = built.viewer(key)
    feed_actions.record_visit(user=viewer)
    page = feed_selectors.home_feed(viewer)
    wanted = {
        index for index in readable if org.posts[index].space in expected.roles and org.posts[index].author != key
    }
    found = built.post_indexes(item.post for item in page.items)
    assert found == wanted, f"viewer {key} ({org.people[key].kind}): home_feed"


class _RollBack(Exception):
    """Ends an example's savepoint so the next example starts from an empty database."""


def check_pages(org: Organisation, built: BuiltOrganisation, key: int) -> None:
    """The pages one visitor gets, through the whole request cycle, agree with the reference model.

    Space pages answer 200 or 404 (never 403 for a space that does not exist for the visitor); the
    overview and site search link only visible spaces; profiles open only where the rules allow.
    Someone not logged in, or deactivated, is sent to the log-in page.
    """
    expected = reference_expectations(org)[key]
    client = Client()
    logged_in = key != ANONYMOUS and org.people[key].active
    if key != ANONYMOUS:
        client.force_login(built.people[key])
    who = f"pages for viewer {key} ({'anonymous' if key == ANONYMOUS else org.people[key].kind})"
    for index, space in enumerate(built.spaces):
        for page in ("", "leden/", "over/"):
            status = client.get(f"/ruimtes/{space.slug}/{page}").status_code
            wanted = (200 if index in expected.sees else 404) if logged_in else 302
            assert status == wanted, f"{who}: /ruimtes/{space.slug}/{page} answered {status}"
        status = client.get(f"/ruimtes/{space.slug}/instellingen/").status_code
        wanted = 302
        if logged_in:
            wanted = 200 if index in expected.manages else 403 if index in expected.sees else 404
        assert status == wanted, f"{who}: settings of space {index} answered {status}"
    if not logged_in:
        assert client.get("/ruimtes/").status_code == 302
        return
    archived = {index for index, plan in enumerate(org.spaces) if plan.archived}
    overview = client.get("/ruimtes/").content.decode()
    search = client.get("/zoeken/", {"q": "Ruimte"}).content.decode()
    for index, space in enumerate(built.spaces):
        link = f'href="/ruimtes/{space.slug}/"'
        listed = index in expected.sees - archived
        assert (link in overview) is listed, f"{who}: overview link to space {index}"
        assert (link in search) is listed, f"{who}: search link to space {index}"
    for other, person in enumerate(built.people):
        status = client.get(f"/mensen/{person.pk}/").status_code
        # Guests have no profile page of their own; everyone else's opens where the rules allow.
        opens = other in expected.profiles and not org.people[other].external
        assert status == (200 if opens else 404), f"{who}: profile of person {other} answered {status}"


def check_stream_pages(org: Organisation, built: BuiltOrganisation, key: int) -> None:
    """The topic page and the composer's mention lookup, through the whole request cycle, for one visitor.

    The topic page lists exactly the posts the visitor may read; the lookup offers exactly the people and
    the (not archived) spaces they may mention. Someone not logged in, or deactivated, is sent to log in.
    """
    expected = reference_expectations(org)[key]
    client = Client()
    if key != ANONYMOUS:
        client.force_login(built.people[key])
    who = f"stream pages for viewer {key} ({'anonymous' if key == ANONYMOUS else org.people[key].kind})"
    topic_url = f"/onderwerpen/{topic_of_examples().slug}/"
    lookup = "/berichten/zoek-vermelding/"
    if key == ANONYMOUS or not org.people[key].active:
        assert client.get(topic_url).status_code == 302, who
        assert client.get(lookup, {"q": "vries"}).status_code == 302, who
        return
    response = client.get(topic_url)
    assert response.status_code == 200, f"{who}: topic page"
    listed = {
        int(pk) for pk in re.findall(r'<article class="plein-post[^"]*"\s+id="post-(\d+)"', response.content.decode())
    }
    readable = expected.post_rights["view"] - {index for index, plan in enumerate(org.posts) if plan.deleted}
    assert listed == {built.posts[index].pk for index in readable}, f"{who}: topic page posts"
    offered = client.get(lookup, {"q": "vries"}).json()["results"]
    people = {int(pk) for result in offered for pk in re.findall(r"\(user:(\d+)\)", result["insert"])}
    assert people == {built.people[other].pk for other in expected.mentions}, f"{who}: mention lookup (people)"
    archived = {index for index, plan in enumerate(org.spaces) if plan.archived}
    for index, space in enumerate(built.spaces):
        results = client.get(lookup, {"q": space.name}).json()["results"]
        offers = any(result["insert"].endswith(f"(space:{space.slug}) ") for result in results)
        assert offers is (index in expected.sees - archived), f"{who}: mention lookup offers space {index}"


@settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the repository; a failure prints its reproduction blob
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(org=organisations(), pick=st.integers(min_value=0, max_value=15))
def test_every_read_path_agrees_with_the_reference_model(db: Any, org: Organisation, pick: int) -> None:
    """All selectors and predicates for every generated person; the pages for one of them, or a visitor."""
    key = ANONYMOUS if pick == 15 else pick % len(org.people)
    try:
        with transaction.atomic():
            built = check_example(org)
            check_pages(org, built, key)
            check_stream_pages(org, built, key)
            raise _RollBack
    except _RollBack:
        pass
    assert not Space.objects.exists()


def test_the_reference_model_on_a_hand_made_organisation() -> None:
    """The reference model itself, on a case worked out by hand (no database)."""
    org = Organisation(
        spaces=(
            SpacePlan("open", "anyone", "members", False, True),
            SpacePlan("closed", "request", "moderators", False, False),
            SpacePlan("secret", "anyone", "members", False, True),
            SpacePlan("open", "anyone", "members", True, True),
        ),
        people=(PersonPlan("employee"), PersonPlan("guest"), PersonPlan("admin"), PersonPlan("deactivated guest")),
        memberships=(
            MembershipPlan(0, 1, "owner", CURRENT),
            MembershipPlan(1, 1, "guest", CURRENT),
            MembershipPlan(1, 2, "guest", ENDED),
            MembershipPlan(3, 1, "guest", CURRENT),
            MembershipPlan(0, 2, "member", LEFT),
        ),
    )
    expected = reference_expectations(org)
    employee, guest, admin, gone = (expected[i] for i in range(4))
    assert employee.sees == {0, 1, 3} and employee.reads == {0, 1, 3}
    assert employee.joins == {0} and employee.suggested == {0} and employee.posts == {1}
    assert guest.sees == guest.reads == {1} and guest.posts == set() and guest.joins == set()
    assert guest.profiles == {0, 1}  # the owner they share a space with, and themselves; not the deactivated guest
    assert guest.sees_spaces_field_of == {1}  # guests see names, photos and functions only
    assert employee.sees_spaces_field_of == {0, 1, 3}  # themselves and the two guests sharing space 1
    assert employee.profiles == {0, 1, 2}
    assert admin.sees == {0, 1, 2, 3} and admin.manages == {0, 1, 2, 3} and admin.moderates == {0, 1, 2}
    assert gone == Expected(sees_spaces_field_of={3}, shares_space_with={0, 1, 3})
    assert expected[ANONYMOUS] == Expected()
    assert employee.spaces_of[1] == {1} and admin.spaces_of[1] == {1} and guest.spaces_of[0] == {1}
