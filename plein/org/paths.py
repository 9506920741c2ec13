"""Materialised paths for the department tree."""

from __future__ import annotations

import string

from plein.org.models import PATH_STEP

ALPHABET = string.digits + string.ascii_uppercase


def encode_step(index: int) -> str:
    """Encode a sibling number as a fixed-width base-36 step (``0001``)."""
    if index < 0 or index >= len(ALPHABET) ** PATH_STEP:
        raise ValueError(f"Sibling number {index} does not fit in a path step.")
    digits = []
    for _ in range(PATH_STEP):
        index, rest = divmod(index, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits))


def child_path(parent_path: str, index: int) -> str:
    return parent_path + encode_step(index)
