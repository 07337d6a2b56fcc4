"""Word (.docx), OpenDocument text (.odt) and RTF: paragraphs, headings and the title.

A Word or RTF file laid out as a Nexis Uni download is split into its articles (`nexis`),
an RTF laid out as an APA OnlineManager export into its own (`apa`). RTF bytes are read as
UTF-8 when they are (APA writes UTF-8 inside RTF), else as cp1252.
DOCX is read with python-docx (styles tell headings; the `office` extra); ODT with the
standard library (a zip holding content.xml: no dependency needed); RTF with striprtf (no
styles survive, so headings are left to the structure parser).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

from gpreader.corpus.importers.apa import is_apa, split_apa
from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.nexis import is_nexis_uni, split_uni
from gpreader.corpus.importers.shared import decode, has_extension, load, one_line

_HEADING_STYLE_RE = re.compile(r"^(?:Heading|Title|Subtitle|Überschrift|Titre|Kop)", re.I)
_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_RTF_HEAD = re.compile(rb"^\s*\{\\rtf")


def _document(blocks: list[tuple[str, bool]], title: str | None, fmt: str) -> Conversion:
    """One document from (text, is_heading) blocks: headings and paragraphs on their own lines."""
    text = "\n\n".join(b for b, _ in blocks)
    if not text.strip():
        raise Skipped(f"no text in the {fmt.upper()} file")
    first_heading = next((b for b, heading in blocks if heading), None)
    title = title or first_heading or None
    attributes: dict[str, AttrValue] = {"title": title} if title else {}
    return Conversion((Document(text, title, attributes),), fmt)


class DocxImporter:
    """A Word document (.docx)."""

    name = "docx"

    def claims(self, filename: str, head: bytes) -> bool:
        """By extension, for a zip file."""
        return has_extension(filename, ".docx") and head.startswith(b"PK")

    def convert(self, data: bytes, filename: str) -> Conversion:
        """Paragraphs (and table cells) in order; headings by their style."""
        docx: Any = load("docx", "office", "A Word file")
        try:
            word = docx.Document(io.BytesIO(data))
        except Exception as error:  # python-docx raises several kinds for a damaged file
            raise Skipped(f"not a readable Word file ({type(error).__name__})") from error
        blocks: list[tuple[str, bool]] = []
        for paragraph in word.paragraphs:
            text = one_line(paragraph.text)
            style = paragraph.style.name if paragraph.style is not None else ""
            if text:
                blocks.append((text, bool(_HEADING_STYLE_RE.match(style or ""))))
            elif blocks and blocks[-1][0]:
                blocks.append(("", False))
        for table in word.tables:
            for row in table.rows:
                cells = [one_line(cell.text) for cell in row.cells]
                if any(cells):
                    blocks.append((" | ".join(dict.fromkeys(c for c in cells if c)), False))
        title = one_line(word.core_properties.title or "") or None
        if is_nexis_uni("\n".join(b for b, _ in blocks)):  # blank lines kept: they part the cover
            return split_uni("\n".join(b for b, _ in blocks))
        lines = [(b, h) for b, h in blocks if b]
        return _document(lines, _plausible(title, lines), "docx")


def _plausible(title: str | None, blocks: list[tuple[str, bool]]) -> str | None:
    """The file's title property when the text bears it out (Word often keeps a stale one)."""
    if title and any(title.lower() in b.lower() for b, _ in blocks[:20]):
        return title
    return None


class OdtImporter:
    """An OpenDocument text (.odt)."""

    name = "odt"

    def claims(self, filename: str, head: bytes) -> bool:
        """By extension, for a zip file."""
        return has_extension(filename, ".odt") and head.startswith(b"PK")

    def convert(self, data: bytes, filename: str) -> Conversion:
        """Paragraphs and headings (text:h) in order; the title from meta.xml."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                content = ElementTree.fromstring(archive.read("content.xml"))
                meta = archive.read("meta.xml") if "meta.xml" in archive.namelist() else b""
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
            raise Skipped(f"not a readable OpenDocument file ({error})") from error
        blocks = [
            (one_line("".join(element.itertext())), element.tag == f"{{{_ODF_TEXT}}}h")
            for element in content.iter()
            if element.tag in (f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h")
        ]
        title = None
        if meta:
            found = ElementTree.fromstring(meta).find(f".//{{{_DC}}}title")
            title = one_line(found.text or "") if found is not None else None
        lines = [(b, h) for b, h in blocks if b]
        return _document(lines, _plausible(title, lines), "odt")


class RtfImporter:
    """A Rich Text Format file (.rtf)."""

    name = "rtf"

    def claims(self, filename: str, head: bytes) -> bool:
        """By extension, or by the RTF signature."""
        return has_extension(filename, ".rtf") or bool(_RTF_HEAD.match(head))

    def convert(self, data: bytes, filename: str) -> Conversion:
        """The text, a paragraph a line."""
        striprtf: Any = load("striprtf.striprtf", "office", "An RTF file")
        text: str = striprtf.rtf_to_text(decode(data), errors="ignore")
        if is_apa(text):
            return split_apa(text)
        lines = [one_line(line) for line in text.replace("\r", "\n").split("\n")]
        if is_nexis_uni("\n".join(lines)):
            return split_uni("\n".join(lines))
        return _document([(line, False) for line in lines if line], None, "rtf")
