"""LexisNexis and Nexis Uni exports: one document per article.

Two layouts. The classic download (TXT, HTML) numbers its articles "3 of 32 DOCUMENTS";
each starts with the publication and the date (centred), then the headline, labelled fields
("SECTION: ...", "LENGTH: 306 words"), the text, more fields and a copyright line. The Nexis
Uni download (DOCX, RTF) starts with a cover list of the documents; each article has its
title, publication and date, fields ("Length: 355 words"), "Body", the text, and ends with
"End of Document". Covers, fields and copyright lines are left out of the text; the fields
become attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.corpus.importers.markup import page_text
from gpreader.corpus.importers.shared import (
    decode,
    has_extension,
    join_paragraphs,
    one_line,
    parse_date,
    with_title,
)

_SEPARATOR_RE = re.compile(
    r"^[ \t\u00a0]*(?:\d+\s+(?:of|von|van|de|sur|di|af|av)\s+\d+\s+"
    r"(?:DOCUMENTS?|DOKUMENTE?|DOCUMENTEN|DOCUMENTI|DOKUMENTER)"
    r"|(?:Dokument|Document|Documento)\s+\d+\s+(?:von|of|de|van|di)\s+\d+)[ \t\u00a0]*$",
    re.MULTILINE | re.IGNORECASE,
)
_HEAD_RE = re.compile(rb"(?mi)^[ \t]*\d+ (?:of|von|van|de) \d+ DOC|LXNComment|Dokument \d+ von")
_NUMBERING_RE = re.compile(rb"(?mi)^[ \t]*\d+ (?:of|von|van|de) \d+ DOC")
# Its lines after the first, each line start written as the newline before it: a pattern
# that opens with a character is searched for that character first (10x faster than `^`).
_NUMBERING_AFTER_RE = re.compile(rb"(?i)\n[ \t]*\d+ (?:of|von|van|de) \d+ DOC")
_BLOCKS_RE = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
_LABEL_RE = re.compile(r"^([A-ZÄÖÜÀ-Þ][A-ZÄÖÜÀ-Þ\-]{1,30}):(?:[ \t\u00a0]+|$)")
_COPYRIGHT_RE = re.compile(r"^(?:Copyright|©|\(c\)|All Rights Reserved)", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\d[\d.,]*")
_INDENT = 8  # a classic TXT download centres its header lines
_HEADER_MAX = 120  # a header line (date, edition) is shorter than this
TITLE_MAX = 400  # longer blocks are text, not a headline
_HEADLINE_PREFIXES = ("LEADALL", "HEADLINE", "KOP")
_HEADLINE_LABELS = ("HEADLINE", "KOP", "TITEL", "TITRE", "TITLE")
_ATTRIBUTE_LABELS = {
    "publication": ("SOURCE", "QUELLE", "BRON"),
    "author": ("BYLINE", "AUTHOR", "AUTOR", "AUTEUR", "AUTEURS", "SIGNATURE"),
    "section": ("SECTION", "RUBRIK", "RUBRIQUE", "SECTIE", "RUBRIEK"),
    "length": ("LENGTH", "LÄNGE", "LONGUEUR", "LENGTE", "LUNGHEZZA", "LÆNGDE"),
    "language": ("LANGUAGE", "SPRACHE", "LANGUE", "TAAL"),
}
_BODY_LABELS = ("TEKST", "BODY", "TEXT")
_FALLBACK_BODY = ("GRAPHIC", "HIGHLIGHT")
_KNOWN_FIELDS = {
    *(label for labels in _ATTRIBUTE_LABELS.values() for label in labels),
    *_HEADLINE_LABELS,
    *_BODY_LABELS,
    *_FALLBACK_BODY,
    *[
        "DATELINE",
        "UPDATE",
        "EDITION",
        "TYPE",
        "URL",
        "SUBJECT",
        "COMPANY",
        "ORGANIZATION",
        "PERSON",
        "GEOGRAPHIC",
        "INDUSTRY",
        "CITY",
        "COUNTRY",
        "STATE",
        "TICKER",
        "NOTES",
        "SERIES",
        "SHOW",
        "GUESTS",
        "ANCHORS",
        "BIO",
        "ISSUE",
        "CORRECTION",
        "ORTSZEILE",
        "RUBRIEK",
        "SIGNATUUR",
        "DOCUMENTTYPE",
        "PUBLICATIETYPE",
        "BYLINE",
    ],
}


class NexisImporter:
    """A LexisNexis download in text or HTML ("1 of 32 DOCUMENTS")."""

    name = "nexis"

    def claims(self, filename: str, head: bytes) -> bool:
        """A .txt, .htm or .html file whose head shows LexisNexis's document numbering."""
        if not has_extension(filename, ".txt", ".htm", ".html"):
            return False
        # _HEAD_RE's first branch, alone (4x faster): on the first line, then after newlines
        if _NUMBERING_RE.match(head) or _NUMBERING_AFTER_RE.search(head):
            return True
        low = head.lower()  # its other branches, searched only if their words are there
        return (b"lxncomment" in low or b"dokument" in low) and bool(_HEAD_RE.search(head))

    def convert(self, data: bytes, filename: str) -> Conversion:
        """One document per article; chunks that are no article are reported as skipped."""
        text = decode(data)
        if has_extension(filename, ".htm", ".html"):
            text = page_text(text)
        return split_classic(text)


