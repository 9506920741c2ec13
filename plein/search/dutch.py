"""A Dutch stemmer (the Snowball "dutch" algorithm) and a short stopword list.

The same stems are written to the index and looked up at query time on both
engines, so "vergaderingen", "vergadering" and "vergader" all meet at
"vergader". Input is folded text (lower case, no accents; see
:func:`plein.core.text.fold`).

Algorithm: https://snowballstem.org/algorithms/dutch/stemmer.html
"""

from __future__ import annotations

import functools

VOWELS = frozenset("aeiouy\u00e8")

# Words too common to search on their own; they still count inside a quoted phrase.
STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wezen",
        "wie",
        "wij",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def _is_vowel(word: str, index: int) -> bool:
    return 0 <= index < len(word) and word[index] in VOWELS


def _mark_consonants(word: str) -> str:
    """Initial y, y after a vowel and i between vowels act as consonants: mark them upper case."""
    chars = list(word)
    for index, char in enumerate(chars):
        previous_vowel = index > 0 and chars[index - 1] in VOWELS
        if char == "y" and (index == 0 or previous_vowel):
            chars[index] = "Y"
        elif char == "i" and previous_vowel and index + 1 < len(chars) and chars[index + 1] in VOWELS:
            chars[index] = "I"
    return "".join(chars)


def _region_after(word: str, start: int) -> int:
    """Where the region after the first non-vowel following a vowel (from ``start``) begins."""
    for index in range(start + 1, len(word)):
        if word[index] not in VOWELS and word[index - 1] in VOWELS:
            return index + 1
    return len(word)


def _undouble(word: str) -> str:
    return word[:-1] if word.endswith(("kk", "dd", "tt")) else word


def _valid_en_ending(word: str, end: int) -> bool:
    """``word[:end]`` ends in a non-vowel and not in "gem"."""
    return end > 0 and word[end - 1] not in VOWELS and not word[:end].endswith("gem")


def _valid_s_ending(word: str, end: int) -> bool:
    return end > 0 and word[end - 1] not in VOWELS and word[end - 1] != "j"


def _step_1(word: str, r1: int) -> str:
    if word.endswith("heden"):
        if len(word) - 5 >= r1:
            return word[:-5] + "heid"
        return word
    for suffix in ("ene", "en"):
        if word.endswith(suffix):
            end = len(word) - len(suffix)
            if end >= r1 and _valid_en_ending(word, end):
                return _undouble(word[:end])
            return word
    for suffix in ("se", "s"):
        if word.endswith(suffix):
            end = len(word) - len(suffix)
            if end >= r1 and _valid_s_ending(word, end):
                return word[:end]
            return word
    return word


def _step_2(word: str, r1: int) -> tuple[str, bool]:
    end = len(word) - 1
    if word.endswith("e") and end >= r1 and end > 0 and word[end - 1] not in VOWELS:
        return _undouble(word[:end]), True
    return word, False


def _step_3(word: str, r1: int, r2: int, removed_e: bool) -> str:
    if word.endswith("heid") and len(word) - 4 >= r2 and not word[:-4].endswith("c"):
        word = word[:-4]
        if word.endswith("en") and len(word) - 2 >= r1 and _valid_en_ending(word, len(word) - 2):
            word = _undouble(word[:-2])
    for suffix in ("end", "ing"):
        if word.endswith(suffix):
            end = len(word) - 3
            if end >= r2:
                word = word[:end]
                if word.endswith("ig") and len(word) - 2 >= r2 and not word[:-2].endswith("e"):
                    word = word[:-2]
                else:
                    word = _undouble(word)
            return word
    if word.endswith("ig"):
        end = len(word) - 2
        if end >= r2 and not word[:end].endswith("e"):
            word = word[:end]
        return word
    if word.endswith("lijk"):
        if len(word) - 4 >= r2:
            word, _ = _step_2(word[:-4], r1)
        return word
    if word.endswith("baar"):
        return word[:-4] if len(word) - 4 >= r2 else word
    if word.endswith("bar") and len(word) - 3 >= r2 and removed_e:
        return word[:-3]
    return word


def _undouble_vowel(word: str) -> str:
    """CVD with a double a, e, o or u: "maan" -> "man", "brood" -> "brod"."""
    if len(word) < 4:
        return word
    c, v1, v2, d = word[-4], word[-3], word[-2], word[-1]
    if v1 == v2 and v1 in "aeou" and c not in VOWELS and d not in VOWELS and d != "I":
        return word[:-2] + word[-1]
    return word


@functools.lru_cache(maxsize=100_000)  # words repeat a lot: indexing a million comments stems few distinct ones
def stem(word: str) -> str:
    """The stem of one folded word; words of three letters or fewer, and non-letters, stay as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _mark_consonants(word)
    r1 = max(_region_after(word, 0), 3)
    r2 = _region_after(word, r1)
    word = _step_1(word, r1)
    word, removed_e = _step_2(word, r1)
    word = _step_3(word, r1, r2, removed_e)
    word = _undouble_vowel(word)
    return word.lower()
