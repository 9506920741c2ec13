"""Quoted text and signatures are stripped from replies, in Dutch and English, plain and HTML."""

from __future__ import annotations

import email
import email.policy

import pytest

from plein.mailer.quoting import html_to_text, reply_text, strip_reply


@pytest.mark.parametrize(
    "body",
    [
        "Goed plan, ik doe mee!\n\nOp di 1 dec 2026 om 10:04 schreef Anna de Jong <anna@zuiderveld.nl>:\n> Wie?\n",
        "Goed plan, ik doe mee!\n\nOn Tue, 1 Dec 2026 at 10:04, Anna de Jong <anna@zuiderveld.nl> wrote:\n> Wie?\n",
        "Goed plan, ik doe mee!\n\nOn Tue, 1 Dec 2026 at 10:04, Anna de Jong\n<anna@zuiderveld.nl> wrote:\n> Wie?\n",
        "Goed plan, ik doe mee!\n\n-- \nPiet Jansen\nTeam Wijkbeheer\n",
        "Goed plan, ik doe mee!\n\nVerzonden vanaf mijn iPhone\n",
        "Goed plan, ik doe mee!\n\n________________________________\nVan: Plein <plein@zuiderveld.nl>\n"
        "Verzonden: dinsdag 1 december 2026 10:04\nAan: Piet Jansen\nOnderwerp: Nieuwe werkplekken\n\nTekst\n",
        "Goed plan, ik doe mee!\n\nFrom: Plein <plein@zuiderveld.nl>\nSent: Tuesday, December 1, 2026 10:04\n"
        "To: Piet Jansen\nSubject: New desks\n\nText\n",
        "Goed plan, ik doe mee!\n\n-----Oorspronkelijk bericht-----\nVan: Plein\nText\n",
        "Goed plan, ik doe mee!\n> quoted\n> more\n",
    ],
)
def test_quotes_and_signatures_are_stripped(body: str) -> None:
    assert strip_reply(body) == "Goed plan, ik doe mee!"


def test_the_persons_own_lines_and_paragraphs_are_kept() -> None:
    body = "Eerste alinea.\nTweede regel.\n\nVan de week kan ik niet.\n\nOp ma 30 nov schreef Plein:\n> x"
    assert strip_reply(body) == "Eerste alinea.\nTweede regel.\n\nVan de week kan ik niet."


def test_an_html_only_reply_from_outlook_or_gmail_is_read_without_its_quote() -> None:
    outlook = (
        "<html><head><style>p{}</style></head><body><p>Prima, <b>ik</b> kom.</p><p>Groet, Piet</p>"
        '<div id="divRplyFwdMsg"><b>Van:</b> Plein<br><b>Verzonden:</b> dinsdag</div>'
        "<div>Oude tekst</div></body></html>"
    )
    gmail = (
        '<div dir="ltr">Prima, ik kom.</div><br><div class="gmail_quote">On Tue wrote:<blockquote>x</blockquote></div>'
    )
    assert html_to_text(outlook) == "Prima, ik kom.\n\nGroet, Piet"
    assert strip_reply(html_to_text(gmail)) == "Prima, ik kom."


def test_reply_text_prefers_the_plain_part_and_falls_back_to_html() -> None:
    plain = email.message.EmailMessage(policy=email.policy.default)
    plain.set_content("Ja!\n\nOn Mon, Plein wrote:\n> vraag\n")
    plain.add_alternative("<p>Ja (html)</p>", subtype="html")
    html_only = email.message.EmailMessage(policy=email.policy.default)
    html_only.set_content("<p>Nee.</p><blockquote>vraag</blockquote>", subtype="html")
    assert reply_text(plain) == "Ja!"
    assert reply_text(html_only) == "Nee."
