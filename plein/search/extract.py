"""Text from attached files: PDF (pypdf), DOCX and ODT (their XML, read with the standard library), plain text.

Extraction never raises: a damaged or unknown file gives an empty text, and
the file is still found by its name. Output is capped, so a huge file cannot
make an index row huge.
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import IO
from xml.etree import ElementTree

from plein.search.analysis import MAX_INDEXED_CHARACTERS

log = logging.getLogger("plein.search")

MAX_PDF_PAGES = 200
MAX_XML_BYTES = 20_000_000  # uncompressed; a "zip bomb" stops here
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TEXT_TYPES = (".txt", ".md", ".csv")


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_INDEXED_CHARACTERS:
            break
    return "\n".join(parts)


def _zipped_xml(data: bytes, member: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_XML_BYTES:
            raise ValueError(f"{member} is too large to index")
        # Expat (2.4+) caps entity expansion and the standard library never fetches external entities.
        return ElementTree.fromstring(archive.read(member))  # noqa: S314


def _docx(data: bytes) -> str:
    root = _zipped_xml(data, "word/document.xml")
    paragraphs = []
    for paragraph in root.iter(f"{WORD_NAMESPACE}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{WORD_NAMESPACE}t")))
    return "\n".join(paragraphs)


def _odt(data: bytes) -> str:
    root = _zipped_xml(data, "content.xml")
    blocks = []
    for element in root.iter():
        if element.tag in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"):
            blocks.append("".join(element.itertext()))
    return "\n".join(blocks)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def extract_text(name: str, stream: IO[bytes]) -> str:
    """The readable text of a file called ``name``; empty when the type is unknown or the file is damaged."""
    lowered = name.lower()
    data = stream.read(50_000_000)
    try:
        if lowered.endswith(".pdf"):
            text = _pdf(data)
        elif lowered.endswith(".docx"):
            text = _docx(data)
        elif lowered.endswith(".odt"):
            text = _odt(data)
        elif lowered.endswith(TEXT_TYPES):
            text = _plain(data)
        else:
            return ""
    except Exception:  # any damaged file: index the name only
        log.warning("Could not read the text of %s", name, exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_INDEXED_CHARACTERS]
