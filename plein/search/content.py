"""Reads on the search index: a page of content results, counts per kind, best bets, "did you mean".

Every read goes through :class:`plein.search.access.Searcher`, so a document
appears (in results, counts, snippets, quick results and best bets) only for
people who hold one of its keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from plein.search.access import Searcher
from plein.search.analysis import ParsedQuery, normalise, words
from plein.search.dutch import STOPWORDS
from plein.search.engines import SearchSpec, engine_for
from plein.search.engines.base import CANDIDATES as COUNT_LIMIT
from plein.search.models import BestBet, SearchDocument, Term
from plein.search.snippets import SNIPPET_WORDS, highlight

BEST_BETS_CACHE_KEY = "search:best-bets"
BEST_BETS_SECONDS = 60
SUGGESTION_CANDIDATES = 3000


@dataclass(frozen=True)
class ContentFilters:
    kinds: tuple[str, ...] = ()
    space_id: int | None = None
    department_id: int | None = None
    author_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    newest_first: bool = False

    @property
    def narrowed(self) -> bool:
        return any((self.space_id, self.department_id, self.author_id, self.since, self.until))


@dataclass
class Hit:
    document: SearchDocument
    title: SafeString
    snippet: SafeString

    @property
    def kind(self) -> str:
        return self.document.kind


@dataclass
class ContentResults:
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # per kind, every filter but the kind applied
    total: int = 0  # matching the kinds asked for
    failed: bool = False
    capped: frozenset[str] = frozenset()  # kinds whose count stopped at the limit: "500+"
    more: bool = False  # the total stopped at the limit for one of the kinds asked for


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def spec_for(searcher: Searcher, query: ParsedQuery, filters: ContentFilters, *, limit: int, offset: int) -> SearchSpec:
    return SearchSpec(
        query=query,
        keys=searcher.keys,
        normalised=normalise(query.text),
        kinds=filters.kinds,
        space_id=filters.space_id,
        department_id=filters.department_id,
        author_id=filters.author_id,
        since=_start_of(filters.since) if filters.since else None,
        until=_start_of(filters.until + timedelta(days=1)) if filters.until else None,
        newest_first=filters.newest_first,
        limit=limit,
        offset=offset,
        boosts=searcher.boosts,
    )


def _hits(documents: Sequence[SearchDocument], query: ParsedQuery) -> list[Hit]:
    return [
        Hit(document=d, title=highlight(d.title, query), snippet=highlight(d.body, query, words=SNIPPET_WORDS))
        for d in documents
    ]


def search_content(
    *,
    searcher: Searcher,
    query: ParsedQuery,
    filters: ContentFilters,
    limit: int = 20,
    offset: int = 0,
    counted: bool = True,
) -> ContentResults:
    """A page of documents the searcher may see, with counts per kind (two queries; none for an empty query).

    A database error from the engine (a query shape it cannot take) gives
    ``failed=True`` rather than an error page.
    """
    if query.empty or not searcher.active:
        return ContentResults()
    spec = spec_for(searcher, query, filters, limit=limit, offset=offset)
    engine = engine_for()
    try:
        documents = engine.search(spec)
        counts = engine.facets(spec) if counted else {}
    except DatabaseError:
        return ContentResults(failed=True)
    total = sum(n for kind, n in counts.items() if not filters.kinds or kind in filters.kinds)
    capped = frozenset(kind for kind, n in counts.items() if spec.bounded and n >= COUNT_LIMIT)
    more = any(not filters.kinds or kind in filters.kinds for kind in capped)
    return ContentResults(hits=_hits(documents, query), counts=counts, total=total, capped=capped, more=more)


def _all_best_bets() -> dict[str, list[tuple[str, int]]]:
    bets: dict[str, list[tuple[str, int]]] = {}
    for bet in BestBet.objects.order_by("query", "position", "pk"):
        bets.setdefault(bet.query, []).append((bet.kind, bet.object_id))
    return bets


def best_bets(*, searcher: Searcher, query: ParsedQuery) -> list[Hit]:
    """Editors' picks for exactly this (folded) query that the searcher may see; no query when there are none."""
    every: dict[str, list[tuple[str, int]]] = (
        cache.get_or_set(BEST_BETS_CACHE_KEY, _all_best_bets, BEST_BETS_SECONDS) or {}
    )
    picks = every.get(normalise(query.text), [])
    if not picks or not searcher.active:
        return []
    documents = {(d.kind, d.object_id): d for d in _documents_for(picks)}
    chosen = [documents[pick] for pick in picks if pick in documents and searcher.may_see(documents[pick].keys)]
    return _hits(chosen, query)


def _documents_for(picks: list[tuple[str, int]]) -> list[SearchDocument]:
    condition = Q()
    for kind, object_id in picks:
        condition |= Q(kind=kind, object_id=object_id)
    return list(SearchDocument.objects.filter(condition).select_related("author", "space"))


def forget_best_bets() -> None:
    cache.delete(BEST_BETS_CACHE_KEY)


def suggestion(*, searcher: Searcher, query: ParsedQuery) -> str:
    """A "did you mean" query built from words every employee may read; empty when nothing is close.

    Guests get none: the vocabulary comes from content they may not read.
    """
    if not searcher.employee or not query.words:
        return ""
    typed = [w for w in words(query.text) if w not in STOPWORDS]
    if not typed:
        return ""
    changed = False
    better = []
    for word in typed[:4]:
        candidates = list(
            Term.objects.filter(word__startswith=word[:2]).values_list("word", flat=True)[:SUGGESTION_CANDIDATES]
        )
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75) if word not in candidates else []
        if close:
            better.append(close[0])
            changed = True
        else:
            better.append(word)
    return " ".join(better) if changed else ""
