"""User help, written in Markdown per language under ``content/<language>/<slug>.md``.

Pages are trusted project files, rendered once per process with HTML disabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from markdown_it import MarkdownIt

CONTENT = Path(__file__).resolve().parent / "content"


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    html: str


def _render(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    title = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("# ") else ""
    body = "\n".join(lines[1:]) if title else text
    # The first line's "# Title" becomes the page's only h1; "## " sections stay h2.
    html = MarkdownIt("commonmark", {"html": False}).render(body)
    return title, html


@cache
def help_page(slug: str, language: str) -> HelpPage | None:
    """The page in the language asked for, else in the site's default language."""
    for lang in (language, settings.LANGUAGE_CODE):
        path = CONTENT / lang / f"{slug}.md"
        if slug.isidentifier() and path.is_file():
            title, html = _render(path.read_text(encoding="utf-8"))
            return HelpPage(slug=slug, title=title, html=html)
    return None


def help_index(language: str) -> list[HelpPage]:
    folder = CONTENT / language
    slugs = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
    return [page for slug in slugs if (page := help_page(slug, language))]
