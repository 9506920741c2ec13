"""What site search finds, each with the viewer's visibility applied.

People, spaces and departments are looked up live through their own
domains' selectors (the directory's folded search column, the spaces rules):
employees search the directory, every space that exists for them and the
department tree; a guest finds only their own spaces and the colleagues in
them, matched on what guests may see of a person (name and function).

Posts, comments, files, topics (and news and pages, once their app registers
providers) come from the search index (:mod:`plein.search.content`), filtered
by the searcher's access keys. See docs/adr/0005-search.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from plein.accounts.models import User
from plein.accounts.permissions import can_use_directory
from plein.org.models import Department
from plein.people.selectors import directory
from plein.search.access import Searcher
from plein.search.analysis import ParsedQuery, parse_query
from plein.search.content import ContentFilters, ContentResults, Hit, best_bets, search_content, suggestion
from plein.spaces.models import Space
from plein.spaces.selectors import SpaceFilters, people_sharing_a_space, space_overview

MIN_QUERY_LENGTH = 2


def search_people(*, viewer: Any, query: str) -> QuerySet[User]:
    if len(query) < MIN_QUERY_LENGTH or not viewer.is_authenticated:
        return User.objects.none()
    if can_use_directory(viewer):
        return directory(viewer=viewer, query=query)
    people = people_sharing_a_space(viewer).select_related("profile")
    for word in query.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(profile__function__icontains=word)
        )
    return people.order_by("last_name", "first_name", "pk")


def search_spaces(*, viewer: Any, query: str) -> QuerySet[Space]:
    """Spaces that exist for the viewer, not archived, whose name or description holds every word.

    Accents are ignored through the slug (made from the name without them):
    "cafe" finds "Schrijfcafé". Names that start with the query come first.
    """
    if len(query) < MIN_QUERY_LENGTH:
        return Space.objects.none()
    rank = Case(
        When(name__istartswith=query, then=Value(0)),
        When(name__icontains=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    spaces = space_overview(viewer=viewer, filters=SpaceFilters(query=" ".join(query.split())[:100]))
    return spaces.annotate(rank=rank).order_by("rank", "-last_activity_at", "name")


def search_departments(*, viewer: Any, query: str) -> QuerySet[Department]:
    if not can_use_directory(viewer) or len(query) < MIN_QUERY_LENGTH:
        return Department.objects.none()
    return Department.objects.filter(name__icontains=query).order_by("path")


# --- the whole results page and the quick results -----------------------------------------------

# Fetched for the tab counts ("50+"); the "all" tab shows the first few of them.
FOUND_LIMIT = 50
PEOPLE_TABS = ("alles", "mensen")
SPACES_TABS = ("alles", "ruimtes")
PAGE_SIZE = 20


@dataclass
class SearchPage:
    """Everything the results page shows for one request."""

    query: str
    tab: str
    parsed: ParsedQuery
    searcher: Searcher
    people: list[User] = field(default_factory=list)
    more_people: bool = False
    spaces: list[Space] = field(default_factory=list)
    more_spaces: bool = False
    departments: list[Department] = field(default_factory=list)
    content: ContentResults = field(default_factory=ContentResults)
    best_bets: list[Hit] = field(default_factory=list)
    suggestion: str = ""
    page: Page[Any] | None = None

    @property
    def nothing_found(self) -> bool:
        return not (self.people or self.spaces or self.departments or self.content.counts or self.best_bets)


def _limited(rows: QuerySet[Any], limit: int) -> tuple[list[Any], bool]:
    found = list(rows[: limit + 1])
    return found[:limit], len(found) > limit


def site_search(*, viewer: Any, query: str, tab: str, filters: ContentFilters, page_number: int = 1) -> SearchPage:
    """The results page: people, spaces and departments (live), then content from the index.

    Runs a fixed number of queries: people, spaces and departments one each
    (the directory's own count is not needed), one for the searcher's keys,
    two for content (page and counts), and one for best bets only when the
    query has any.
    """
    parsed = parse_query(query)
    searcher = Searcher(viewer)
    result = SearchPage(query=query, tab=tab, parsed=parsed, searcher=searcher)
    if len(query) < MIN_QUERY_LENGTH:
        return result
    if tab in PEOPLE_TABS:
        result.people, result.more_people = _limited(search_people(viewer=viewer, query=query), FOUND_LIMIT)
        result.departments = list(search_departments(viewer=viewer, query=query)[:10])
    if tab in SPACES_TABS:
        result.spaces, result.more_spaces = _limited(search_spaces(viewer=viewer, query=query), FOUND_LIMIT)
    if tab == "alles" or filters.kinds:
        offset = (page_number - 1) * PAGE_SIZE
        result.content = search_content(
            searcher=searcher, query=parsed, filters=filters, limit=PAGE_SIZE, offset=offset
        )
        result.page = Paginator(range(result.content.total), PAGE_SIZE).get_page(page_number)
        if page_number == 1 and not filters.narrowed:
            result.best_bets = best_bets(searcher=searcher, query=parsed)
            chosen = {(hit.document.kind, hit.document.object_id) for hit in result.best_bets}
            result.content.hits = [
                hit for hit in result.content.hits if (hit.document.kind, hit.document.object_id) not in chosen
            ]
    if result.nothing_found and not filters.narrowed:
        result.suggestion = suggestion(searcher=searcher, query=parsed)
    return result


@dataclass
class QuickResults:
    query: str
    people: list[User] = field(default_factory=list)
    spaces: list[Space] = field(default_factory=list)
    content: list[Hit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.people) + len(self.spaces) + len(self.content)

    @property
    def empty(self) -> bool:
        return not self.count


def quick_results(*, viewer: Any, query: str) -> QuickResults:
    """What the header box shows while typing: a few people and spaces first, then content (no counts)."""
    found = QuickResults(query=query)
    if len(query) < MIN_QUERY_LENGTH:
        return found
    found.people = list(search_people(viewer=viewer, query=query)[:4])
    found.spaces = list(search_spaces(viewer=viewer, query=query)[:3])
    content = search_content(
        searcher=Searcher(viewer), query=parse_query(query), filters=ContentFilters(), limit=5, counted=False
    )
    found.content = content.hits
    return found
