"""The analysis screen's tabs: their names, the widgets each is made of (made the first time
the tab is needed, so that opening the screen composes one tab, not four) and how a number is
put in a grid cell."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import RenderResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from gpreader.analysis.table import Number, Table
from gpreader.tui.widgets.quick_grid import QuickGrid
from gpreader.tui.widgets.shown import shown

TABS = ("matrix", "cooccur", "timeline", "agreement")
TAB_TITLES = {
    "matrix": "Matrix",
    "cooccur": "Co-occurrence",
    "timeline": "Timeline",
    "agreement": "Agreement",
}
BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[Number]) -> str:
    """A row of numbers as block characters, scaled to its largest."""
    top = max(values, default=0)
    if not top:
        return " " * len(values)
    return "".join(BARS[round(len(BARS[1:]) * v / top)] if v else " " for v in values)


class ChartBox(VerticalScroll):
    """The timeline chart's box: says when its size changes (the chart is drawn to fit)."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class TitleLine(Static):
    """The screen's title line. While the numbers are long in coming it says so, with the
    seconds counted so far: one repaint of this line a second (a loading indicator moves
    sixteen times a second, and mounted under the title it lays the screen out again as it
    comes and goes; either cost the UI thread more than drawing the numbers)."""

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)
        self.counting_since: float | None = None
        self.placed: tuple[int, int] | None = None  # set by the counting worker's thread

    def counting(self, on: bool) -> None:
        """Show (or stop showing) that the numbers are being counted."""
        if on == (self.counting_since is not None):
            return
        self.counting_since = time.monotonic() if on else None
        self.auto_refresh = 1.0 if on else None
        self.refresh()

    def place(self, done: int, total: int) -> None:
        """The first analysis after an upgrade places every highlight in its sentences and
        paragraphs (analysis.load's `progress`): called from the worker, shown on the next
        repaint (one a second while counting)."""
        self.placed = (done, total)

    def render(self) -> RenderResult:
        if self.counting_since is None:
            return super().render()
        seconds = f"{time.monotonic() - self.counting_since:.0f} s"
        placed = self.placed
        if placed is not None and placed[0] < placed[1]:
            done, total = placed
            return f"Analysis: placing highlights, {done:,} of {total:,} articles… {seconds}"
        return f"Analysis: counting… {seconds}"


def tab_content(name: str) -> list[Widget]:
    """The widgets of the tab `name`."""
    if name == "timeline":
        return [
            ChartBox(Static("", id="timeline-chart"), id="timeline-chart-box"),
            QuickGrid(id="timeline-table", cursor_type="cell", zebra_stripes=True),
        ]
    if name == "agreement":
        return [
            Static("", id="agreement-status", markup=False),
            QuickGrid(id="agreement-table", cursor_type="row", zebra_stripes=True),
        ]
    return [QuickGrid(id=f"{name}-table", cursor_type="cell", zebra_stripes=True)]


@dataclass(frozen=True)
class GridCells:
    """A table as its grid shows it: the column headings and the rows of cells (built by the
    worker that computed the table, so that the UI thread only hands them to the grid)."""

    columns: list[Text]
    rows: list[list[Text]]


def grid_cells(name: str, table: Table) -> GridCells:
    """The cells of tab `name`'s grid for `table`: a label column, the numbers, the total (and
    the timeline's trend), then a row of totals."""
    trend = name == "timeline"
    columns = [Text("tag"), *(Text(shown(label)) for label in table.columns), Text("total")]
    if trend:
        columns.append(Text("trend"))
    rows = []
    for i, label in enumerate(table.rows):
        values = [number_cell(v) for v in table.cells[i]]
        extra = [Text(sparkline(table.cells[i]))] if trend else []
        rows.append([Text(shown(label)), *values, number_cell(table.row_totals[i]), *extra])
    totals = [number_cell(v) for v in table.column_totals]
    extra = [Text("")] if trend else []
    rows.append([Text("total"), *totals, number_cell(table.total), *extra])
    return GridCells(columns, rows)


def number_cell(value: Number) -> Text:
    """A cell's number, right-aligned, as Text: a grid parses a str cell as markup each time
    it draws it."""
    return Text(str(value) if isinstance(value, int) else f"{value:g}", justify="right")
