"""A DataTable that draws its one-line cells without Rich's layout machinery.

Textual's DataTable renders every cell it has not drawn before through Rich (a Padding inside
a Styled, wrapped, justified and cropped): about a third of a millisecond per cell, so the
analysis screen's 25 x 26 matrix took a quarter of a second to show its numbers. `QuickGrid`
builds the same segments directly for the common cell: a `Text` without spans, tabs or line
breaks that fits its column, in a row one line high. Any other cell (styled spans, wrapping,
overflow, full justification, taller rows) goes through the DataTable's own code. What is
drawn is the same character for character and style for style (tests/unit/test_quick_grid.py
compares the two on many cells).

Two more shortcuts, neither changing what is drawn: a frame draws only the cells of the columns
in sight (the DataTable draws every column of a row and crops the line: a matrix by month has
dozens of columns, a screen shows a dozen), and a new row's plain cells are measured by their
characters (what Rich's measure finds for them, without building console options per cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import Column, RowKey

__all__ = ["QuickGrid", "quick_cell", "text_width"]

Lines = list[list[Segment]]


def quick_cell(
    text: Text,
    own: Style,
    width: int,
    padding: int,
    pre: Style,
    post: Style,
    justify: str,
    styles: tuple[Style, Style] | None = None,
) -> Lines | None:
    """The one line Rich would draw for `text` (whose own style is `own`) padded by `padding`
    in `width` cells, under `pre` and `post` styles (the DataTable's Styled) with `justify`:
    None when the text is not simple enough to be sure. `styles`: the blank's and the text's
    styles (pre + post, pre + own + post) when already added up."""
    plain = text.plain
    inner = width - 2 * padding
    if text.spans or inner <= 0 or "\n" in plain or "\t" in plain:
        return None
    if justify not in ("default", "left", "right", "center"):
        return None
    if justify in ("right", "center"):
        plain = plain.rstrip()
    length = cell_len(plain)
    if length > inner or (justify in ("default", "left") and length != len(plain)):
        return None  # folding, or wide characters a cropping pass might split: Rich's way
    if justify == "right":
        plain = " " * (inner - length) + plain
    elif justify == "center":
        left = (inner - length) // 2
        plain = " " * left + plain + " " * (inner - length - left)
    elif justify == "left":
        plain += " " * (inner - length)
    if styles is None:
        blank = pre + post
        drawn = pre + own + post if own and plain else blank
    else:
        blank, drawn = styles
    line = [Segment(" " * padding, blank)] if padding else []
    if plain:
        line.append(Segment(plain, drawn))
    rest = inner - cell_len(plain)
    if rest:
        line.append(Segment(" " * rest, blank))
    if padding:
        line.append(Segment(" " * padding, blank))
    return [line]


def text_width(cell: object) -> int | None:
    """The width Rich's measure gives a `Text` cell (its longest line), None for any other."""
    if not isinstance(cell, Text):
        return None
    lines = cell.plain.splitlines()
    return max(cell_len(line) for line in lines) if lines else 0


class Frame:
    """What stays the same while one frame is drawn: the grid's settings, the keys of its rows
    and columns, and the styles its cells are drawn in (each looked up once per frame, not
    once per cell)."""

    def __init__(self, grid: QuickGrid, sight: tuple[int, int]) -> None:
        self.sight = sight
        self.fixed_columns = grid.fixed_columns
        self.fixed_rows = grid.fixed_rows
        self.header_height = grid.header_height
        self.padding = grid.cell_padding
        self.show_hover = grid._show_hover_cursor
        self.cell_flags = (
            grid.show_cursor,
            grid._show_hover_cursor,
            grid.cursor_foreground_priority == "css",
            grid.cursor_background_priority == "css",
        )
        self.cache_tail = (grid._show_hover_cursor, grid._update_count, grid._pseudo_class_state)
        self.rich_style: Style = DataTable.rich_style.fget(grid)  # type: ignore[attr-defined]
        self.background_colors: tuple[Color, Color] = DataTable.background_colors.fget(grid)  # type: ignore[attr-defined]
        self.row_styles: dict[tuple[int, Style], Style] = {}
        self.ordered_columns: list[Column] = DataTable.ordered_columns.fget(grid)  # type: ignore[attr-defined]
        self.row_keys: dict[int, Any] = {-1: grid._header_row_key}
        self.column_keys: dict[int, Any] = {}
        self.heights: dict[int, int] = {-1: self.header_height}
        self.styles: dict[tuple[Any, ...], tuple[Style, Style]] = {}
        self.own: dict[Any, Style] = {}
        self.sums: dict[tuple[Style, ...], Style] = {}

    def add(self, *styles: Style) -> Style:
        """The sum of `styles`, added once per frame."""
        found = self.sums.get(styles)
        if found is None:
            found = styles[0]
            for style in styles[1:]:
                found += style
            self.sums[styles] = found
        return found


class QuickGrid(DataTable[Any]):
    """DataTable with a quick way to draw simple one-line cells (see the module)."""

    _frame: Frame | None = None  # set while a frame is drawn (asked for during __init__ too)
    _cached_sight: tuple[int, int] | None = None  # the columns the row cache was drawn for

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines asked for, only the columns in sight (see the module)."""
        sight = self._columns_in_sight()
        if sight != self._cached_sight:  # rows drawn for other columns: not for this frame
            self._row_render_cache.clear()
            self._cached_sight = sight
        self._frame = Frame(self, sight)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    @property
    def rich_style(self) -> Style:
        """The grid's style: walked up from the screen once per frame (the DataTable asks for
        it on every line)."""
        frame = self._frame
        return frame.rich_style if frame is not None else super().rich_style

    @property
    def ordered_columns(self) -> list[Column]:
        """The columns in order: listed once per frame (the DataTable lists them several
        times for every row it draws)."""
        frame = self._frame
        return frame.ordered_columns if frame is not None else super().ordered_columns

    @property
    def background_colors(self) -> tuple[Color, Color]:
        """The grid's and its parent's backgrounds: worked out once per frame (the DataTable
        asks for them on every row)."""
        frame = self._frame
        return frame.background_colors if frame is not None else super().background_colors

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        """The style of a row (a header, fixed, odd or even one): worked out once per frame
        for each kind of row (the DataTable works it out for every row)."""
        frame = self._frame
        if frame is None:
            return super()._get_row_style(row_index, base_style)
        kind = -1 if row_index == -1 else -2 if row_index < frame.fixed_rows else row_index % 2
        style = frame.row_styles.get((kind, base_style))
        if style is None:
            style = super()._get_row_style(row_index, base_style)
            frame.row_styles[kind, base_style] = style
        return style

    def _columns_in_sight(self) -> tuple[int, int]:
        """The first and past-the-last scrollable column any part of which is in sight."""
        left = int(self.scroll_x)
        right = left + self.size.width
        first, last, x = 0, 0, 0
        for index, column in enumerate(self.ordered_columns):
            end = x + column.get_render_width(self)
            if end <= left:
                first = index + 1
            if x < right:
                last = index + 1
            x = end
        return first, max(first, last)

    def measure_now(self) -> None:
        """Measure the rows and columns added so far now, rather than when the grid is next
        idle (after a frame drawn with the old measures)."""
        if self._updated_cells:
            updated, self._updated_cells = self._updated_cells, set()
            self._update_column_widths(updated)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows, self._new_rows = self._new_rows, set()
            self._update_dimensions(new_rows)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Measure the new rows whose cells are all `Text` by their characters, and give the
        rest (labels, rows of automatic height, other renderables) to the DataTable."""
        others: list[RowKey] = []
        columns = self.ordered_columns
        for row_key in new_rows:
            row_index = self._row_locations.get(row_key)
            row = self.rows.get(row_key)
            if row_index is None or row is None:
                continue
            widths = [text_width(cell) for cell in self._get_row_renderables(row_index).cells]
            if row.label is not None or row.auto_height or None in widths:
                others.append(row_key)
                continue
            for column, width in zip(columns, widths, strict=False):
                if width is not None and width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(others)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Lines:
        frame = self._frame
        if frame is not None:
            return self._frame_cell(
                frame, row_index, column_index, base_style, width, cursor, hover
            )
        key = self._quick_key(row_index, column_index, base_style, cursor, hover)
        cached: Lines | None = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        lines = self._quick_lines(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = lines
        return lines

    def _frame_cell(
        self,
        frame: Frame,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> Lines:
        """`_render_cell` while a frame is drawn: a cell out of sight is blank (cropped away),
        and what is the same for every cell is looked up once (see Frame)."""
        height = frame.heights.get(row_index)
        if height is None:
            height = frame.heights[row_index] = self._height(row_index)
        first, last = frame.sight
        if height == 1 and column_index >= frame.fixed_columns and not first <= column_index < last:
            return [[Segment(" " * width, base_style)]]  # cropped away: never seen
        row_key = frame.row_keys.get(row_index)
        if row_key is None:
            row_key = frame.row_keys[row_index] = self._row_locations.get_key(row_index)
        column_key = frame.column_keys.get(column_index)
        if column_key is None:
            column_key = self._column_locations.get_key(column_index)
            frame.column_keys[column_index] = column_key
        key: Any = (row_key, column_key, base_style, cursor, hover, *frame.cache_tail)
        cached: Lines | None = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        lines = None
        if height == 1:
            lines = self._frame_lines(
                frame, row_index, column_index, base_style, width, cursor, hover
            )
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = lines
        return lines

    def _frame_lines(
        self,
        frame: Frame,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> Lines | None:
        """`_quick_lines` of a one-line row with the frame's lookups; the cell's position (its
        meta) added to its styles last (the same styles: no other part carries meta)."""
        label, cells = self._get_row_renderables(row_index)
        is_label = column_index == -1
        cell = (label if label is not None else "") if is_label else cells[column_index]
        if not isinstance(cell, Text):
            return None
        is_header = row_index == -1
        is_fixed = (
            not is_header
            and not is_label
            and (row_index < frame.fixed_rows or column_index < frame.fixed_columns)
        )
        flags = (is_header, is_label, is_fixed, hover, cursor)
        found = frame.styles.get(flags)
        if found is None:
            found = self._get_styles_to_render_cell(*flags, *frame.cell_flags)
            frame.styles[flags] = found
        component, post = found
        own = frame.own.get(cell.style)
        if own is None:
            own = self.app.console.get_style(cell.style, default=Style.null())
            frame.own[cell.style] = own
        if base_style._meta or component._meta or post._meta or own._meta:
            return self._quick_lines(row_index, column_index, base_style, width, cursor, hover)
        meta = Style.from_meta({"row": row_index, "column": column_index})
        blank = frame.add(base_style, component, post)
        drawn = frame.add(base_style, component, own, post) if own else blank
        styles = (blank + meta, drawn + meta if own else blank + meta)
        justify = cell.justify or "default"
        return quick_cell(cell, own, width, frame.padding, base_style, post, justify, styles)

    def _height(self, row_index: int) -> int:
        """The height of the row at `row_index` (-1: the header), 0 for an automatic one."""
        if row_index == -1:
            return self.header_height
        row = self.rows.get(self._row_locations.get_key(row_index))  # type: ignore[arg-type]
        return row.height if row is not None and not row.auto_height else 0

    def _quick_key(
        self, row_index: int, column_index: int, base_style: Style, cursor: bool, hover: bool
    ) -> tuple[Any, ...]:
        """The DataTable's own cell cache key (so both ways share one cache)."""
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        return (
            row_key,
            self._column_locations.get_key(column_index),
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )

    def _one_line(self, row_index: int) -> bool:
        """Whether the row at `row_index` (-1: the header) is one line high."""
        if row_index == -1:
            return self.header_height == 1
        row = self.rows.get(self._row_locations.get_key(row_index))  # type: ignore[arg-type]
        return row is not None and not row.auto_height and row.height == 1

    def _quick_lines(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> Lines | None:
        """The cell drawn the quick way, or None when it must be drawn by Rich."""
        is_header = row_index == -1
        is_label = column_index == -1
        if is_header:
            height = self.header_height
        else:
            row = self.rows.get(self._row_locations.get_key(row_index))  # type: ignore[arg-type]
            height = row.height if row is not None and not row.auto_height else 0
        if height != 1:
            return None
        label, cells = self._get_row_renderables(row_index)
        cell = (label if label is not None else "") if is_label else cells[column_index]
        if not isinstance(cell, Text):
            return None
        is_fixed = (
            not is_header
            and not is_label
            and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        )
        component, post = self._get_styles_to_render_cell(
            is_header,
            is_label,
            is_fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        justify = cell.justify or "default"  # Textual's console options set no justify
        own = self.app.console.get_style(cell.style, default=Style.null())
        return quick_cell(cell, own, width, self.cell_padding, pre, post, justify)
