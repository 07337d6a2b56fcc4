"""Factiva exports: one document per article, from the tagged text form (TXT, RTF, the HTML
table layout) or the HTML page saved from the browser.

In the tagged form every field starts with its code (HD headline, BY byline, WC word count,
PD date, SN source name, SE section, LA language, LP lead, TD text, AN accession number...)
on a line of its own or before a tab (RTF: a table cell). An article runs from HD to AN.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.markup import fragment_text, page_text
from gpreader.corpus.importers.shared import (
    decode,
    has_extension,
    join_paragraphs,
    load,
    one_line,
    parse_date,
    with_title,
)

CODES = [
    "HD",
    "BY",
    "CR",
    "WC",
    "PD",
    "ET",
    "SN",
    "SC",
    "ED",
    "PG",
    "LA",
    "CY",
    "LP",
    "TD",
    "CT",
    "RF",
    "CO",
    "IN",
    "NS",
    "RE",
    "IPC",
    "IPD",
    "PUB",
    "AN",
    "SE",
    "HLP",
    "ART",
    "NGC",
]
_FIELD_RE = re.compile(rf"^[ \t\u00a0]*({'|'.join(CODES)})[ \t\u00a0]*(?:[|\t]|$)(.*)$", re.M)
# A tagged download shows several field codes at line starts within its first 8 KiB.
_TAG_LINE_RE = re.compile(rb"(?m)^[ \t]*(HD|BY|WC|PD|SN|SC|LA|CY|LP)[ \t]*(?:[|\t]|\r?$)")
# Its lines after the first, each line start written as the newline before it: a pattern
# that opens with a character is searched for that character first (10x faster than `^`).
_TAG_AFTER_RE = re.compile(rb"(?m)\n[ \t]*(HD|BY|WC|PD|SN|SC|LA|CY|LP)[ \t]*(?:[|\t]|\r?$)")
_TAGS_TO_CLAIM = 3
_ACCESSION_RE = re.compile(r"\b(?:Document|Dokument|Documento)\s+([A-Za-z0-9]{16,})")
_WORDS_RE = re.compile(r"(\d[\d.,']*)\s*(?:words|Wörter|mots|palabras|parole|woorden)", re.I)
_BODY_CODES = ("LP", "TD")
_ATTRIBUTE_CODES = {"SN": "publication", "SE": "section", "LA": "language", "ED": "edition"}


class FactivaImporter:
    """A Factiva download: .txt, .rtf, .htm or .html whose head shows Factiva's field codes."""

    name = "factiva"

    def claims(self, filename: str, head: bytes) -> bool:
        """A text, RTF or HTML file whose head shows Factiva's field codes or its name."""
        tagged = _tagged_head(head)
        if has_extension(filename, ".txt"):
            return tagged
        if has_extension(filename, ".rtf", ".htm", ".html"):
            return tagged or b"Factiva" in head or b"<b>HD</b>" in head
        return False

    def convert(self, data: bytes, filename: str) -> Conversion:
        """One document per article."""
        if has_extension(filename, ".rtf"):
            striprtf = load("striprtf.striprtf", "office", "An RTF file")
            text = striprtf.rtf_to_text(decode(data), errors="ignore")
        elif has_extension(filename, ".htm", ".html"):
            markup = decode(data)
            if "<b>HD</b>" not in markup and 'class="article' in markup:
                return _conversion(list(_browser_articles(markup)))
            text = page_text(markup)
        else:
            text = decode(data)
        return _conversion([_document(fields, n) for n, fields in enumerate(_tagged(text), 1)])


def _tagged_head(head: bytes) -> bool:
    """Whether _TAGS_TO_CLAIM distinct field codes start lines of `head` (_TAG_LINE_RE)."""
    codes = set(_TAG_AFTER_RE.findall(head))
    if first := _TAG_LINE_RE.match(head):
        codes.add(first[1])
    return len(codes) >= _TAGS_TO_CLAIM


def _conversion(documents: list[Document]) -> Conversion:
    if not documents:
        raise Skipped("no Factiva articles found")
    return Conversion(documents=tuple(documents), source_format="factiva")


def _tagged(text: str) -> Iterator[dict[str, str]]:
    """Each article's fields, code -> value, from HD to AN."""
    matches = list(_FIELD_RE.finditer(text))
    fields: dict[str, str] = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        code = match[1]
        value = (match[2] + text[match.end() : end]).replace("|", "\n").strip()
        if code == "HD" and "HD" in fields:
            yield fields
            fields = {}
        fields[code] = value
        if code == "AN":
            yield fields
            fields = {}
    if "HD" in fields:
        yield fields


