"""CSV: one row per highlight and tag (or per highlight), for Excel, pandas, R and QDA tools.

RFC 4180 quoting (fields with quotes, commas or line breaks are quoted, quotes doubled), UTF-8,
`\\n` record ends; `excel=True` adds a byte-order mark (once, first) and `\\r\\n` record ends.
Line breaks inside a quoted cell stay `\\n`.

The formula guard: unless `raw`, a cell a spreadsheet would run as a formula (see `evaluated`)
gets a leading `'`, but only in the free-text columns written for people to read (`title`,
`note`; the codebook's `description`). Data a program joins on or checks is never changed:
ids, paths, tags, offsets, the quoted `text`, coders, stamps. The article's attributes end
each row (`attr_KEY`, one column per key in use); their text is guarded too. For
spreadsheets use xlsx, whose cells are typed and need no guard at all.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any, BinaryIO

from gpreader.export.common import FORMULA_START, ExportData, Progress, Record, tag_appliers
from gpreader.store.attributes import AttrValue

COLUMNS = (
    "highlight_id",
    "article",
    "title",
    "section",
    "tag",
    "start",
    "end",
    "text",
    "note",
    "coder",
    "created",
    "updated",
    "anchor_status",
    "tag_coder",  # who applied the tag (one row per highlight: each tag's, joined like `tag`)
)
TAG_JOIN = "; "
GUARDED = frozenset({"title", "note"})  # the columns the formula guard may change
CHUNK = 4096  # records per write
PROGRESS_EVERY = 1000  # highlights
KEPT = 20_000  # distinct tag combinations whose cells are remembered
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def evaluated(value: str) -> bool:
    """Whether a spreadsheet opening the CSV would run `value` as a formula: it starts with
    = + - @ tab or CR and is not a plain number (`-1` is read as the number it is)."""
    return value.startswith(FORMULA_START) and _NUMBER.fullmatch(value) is None


def cell(value: str, raw: bool = True) -> str:
    """One CSV field, quoted as Python's csv.writer (QUOTE_MINIMAL) would; unless `raw`, a
    formula made inert with a leading `'`.

    Hand-rolled because the export is dominated by it: str methods run in C, ~4x csv.writer.
    """
    if not raw and evaluated(value):
        value = "'" + value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def attribute_cell(value: AttrValue | None, raw: bool) -> str:
    """An article attribute's field: text guarded as the free-text columns are (unless
    `raw`), a date as ISO, a number as written, none as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return cell(value, raw)
    return value.isoformat() if isinstance(value, datetime.date) else repr(value)


def line(
    values: Iterable[Any], *, raw: bool = False, guarded: Collection[int] | None = None
) -> str:
    """One record, without its terminator; numbers as they are, None as an empty field. The
    formula guard applies (unless `raw`) to the columns at the `guarded` indexes, or all."""
    cells = [
        cell(v, raw=raw or (guarded is not None and i not in guarded))
        if isinstance(v, str)
        else ""
        if v is None
        else str(v)
        for i, v in enumerate(values)
    ]
    return ",".join(cells) if cells != [""] else '""'  # a lone empty field is not a blank line


class _Out:
    """Records gathered and written in chunks, UTF-8 (with a BOM for Excel)."""

    def __init__(self, stream: BinaryIO, *, excel: bool, bom: bool = False) -> None:
        self.stream, self.end = stream, "\r\n" if excel else "\n"
        self.lines: list[str] = []
        if excel or bom:
            stream.write(codecs.BOM_UTF8)

    def add(self, record: str) -> None:
        self.lines.append(record)
        if len(self.lines) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.lines.append("")
            self.stream.write(self.end.join(self.lines).encode("utf-8"))
            self.lines.clear()


