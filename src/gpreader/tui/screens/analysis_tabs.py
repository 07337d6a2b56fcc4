"""The analysis screen's tabs: their names, the widgets each is made of (made the first time
the tab is needed, so that opening the screen composes one tab, not four) and how a number is
put in a grid cell."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from gpreader.analysis.table import Number
from gpreader.tui.widgets.quick_grid import QuickGrid

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


def number_cell(value: Number) -> Text:
    """A cell's number, right-aligned, as Text: a grid parses a str cell as markup each time
    it draws it."""
    return Text(str(value) if isinstance(value, int) else f"{value:g}", justify="right")
