"""Filter tokens: a document's kind, space, author and access keys as words the full-text index can match.

SQLite's FTS5 table indexes them in a column of their own (``filter_terms``),
so a search can ask for "the newest 500 posts this person may see that match
these words" inside the index and stop after 500, instead of joining and
testing every match (see :mod:`plein.search.engines.sqlite`). Tokens are
letters and digits only, and typed words are matched only in the text
columns, so a query cannot reach them.
"""

from __future__ import annotations

from collections.abc import Iterable


def kind_token(kind: str) -> str:
    return f"kind{kind}"


def space_token(space_id: int) -> str:
    return f"space{int(space_id)}"


def author_token(author_id: int) -> str:
    return f"author{int(author_id)}"


def key_token(key: str) -> str:
    """ "space:12" -> "keyspace12", "employees" -> "keyemployees"."""
    return "key" + "".join(char for char in key if char.isascii() and char.isalnum())


def filter_terms(*, kind: str, keys: Iterable[str], space_id: int | None, author_id: int | None) -> str:
    tokens = [kind_token(kind)]
    if space_id is not None:
        tokens.append(space_token(space_id))
    if author_id is not None:
        tokens.append(author_token(author_id))
    tokens += sorted({key_token(key) for key in keys})
    return " ".join(tokens)
