"""What people type, turned into safe HTML: light Markdown, @mentions, #topics and bare links.

The composer's autocomplete writes a mention as ``@[Anna de Jong](user:12)`` or
``@[Team Burgerzaken](space:team-burgerzaken)``; readers see a link with the
name. ``#duurzaamheid`` becomes a link to the topic page. Raw HTML is never
accepted, and the rendering passes through nh3 with a short allow-list, so
stored HTML is safe whatever was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from django.urls import reverse
from django.utils.text import slugify
from markdown_it import MarkdownIt

from plein.core.text import fold

MENTION = re.compile(r"@\[(?P<name>[^\[\]\n]{1,120})\]\((?P<kind>user|space):(?P<key>[\w-]{1,140})\)")
# A hash sign that starts a word (not "#" inside a URL or after a letter or ampersand).
TOPIC = re.compile(r"(?<![\w/&#])#(?P<name>[^\W_][\w-]{0,58})")
BARE_URL = re.compile(r"(?<![<\[\"'=])\bhttps?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")
# One left-to-right pass: a mention, a code span, a Markdown link target or a URL is taken whole,
# so a "#" inside one of them never becomes a topic.
_TOKENS = re.compile(
    "|".join(
        [
            f"(?P<mention>{MENTION.pattern})",
            r"(?P<code>`[^`\n]+`)",
            r"(?P<target>\]\([^)\s]*\))",
            f"(?P<url>{BARE_URL.pattern})",
            "(?P<topic>" + TOPIC.pattern.replace("(?P<name>", "(?P<topic_name>") + ")",
        ]
    ).replace("(?P<name>", "(?P<mention_name>", 1)
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(["image", "heading", "lheading", "hr"])


@dataclass
class Rendered:
    html: str
    user_ids: list[int] = field(default_factory=list)
    space_slugs: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # names as typed, first spelling wins


def topic_slug(name: str) -> str:
    return slugify(fold(name))[:60]


def render(text: str) -> Rendered:
    """Safe HTML for ``text`` and what it refers to. Mentions are not checked here (see the actions)."""
    found = Rendered(html="")

    def mention(match: re.Match[str]) -> str:
        name, kind, key = match["mention_name"].strip(), match["kind"], match["key"]
        if kind == "user" and key.isdigit():
            found.user_ids.append(int(key))
            return f"[@{_escape_label(name)}]({reverse('people:profile', args=[int(key)])})"
        if kind == "space":
            found.space_slugs.append(key)
            return f"[@{_escape_label(name)}]({reverse('spaces:space', args=[key])})"
        return match[0]

    def topic(match: re.Match[str]) -> str:
        name = match["topic_name"]
        slug = topic_slug(name)
        if not slug:
            return match[0]
        if slug not in {topic_slug(t) for t in found.topics}:
            found.topics.append(name)
        return f"[#{name}]({reverse('stream:topic', args=[slug])})"

    def token(match: re.Match[str]) -> str:
        if match["mention"]:
            return mention(match)
        if match["url"]:
            return f"<{match['url']}>"
        if match["topic"]:
            return topic(match)
        return match[0]  # a code span or a link target, as typed

    source = _TOKENS.sub(token, text)
    html = _markdown.render(source)
    found.html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
    found.user_ids = list(dict.fromkeys(found.user_ids))
    found.space_slugs = list(dict.fromkeys(found.space_slugs))
    return found


def _escape_label(name: str) -> str:
    return re.sub(r"([\\\[\]*_`])", r"\\\1", name)


def plain_excerpt(text: str, length: int = 160) -> str:
    """The text without mention markup, on one line, for previews and notifications."""
    plain = MENTION.sub(lambda m: "@" + m["name"], text)
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"
