"""PDF: the text layer in reading order, by pdfminer.six (the `pdf` extra).

pdfminer.six was chosen over pypdf after measuring both on the fixtures: pypdf took 44 s of
CPU for the 23-page clipping digest (1.6 s a page, in its font handling) where pdfminer took
4.7 s, and pdfminer's layout analysis gives text boxes, so paragraphs and columns come out
whole (the Federal Register test in tests/unit/test_import_pdf.py checks the reading order).
Boxes that repeat at the top or bottom of most pages (running headers and footers) and boxes
that are only a page number are dropped; a word hyphenated at a line end is joined.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.shared import has_extension, load, one_line

_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+|seite\s+|p\.\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/|von)\s*\d{1,4})?$", re.I
)
_DIGITS_RE = re.compile(r"\d+")
_HYPHENATED_RE = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
_SENTENCE_ENDS = tuple('.!?:"”’')
_FURNITURE_MAX = 100  # a running header or footer is shorter than this
_EDGE = 2  # boxes at the top and bottom of a page where running headers and footers sit


class PdfImporter:
    """A PDF with a text layer."""

    name = "pdf"

    def claims(self, filename: str, head: bytes) -> bool:
        """By extension or by the %PDF signature."""
        return has_extension(filename, ".pdf") or head.startswith(b"%PDF-")

    def convert(self, data: bytes, filename: str) -> Conversion:
        """The text of every page, furniture dropped, a paragraph per text box."""
        pages = _pages(data)
        if not any(pages):
            raise Skipped("no text layer (scanned?)")
        repeated = _running_lines(pages)
        paragraphs = _joined([p for boxes in pages for p in _without_furniture(boxes, repeated)])
        title = _title(data, paragraphs)
        attributes: dict[str, AttrValue] = {"pages": len(pages)}
        if title:
            attributes["title"] = title
        text = "\n\n".join(paragraphs)
        return Conversion((Document(text, title, attributes),), "pdf")


def _pages(data: bytes) -> list[list[str]]:
    """Each page's text boxes in reading order, hyphenation at line ends repaired."""
    high_level: Any = load("pdfminer.high_level", "pdf", "A PDF file")
    layout: Any = load("pdfminer.layout", "pdf", "A PDF file")
    try:
        return [
            [
                one_line(_HYPHENATED_RE.sub("", element.get_text()))
                for element in page
                if isinstance(element, layout.LTTextBox) and element.get_text().strip()
            ]
            for page in high_level.extract_pages(io.BytesIO(data), laparams=layout.LAParams())
        ]
    except Exception as error:  # pdfminer raises many kinds for damaged or protected files
        name = type(error).__name__
        if "crypt" in name.lower() or "password" in name.lower():
            raise Skipped(f"encrypted PDF ({name})") from error
        raise Skipped(f"unreadable PDF ({name})") from error


def _shape(line: str) -> str:
    """A line with its numbers masked, so "Page 3" and "Page 4" count as one running line."""
    return _DIGITS_RE.sub("#", one_line(line))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of the boxes that sit at a page edge on at least half the pages (3 or more)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for boxes in pages:
        edges = boxes[:_EDGE] + boxes[-_EDGE:]
        counts.update({_shape(box) for box in edges if len(box) <= _FURNITURE_MAX})
    return {shape for shape, n in counts.items() if n >= max(3, len(pages) // 2) and shape}


def _without_furniture(boxes: list[str], repeated: set[str]) -> list[str]:
    """The page's boxes without running headers, footers and page numbers at its edges."""
    edge = set(range(_EDGE)) | set(range(len(boxes) - _EDGE, len(boxes)))
    return [
        box
        for i, box in enumerate(boxes)
        if not (i in edge and (_shape(box) in repeated or _PAGE_NUMBER_RE.match(box)))
    ]


def _joined(boxes: list[str]) -> list[str]:
    """Boxes that continue a sentence (the next starts in lower case) joined to it, a word
    hyphenated across the break made whole: pdfminer splits loosely spaced lines."""
    paragraphs: list[str] = []
    for box in boxes:
        previous = paragraphs[-1] if paragraphs else ""
        if previous and box[:1].islower() and not previous.endswith(_SENTENCE_ENDS):
            hyphenated = previous.endswith("-") and previous[-2:-1].isalpha()
            paragraphs[-1] = previous[:-1] + box if hyphenated else f"{previous} {box}"
        else:
            paragraphs.append(box)
    return paragraphs


def _title(data: bytes, paragraphs: list[str]) -> str | None:
    """The document's title property when the first paragraphs bear it out."""
    pdfparser: Any = load("pdfminer.pdfparser", "pdf", "A PDF file")
    pdfdocument: Any = load("pdfminer.pdfdocument", "pdf", "A PDF file")
    try:
        info = pdfdocument.PDFDocument(pdfparser.PDFParser(io.BytesIO(data))).info
        raw = info[0].get("Title", b"") if info else b""
        title = (
            one_line(
                raw.decode("utf-16")
                if raw[:2] in (b"\xfe\xff", b"\xff\xfe")
                else raw.decode("latin-1")
            )
            if isinstance(raw, bytes)
            else ""
        )
    except Exception:  # a title is a nicety: a damaged info dictionary costs only the title
        return None
    if title and any(title.lower() in p.lower() for p in paragraphs[:30]):
        return title
    return None
