"""PDF: the text layer in reading order, by pypdf (the `pdf` extra).

pypdf is pure Python (no binary wheels, nothing to compile) and returns each page's text in
the order of its content stream, which for columns laid out by a publisher's software is
the reading order (the Federal Register test in tests/unit/test_import_pdf.py checks it).
Lines that repeat at the top or bottom of most pages (running headers and footers) and
lines that are only a page number are dropped; a word hyphenated at a line end is joined.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from typing import Any

from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.shared import has_extension, load, one_line

_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_DIGITS_RE = re.compile(r"\d+")
_HYPHEN_END_RE = re.compile(r"(?<=[^\W\d_])-$")
_ENDS_PARAGRAPH = tuple('.!?:;"”’)')
_EDGE = 3  # lines at the top and bottom of a page where running headers and footers sit
_SHORT = 0.8  # a line shorter than this share of the page's usual line may end a paragraph


class PdfImporter:
    """A PDF with a text layer."""

    name = "pdf"

    def claims(self, filename: str, head: bytes) -> bool:
        """By extension or by the %PDF signature."""
        return has_extension(filename, ".pdf") or head.startswith(b"%PDF-")

    def convert(self, data: bytes, filename: str) -> Conversion:
        """The text of every page, furniture dropped, as paragraphs."""
        pypdf: Any = load("pypdf", "pdf", "A PDF file")
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Skipped("encrypted PDF (needs a password)")
            pages = [(page.extract_text() or "").split("\n") for page in reader.pages]
        except Skipped:
            raise
        except Exception as error:  # pypdf raises many kinds for damaged or protected files
            reason = "encrypted PDF" if "crypt" in str(error).lower() else "unreadable PDF"
            raise Skipped(f"{reason} ({type(error).__name__})") from error
        if not any(line.strip() for lines in pages for line in lines):
            raise Skipped("no text layer (scanned?)")
        repeated = _running_lines(pages)
        paragraphs = [
            p for lines in pages for p in _paragraphs(_without_furniture(lines, repeated))
        ]
        title = _title(reader, paragraphs)
        attributes: dict[str, AttrValue] = {"pages": len(pages)}
        if title:
            attributes["title"] = title
        if author := one_line(str((reader.metadata or {}).get("/Author", "") or "")):
            attributes["author"] = author
        text = "\n\n".join(paragraphs)
        return Conversion((Document(text, title, attributes),), "pdf")


def _shape(line: str) -> str:
    """A line with its numbers masked, so "Page 3" and "Page 4" count as one running line."""
    return _DIGITS_RE.sub("#", one_line(line))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of the lines that sit at a page edge on at least half the pages (3 or more)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line.strip()]
        counts.update({_shape(line) for line in kept[:_EDGE] + kept[-_EDGE:]})
    return {shape for shape, n in counts.items() if n >= max(3, len(pages) // 2) and shape}


def _without_furniture(lines: list[str], repeated: set[str]) -> list[str]:
    kept = [line.strip() for line in lines if line.strip()]
    edge = set(range(_EDGE)) | set(range(len(kept) - _EDGE, len(kept)))
    return [
        line
        for i, line in enumerate(kept)
        if not (i in edge and (_shape(line) in repeated or _PAGE_NUMBER_RE.match(line)))
    ]


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs; a short line ending a sentence closes one."""
    if not lines:
        return []
    usual = statistics.median(len(line) for line in lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if current and _HYPHEN_END_RE.search(current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        if len(line) < _SHORT * usual and line.endswith(_ENDS_PARAGRAPH):
            paragraphs.append(one_line(current))
            current = ""
    if current:
        paragraphs.append(one_line(current))
    return paragraphs


def _title(reader: Any, paragraphs: list[str]) -> str | None:
    """The document's title property when the first page bears it out."""
    title = one_line(str((reader.metadata or {}).get("/Title", "") or ""))
    if title and any(title.lower() in p.lower() for p in paragraphs[:30]):
        return title
    return None
