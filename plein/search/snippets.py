"""Snippets with the matched words marked: the text is escaped first, then only <mark> is added."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plein.core.text import fold
from plein.search.analysis import ParsedQuery
from plein.search.dutch import stem

_TOKEN = re.compile(r"[^\W_]+|[\W_]+")
SNIPPET_WORDS = 32


def _matcher(query: ParsedQuery):  # type: ignore[no-untyped-def]
    prefixes = tuple(w.word for w in query.words)
    stems = {w.stem for w in query.words}
    exact = {word for phrase in query.phrases for word in phrase}

    def matches(word: str) -> bool:
        folded = fold(word)
        return folded in exact or folded.startswith(prefixes) or (len(folded) > 3 and stem(folded) in stems)

    return matches


def highlight(text: str, query: ParsedQuery, *, words: int | None = None) -> SafeString:
    """``text`` (or a window of ``words`` words around the first match) escaped, matches in <mark>."""
    tokens = _TOKEN.findall(text)
    matches = _matcher(query)
    marked = [token[:1].isalnum() and matches(token) for token in tokens]
    start, end, clipped_start, clipped_end = 0, len(tokens), False, False
    if words is not None:
        first = next((i for i, hit in enumerate(marked) if hit), 0)
        # Words and separators alternate: ``words`` tokens back is about a third of the window before the match.
        start = max(0, first - 2 * (words // 3))
        end = min(len(tokens), start + 2 * words)
        clipped_start, clipped_end = start > 0, end < len(tokens)
    parts = ["… " if clipped_start else ""]
    for token, hit in zip(tokens[start:end], marked[start:end], strict=True):
        parts.append(f"<mark>{escape(token)}</mark>" if hit else escape(token))
    if clipped_end:
        parts.append(" …")
    return mark_safe("".join(parts).strip())  # noqa: S308 (every piece of text is escaped above)
