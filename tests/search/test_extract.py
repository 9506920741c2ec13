"""Text from attached files, on real files made here; and a file is found by the words inside it."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile

from plein.search.access import Searcher
from plein.search.analysis import parse_query
from plein.search.content import ContentFilters, search_content
from plein.search.extract import extract_text
from plein.search.indexing import rebuild
from plein.stream.models import Attachment, AttachmentKind
from tests.search import samples
from tests.stream.factories import PostFactory


def test_pdf_text():
    assert "Vergaderingen over de begroting" in extract_text(
        "notulen.PDF", io.BytesIO(samples.pdf("Vergaderingen over de begroting"))
    )


def test_docx_text():
    text = extract_text("plan.docx", io.BytesIO(samples.docx(["Eerste alinea", "Tweede alinea over fietsen"])))
    assert text == "Eerste alinea Tweede alinea over fietsen"


def test_odt_text():
    assert extract_text("brief.odt", io.BytesIO(samples.odt(["Beste collega's"]))) == "Kop Beste collega's"


def test_plain_text_in_utf8_and_windows_1252():
    assert extract_text("lijst.txt", io.BytesIO("Café Zuiderveld".encode())) == "Café Zuiderveld"
    assert extract_text("lijst.csv", io.BytesIO("Café;Zuiderveld".encode("cp1252"))) == "Café;Zuiderveld"


@pytest.mark.parametrize("name", ["kapot.pdf", "kapot.docx", "kapot.odt"])
def test_a_damaged_file_gives_no_text_and_no_error(name):
    assert extract_text(name, io.BytesIO(b"dit is geen echt bestand")) == ""


def test_an_unknown_type_gives_no_text():
    assert extract_text("foto.exe", io.BytesIO(b"MZ")) == ""


@pytest.mark.django_db
def test_a_file_is_found_by_its_text_and_name(employee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    post = PostFactory(body="Zie bijlage.")
    attachment = Attachment(post=post, kind=AttachmentKind.FILE, name="notulen-mei.pdf", size=1)
    attachment.file.save("notulen-mei.pdf", ContentFile(samples.pdf("Besluit over de fietsenstalling")), save=True)
    rebuild()

    def found(query: str) -> list[str]:
        results = search_content(
            searcher=Searcher(employee), query=parse_query(query), filters=ContentFilters(kinds=("file",))
        )
        return [hit.document.title for hit in results.hits]

    assert found("fietsenstalling") == ["notulen-mei.pdf"]
    assert found("notulen") == ["notulen-mei.pdf"]
    assert found("taart") == []