def write_rows(
    stream: BinaryIO,
    header: Iterable[str],
    rows: Iterable[Iterable[Any]],
    *,
    excel: bool = False,
    raw: bool = False,
    guarded: Collection[str] = (),
    bom: bool = False,
) -> int:
    """Write a header and rows as CSV; how many rows. The formula guard applies (unless `raw`)
    to the columns named in `guarded` only."""
    header = list(header)
    indexes = {i for i, name in enumerate(header) if name in guarded}
    out = _Out(stream, excel=excel, bom=bom)
    out.add(line(header, raw=True))
    n = 0
    for row in rows:
        out.add(line(row, raw=raw, guarded=indexes))
        n += 1
    out.flush()
    return n


def write(
    data: ExportData,
    stream: BinaryIO,
    *,
    one_row_per_highlight: bool = False,
    raw: bool = False,
    excel: bool = False,
    progress: Progress | None = None,
) -> int:
    """The highlights CSV, each row ending in the article's attribute columns; how many
    rows."""
    attributes = data.attributes
    out = _Out(stream, excel=excel)
    out.add(line((*COLUMNS, *attributes.columns), raw=True))
    out.flush()
    memo: dict[str, str] = {}  # paths, tags, coders, stamps repeat a lot: never guarded
    cached = memo.get
    notes: dict[str, str] = {}  # notes and titles repeat too: guarded unless raw

    def m(value: str) -> str:
        found = memo[value] = cell(value)
        return found

    def g(value: str) -> str:
        found = notes[value] = cell(value, raw)  # the GUARDED columns
        return found

    # a highlight's own cells are encoded once per highlight and the rest once per value,
    # the rows joined as bytes: joining str would widen each row to its widest character
    tag_cells: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[tuple[bytes, bytes]]] = {}
    total, n = data.total, 0
    rows: list[bytes] = []
    current, article, section_at, extra = None, "", data.sections(""), b""
    for done, h in enumerate(data.records(quotes=False), 1):
        # one unpacking of the whole record (the quote context and sha256 are not read)
        (hid, path, start, end, exact, _, _, _, note, coder, created, updated, status, _,
         tags, _, title, tag_coders) = h  # fmt: skip
        if path != current:  # highlights come grouped by article
            current = path
            article = f"{m(path)},{g(title)}"
            section_at = data.sections(path)
            attrs = "".join(["," + attribute_cell(v, raw) for v in attributes.row(path)])
            extra = f"{attrs}{out.end}".encode()
        section = "" if status == "orphaned" else section_at(start)
        head = f"{cell(hid)},{article},{section},".encode()
        tail = (
            f",{start},{end},{cell(exact)},{notes.get(note) or g(note)},"
            f"{cached(coder) or m(coder)},{cached(created) or m(created)},"
            f"{cached(updated) or m(updated)},{status},"
        ).encode()
        key = (tags, tag_coders, coder)
        cells = tag_cells.get(key)
        if cells is None:
            if len(tag_cells) > KEPT:
                tag_cells.clear()  # memory stays flat whatever the tags
            cells = tag_cells[key] = [
                (tag.encode(), by.encode()) for tag, by in _tag_cells(h, one_row_per_highlight, m)
            ]
        rows += [b"".join((head, tag, tail, by, extra)) for tag, by in cells]
        n += len(cells)
        if len(rows) >= CHUNK:
            stream.write(b"".join(rows))
            rows.clear()
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
    stream.write(b"".join(rows))
    if progress is not None:
        progress(total, total)
    return n


def _tag_cells(
    h: Record, one_row_per_highlight: bool, cell_of: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The (tag, tag_coder) cells of a highlight's rows: one row per tag, or one row with
    the tags joined (a highlight with no tag has one row too)."""
    appliers = tag_appliers(h)
    if one_row_per_highlight or not h.tags:
        return [(cell_of(TAG_JOIN.join(h.tags)), cell_of(TAG_JOIN.join(appliers)))]
    return [(cell_of(tag), cell_of(by)) for tag, by in zip(h.tags, appliers, strict=True)]
