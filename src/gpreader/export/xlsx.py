"""XLSX for Excel and LibreOffice: sheets of highlights, codebook and per-article counts.

Every cell is typed on purpose: text is an inline string (never a formula, never an error
code, whatever it starts with, so no `'` guard is needed and text stays verbatim), offsets and
counts are numbers, time stamps are dates (UTC, as Excel has no time zones). Each sheet has a
bold frozen header, an autofilter over its rows and set column widths. Written with openpyxl's
write-only mode, which streams rows to disk, so memory stays flat however many highlights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gpreader.export.common import ExportData, Progress, Record, tag_appliers, ticker
from gpreader.export.csv_export import TAG_JOIN

# (header, width in characters) per sheet
HIGHLIGHT_COLUMNS = (
    ("highlight_id", 38),
    ("article", 28),
    ("title", 36),
    ("section", 12),
    ("tag", 24),
    ("start", 9),
    ("end", 9),
    ("text", 60),
    ("note", 40),
    ("coder", 14),
    ("created (UTC)", 20),
    ("updated (UTC)", 20),
    ("anchor_status", 14),
    ("tag_coder", 14),
)
CODEBOOK_COLUMNS = (
    ("tag", 32),
    ("description", 48),
    ("color", 10),
    ("highlights", 11),
    ("articles", 10),
)
ARTICLE_COLUMNS = (
    ("article", 28),
    ("title", 40),
    ("highlights", 11),
    ("tags", 8),
    ("anchored", 10),
    ("fuzzy", 8),
    ("orphaned", 10),
)
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
_BOLD = Font(bold=True)


def write(
    data: ExportData,
    stream: BinaryIO,
    *,
    one_row_per_highlight: bool = False,
    progress: Progress | None = None,
) -> int:
    """The workbook (highlights, codebook, articles sheets); how many highlight rows."""
    book = Workbook(write_only=True)
    highlight_rows = _highlight_rows(data, one_row_per_highlight)
    n = _count(data, one_row_per_highlight)
    sheet = _sheet(book, "highlights", HIGHLIGHT_COLUMNS, n)
    tick = ticker(progress, len(data.highlights))
    for done, rows in enumerate(highlight_rows, 1):
        for row in rows:
            sheet.append(_cells(sheet, row))
        tick(done)
    codebook = [[t.path, t.description, t.color, t.highlights, t.articles] for t in data.codebook()]
    _fill(book, "codebook", CODEBOOK_COLUMNS, codebook)
    _fill(book, "articles", ARTICLE_COLUMNS, _article_rows(data))
    book.save(stream)
    if progress is not None and not data.highlights:
        progress(0, 0)
    return n


def _count(data: ExportData, one_row_per_highlight: bool) -> int:
    if one_row_per_highlight:
        return len(data.highlights)
    return sum(len(h.tags) or 1 for h in data.highlights)


def _sheet(
    book: Workbook, title: str, columns: Sequence[tuple[str, int]], rows: int
) -> WriteOnlyWorksheet:
    """A new sheet with its header written, widths, frozen header and autofilter set."""
    sheet = book.create_sheet(title)
    assert isinstance(sheet, WriteOnlyWorksheet)
    # write-only sheets have these (set up as on a normal sheet); the stubs do not say so
    for index, (_, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"  # type: ignore[attr-defined]
    header = []
    for name, _ in columns:
        cell = _text(sheet, name)
        cell.font = _BOLD
        header.append(cell)
    sheet.append(header)
    return sheet


def _fill(
    book: Workbook, title: str, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = _sheet(book, title, columns, len(rows))
    for row in rows:
        sheet.append(_cells(sheet, row))


def _highlight_rows(data: ExportData, one_row_per_highlight: bool) -> Iterator[list[list[Any]]]:
    """Per highlight, its rows: one per tag (or one with the tags joined)."""
    section_at: Callable[[int], str] = data.sections("")
    current = None
    for h in data.highlights:
        if h.article != current:
            current, section_at = h.article, data.sections(h.article)
        section = "" if h.status == "orphaned" else section_at(h.start)
        by = tag_appliers(h)
        pairs: Iterable[tuple[str, str]] = (
            [(TAG_JOIN.join(h.tags), TAG_JOIN.join(by))]
            if one_row_per_highlight or not h.tags
            else zip(h.tags, by, strict=True)
        )
        yield [_row(h, data.title(h), section, tag, coder) for tag, coder in pairs]


def _row(h: Record, title: str, section: str, tag: str, tag_coder: str) -> list[Any]:
    return [
        h.id,
        h.article,
        title,
        section,
        tag,
        h.start,
        h.end,
        h.exact,
        h.note,
        h.coder,
        excel_time(h.created),
        excel_time(h.updated),
        h.status,
        tag_coder,
    ]


def _article_rows(data: ExportData) -> list[list[Any]]:
    per: dict[str, tuple[str, Counter[str], set[str]]] = {}
    for h in data.highlights:
        _, statuses, tags = per.setdefault(h.article, (data.title(h), Counter(), set()))
        statuses[h.status] += 1
        tags.update(h.tags)
    return [
        [path, title, sum(s.values()), len(tags), s["anchored"], s["fuzzy"], s["orphaned"]]
        for path, (title, s, tags) in per.items()
    ]


def excel_time(stamp: str) -> datetime | str:
    """A stored time stamp as a naive UTC datetime (Excel has no zones); unparsable: as is."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _cells(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Cell]:
    cells = []
    for value in values:
        if isinstance(value, str):
            cells.append(_text(sheet, value))
        elif isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = DATE_FORMAT
            cells.append(cell)
        elif isinstance(value, int | float) or value is None:
            cells.append(WriteOnlyCell(sheet, value))
        else:
            raise TypeError(f"no cell type for {type(value).__name__}")
    return cells


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """A string cell whatever the text: openpyxl would make `=...` a formula and `#N/A` an
    error, so the type is set after the value. Characters XML cannot carry (stored text has
    none) become U+FFFD; an empty string is an empty cell."""
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) or None)
    if value:
        cell.data_type = "s"
    return cell


def typed_cells(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Cell]:
    """One row's cells, each typed on purpose: text stays text (never a formula), numbers
    and dates are numbers and dates (for other tables written to a sheet)."""
    return _cells(sheet, values)