def _document(fields: dict[str, str], position: int) -> Document:
    """One article from its tagged fields."""
    title = one_line(fields.get("HD", "")) or None
    body = join_paragraphs(
        p for code in _BODY_CODES for p in re.split(r"\n\s*\n", fields.get(code, ""))
    )
    accession = _ACCESSION_RE.search(fields.get("AN", ""))
    attributes: dict[str, AttrValue] = {}
    if title:
        attributes["title"] = title
    if byline := one_line(fields.get("BY", "")):
        attributes["author"] = re.sub(r"^(?:By|Von|Par|Door)\s+", "", byline, flags=re.I)
    for code, key in _ATTRIBUTE_CODES.items():
        if value := one_line(fields.get(code, "")):
            attributes[key] = value
    _add_common(attributes, fields.get("PD", ""), fields.get("WC", ""), fields.get("PG", ""))
    key = accession[1] if accession else str(position)
    if accession:
        attributes["document_id"] = accession[1]
    return Document(with_title(title, body), title, attributes, key=key)


def _add_common(attributes: dict[str, AttrValue], date: str, words: str, page: str) -> None:
    """Date, length in words and page, where given."""
    if when := parse_date(date):
        attributes["date"] = when
    if count := _WORDS_RE.search(words):
        attributes["length"] = int(re.sub(r"\D", "", count[1]))
    if page.strip().isdigit():
        attributes["page"] = int(page.strip())


# The HTML page saved from Factiva's browser view: div.article, a div#hd headline, header
# divs (byline, words, date, source, source code, page, language, copyright), paragraphs.
_ARTICLE_SPLIT_RE = re.compile(r'<div (?:id="[^"]*" )?class="article\b[^"]*">', re.I)
_HEADLINE_RE = re.compile(r'<div id="hd"[^>]*>(.*?)</div>', re.I | re.S)
_HEADER_DIV_RE = re.compile(r"<div([^>]*)>(.*?)</div>", re.I | re.S)
_PARAGRAPH_RE = re.compile(r'<p class="articleParagraph[^"]*">(.*?)</p>', re.I | re.S)
_LANGUAGES = {"english", "german", "deutsch", "french", "français", "dutch", "italian", "spanish"}


def _browser_articles(markup: str) -> Iterator[Document]:
    """The articles of a saved Factiva page, each keyed by its accession number."""
    for position, chunk in enumerate(_ARTICLE_SPLIT_RE.split(markup)[1:], 1):
        headline = _HEADLINE_RE.search(chunk)
        if not headline:
            continue
        title = fragment_text(headline[1]) or None
        first_paragraph = _PARAGRAPH_RE.search(chunk)
        header_end = first_paragraph.start() if first_paragraph else len(chunk)
        attributes: dict[str, AttrValue] = {"title": title} if title else {}
        _read_header(chunk[headline.end() : header_end], attributes)
        body = join_paragraphs(fragment_text(p) for p in _PARAGRAPH_RE.findall(chunk))
        accession = _ACCESSION_RE.search(fragment_text(chunk[header_end:]))
        if accession:
            attributes["document_id"] = accession[1]
        key = accession[1] if accession else str(position)
        yield Document(with_title(title, body), title, attributes, key=key)


def _read_header(header: str, attributes: dict[str, AttrValue]) -> None:
    """Byline, words, date, page, language and source from the header divs, by their look."""
    for tag, inner in _HEADER_DIV_RE.findall(header):
        value = fragment_text(inner)
        if not value or value.startswith(("©", "(c)", "Copyright")):
            continue
        if "author" in tag:
            attributes["author"] = re.sub(r"^(?:By|Von|Par|Door)\s+", "", value, flags=re.I)
        elif _WORDS_RE.fullmatch(value):
            _add_common(attributes, "", value, "")
        elif "date" not in attributes and (when := parse_date(value)):
            attributes["date"] = when
        elif value.isdigit():
            attributes["page"] = int(value)
        elif value.lower() in _LANGUAGES:
            attributes["language"] = value
        elif "publication" not in attributes:
            attributes["publication"] = value
        elif value.isupper() and " " not in value:
            attributes["source_code"] = value
