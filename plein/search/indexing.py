"""Writing the index: documents from providers in, stale ones out, and the full rebuild.

Every write goes through :func:`index` and :func:`remove`, which keep the
engine's full-text index in step inside the caller's transaction (the event
consumer's delivery, or the rebuild's batches).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from django.db import transaction

from plein.search.analysis import MAX_INDEXED_CHARACTERS, guess_language, terms_for, words
from plein.search.engines import engine_for
from plein.search.models import SearchDocument, Term
from plein.search.registry import Document, provider, providers
from plein.search.tokens import filter_terms

BATCH = 500
BODY_LENGTH = 20_000  # what is kept for snippets; the terms cover up to MAX_INDEXED_CHARACTERS
VOCABULARY_WORD = (3, 40)


def _row(kind: str, document: Document) -> SearchDocument:
    language = document.language or guess_language(f"{document.title} {document.body}")
    terms = terms_for(document.title if document.match_title else "", document.body, language=language)
    keys = sorted(set(document.keys))
    return SearchDocument(
        kind=kind,
        object_id=document.object_id,
        title=document.title[:300],
        body=document.body[:BODY_LENGTH],
        url=document.url[:500],
        author_id=document.author_id,
        space_id=document.space_id,
        department_id=document.department_id,
        location_id=document.location_id,
        created_at=document.created_at,
        updated_at=document.updated_at or document.created_at,
        language=language,
        popularity=document.popularity,
        keys=keys,
        title_terms=terms.title,
        body_terms=terms.body,
        stem_terms=terms.stems,
        filter_terms=filter_terms(kind=kind, keys=keys, space_id=document.space_id, author_id=document.author_id),
    )


FIELDS = [
    f.name
    for f in SearchDocument._meta.concrete_fields
    if f.name not in ("id", "kind", "object_id") and not f.primary_key
]


def _vocabulary(documents: Iterable[Document]) -> None:
    """Remember the words of content every employee may read, for "did you mean"."""
    low, high = VOCABULARY_WORD
    found: set[str] = set()
    for document in documents:
        if document.vocabulary:
            found.update(
                w
                for w in words(f"{document.title} {document.body[:MAX_INDEXED_CHARACTERS]}")
                if low <= len(w) <= high and w.isalpha()
            )
    if found:
        Term.objects.bulk_create([Term(word=w) for w in sorted(found)], ignore_conflicts=True, batch_size=1000)


def _write(kind: str, ids: Sequence[int], documents: list[Document], rows: list[SearchDocument] | None = None) -> None:
    """Store the documents of these objects (``rows``: already analysed) and forget the others; in a transaction."""
    engine = engine_for()
    existing = {
        d.object_id: d.pk for d in SearchDocument.objects.filter(kind=kind, object_id__in=ids).only("pk", "object_id")
    }
    if rows is None:
        rows = _rows(kind, documents)
    engine.before_change(list(existing.values()))
    wanted = {row.object_id for row in rows}
    gone = [pk for object_id, pk in existing.items() if object_id not in wanted]
    SearchDocument.objects.filter(pk__in=gone).delete()
    changed = []
    for row in rows:
        if row.object_id in existing:
            row.pk = existing[row.object_id]
            changed.append(row)
    new = [row for row in rows if row.pk is None]
    SearchDocument.objects.bulk_update(changed, FIELDS, batch_size=BATCH)
    SearchDocument.objects.bulk_create(new, batch_size=BATCH)
    engine.after_change([row.pk for row in rows])
    _vocabulary(documents)


def _rows(kind: str, documents: list[Document]) -> list[SearchDocument]:
    return list({d.object_id: _row(kind, d) for d in documents}.values())


def index(kind: str, ids: Iterable[int]) -> None:
    """Bring the documents of these objects up to date: added, changed, or removed when no longer findable."""
    todo = sorted(set(ids))
    source = provider(kind)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        with transaction.atomic():
            _write(kind, chunk, list(source.documents(chunk)))


def remove(kind: str, ids: Iterable[int]) -> None:
    todo = sorted(set(ids))
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        with transaction.atomic():
            found = list(SearchDocument.objects.filter(kind=kind, object_id__in=chunk).values_list("pk", flat=True))
            engine_for().before_change(found)
            SearchDocument.objects.filter(pk__in=found).delete()


def change_keys(document_ids: Sequence[int], keys: Sequence[str]) -> None:
    """Give these documents new access keys (a space changed visibility); their text stays as it is."""
    engine = engine_for()
    todo = list(document_ids)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        with transaction.atomic():
            rows = list(SearchDocument.objects.filter(pk__in=chunk).only("pk", "kind", "space_id", "author_id"))
            engine.before_change([row.pk for row in rows])
            for row in rows:
                row.keys = sorted(set(keys))
                row.filter_terms = filter_terms(
                    kind=row.kind, keys=row.keys, space_id=row.space_id, author_id=row.author_id
                )
            SearchDocument.objects.bulk_update(rows, ["keys", "filter_terms"], batch_size=BATCH)
            engine.after_change([row.pk for row in rows])


def clear() -> None:
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        Term.objects.all().delete()
        engine_for().after_clear()


Progress = Callable[[str, int], None]


def rebuild(*, kinds: Sequence[str] = (), progress: Progress | None = None) -> dict[str, int]:
    """Index every object of every provider (or of ``kinds``) again, and drop documents whose object is gone.

    Safe while people search: each batch is its own transaction, and documents
    are replaced in place rather than dropped first.
    """
    counts: dict[str, int] = {}
    for kind, source in providers().items():
        if kinds and kind not in kinds:
            continue
        seen: set[int] = set()
        ids = source.all_ids()
        while chunk := list(islice(ids, BATCH)):
            # Read and analyse before taking the write lock (SQLite has one); a change meanwhile has its own event.
            documents = list(source.documents(chunk))
            rows = _rows(kind, documents)
            with transaction.atomic():
                _write(kind, chunk, documents, rows)
            seen.update(chunk)
            if progress is not None:
                progress(kind, len(seen))
        indexed = SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True)
        remove(kind, [object_id for object_id in indexed.iterator(chunk_size=5000) if object_id not in seen])
        counts[kind] = len(seen)
    if not kinds:
        _drop_unknown_kinds()
    engine_for().after_rebuild()
    return counts


def _drop_unknown_kinds() -> None:
    """Documents of a kind no provider registers any more (an app was removed)."""
    with transaction.atomic():
        unknown = list(SearchDocument.objects.exclude(kind__in=list(providers())).values_list("pk", flat=True))
        engine_for().before_change(unknown)
        SearchDocument.objects.filter(pk__in=unknown).delete()
