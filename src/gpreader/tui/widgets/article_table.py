"""The article table of the library: a Line API widget that draws only the visible rows, so a
corpus of 10,000s of articles shows at once. A header line, a row cursor, columns that fit
the width."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from gpreader.models import ArticleSummary
from gpreader.store.attributes import AttrValue
from gpreader.tui import keys
from gpreader.tui.widgets.layout import printable
from gpreader.tui.widgets.library_attributes import SORT_PREFIX, Values, shown
from gpreader.tui.widgets.library_attributes import label as attribute_label
from gpreader.tui.widgets.quiet_layout import OwnLines

Column = tuple[str, str, int]  # key, label, width
HEADER = 1  # lines above the rows
TITLE_KEPT = 20  # cells the title keeps before an attribute column is shown
ATTRIBUTE_WIDTH = 14


def columns_for(width: int, attribute_keys: Sequence[str] = ()) -> list[Column]:
    """The columns that fit: title always; date, words, comments, highlights as room allows;
    then the chosen attribute columns (after the title) while the title keeps 20 cells."""
    extra: list[Column] = [("highlights", "HL", 3)]
    if width >= 44:
        extra.insert(0, ("date", "Date", 10))
    if width >= 60:
        extra[1:1] = [("words", "Words", 6), ("comments", "Cmts", 4)]
    room = width - sum(w + 2 for _, _, w in extra) - 1 - TITLE_KEPT
    chosen: list[Column] = []
    for key in attribute_keys:
        if room < ATTRIBUTE_WIDTH + 2:
            break
        chosen.append((SORT_PREFIX + key, attribute_label(key), ATTRIBUTE_WIDTH))
        room -= ATTRIBUTE_WIDTH + 2
    title = max(width - sum(w + 2 for _, _, w in (*extra, *chosen)) - 1, 8)
    return [("title", "Title", title), *chosen, *extra]


def _number(value: int, width: int) -> str:
    return f"{value:>{width},}" if value else " " * (width - 1) + "·"


DONE_MARK = "✓ "  # before the title of an article this coder marked done


def cell(
    row: ArticleSummary,
    key: str,
    width: int,
    done: bool = False,
    values: Mapping[str, AttrValue] | None = None,
) -> str:
    if key.startswith(SORT_PREFIX):
        value = (values or {}).get(key.removeprefix(SORT_PREFIX))
        return set_cell_size(printable(shown(value)), width)
    if key == "title":
        title = (DONE_MARK if done else "") + printable(row.title)
        return set_cell_size(title + (" (missing)" if row.missing else ""), width)
    if key == "date":
        return printable(row.date or "").ljust(width)[:width]
    return _number(getattr(row, key), width)


DRAWN_ROWS = 256  # rows' strips kept (a quarter of the most kept)


class LibraryTable(ScrollView, OwnLines, can_focus=True):
    """Rows of articles with a cursor; Enter (or a double click) opens the one under it."""

    ALLOW_SELECT = False
    MEMO_COMPONENT_STYLES = True  # restyled on each focus change: see tui/style_memo
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library-table--header",
        "library-table--cursor",
        "library-table--cursor-blur",
    }
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("library.table")

    class Chosen(Message):
        """Enter or a double click on a row."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleSummary] = []
        self.done: frozenset[str] = frozenset()  # paths marked done by this coder
        self.cursor_row = 0
        self.sort_key = "date"
        self.descending = True
        self.attribute_keys: list[str] = []  # the attribute columns asked for
        self.values: Values = {}  # their values, by article path
        self._columns: list[Column] = columns_for(40)
        # The strip drawn for each row index, with what it was drawn from: a full redraw (a
        # layout key, a dialog closed) draws the rows shown again without building them.
        self._drawn: dict[int, tuple[tuple[object, ...], int, Style, Strip]] = {}
        self._drawing: tuple[int, Style] | None = None  # see render_lines

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[ArticleSummary], cursor: int = 0) -> None:
        self.rows = rows
        self.cursor_row = max(0, min(cursor, len(rows) - 1))
        self.virtual_size = Size(self.size.width, len(rows) + HEADER)
        self._scroll_to_cursor()
        self.refresh()

    def set_attributes(self, keys: list[str], values: Values) -> None:
        """Show these attribute columns (as room allows), with these values."""
        self.attribute_keys, self.values = keys, values
        self._columns = columns_for(self.scrollable_content_region.width, keys)
        self.refresh()

    def refresh_row(self, index: int) -> None:
        self.refresh_line(index + HEADER)

    def on_resize(self, event: events.Resize) -> None:
        columns = columns_for(self.scrollable_content_region.width, self.attribute_keys)
        if columns != self._columns:  # the layout drew the rows at this size with the old ones
            self._columns = columns
            self.refresh()
        self.virtual_size = Size(self.size.width, len(self.rows) + HEADER)
        self._scroll_to_cursor()

    # -- cursor ------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        if not self.rows:
            return
        old, self.cursor_row = self.cursor_row, max(0, min(row, len(self.rows) - 1))
        self.refresh_row(old)
        self.refresh_row(self.cursor_row)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height - HEADER
        if height <= 0:
            return
        y = self.scroll_offset.y
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + height:
            y = self.cursor_row - height + 1
        if y != self.scroll_offset.y:
            self.scroll_to(y=y, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(self.size.height - HEADER - 1, 1))

    def action_edge(self, step: int) -> None:
        self.move_cursor(0 if step < 0 else len(self.rows) - 1)

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y - HEADER
        if event.y < HEADER or not 0 <= row < len(self.rows):
            return
        self.move_cursor(row)
        if event.chain >= 2:
            self.post_message(self.Chosen(row))

    # -- drawing -----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's, with the width and base style found once for all the lines drawn (each
        is a walk up the tree: about half of drawing a line that was drawn before)."""
        self._drawing = (self.scrollable_content_region.width, self.rich_style)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        width, base = self._drawing or (self.scrollable_content_region.width, self.rich_style)
        if y < HEADER:
            header = self.get_component_rich_style("library-table--header")  # blended
            return self._line(self._header(), header, width)
        index = self.scroll_offset.y + y - HEADER
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if index == self.cursor_row:
            name = "library-table--cursor" if self.has_focus else "library-table--cursor-blur"
            style = self.get_component_rich_style(name)
        done = self.done
        values = self.values
        source = (row, done, values, self._columns)
        drawn = self._drawn.get(index)
        if (
            drawn is not None
            and drawn[1] == width
            and drawn[2] == style
            and all(a is b for a, b in zip(drawn[0], source, strict=True))
        ):
            return drawn[3]  # the same objects drawn the same way: the same strip
        found = values.get(row.path)
        text = " " + "  ".join(
            cell(row, key, w, row.path in done, found) for key, _, w in self._columns
        )
        strip = self._line(text, style, width)
        if len(self._drawn) > 4 * DRAWN_ROWS:
            self._drawn.clear()
        self._drawn[index] = (source, width, style, strip)
        return strip

    def _header(self) -> str:
        arrow = " ▼" if self.descending else " ▲"
        labels = []
        for key, label, w in self._columns:
            label = label + (arrow if key == self.sort_key else "")
            left = key in ("title", "date") or key.startswith(SORT_PREFIX)
            labels.append(label.ljust(w) if left else label.rjust(w))
        return " " + "  ".join(
            set_cell_size(lab, w) for lab, (_, _, w) in zip(labels, self._columns, strict=True)
        )

    @staticmethod
    def _line(text: str, style: Style, width: int) -> Strip:
        if cell_len(text) > width:
            text = set_cell_size(text, width)
        return Strip([Segment(text, style)]).extend_cell_length(width, style)