def split_classic(text: str) -> Conversion:
    """The articles of a classic LexisNexis download (its text)."""
    chunks = _SEPARATOR_RE.split(text)[1:]
    documents: list[Document] = []
    skipped: list[str] = []
    for position, chunk in enumerate(chunks, 1):
        document = _classic_article(chunk, str(len(documents) + 1))
        if document is None:
            skipped.append(f"part {position}: no article text")
        else:
            documents.append(document)
    if not documents:
        raise Skipped("no LexisNexis articles found")
    return Conversion(tuple(documents), "nexis", tuple(skipped))


def _classic_article(chunk: str, key: str) -> Document | None:
    """One article of a classic download, or None when the chunk holds none."""
    blocks = [b for b in _BLOCKS_RE.split(chunk.strip("\n")) if b.strip()]
    while blocks and _COPYRIGHT_RE.match(blocks[-1].strip()):
        blocks.pop()
    attributes: dict[str, AttrValue] = {}
    title, at = _classic_header(blocks, attributes)
    fields, body = _fields_and_body(blocks[at:])
    for label in _HEADLINE_LABELS:
        if not title and fields.get(label):
            title = fields[label]
    if not body or "publication" not in attributes:
        return None
    if title:
        attributes["title"] = title
    _add_fields(attributes, fields)
    return Document(with_title(title, join_paragraphs(body)), title, attributes, key=key)


def _classic_header(blocks: list[str], attributes: dict[str, AttrValue]) -> tuple[str | None, int]:
    """Publication, date and headline from the blocks before the fields; where the rest starts."""
    title: str | None = None
    for at, block in enumerate(blocks):
        line = one_line(
            "\n".join(x for x in block.split("\n") if not _COPYRIGHT_RE.match(x.strip()))
        )
        label = _LABEL_RE.match(line)
        if not line:
            continue
        if "publication" not in attributes:
            attributes["publication"] = line
        elif "date" not in attributes and len(line) < _HEADER_MAX and (when := parse_date(line)):
            attributes["date"] = when
        elif (_indented(block) or parse_date(line)) and len(line) < _HEADER_MAX:
            continue  # an edition, a show or a time, centred under the date
        elif _field(line):
            return title, at
        elif title is None and len(line) < TITLE_MAX:
            prefix = label and label[1] in _HEADLINE_PREFIXES
            title = line[label.end() :] if label and prefix else line
        else:
            return title, at
    return title, len(blocks)


def _indented(block: str) -> bool:
    return all(len(line) - len(line.lstrip()) >= _INDENT for line in block.split("\n"))


def _fields_and_body(blocks: list[str]) -> tuple[dict[str, str], list[str]]:
    """Labelled fields (before the text and after it) and the text's paragraphs."""
    fields: dict[str, str] = {}
    body: list[str] = []
    first_text = next((i for i, block in enumerate(blocks) if not _field(block)), len(blocks))
    trailing = len(blocks)  # any labelled block after the text is a field ("TRANSCRIPT: ...")
    while trailing > first_text + 1 and _LABEL_RE.match(blocks[trailing - 1].strip()):
        trailing -= 1
    for i, block in enumerate(blocks):
        stripped = block.strip()
        label = _field(stripped) or (_LABEL_RE.match(stripped) if i >= trailing else None)
        if label and (not body or i >= trailing):
            value = one_line(stripped[label.end() :])
            if label[1] in _BODY_LABELS:
                body.append(value)
            else:
                fields.setdefault(label[1], value)
        else:
            body.append(stripped)
    body = [p for p in body if p]
    if not body:  # a picture or a flash: its caption or highlight is all the text there is
        body = [fields[name] for name in _FALLBACK_BODY if fields.get(name)][:1]
    return fields, body


def _field(block: str) -> re.Match[str] | None:
    """The label of a block that is a field ("SECTION: NEWS"), not text ("FLASH: ...")."""
    label = _LABEL_RE.match(block.strip())
    if label and (label[1] in _KNOWN_FIELDS or "-" in label[1]):
        return label
    return None


