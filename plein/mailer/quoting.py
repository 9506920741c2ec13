"""The new text of a reply e-mail: quoted text, quote headers and signatures removed.

Handles what mail programs add under a reply in Dutch and English: lines
quoted with ">", "On <date>, <name> wrote:" and "Op <datum> schreef <naam>:"
(also when wrapped over two lines), Outlook's "From:/Sent:/To:" ("Van:/
Verzonden:/Aan:") header block and its underscore rule, "-----Original
Message-----", the "-- " signature separator and "Sent from my phone" lines.
HTML-only mails are turned into text first, dropping <blockquote> and the
quote containers of Gmail and Outlook.
"""

from __future__ import annotations

import email.message
import re
from html.parser import HTMLParser

QUOTE_HEADER = re.compile(r"^\s*(on|op)\b.*\b(wrote|schreef|het volgende geschreven)\b.*:\s*$", re.IGNORECASE)
QUOTE_HEADER_START = re.compile(r"^\s*(on|op)\s", re.IGNORECASE)
ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|forwarded message|"
    r"doorgestuurd bericht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
HEADER_FROM = re.compile(r"^\s*\*?(from|van)\s*:\*?\s", re.IGNORECASE)
HEADER_NEXT = re.compile(r"^\s*\*?(sent|date|to|subject|cc|verzonden|datum|aan|onderwerp)\s*:\*?", re.IGNORECASE)
RULE = re.compile(r"^\s*_{10,}\s*$")
SIGNATURE = re.compile(r"^--\s?$")
MOBILE = re.compile(
    r"^\s*(sent from my|sent from outlook|get outlook for|verzonden (vanaf|met|vanuit) |verstuurd (vanaf|met|vanuit) )",
    re.IGNORECASE,
)


def strip_reply(text: str) -> str:
    """Only what the person wrote above the quote and their signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1 : index + 5]
        if _starts_quote(line, following):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    while kept and (not kept[-1].strip() or MOBILE.match(kept[-1])):
        kept.pop()
    while kept and not kept[0].strip():
        kept.pop(0)
    return "\n".join(kept)


def _starts_quote(line: str, following: list[str]) -> bool:
    if SIGNATURE.match(line) or ORIGINAL.match(line) or RULE.match(line) or QUOTE_HEADER.match(line):
        return True
    if QUOTE_HEADER_START.match(line) and following and QUOTE_HEADER.match(f"{line} {following[0]}"):
        return True  # "On Tue, 1 Dec 2026 at 10:00, Anna de Jong <anna@...>" / "wrote:" wrapped
    if HEADER_FROM.match(line):
        return any(HEADER_NEXT.match(next_line) for next_line in following)
    return False


class _Text(HTMLParser):
    """HTML to plain text, leaving out quoted parts and what is never shown."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table"}
    SKIP = {"style", "script", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0  # inside a quote or something never shown
        self.stack: list[bool] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        ident = attributes.get("id") or ""
        if ident in ("divRplyFwdMsg", "appendonsend") or "gmail_signature" in classes:
            self.done = True  # Outlook puts everything from here on below the reply
            return
        if tag in ("br", "hr", "img", "meta", "link", "input"):
            if tag == "br" and not self.depth:
                self.parts.append("\n")
            return
        hidden = tag == "blockquote" or tag in self.SKIP or "gmail_quote" in classes or "moz-cite-prefix" in classes
        self.stack.append(hidden)
        self.depth += hidden
        if tag in self.BLOCKS and not self.depth:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in ("br", "hr", "img", "meta", "link", "input") or not self.stack:
            return
        self.depth -= self.stack.pop()
        if tag in self.BLOCKS and not self.depth:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.done and not self.depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def reply_text(message: email.message.EmailMessage) -> str:
    """The new text of a reply: its plain part (or its HTML part as text), stripped of quotes and signature."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        return strip_reply(plain.get_content())
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        return strip_reply(html_to_text(html.get_content()))
    return ""
