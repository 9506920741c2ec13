"""Labels and counts for the search page's tabs and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.search.forms import CONTENT_TABS
from plein.search.registry import providers

register = template.Library()


def _labels() -> dict[str, str]:
    return {
        "alles": _("All"),
        "mensen": _("People"),
        "ruimtes": _("Spaces"),
        "berichten": _("Posts and comments"),
        "bestanden": _("Files"),
        "onderwerpen": _("Topics"),
        "nieuws": _("News"),
        "paginas": _("Pages"),
    }


def _kind_labels() -> dict[str, str]:
    # A context of their own: "Post" is also a verb elsewhere in Plein.
    return {
        "post": pgettext("search result kind", "Post"),
        "comment": pgettext("search result kind", "Comment"),
        "file": pgettext("search result kind", "File"),
        "topic": pgettext("search result kind", "Topic"),
        "news": pgettext("search result kind", "News"),
        "page": pgettext("search result kind", "Page"),
    }


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    count: str | None


@register.filter
def search_tabs(found: Any) -> list[Tab]:
    """The tabs worth showing: all, people, spaces, and each content tab that has a provider."""
    registered = set(providers())
    counts = found.content.counts

    def shown(number: int, more: bool) -> str:
        return f"{number}+" if more else str(number)

    tabs = [Tab("alles", _labels()["alles"], None)]
    if found.tab in ("alles", "mensen"):
        tabs.append(Tab("mensen", _labels()["mensen"], shown(len(found.people), found.more_people)))
    else:
        tabs.append(Tab("mensen", _labels()["mensen"], None))
    if found.tab in ("alles", "ruimtes"):
        tabs.append(Tab("ruimtes", _labels()["ruimtes"], shown(len(found.spaces), found.more_spaces)))
    else:
        tabs.append(Tab("ruimtes", _labels()["ruimtes"], None))
    content_known = found.tab not in ("mensen", "ruimtes")
    for key, kinds in CONTENT_TABS.items():
        if not registered & set(kinds):
            continue
        number = sum(counts.get(kind, 0) for kind in kinds)
        count = shown(number, bool(found.content.capped & set(kinds))) if content_known else None
        tabs.append(Tab(key, _labels()[key], count))
    return tabs


@register.simple_tag
def tab_label(key: str) -> str:
    return _labels().get(key, key)


@register.simple_tag
def kind_label(kind: str) -> str:
    return _kind_labels().get(kind, kind)