def _add_fields(attributes: dict[str, AttrValue], fields: dict[str, str]) -> None:
    """Known fields under gpreader's attribute names; the others under their own, lowercased."""
    known = {label for labels in _ATTRIBUTE_LABELS.values() for label in labels}
    for key, labels in _ATTRIBUTE_LABELS.items():
        value = next((fields[label] for label in labels if fields.get(label)), None)
        if value is None:
            continue
        if key == "length":
            number = _NUMBER_RE.search(value)
            if number:
                attributes["length"] = int(re.sub(r"\D", "", number.group()))
        else:
            attributes[key] = value
    for label, value in fields.items():
        if label not in known and label not in _HEADLINE_LABELS and value:
            attributes.setdefault(label.lower(), value)


# Nexis Uni (DOCX, RTF): "End of Document" closes each article.
_END_RE = re.compile(r"^\s*End of Document\s*$", re.MULTILINE)
_UNI_FIELD_RE = re.compile(r"^([A-Z][A-Za-z\-]{1,30}):[ \t\u00a0]*(.*)$")
_UNI_FIELDS = {"Section": "section", "Byline": "author", "Length": "length"}
_UNI_TRAILER = ("Classification", "Load-Date:", "Language:", "Graphic", "Notes")


def is_nexis_uni(text: str) -> bool:
    """True when a document's text has Nexis Uni's article layout."""
    return bool(_END_RE.search(text)) or (
        "Job Number:" in text[:2000] and bool(re.search(r"^Documents \(\d+\)", text, re.M))
    )


def split_uni(text: str) -> Conversion:
    """The articles of a Nexis Uni download (the text of its DOCX or RTF, a line a paragraph)."""
    documents = [
        document
        for document in (_uni_article(chunk) for chunk in _END_RE.split(text))
        if document is not None
    ]
    documents = [
        Document(d.text, d.title, d.attributes, key=str(n)) for n, d in enumerate(documents, 1)
    ]
    if not documents:
        raise Skipped("no articles found to parse (a Nexis Uni cover page only)")
    return Conversion(tuple(documents), "nexis")


def _uni_article(chunk: str) -> Document | None:
    """One Nexis Uni article: header lines, fields, "Body", the text, a classification."""
    lines = [line.strip() for line in chunk.split("\n")]
    if "Body" not in lines:
        return None
    body_at = lines.index("Body")
    header = _uni_header(lines[:body_at])
    if header is None:
        return None
    title, attributes = header
    body = _uni_body(lines[body_at + 1 :], attributes)
    if not body:
        return None
    return Document(with_title(title, join_paragraphs(body)), title, attributes)


def _uni_header(lines: list[str]) -> tuple[str | None, dict[str, AttrValue]] | None:
    """Title, publication, date and fields from the lines before "Body"."""
    attributes: dict[str, AttrValue] = {}
    head: list[str] = []
    for line in lines:
        field = _UNI_FIELD_RE.match(line)
        if field and field[1] in _UNI_FIELDS:
            _uni_field(attributes, field[1], field[2])
        elif _COPYRIGHT_RE.match(line):
            continue
        elif not line:
            if not attributes:
                head.append("")
        elif not attributes:
            head.append(line)
    blocks = "\n".join(head).strip().split("\n\n")
    lines_of_article = [line for line in blocks[-1].split("\n") if line]
    date_at = next((i for i, line in enumerate(lines_of_article) if parse_date(line)), None)
    if date_at is None or date_at < 1:
        return None
    attributes["date"] = parse_date(lines_of_article[date_at]) or ""
    attributes["publication"] = lines_of_article[date_at - 1]
    title = " ".join(lines_of_article[: date_at - 1]) or None
    if title:
        attributes["title"] = title
    return title, attributes


def _uni_field(attributes: dict[str, AttrValue], name: str, value: str) -> None:
    value = one_line(value)
    if name == "Length":
        number = _NUMBER_RE.search(value)
        if number:
            attributes["length"] = int(re.sub(r"\D", "", number.group()))
    elif name == "Section":
        attributes["section"] = value.split(";")[0].strip()
    else:
        attributes[_UNI_FIELDS[name]] = value


def _uni_body(lines: list[str], attributes: dict[str, AttrValue]) -> list[str]:
    """The text's paragraphs, up to the classification block (its fields become attributes)."""
    body: list[str] = []
    lines_iter: Iterator[str] = iter(lines)
    for line in lines_iter:
        if line.startswith(_UNI_TRAILER):
            break
        if line:
            body.append(line)
    for line in lines_iter:
        field = _UNI_FIELD_RE.match(line)
        if field and field[2]:
            key = "language" if field[1] == "Language" else field[1].lower()
            attributes.setdefault(key, one_line(field[2]))
    return body
