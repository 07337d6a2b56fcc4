"""A table of numbers with labelled rows and columns and their totals: what every analysis
returns, and how it is written (JSON object, CSV, XLSX).

Totals count each unit once: a highlight with two tags counts in both rows but once in its
column's total and once in the grand total, so a column total is not always its column's sum.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Number = int | float


def _nothing(row: int, column: int) -> list[str]:
    return []


@dataclass(frozen=True)
class Table:
    """rows x columns of numbers. `unit` names what a cell counts; `behind(i, j)` lists the ids
    of the highlights behind cell (i, j), exactly those counted."""

    title: str
    unit: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Number]]
    row_totals: list[Number]
    column_totals: list[Number]
    total: Number
    notes: dict[str, Any] = field(default_factory=dict)
    behind: Callable[[int, int], list[str]] = field(default=_nothing, compare=False, repr=False)

    def cell(self, row: str, column: str) -> Number:
        """The number at (row label, column label)."""
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def to_json(self) -> dict[str, Any]:
        """The object `--json` prints: rows, columns, cells (a list of rows of numbers), unit,
        totals, and notes (such as how many orphaned highlights were left out)."""
        return {
            "title": self.title,
            "unit": self.unit,
            "rows": self.rows,
            "columns": self.columns,
            "cells": self.cells,
            "row_totals": self.row_totals,
            "column_totals": self.column_totals,
            "total": self.total,
            **self.notes,
        }

    def grid(self, corner: str = "") -> list[list[str | Number]]:
        """Header row, then one row per label with its total, then the totals row."""
        out: list[list[str | Number]] = [[corner, *self.columns, "total"]]
        for label, values, total in zip(self.rows, self.cells, self.row_totals, strict=True):
            out.append([label, *values, total])
        out.append(["total", *self.column_totals, self.total])
        return out


def percent(table: Table, by: str) -> Table:
    """Each cell as a percentage (one decimal) of its row's total (`row`) or its column's
    (`column`); the totals as percentages of the grand total on the other axis."""
    if by not in ("row", "column"):
        raise ValueError(f"percent by row or column, not {by!r}")

    def of(value: Number, whole: Number) -> float:
        return round(100.0 * value / whole, 1) if whole else 0.0

    if by == "row":
        cells = [
            [of(v, t) for v in row] for row, t in zip(table.cells, table.row_totals, strict=True)
        ]
        rows = [of(t, t) for t in table.row_totals]
        columns = [of(t, table.total) for t in table.column_totals]
    else:
        cells = [
            [of(v, t) for v, t in zip(row, table.column_totals, strict=True)] for row in table.cells
        ]
        rows = [of(t, table.total) for t in table.row_totals]
        columns = [of(t, t) for t in table.column_totals]
    return replace(
        table,
        unit=f"% of {by} ({table.unit})",
        cells=cells,
        row_totals=rows,
        column_totals=columns,
        total=100.0 if table.total else 0.0,
    )


def to_csv(table: Table, corner: str = "") -> str:
    """The grid as CSV text (`\\n` line ends); labels are written as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(table.grid(corner))
    return out.getvalue()


def write_xlsx(table: Table, stream: BinaryIO, corner: str = "") -> None:
    """The grid as one sheet, with the title and unit on a second."""
    grid = table.grid(corner)
    about = [("title", table.title), ("unit", table.unit)]
    write_rows_xlsx(grid[0], grid[1:], stream, "table", about=about, label_column=True)


def write_rows_xlsx(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    stream: BinaryIO,
    title: str,
    *,
    about: Sequence[tuple[str, str]] = (),
    label_column: bool = False,
) -> None:
    """Rows as a sheet: strings as strings (never formulas or error codes), numbers as
    numbers; a bold frozen header (and first column, with `label_column`)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = title
    widths: list[int] = []
    for r, values in enumerate([header, *rows], 1):
        for c, value in enumerate(values, 1):
            cell = sheet.cell(row=r, column=c)
            _set(cell, value)
            if r == 1 or (label_column and c == 1):
                cell.font = Font(bold=True)
            size = len(str(value)) if value is not None else 0
            if c > len(widths):
                widths.append(size)
            widths[c - 1] = max(widths[c - 1], size)
    sheet.freeze_panes = "B2" if label_column else "A2"
    for c, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(c)].width = min(60, max(8, width + 2))
    if about:
        info = book.create_sheet("about")
        for r, (key, value) in enumerate(about, 1):
            _set(info.cell(row=r, column=1), key)
            _set(info.cell(row=r, column=2), value)
    book.save(stream)


def _set(cell: Any, value: Any) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) or None
        if value:
            cell.data_type = "s"  # set after the value: never a formula or an error code
    else:
        cell.value = value
