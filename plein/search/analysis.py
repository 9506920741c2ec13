"""Text analysis shared by both engines: the same words go into the index and into the query.

Text is folded (lower case, no accents), split into words of letters and
digits, and each Dutch word's stem is added when it differs from the word.
Python does this, not the database, so SQLite and PostgreSQL index and match
exactly the same terms (see docs/adr/0005-search.md).

A typed query becomes a :class:`ParsedQuery`: single words (each matched as
its stem or as a word starting with it, so typing "verg" already finds
"vergadering") and quoted phrases (matched word for word, in order). Nothing
the person typed reaches an engine's query syntax: only words made of letters
and digits do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plein.core.text import fold
from plein.search.dutch import STOPWORDS, stem

WORD = re.compile(r"[^\W_]+")
PHRASE = re.compile(r'"([^"]*)"?')
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
MIN_PREFIX = 2
MAX_INDEXED_CHARACTERS = 100_000

_ENGLISH_HINTS = frozenset(
    ["the", "and", "of", "to", "is", "are", "with", "for", "this", "that", "you", "we", "will", "our"]
)
_DUTCH_HINTS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "is",
        "zijn",
        "met",
        "voor",
        "dat",
        "die",
        "niet",
        "we",
        "wij",
        "ons",
        "onze",
        "je",
    ]
)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return [w[:MAX_WORD_LENGTH] for w in WORD.findall(fold(text[:MAX_INDEXED_CHARACTERS]))]


def guess_language(text: str) -> str:
    """ "en" when English marker words outnumber Dutch ones, else "nl" (the default)."""
    sample = words(text[:2000])
    english = sum(1 for w in sample if w in _ENGLISH_HINTS)
    dutch = sum(1 for w in sample if w in _DUTCH_HINTS)
    return "en" if english > dutch else "nl"


def stems_of(found: list[str], *, language: str = "nl") -> list[str]:
    """The stems that differ from their words (only Dutch text is stemmed), without repeats."""
    if language != "nl":
        return []
    seen: dict[str, None] = {}
    for word in found:
        if word not in STOPWORDS:
            stemmed = stem(word)
            if stemmed != word:
                seen.setdefault(stemmed)
    return list(seen)


@dataclass(frozen=True)
class Terms:
    """What the index stores for one document: folded title and body words, and extra stems."""

    title: str
    body: str
    stems: str


def terms_for(title: str, body: str, *, language: str = "nl") -> Terms:
    title_words, body_words = words(title), words(body)
    return Terms(
        title=" ".join(title_words),
        body=" ".join(body_words),
        stems=" ".join(stems_of(title_words + body_words, language=language)),
    )


@dataclass(frozen=True)
class QueryWord:
    word: str
    stem: str
    prefix: bool  # also match words that start with it


@dataclass(frozen=True)
class ParsedQuery:
    """A typed query reduced to what an engine may match; ``empty`` when nothing searchable is left."""

    text: str
    words: tuple[QueryWord, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    ignored: tuple[str, ...] = field(default=())  # stopwords left out

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def highlight(self) -> frozenset[str]:
        """Folded words and stems to mark in snippets."""
        found = {w.word for w in self.words} | {w.stem for w in self.words}
        for phrase in self.phrases:
            found.update(phrase)
        return frozenset(found)


def normalise(query: str) -> str:
    """The query as recorded in the aggregated statistics: folded words, one space apart."""
    return " ".join(words(query[:MAX_QUERY_LENGTH]))[:MAX_QUERY_LENGTH]


def parse_query(query: str) -> ParsedQuery:
    """Split a typed query into words and "quoted phrases"; never raises."""
    text = query[:MAX_QUERY_LENGTH]
    phrases: list[tuple[str, ...]] = []
    for match in PHRASE.finditer(text):
        phrase = tuple(words(match.group(1)))
        if len(phrase) > 1 and phrase not in phrases:
            phrases.append(phrase)
        elif len(phrase) == 1:
            text = text.replace(match.group(0), f" {phrase[0]} ", 1)
    loose = words(PHRASE.sub(" ", text))
    kept: list[QueryWord] = []
    ignored: list[str] = []
    for word in loose:
        if word in STOPWORDS and len(loose) > 1:
            ignored.append(word)
            continue
        if len(word) < MIN_PREFIX or any(w.word == word for w in kept):
            continue
        kept.append(QueryWord(word=word, stem=stem(word), prefix=True))
    return ParsedQuery(
        text=query[:MAX_QUERY_LENGTH],
        words=tuple(kept[:MAX_WORDS]),
        phrases=tuple(phrases[:3]),
        ignored=tuple(ignored),
    )
