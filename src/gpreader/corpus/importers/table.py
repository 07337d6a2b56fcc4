"""Tables of articles: `.csv`, `.tsv`, `.jsonl` (`.ndjson`), one article per row.

Columns are found by name, case-insensitively: title/headline, text/body/content,
date/published, url/link, author/byline, source/publication. A `TableImporter(columns=...)`
names them itself (`{"text": "story"}`). Every other column becomes an attribute. Each row is
the document `FILE#N` (N counts data rows from 1); a row without text is left out, with why.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Final, TextIO

from gpreader.corpus.files import MAX_CONTAINER_BYTES, SkipFile, decode
from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped
from gpreader.text import canonical

SUFFIXES: Final = (".csv", ".tsv", ".jsonl", ".ndjson")
ROLES: Final[dict[str, tuple[str, ...]]] = {
    "title": ("title", "headline", "heading", "hd"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "story"),
    "date": ("date", "published", "pubdate", "publication_date", "published_at", "pd"),
    "url": ("url", "link", "uri"),
    "author": ("author", "byline", "authors", "by"),
    "publication": ("publication", "source", "outlet", "newspaper", "site", "sn"),
}
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
_DAY_MONTH = re.compile(r"(?:[A-Za-z]+,?\s+)?(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b.*")
_MONTH_DAY = re.compile(r"(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b.*")


def parse_date(raw: str) -> datetime.date | None:
    """A date as news tables write it: ISO (with a time or not), `7 February 2024`,
    `February 7, 2024`, `Wed, 7 Feb 2024 10:00`; None otherwise (numeric d/m/y is
    ambiguous and stays text)."""
    raw = raw.strip()
    try:
        if found := _ISO.fullmatch(raw):
            return datetime.date(*(int(g) for g in found.groups()))
        if found := _DAY_MONTH.fullmatch(raw):
            day, month, year = found.groups()
            if month.casefold() in _MONTHS:
                return datetime.date(int(year), _MONTHS[month.casefold()], int(day))
        if found := _MONTH_DAY.fullmatch(raw):
            month, day, year = found.groups()
            if month.casefold() in _MONTHS:
                return datetime.date(int(year), _MONTHS[month.casefold()], int(day))
    except ValueError:
        return None
    return None


def cell_value(raw: object) -> AttrValue | None:
    """A cell as an attribute: numbers stay numbers, dates become dates, the rest text."""
    if raw is None or isinstance(raw, bool):
        return None if raw is None else str(raw).lower()
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, list | dict):
        return json.dumps(raw, ensure_ascii=False)
    text = str(raw).strip()
    if not text:
        return None
    if re.fullmatch(r"[+-]?\d{1,15}", text) and not (len(text) > 1 and text[0] == "0"):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.\d+", text):
        return float(text)
    return parse_date(text) or text


def find_columns(names: list[str], overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Role -> column name for the columns found (overrides first, names case-insensitive).
    Skipped when an override names a column the table does not have."""
    by_folded = {name.strip().casefold(): name for name in names}
    found: dict[str, str] = {}
    for role, column in (overrides or {}).items():
        if column.strip().casefold() not in by_folded:
            raise Skipped(f"no column {column!r} for the {role} (columns: {', '.join(names)})")
        found[role] = by_folded[column.strip().casefold()]
    taken = set(found.values())
    for role, aliases in ROLES.items():
        if role in found:
            continue
        for alias in aliases:
            match = by_folded.get(alias)
            if match is not None and match not in taken:
                found[role] = match
                taken.add(match)
                break
    return found


class TableImporter:
    """`.csv` (comma, semicolon or tab, found from the header), `.tsv`, `.jsonl`."""

    name = "table"

    def __init__(self, columns: Mapping[str, str] | None = None) -> None:
        self.columns = dict(columns or {})

    def claims(self, filename: str, head: bytes) -> bool:
        return filename.lower().endswith(SUFFIXES)

    def convert(self, data: bytes, filename: str) -> Conversion:
        lower = filename.lower()
        if lower.endswith((".jsonl", ".ndjson")):
            rows, skipped = _json_rows(_stream(data, newline=None))
            source_format = "jsonl"
        else:
            delimiter = "\t" if lower.endswith(".tsv") else None
            rows, skipped = _csv_rows(_stream(data, newline=""), delimiter)
            source_format = "tsv" if lower.endswith(".tsv") else "csv"
        names = list(dict.fromkeys(name for _, row in rows for name in row))
        roles = find_columns(names, self.columns)
        if "text" not in roles:
            raise Skipped(
                "a table of articles needs a text column (text, body or content); "
                f"its columns are: {', '.join(names) or 'none'}"
            )
        documents: list[Document] = []
        for n, row in rows:
            document = _document(n, row, roles)
            if document is None:
                skipped.append(f"row {n}: no text")
            else:
                documents.append(document)
        if not documents:
            raise Skipped("no row has text")
        return Conversion(tuple(documents), source_format, tuple(skipped))


