"""Dutch stemming, query parsing and snippets: the pieces both engines share."""

from __future__ import annotations

import pytest

from plein.search.analysis import normalise, parse_query, terms_for
from plein.search.dutch import stem
from plein.search.snippets import highlight


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("vergaderingen", "vergader"),
        ("vergadering", "vergader"),
        ("lichamelijk", "licham"),
        ("duurzaamheid", "duurzam"),
        ("gemeenten", "gemeent"),
        ("gemeente", "gemeent"),
        ("koppelingen", "koppel"),
        ("maan", "man"),
        ("de", "de"),  # short words stay
        ("2026", "2026"),
    ],
)
def test_dutch_stems(word, expected):
    assert stem(word) == expected


def test_singular_and_plural_meet_at_one_stem():
    for singular, plural in [("vergadering", "vergaderingen"), ("gemeente", "gemeenten"), ("koppeling", "koppelingen")]:
        assert stem(singular) == stem(plural)


def test_terms_hold_folded_words_and_extra_stems():
    terms = terms_for("Vergaderingen in het Café", "Één afspraak")
    assert terms.title == "vergaderingen in het cafe"
    assert terms.body == "een afspraak"
    assert "vergader" in terms.stems.split()
    assert "het" not in terms.stems.split()  # stopwords get no stem


def test_english_text_is_not_stemmed_the_dutch_way():
    assert terms_for("Meetings", "the meetings of the team", language="en").stems == ""


def test_a_query_keeps_words_and_phrases_and_drops_stopwords():
    parsed = parse_query('de "nieuwe vergaderruimte" reserveren')
    assert [w.word for w in parsed.words] == ["reserveren"]
    assert parsed.phrases == (("nieuwe", "vergaderruimte"),)
    assert parsed.ignored == ("de",)


@pytest.mark.parametrize(
    "query",
    ['"', '""', "---", "*", "NEAR(a b)", "a AND OR NOT", "'; DROP TABLE x; --", "<script>", "\x00", "é" * 3000],
)
def test_odd_queries_parse_to_plain_words(query):
    parsed = parse_query(query)
    for word in parsed.words:
        assert word.word.isalnum()
    for phrase in parsed.phrases:
        assert all(word.isalnum() for word in phrase)


def test_a_lone_stopword_is_still_searched():
    assert [w.word for w in parse_query("de").words] == ["de"]


def test_normalise_folds_for_the_statistics():
    assert normalise("  Vergaderingen   CAFÉ!! ") == "vergaderingen cafe"


def test_snippets_escape_the_text_and_mark_matches():
    html = highlight("<b>Vergaderingen</b> & café-overleg", parse_query("vergadering cafe"))
    assert html == "&lt;b&gt;<mark>Vergaderingen</mark>&lt;/b&gt; &amp; <mark>café</mark>-overleg"


def test_a_snippet_is_a_window_around_the_first_match():
    text = " ".join(f"woord{n}" for n in range(200)) + " begroting " + " ".join(f"rest{n}" for n in range(200))
    html = highlight(text, parse_query("begroting"), words=20)
    assert "<mark>begroting</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 400
