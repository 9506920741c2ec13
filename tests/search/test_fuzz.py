"""Any typed query gives results or a clear message, never an error, on the engine of this test run.

Run the suite with DATABASE_URL pointing at PostgreSQL to fuzz the other engine.
"""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.search.access import Searcher
from plein.search.analysis import parse_query
from plein.search.content import ContentFilters, search_content
from plein.search.indexing import rebuild
from tests.factories import UserFactory
from tests.stream.factories import PostFactory

pytestmark = pytest.mark.django_db

# Letters, digits, accents, quotes, the operators of FTS5 and tsquery, SQL and HTML punctuation.
ALPHABET = st.sampled_from(
    [*list("abcdeéëïzABZ019 \"'*-+^:()&|!<>{}[];,.%_\\/@#~`\x00\t\n"), "NEAR", "AND", "OR", "NOT"]
)
QUERIES = st.lists(ALPHABET, max_size=60).map("".join) | st.text(max_size=300)

HYPOTHESIS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def indexed(db):  # type: ignore[no-untyped-def]
    author = UserFactory()
    for body in ("Vergadering over de begroting", 'Café "De Hoek" - NEAR het station', "a*b AND c OR d"):
        PostFactory(author=author, body=body)
    rebuild()
    return author


@HYPOTHESIS
@given(query=QUERIES)
def test_the_engine_never_fails(indexed, query):
    for newest_first in (False, True):
        results = search_content(
            searcher=Searcher(indexed), query=parse_query(query), filters=ContentFilters(newest_first=newest_first)
        )
        assert not results.failed, query


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(query=QUERIES)
def test_the_pages_never_fail(indexed, query):
    client = Client()
    client.force_login(indexed)
    for path in ("/zoeken/", "/zoeken/snel/"):
        assert client.get(path, {"q": query}).status_code == 200, (path, query)


def test_a_very_long_query_is_cut_not_refused(indexed):
    results = search_content(
        searcher=Searcher(indexed), query=parse_query("vergadering " * 500), filters=ContentFilters()
    )
    assert not results.failed and len(results.hits) == 1
