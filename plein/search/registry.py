"""Providers: how each domain turns its objects into search documents.

A domain registers one :class:`Provider` per kind from its app's ``ready()``::

    from plein.search.registry import register_provider
    register_provider(NewsProvider())

A provider loads many objects at once (``documents``), answering with a
:class:`Document` for each one that should be findable; an id it leaves out is
removed from the index (deleted, unpublished, archived ...). ``all_ids``
lists every object for ``plein search rebuild``. Keys come from
:mod:`plein.search.access`, so a provider states *who* may find the object in
the same terms as everyone else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Document:
    object_id: int
    title: str
    body: str
    url: str
    keys: Sequence[str]
    created_at: datetime
    updated_at: datetime | None = None
    author_id: int | None = None
    space_id: int | None = None
    department_id: int | None = None
    location_id: int | None = None
    popularity: int = 0
    language: str = ""  # empty: guessed from the text
    vocabulary: bool = field(default=False)  # whether its words may feed "did you mean" (open content only)
    match_title: bool = True  # False: the title is shown but not matched (a comment shows its thread's title)


class Provider(Protocol):
    kind: str

    def documents(self, ids: Sequence[int]) -> Iterable[Document]:
        """The documents for the objects with these ids that should be findable."""
        ...

    def all_ids(self) -> Iterator[int]:
        """Every object id of this kind that may be findable (for a rebuild)."""
        ...


_providers: dict[str, Provider] = {}


def register_provider(provider: Provider) -> None:
    """Register (or replace) the provider of ``provider.kind``."""
    _providers[provider.kind] = provider


def unregister_provider(kind: str) -> None:
    _providers.pop(kind, None)


def providers() -> dict[str, Provider]:
    return dict(_providers)


def provider(kind: str) -> Provider:
    return _providers[kind]
