"""A DataTable that draws its one-line cells without Rich's layout machinery.

Textual's DataTable renders every cell it has not drawn before through Rich (a Padding inside
a Styled, wrapped, justified and cropped): about a third of a millisecond per cell, so the
analysis screen's 25 x 26 matrix took a quarter of a second to show its numbers. `QuickGrid`
builds the same segments directly for the common cell: a `Text` without spans, tabs or line
breaks that fits its column, in a row one line high. Any other cell (styled spans, wrapping,
overflow, full justification, taller rows) goes through the DataTable's own code. What is
drawn is the same character for character and style for style (tests/unit/test_quick_grid.py
compares the two on many cells).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

__all__ = ["QuickGrid", "quick_cell"]

Lines = list[list[Segment]]


def quick_cell(
    text: Text, own: Style, width: int, padding: int, pre: Style, post: Style, justify: str
) -> Lines | None:
    """The one line Rich would draw for `text` (whose own style is `own`) padded by `padding`
    in `width` cells, under `pre` and `post` styles (the DataTable's Styled) with `justify`:
    None when the text is not simple enough to be sure."""
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
    blank = pre + post
    line = [Segment(" " * padding, blank)] if padding else []
    if plain:
        line.append(Segment(plain, pre + own + post if own else blank))
    rest = inner - cell_len(plain)
    if rest:
        line.append(Segment(" " * rest, blank))
    if padding:
        line.append(Segment(" " * padding, blank))
    return [line]


class QuickGrid(DataTable[Any]):
    """DataTable with a quick way to draw simple one-line cells (see the module)."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Lines:
        key = self._quick_key(row_index, column_index, base_style, cursor, hover)
        cached: Lines | None = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        lines = self._quick_lines(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = lines
        return lines

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
