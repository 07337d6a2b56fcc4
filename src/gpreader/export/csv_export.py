"""CSV: one row per highlight and tag (or per highlight), for Excel, pandas, R and QDA tools.

RFC 4180 quoting (fields with quotes, commas or line breaks are quoted, quotes doubled), UTF-8,
`\\n` record ends; `excel=True` adds a byte-order mark and `\\r\\n` record ends. Line breaks
inside a quoted cell stay `\\n`. Unless `raw`, a text cell that a spreadsheet would run as a
formula (starting with = + - @ tab or CR) gets a leading `'`.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from typing import Any, BinaryIO

from gpreader.export.common import FORMULA_START, ExportData, Progress, tag_appliers

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
CHUNK = 4096  # records per write
PROGRESS_EVERY = 1000  # highlights


def cell(value: str, raw: bool = False) -> str:
    """One CSV field, quoted as Python's csv.writer (QUOTE_MINIMAL) would, formulas made inert.

    Hand-rolled because the export is dominated by it: str methods run in C, ~4x csv.writer.
    """
    if not raw and value.startswith(FORMULA_START):
        value = "'" + value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def line(values: Iterable[Any], *, raw: bool = False) -> str:
    """One record, without its terminator; numbers as they are, None as an empty field."""
    cells = [
        cell(v, raw=raw) if isinstance(v, str) else "" if v is None else str(v) for v in values
    ]
    return ",".join(cells) if cells != [""] else '""'  # a lone empty field is not a blank line


class _Out:
    """Records gathered and written in chunks, UTF-8 (with a BOM for Excel)."""

    def __init__(self, stream: BinaryIO, *, excel: bool) -> None:
        self.stream, self.end = stream, "\r\n" if excel else "\n"
        self.lines: list[str] = []
        if excel:
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
) -> int:
    """Write a header and rows as CSV; how many rows."""
    out = _Out(stream, excel=excel)
    out.add(line(header, raw=True))
    n = 0
    for row in rows:
        out.add(line(row, raw=raw))
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
    """The highlights CSV; how many rows."""
    out = _Out(stream, excel=excel)
    out.add(line(COLUMNS, raw=True))
    memo: dict[str, str] = {}  # paths, titles, tags, coders, notes, stamps repeat a lot
    cached = memo.get

    def m(value: str) -> str:
        found = memo[value] = cell(value, raw)
        return found

    total, lines, n = len(data.highlights), out.lines, 0
    current, article, section_at = None, "", data.sections("")
    for done, h in enumerate(data.highlights, 1):
        if h.article != current:  # highlights come grouped by article
            current = h.article
            article = f"{m(h.article)},{m(data.title(h))}"
            section_at = data.sections(h.article)
        section = "" if h.status == "orphaned" else section_at(h.start)
        head = f"{cell(h.id, raw)},{article},{section},"
        tail = (
            f",{h.start},{h.end},{cell(h.exact, raw)},{cached(h.note) or m(h.note)},"
            f"{cached(h.coder) or m(h.coder)},{cached(h.created) or m(h.created)},"
            f"{cached(h.updated) or m(h.updated)},{h.status},"
        )
        appliers = tag_appliers(h)
        if one_row_per_highlight or not h.tags:
            lines.append(head + m(TAG_JOIN.join(h.tags)) + tail + m(TAG_JOIN.join(appliers)))
            n += 1
        else:
            lines.extend(
                [
                    head + (cached(tag) or m(tag)) + tail + (cached(by) or m(by))
                    for tag, by in zip(h.tags, appliers, strict=True)
                ]
            )
            n += len(h.tags)
        if len(lines) >= CHUNK:
            out.flush()
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
    out.flush()
    if progress is not None:
        progress(total, total)
    return n
