"""A table of contents for a page: ids on its h2/h3 headings and the list that links to them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

HEADING = re.compile(r"<(h[23])((?:\s[^>]*)?)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
ID_ATTRIBUTE = re.compile(r"\sid=\"[^\"]*\"")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


def with_anchors(html: str) -> tuple[SafeString, list[Heading]]:
    """``html`` (already sanitised rich text) with an id on every h2/h3, and the headings in order."""
    headings: list[Heading] = []
    used: set[str] = set()

    def anchor_for(text: str) -> str:
        base = "h-" + (slugify(text)[:60] or "kop")
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        return anchor

    def replace(match: re.Match[str]) -> str:
        tag, attributes, inner = match.group(1).lower(), match.group(2) or "", match.group(3)
        text = " ".join(strip_tags(inner).split())
        anchor = anchor_for(text)
        headings.append(Heading(level=int(tag[1]), text=text, anchor=anchor))
        return f'<{tag}{ID_ATTRIBUTE.sub("", attributes)} id="{anchor}">{inner}</{tag}>'

    return mark_safe(HEADING.sub(replace, html)), headings  # noqa: S308 - input is sanitised rich text
