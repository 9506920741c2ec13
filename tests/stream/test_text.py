"""What people type, rendered: light Markdown, mentions, topics and links, and nothing unsafe."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from plein.stream.models import MAX_POST_LENGTH
from plein.stream.text import plain_excerpt, render, topic_slug


def test_bold_italic_code_and_line_breaks():
    html = render("**vet** en *schuin* en `code`\nnieuwe regel").html
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<code>code</code>" in html
    assert "<br" in html


def test_lists_and_quotes():
    assert render("- een\n- twee").html == "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"
    assert "<ol>" in render("1. een\n2. twee").html
    assert render("> gezegd").html == "<blockquote>\n<p>gezegd</p>\n</blockquote>"


def test_headings_images_and_rules_stay_text():
    html = render("# kop\n\n![foto](https://example.nl/a.png)\n\n---").html
    assert "<h1" not in html and "<img" not in html and "<hr" not in html


def test_links_get_rel_and_keep_their_text():
    html = render("Zie [de site](https://www.zuiderveld.nl/nieuws).").html
    assert '<a href="https://www.zuiderveld.nl/nieuws" rel="noopener noreferrer nofollow">de site</a>' in html


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://x.nl" onclick="steal()">klik</a>',
        "<style>body{display:none}</style>",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_raw_html_is_never_markup(typed):
    html = render(f"Hallo {typed} daar").html
    assert markup_in(html) == [("p", [])]  # what was typed is shown as text
    assert "Hallo" in html and "daar" in html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, [name for name, _value in attrs]))


def markup_in(html: str) -> list[tuple[str, list[str]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    "typed",
    ["[klik](javascript:alert(1))", "[klik](JaVaScRiPt:alert(1))", "[klik](data:text/html;base64,PHNjcmlwdD4=)"],
)
def test_javascript_and_data_links_are_dropped(typed):
    html = render(typed).html
    assert "<a" not in html
    assert "href" not in html


def test_mentions_become_links_and_are_reported():
    rendered = render("Dank @[Anna de Jong](user:12) en @[Team Burgerzaken](space:team-burgerzaken), @[Anna](user:12)!")
    assert '<a href="/mensen/12/" rel="noopener noreferrer nofollow">@Anna de Jong</a>' in rendered.html
    assert (
        '<a href="/ruimtes/team-burgerzaken/" rel="noopener noreferrer nofollow">@Team Burgerzaken</a>' in rendered.html
    )
    assert rendered.user_ids == [12]  # once, however often mentioned
    assert rendered.space_slugs == ["team-burgerzaken"]


def test_a_mention_label_cannot_inject_markup_or_topics():
    rendered = render("@[Anna *ster* <b>#1</b>](user:7)")
    assert rendered.topics == []
    assert "<b>" not in rendered.html and "<em>" not in rendered.html
    assert 'href="/mensen/7/"' in rendered.html


def test_malformed_mentions_stay_text():
    rendered = render("@[Anna](user:abc) en @[Piet](group:3) en @Piet")
    assert rendered.user_ids == [] and rendered.space_slugs == []
    assert "/mensen/" not in rendered.html


def test_topics_are_linked_and_extracted_first_spelling_wins():
    rendered = render("#Duurzaamheid is belangrijk. Meer #duurzaamheid en #Omgevingswet!")
    assert rendered.topics == ["Duurzaamheid", "Omgevingswet"]
    assert rendered.html.count('href="/onderwerpen/duurzaamheid/"') == 2
    assert '<a href="/onderwerpen/omgevingswet/" rel="noopener noreferrer nofollow">#Omgevingswet</a>' in rendered.html


def test_topics_fold_case_and_accents():
    assert topic_slug("Duurzaamheid") == topic_slug("duurzaamheid") == "duurzaamheid"
    assert topic_slug("Café") == topic_slug("cafe") == "cafe"
    assert topic_slug("Ærø") == "aero"
    rendered = render("#Café en #cafe")
    assert rendered.topics == ["Café"]
    assert rendered.html.count('href="/onderwerpen/cafe/"') == 2


@pytest.mark.parametrize(
    "typed",
    [
        "https://www.zuiderveld.nl/pagina#anker",
        "https://www.zuiderveld.nl/#/route",
        "https://www.zuiderveld.nl/?zoek=#resultaat",
        "[de pagina](https://www.zuiderveld.nl/?a=#anker)",
        "`#include` in code",
        "C# en F#",
        "&#35; en &#x23;",
        "##dubbel",
        "mail@host#x",
        "#_liggend",
    ],
)
def test_a_hash_that_does_not_start_a_word_is_no_topic(typed):
    rendered = render(typed)
    assert rendered.topics == []
    assert "/onderwerpen/" not in rendered.html


def test_url_with_fragment_keeps_its_fragment():
    html = render("https://www.zuiderveld.nl/?zoek=#resultaat").html
    assert 'href="https://www.zuiderveld.nl/?zoek=#resultaat"' in html


def test_bare_urls_are_linked_without_trailing_punctuation():
    html = render("Kijk op https://www.zuiderveld.nl/nieuws. En (https://example.nl/a) of http://x.nl/b?c=1!").html
    assert '<a href="https://www.zuiderveld.nl/nieuws" rel="noopener noreferrer nofollow">' in html
    assert "nieuws</a>." in html
    assert '<a href="https://example.nl/a" rel="noopener noreferrer nofollow">' in html
    assert '<a href="http://x.nl/b?c=1" rel="noopener noreferrer nofollow">' in html


def test_a_url_inside_a_markdown_link_is_linked_once():
    html = render("[https://a.nl](https://a.nl) en <https://b.nl>").html
    assert html.count("<a ") == 2


def test_very_long_input_renders_quickly():
    text = ("**woord** #thema https://example.nl/a?b=c @[Anna](user:1) _schuin_ `x` " * 200)[:MAX_POST_LENGTH]
    started = time.perf_counter()
    rendered = render(text)
    assert time.perf_counter() - started < 2
    assert rendered.topics == ["thema"] and rendered.user_ids == [1]
    for pathological in ("*" * 10_000, "[" * 5_000 + "]" * 5_000, "http://" + "a" * 5_000 + "." * 5_000, "#" * 10_000):
        started = time.perf_counter()
        render(pathological)
        assert time.perf_counter() - started < 2, pathological[:20]


def test_empty_text():
    assert render("").html == ""


def test_plain_excerpt():
    assert plain_excerpt("Hallo @[Anna de Jong](user:12),\n\nzie je  morgen?") == "Hallo @Anna de Jong, zie je morgen?"
    long = plain_excerpt("woord " * 100, length=40)
    assert len(long) == 40 and long.endswith("…")
