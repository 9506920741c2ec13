"""Small text helpers shared by search, skills, imports and the demo."""

from __future__ import annotations

import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII (dotless i, o-slash, ...).
_SPECIAL_LETTERS = str.maketrans(
    {"\u0131": "i", "\u00f8": "o", "\u00e6": "ae", "\u00df": "ss", "\u0142": "l", "\u0111": "d", "\u0153": "oe"}
)


def fold(text: str) -> str:
    """Lower case without accents, for matching: "Renée Çelik" -> "renee celik"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def squash_spaces(text: str) -> str:
    return " ".join(text.split())
