"""QuickGrid draws each cell exactly as Textual's DataTable would (character and style for
every cell), the quick way where it can and the DataTable's way otherwise."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from gpreader.tui.widgets.quick_grid import QuickGrid, quick_cell

ALPHABET = "ab xy-/_.,0123456789é漢字🙂 \u200b[]"  # wide, zero-width, markup-like
JUSTIFY = ["left", "right", "center", "full", None]


def cells_of(lines: list[list[Segment]]) -> list[list[tuple[str, Style | None]]]:
    """Each line as (character, style) per character: segments split differently draw the
    same."""
    return [[(ch, seg.style) for seg in line for ch in seg.text] for line in lines]


def random_cell(rng: random.Random) -> Any:
    """A number, a label, a styled label, one with spans, or a markup string."""
    label = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 14)))
    kind = rng.randrange(6)
    if kind == 0:
        return Text(str(rng.randrange(-5, 10**7)), justify="right")
    if kind == 1:
        return Text(f"{rng.uniform(0, 100):g}", justify="right")
    if kind == 2:
        return Text(label, justify=rng.choice(JUSTIFY))  # type: ignore[arg-type]
    if kind == 3:
        return Text(label, style=rng.choice(["bold red", "", "italic"]))
    if kind == 4:
        return Text.assemble(label, ("x", "italic"))  # spans: Rich's way
    return label  # a str: markup, parsed by the DataTable


class Grids(App[None]):
    def compose(self) -> ComposeResult:
        yield QuickGrid(id="quick", cursor_type="cell", zebra_stripes=True)


async def draw_both(rows: list[list[Any]], widths: list[int | None]) -> int:
    """Fill a grid and compare every cell under each cursor and width, drawn the quick way
    and the DataTable's way (its cache emptied between); the number of cells compared."""
    app = Grids()
    compared = 0
    async with app.run_test(size=(120, 30)) as pilot:
        quick = app.query_one("#quick", QuickGrid)
        for j, width in enumerate(widths):
            quick.add_column(Text(f"c{j}"), key=f"c{j}", width=width)
        for i, row in enumerate(rows):
            quick.add_row(*row, key=f"r{i}")
        await pilot.pause()
        base = quick.rich_style
        for i in range(-1, len(rows)):
            for j, column in enumerate(quick.ordered_columns):
                for width in (column.get_render_width(quick), 3, 9):
                    for cursor in (False, True):
                        quick._cell_render_cache.clear()
                        ours = quick._render_cell(i, j, base, width, cursor=cursor)
                        quick._cell_render_cache.clear()
                        theirs = DataTable._render_cell(quick, i, j, base, width, cursor=cursor)
                        cell = rows[i][j] if i >= 0 else f"c{j}"
                        assert cells_of(ours) == cells_of(theirs), (repr(cell), width, cursor)
                        compared += 1
    return compared


def test_every_cell_is_drawn_as_the_datatable_draws_it() -> None:
    rng = random.Random(15)
    widths = [None, None, 4, 12, 1, None, 7, None]
    rows = [[random_cell(rng) for _ in widths] for _ in range(60)]
    assert asyncio.run(draw_both(rows, widths)) == 61 * len(widths) * 3 * 2


def test_a_matrix_of_numbers_is_drawn_the_quick_way() -> None:
    """The numbers and labels of a matrix take the quick way (what makes it quick)."""
    rows = [[Text("tag/a"), Text("12", justify="right"), Text("3.5", justify="right")]]
    assert asyncio.run(draw_both(rows, [None, None, None])) == 2 * 3 * 3 * 2
    pre, post = Style(bold=True), Style()
    line = quick_cell(Text("12", justify="right"), Style(), 6, 1, pre, post, "right")
    assert line is not None and "".join(s.text for s in line[0]) == "   12 "
    assert quick_cell(Text.assemble("a", ("b", "red")), Style(), 6, 1, pre, post, "left") is None
    assert quick_cell(Text("too long"), Style(), 6, 1, pre, post, "left") is None