def _stream(data: bytes, newline: str | None) -> TextIO:
    """The table's text, decoded as `files.decode` would (UTF-8 with or without a BOM, UTF-16
    with one, else cp1252) but read row by row: a table of hundreds of megabytes is never
    decoded whole. Skipped when it is empty, binary or in none of those encodings."""
    if not data.strip():
        raise Skipped("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return io.StringIO(_text(data), newline=newline)  # rare: decoded whole
    if b"\x00" in data:
        raise Skipped("binary file (NUL bytes)")
    encoding = "utf-8-sig" if _is_utf8(data) else "cp1252"
    if encoding == "cp1252" and any(byte in data for byte in _NOT_CP1252):
        raise Skipped("not valid UTF-8 or cp1252")
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=newline)


_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # the bytes cp1252 leaves out


def _is_utf8(data: bytes, chunk: int = 2**20) -> bool:
    """Whether `data` is strict UTF-8, checked a megabyte at a time (nothing kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), chunk):
            decoder.decode(view[start : start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _text(data: bytes) -> str:
    try:
        return decode(data)[0]
    except SkipFile as exc:
        raise Skipped(str(exc)) from None


Rows = list[tuple[int, dict[str, object]]]


def _csv_rows(stream: TextIO, delimiter: str | None) -> tuple[Rows, list[str]]:
    """(row number, {column: cell}) for each data row, and the rows left out with why."""
    header = stream.readline()
    if delimiter is None:
        delimiter = max(",;\t", key=header.count)
    # An article is a long cell: csv's limit (131,072 characters) is raised while this table
    # is read, and put back, since it is the process's (the codebook import relies on it).
    limit = csv.field_size_limit(MAX_CONTAINER_BYTES)
    try:
        lines = itertools.chain((header,), stream)
        return _read_csv(csv.reader(lines, delimiter=delimiter))
    finally:
        csv.field_size_limit(limit)


def _read_csv(reader: Iterator[list[str]]) -> tuple[Rows, list[str]]:
    try:
        names = [canonical(name.strip()) for name in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise Skipped(f"not a readable table ({exc or 'no header'})") from None
    rows: Rows = []
    skipped: list[str] = []
    n = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            skipped.append(f"row {n + 1}: {exc}")
            break
        if not any(cell.strip() for cell in cells):
            continue
        n += 1
        if len(cells) > len(names):
            skipped.append(f"row {n}: {len(cells)} cells under {len(names)} columns")
            continue
        rows.append((n, dict(zip(names, map(canonical, cells), strict=False))))
    return rows, skipped


def _json_rows(stream: TextIO) -> tuple[Rows, list[str]]:
    """(line's row number, object) for each JSON object line, and the lines left out."""
    rows: Rows = []
    skipped: list[str] = []
    n = 0
    for line in stream:
        if not line.strip():
            continue
        n += 1
        try:
            value = json.loads(line)
        except ValueError:
            skipped.append(f"row {n}: not JSON")
            continue
        if not isinstance(value, dict):
            skipped.append(f"row {n}: not a JSON object")
            continue
        rows.append((n, {canonical(str(k)): _clean(v) for k, v in value.items()}))
    if not rows and skipped:
        raise Skipped("no line is a JSON object")
    return rows, skipped


def _clean(value: object) -> object:
    """A cell's text made canonical (line ends, control characters), as a decoded file's is."""
    return canonical(value) if isinstance(value, str) else value


def _document(n: int, row: Mapping[str, object], roles: Mapping[str, str]) -> Document | None:
    """The article of one row: the title on a line of its own above the text (unless the
    text's first line is the title), every other non-empty cell an attribute."""
    body = str(row.get(roles["text"]) or "").strip()
    if not body:
        return None
    title_cell = row.get(roles["title"]) if "title" in roles else None
    title = " ".join(str(title_cell).split()) or None if title_cell is not None else None
    first_line = " ".join(body.split("\n", 1)[0].split())
    text = body if title is None or first_line == title else f"{title}\n\n{body}"
    attributes: dict[str, AttrValue] = {}
    for name, cell in row.items():
        if name == roles["text"]:
            continue
        role = next((r for r, column in roles.items() if column == name), None)
        value = cell_value(cell)
        if value is None:
            continue
        if role == "date" and isinstance(value, str):
            attributes["date_text"] = value
            continue
        attributes[role or name] = title if role == "title" and title else value
    return Document(text=text, title=title, attributes=attributes, key=str(n))
