"""Search agrees with the permission predicates: for random organisations, what each person finds
(results, counts per kind) is exactly the posts and comments ``plein.stream.permissions`` lets them
see, minus what is deleted. Keys and predicates are written separately; this test ties them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.search.access import Searcher
from plein.search.analysis import parse_query
from plein.search.content import ContentFilters, search_content
from plein.search.indexing import rebuild
from plein.spaces.models import Membership
from plein.stream.models import Comment, Post
from plein.stream.permissions import can_view_post
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory
from tests.stream.factories import CommentFactory, PostFactory, fresh

WORD = "zoekwoord"
KINDS_OF_PEOPLE = ("employee", "guest", "admin", "deactivated")


@dataclass(frozen=True)
class Plan:
    spaces: tuple[tuple[str, bool], ...]  # visibility, archived
    people: tuple[str, ...]
    memberships: tuple[tuple[int, int, str, bool], ...]  # space, person, role, ended
    posts: tuple[tuple[int | None, int, bool], ...]  # space (None: profile stream), author, deleted
    comments: tuple[tuple[int, int, bool], ...]  # post, author, deleted


@st.composite
def plans(draw: Any) -> Plan:
    spaces = tuple(
        draw(st.lists(st.tuples(st.sampled_from(["open", "closed", "secret"]), st.booleans()), min_size=1, max_size=4))
    )
    people = tuple(draw(st.lists(st.sampled_from(KINDS_OF_PEOPLE), min_size=1, max_size=5)))
    memberships = tuple(
        draw(
            st.lists(
                st.tuples(
                    st.integers(0, len(spaces) - 1),
                    st.integers(0, len(people) - 1),
                    st.sampled_from(["owner", "moderator", "member", "guest"]),
                    st.booleans(),
                ),
                max_size=8,
                unique_by=lambda m: (m[0], m[1]),
            )
        )
    )
    posts = tuple(
        draw(
            st.lists(
                st.tuples(st.none() | st.integers(0, len(spaces) - 1), st.integers(0, len(people) - 1), st.booleans()),
                min_size=1,
                max_size=6,
            )
        )
    )
    comments = tuple(
        draw(
            st.lists(
                st.tuples(st.integers(0, len(posts) - 1), st.integers(0, len(people) - 1), st.booleans()), max_size=6
            )
        )
    )
    return Plan(spaces, people, memberships, posts, comments)


def build(plan: Plan) -> tuple[list[Any], list[Post], list[Comment]]:
    now = timezone.now()
    spaces = [
        SpaceFactory(visibility=visibility, archived_at=now if archived else None)
        for visibility, archived in plan.spaces
    ]
    people = []
    for kind in plan.people:
        if kind == "guest":
            people.append(GuestFactory())
        else:
            people.append(UserFactory(is_superuser=kind == "admin", is_active=kind != "deactivated"))
    for space, person, role, ended in plan.memberships:
        Membership.objects.create(
            space=spaces[space],
            user=people[person],
            role=role,
            expires_at=now - timedelta(minutes=1) if ended else (now + timedelta(days=30) if role == "guest" else None),
        )
    posts = [
        PostFactory(
            space=spaces[space] if space is not None else None,
            author=people[author],
            body=f"{WORD} bericht",
            deleted_at=now if deleted else None,
        )
        for space, author, deleted in plan.posts
    ]
    comments = [
        CommentFactory(
            post=posts[post], author=people[author], body=f"{WORD} opmerking", deleted_at=now if deleted else None
        )
        for post, author, deleted in plan.comments
    ]
    return people, posts, comments


def expected_for(user: Any, posts: list[Post], comments: list[Comment]) -> set[tuple[str, int]]:
    found = {("post", p.pk) for p in posts if not p.is_deleted and can_view_post(user, p)}
    found |= {
        ("comment", c.pk)
        for c in comments
        if not c.is_deleted and not c.post.is_deleted and can_view_post(user, c.post)
    }
    return found


class _RollBack(Exception):
    pass


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans())
@pytest.mark.django_db
def test_search_finds_exactly_what_the_predicates_allow(plan: Plan) -> None:
    try:
        with transaction.atomic():
            people, posts, comments = build(plan)
            rebuild()
            for index, person in enumerate(people):
                viewer = fresh(person)
                wanted = expected_for(fresh(person), posts, comments)
                for kinds in ((), ("post",), ("comment",)):
                    results = search_content(
                        searcher=Searcher(viewer),
                        query=parse_query(WORD),
                        filters=ContentFilters(kinds=kinds),
                        limit=100,
                    )
                    got = {(hit.document.kind, hit.document.object_id) for hit in results.hits}
                    subset = {item for item in wanted if not kinds or item[0] in kinds}
                    who = f"person {index} ({plan.people[index]}), kinds {kinds or 'all'}"
                    assert got == subset, f"{who}: found {sorted(got)}, predicates allow {sorted(subset)}"
                    assert results.total == len(subset), f"{who}: count {results.total}"
                    for kind in ("post", "comment"):
                        assert results.counts.get(kind, 0) == sum(1 for item in wanted if item[0] == kind), (
                            f"{who}: facet {kind}"
                        )
            raise _RollBack
    except _RollBack:
        pass


@pytest.mark.django_db
def test_a_hand_made_case() -> None:
    """Open, closed and secret spaces seen by an outsider, a member, a guest, an admin and a leaver."""
    plan = Plan(
        spaces=(("open", False), ("closed", False), ("secret", True)),
        people=("employee", "employee", "guest", "admin", "deactivated"),
        memberships=((1, 1, "member", False), (2, 1, "owner", False), (1, 2, "guest", False), (0, 2, "guest", True)),
        posts=((0, 0, False), (1, 1, False), (2, 1, False), (None, 0, False), (0, 0, True)),
        comments=((1, 2, False), (4, 0, False)),
    )
    people, posts, comments = build(plan)
    rebuild()

    def found(index: int) -> set[tuple[str, int]]:
        results = search_content(
            searcher=Searcher(fresh(people[index])), query=parse_query(WORD), filters=ContentFilters()
        )
        return {(hit.document.kind, hit.document.object_id) for hit in results.hits}

    assert found(0) == {("post", posts[0].pk), ("post", posts[3].pk)}  # open space and profile stream
    assert found(1) == {("post", p.pk) for p in posts[:4]} | {("comment", comments[0].pk)}
    assert found(2) == {("post", posts[1].pk), ("comment", comments[0].pk)}  # ended guest access to space 0
    assert found(3) == {("post", p.pk) for p in posts[:4]} | {("comment", comments[0].pk)}
    assert found(4) == set()
