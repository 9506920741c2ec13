"""Relevance on a fixed Dutch corpus: the expected results come first, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.search.access import Searcher
from plein.search.analysis import parse_query
from plein.search.content import ContentFilters, search_content
from plein.search.indexing import rebuild
from plein.stream.models import Topic
from tests.factories import DepartmentFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

CORPUS = {
    "vergadering": "Vergadering van de ondernemingsraad\nDe agenda staat online.",
    "cafe": "Schrijfcafé op donderdag\nOefen met schrijven in B1-taal.",
    "phrase": "Nieuwe regels voor thuiswerken\nDe vergoeding voor thuiswerken gaat omhoog.",
    "words_apart": "Regels en nieuwe afspraken\nOver het werken thuis en op kantoor.",
    "title": "Fietsplan 2026\nMeld je aan voor een nieuwe fiets.",
    "body_only": "Mobiliteit\nWie het fietsplan gebruikt, krijgt korting.",
    "english": "Welcome to the team meetings\nWe will share the planning with you.",
}


@pytest.fixture
def corpus(employee):
    author = UserFactory(first_name="Fatima", last_name="El Amrani")
    posts = {key: PostFactory(author=author, body=body) for key, body in CORPUS.items()}
    rebuild()
    return posts


def top(user, query: str, count: int = 3, **filters) -> list[int]:
    results = search_content(searcher=Searcher(user), query=parse_query(query), filters=ContentFilters(**filters))
    assert not results.failed
    return [hit.document.object_id for hit in results.hits[:count]]


def test_plural_finds_singular(employee, corpus):
    assert top(employee, "vergaderingen") == [corpus["vergadering"].pk]


def test_accents_do_not_matter(employee, corpus):
    assert top(employee, "schrijfcafe") == [corpus["cafe"].pk]
    assert top(employee, "Schrijfcafé") == [corpus["cafe"].pk]


def test_the_start_of_a_word_is_enough_while_typing(employee, corpus):
    assert top(employee, "ondernemingsr") == [corpus["vergadering"].pk]


def test_a_quoted_phrase_needs_the_words_in_order(employee, corpus):
    assert top(employee, '"nieuwe regels"') == [corpus["phrase"].pk]
    assert set(top(employee, "nieuwe regels")) == {corpus["phrase"].pk, corpus["words_apart"].pk}


def test_a_title_match_comes_before_a_body_match(employee, corpus):
    assert top(employee, "fietsplan") == [corpus["title"].pk, corpus["body_only"].pk]


def test_english_content_is_found_by_english_words(employee, corpus):
    assert top(employee, "meetings") == [corpus["english"].pk]
    assert top(employee, "meeting") == [corpus["english"].pk]


def test_every_word_must_match(employee, corpus):
    assert top(employee, "fietsplan ondernemingsraad") == []


def test_my_spaces_come_first(employee):
    mine, other = SpaceFactory(name="Mijn team"), SpaceFactory(name="Ander team")
    add_member(mine, employee)
    theirs = PostFactory(space=other, body="Roosters voor december")
    ours = PostFactory(space=mine, body="Roosters voor december")
    rebuild()
    assert top(employee, "roosters") == [ours.pk, theirs.pk]


def test_my_department_comes_before_others(employee):
    team = DepartmentFactory(name="Team Burgerzaken")
    employee.profile.department = team
    employee.profile.save(update_fields=["department"])
    colleague, stranger = UserFactory(), UserFactory()
    colleague.profile.department = team
    colleague.profile.save(update_fields=["department"])
    far = PostFactory(author=stranger, body="Paspoorten en rijbewijzen")
    near = PostFactory(author=colleague, body="Paspoorten en rijbewijzen")
    rebuild()
    assert top(employee, "paspoorten") == [near.pk, far.pk]


def test_recent_and_discussed_content_comes_first(employee):
    old = PostFactory(body="Kerstborrel in de kantine", created_at=timezone.now() - timedelta(days=400))
    new = PostFactory(body="Kerstborrel in de kantine")
    rebuild()
    assert top(employee, "kerstborrel") == [new.pk, old.pk]

    quiet = PostFactory(body="Parkeren bij het stadhuis")
    busy = PostFactory(body="Parkeren bij het stadhuis")
    for _ in range(6):
        CommentFactory(post=busy, body="Eens.")
    busy.refresh_from_db()
    rebuild()
    assert top(employee, "parkeren") == [busy.pk, quiet.pk]


def test_newest_first_ignores_relevance(employee):
    older = PostFactory(body="Fietsplan fietsplan fietsplan", created_at=timezone.now() - timedelta(days=3))
    newer = PostFactory(body="Iets over het fietsplan")
    rebuild()
    assert top(employee, "fietsplan", newest_first=True) == [newer.pk, older.pk]


def test_topics_are_found_by_name(employee):
    topic = Topic.objects.create(name="Duurzaamheid", slug="duurzaamheid")
    rebuild()
    results = search_content(
        searcher=Searcher(employee), query=parse_query("duurzaam"), filters=ContentFilters(kinds=("topic",))
    )
    assert [hit.document.object_id for hit in results.hits] == [topic.pk]
    assert results.hits[0].document.url == "/onderwerpen/duurzaamheid/"
