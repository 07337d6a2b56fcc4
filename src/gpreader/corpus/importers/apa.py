"""APA (Austria Presse Agentur) OnlineManager exports: one document per article.

Each article opens with a source line, `"Kurier.at" gefunden am 28.12.2017 10:36 Uhr` or
`"Oberösterreichische Nachrichten" vom 23.10.2017 Seite: 2`, then optional fields
("Ressort: Politik"), the headline and the text; a line of underscores may close it.
"""

from __future__ import annotations

import re

from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.shared import join_paragraphs, one_line, parse_date, with_title

_SOURCE_RE = re.compile(
    r'^"(?P<publication>[^"\n]{1,120})"\s+(?:Nr\.\s*\d+\s+)?(?:gefunden am|vom)\s+'
    r"(?P<date>\d{1,2}\.\d{1,2}\.\d{4})(?P<rest>[^\n]*)$",
    re.MULTILINE,
)
_FIELD_RE = re.compile(r"^(Ressort|Seite|Autor|Autorin|Rubrik|Ausgabe):\s*(.*)$")
_RULE_RE = re.compile(r"^_{10,}$")
_PAGE_RE = re.compile(r"Seite:?\s*(\d+)")
_FIELDS = {"Ressort": "section", "Rubrik": "section", "Autor": "author", "Autorin": "author"}


def is_apa(text: str) -> bool:
    """True when the text opens (after blank lines) with an APA source line."""
    first = _SOURCE_RE.search(text)
    return first is not None and not text[: first.start()].strip()


def split_apa(text: str) -> Conversion:
    """The articles of an APA export's text."""
    starts = list(_SOURCE_RE.finditer(text))
    documents: list[Document] = []
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        document = _article(match, text[match.end() : end], str(len(documents) + 1))
        if document is not None:
            documents.append(document)
    if not documents:
        raise Skipped("no APA articles found")
    return Conversion(tuple(documents), "apa")


def _article(source: re.Match[str], rest: str, key: str) -> Document | None:
    attributes: dict[str, AttrValue] = {"publication": source["publication"].strip()}
    if when := parse_date(source["date"]):
        attributes["date"] = when
    if page := _PAGE_RE.search(source["rest"]):
        attributes["page"] = int(page[1])
    lines = [line.strip() for line in rest.split("\n")]
    paragraphs: list[str] = []
    title: str | None = None
    for line in lines:
        field = _FIELD_RE.match(line) if title is None else None
        if field:
            if field[1] in _FIELDS and field[2].strip():
                attributes[_FIELDS[field[1]]] = one_line(field[2])
        elif _RULE_RE.match(line) or not line:
            continue
        elif title is None:
            title = one_line(line)
        else:
            paragraphs.append(line)
    if title is None:
        return None
    attributes["title"] = title
    return Document(with_title(title, join_paragraphs(paragraphs)), title, attributes, key=key)
