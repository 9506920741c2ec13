"""The Dutch catalogue is complete and compiled; English stays the source language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|\{[^{}]*\}")


def po_entries(path: Path) -> list[tuple[set[str], str, str, list[str]]]:
    """(flags, msgid, msgid_plural, msgstrs) per entry, header included; obsolete (#~) entries skipped."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = {f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")}
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if "msgid" in fields:
            strs = [value for name, value in fields.items() if name.startswith("msgstr")]
            entries.append((flags, fields["msgid"], fields.get("msgid_plural", ""), strs))
    return entries


def catalogue(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_header_is_valid(language):
    header = next(e for e in po_entries(catalogue(language)) if e[1] == "")
    assert "fuzzy" not in header[0]
    text = header[3][0]
    assert f"Language: {language}\\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text


def test_dutch_catalogue_is_complete():
    body = [e for e in po_entries(catalogue("nl")) if e[1]]
    assert body
    assert [e[1] for e in body if "fuzzy" in e[0]] == []
    assert [e[1] for e in body if not all(e[3])] == []
    for _flags, msgid, plural, strs in body:
        for text in strs:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(msgid + plural)), msgid


def test_dutch_at_runtime():
    with translation.override("nl"):
        assert translation.gettext("Skip to main content") == "Direct naar de inhoud"
        assert translation.gettext("Notifications, {count} unread").format(count=3) == "Meldingen, 3 ongelezen"
        assert translation.ngettext("%(total)s colleague", "%(total)s colleagues", 1) % {"total": 1} == "1 collega"
        assert translation.ngettext("%(total)s colleague", "%(total)s colleagues", 5) % {"total": 5} == "5 collega's"
        assert translation.gettext("Dutch") == "Nederlands"
        assert translation.gettext("English") == "English"  # ours, not Django's "Engels"


def test_english_is_the_source_language():
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
        assert translation.gettext("Log out") == "Log out"  # no fall-back to Dutch
