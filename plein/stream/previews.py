"""Previews of links to Plein's own pages in a post: a post, a space, a person or a topic.

The links are found in the stored text (relative, or absolute on PLEIN_BASE_URL's
host), at most :data:`MAX_PER_POST` per post, and resolved for a whole page of
posts at once: one query per kind of target, whatever the number of posts.
A target the viewer may not see gives no preview, so a link to a secret space
or to a post in a closed space tells them nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plein.accounts.models import User, UserKind
from plein.accounts.permissions import is_admin, is_employee
from plein.spaces import selectors as space_selectors
from plein.stream import selectors
from plein.stream.models import Post, Topic
from plein.stream.text import plain_excerpt

MAX_PER_POST = 3
KINDS = {"berichten": "post", "ruimtes": "space", "mensen": "person", "onderwerpen": "topic"}

# A path on our site: relative (after the start, a space, a bracket or a quote) or with a scheme and host,
# ending where the link ends (the path may carry a query or a fragment).
LINK = re.compile(
    r"(?:(?P<origin>https?://[^\s/()<>\[\]\"']+)|(?<![^\s(<\[\"']))"
    r"/(?P<section>berichten|ruimtes|mensen|onderwerpen)/(?P<key>[\w-]+)/?"
    r"(?=[\s)\]>\"'.,;:!?#]|$)"
)


@dataclass(frozen=True)
class LinkPreview:
    """What a preview card shows; ``kind`` is post, space, person or topic."""

    kind: str
    url: str
    title: str
    author: str = ""  # post: who wrote it
    space: str = ""  # post: the space it is in ("" on a profile stream)
    detail: str = ""  # space: its description; person: their function


def _own_host() -> str:
    return urlsplit(settings.PLEIN_BASE_URL).netloc.lower()


def extract_links(body: str, *, limit: int = MAX_PER_POST) -> list[tuple[str, str]]:
    """The (kind, key) of the links to our pages in ``body``, in order, without repeats."""
    host = _own_host()
    found: list[tuple[str, str]] = []
    for match in LINK.finditer(body):
        origin = match["origin"]
        if origin and urlsplit(origin).netloc.lower() != host:
            continue
        kind, key = KINDS[match["section"]], match["key"]
        if kind in ("post", "person") and not key.isdigit():
            continue
        if (kind, key) not in found:
            found.append((kind, key))
        if len(found) >= limit:
            break
    return found


def _plain(html: str, length: int = 140) -> str:
    """The rendered text without markup (no ** or @[..](user:..) left), on one line."""
    text = " ".join(unescape(strip_tags(html)).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _posts(viewer: Any, ids: set[int]) -> dict[str, LinkPreview]:
    if not ids:
        return {}
    rows = selectors.visible_posts(viewer).filter(pk__in=ids).select_related("author", "space")
    return {
        str(post.pk): LinkPreview(
            kind="post",
            url=post.get_absolute_url(),
            # A post of images alone has no text to quote.
            title=_plain(post.body_html) or _("Message by %(name)s") % {"name": post.author.display_name},
            author=post.author.display_name,
            space=post.space.name if post.space else "",
        )
        for post in rows
    }


def _spaces(viewer: Any, slugs: set[str]) -> dict[str, LinkPreview]:
    if not slugs:
        return {}
    rows = space_selectors.visible_spaces(viewer).filter(slug__in=slugs)
    return {
        space.slug: LinkPreview(
            kind="space", url=space.get_absolute_url(), title=space.name, detail=plain_excerpt(space.description, 140)
        )
        for space in rows
    }


def _people(viewer: Any, ids: set[int]) -> dict[str, LinkPreview]:
    if not ids:
        return {}
    if is_admin(viewer) or is_employee(viewer):
        people = User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE)
    else:
        people = space_selectors.people_sharing_a_space(viewer)
    rows = people.filter(pk__in=ids).select_related("profile")
    previews = {}
    for person in rows:
        profile = getattr(person, "profile", None)
        previews[str(person.pk)] = LinkPreview(
            kind="person",
            url=reverse("people:profile", args=[person.pk]),
            title=person.display_name,
            detail=profile.function if profile else "",
        )
    return previews


def _topics(slugs: set[str]) -> dict[str, LinkPreview]:
    if not slugs:
        return {}
    return {
        topic.slug: LinkPreview(kind="topic", url=topic.get_absolute_url(), title=f"#{topic.name}")
        for topic in Topic.objects.filter(slug__in=slugs)
    }


def previews_for(viewer: Any, posts: Sequence[Post]) -> dict[int, list[LinkPreview]]:
    """Previews per post id for a page of posts (at most one query per kind of target)."""
    links = {post.pk: [link for link in extract_links(post.body) if link != ("post", str(post.pk))] for post in posts}
    wanted: dict[str, set[str]] = {kind: set() for kind in KINDS.values()}
    for found in links.values():
        for kind, key in found:
            wanted[kind].add(key)
    if not (viewer.is_authenticated and viewer.is_active) or not any(wanted.values()):
        return {}
    resolved = {
        "post": _posts(viewer, {int(key) for key in wanted["post"]}),
        "space": _spaces(viewer, wanted["space"]),
        "person": _people(viewer, {int(key) for key in wanted["person"]}),
        "topic": _topics(wanted["topic"]),
    }
    previews: dict[int, list[LinkPreview]] = {}
    for post_id, found in links.items():
        shown = [resolved[kind][key] for kind, key in found if key in resolved[kind]]
        if shown:
            previews[post_id] = shown
    return previews
