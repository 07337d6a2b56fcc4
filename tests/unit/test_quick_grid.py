"""QuickGrid draws each cell exactly as Textual's DataTable would (character and style for
every cell), the quick way where it can and the DataTable's way otherwise."""

from __future__ import annotations

import asyncio
import random
from typing import Any, Literal

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
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


Cursor = Literal["cell", "row"]


class Pair(App[None]):
    """A QuickGrid over a DataTable of the same size, to compare their frames."""

    def __init__(self, cursor: Cursor) -> None:
        super().__init__()
        self.cursor = cursor

    def compose(self) -> ComposeResult:
        yield QuickGrid(id="quick", cursor_type=self.cursor, zebra_stripes=True)
        yield DataTable(id="plain", cursor_type=self.cursor, zebra_stripes=True)

    CSS = "DataTable { height: 12; width: 70; }"


def frame(grid: DataTable[Any]) -> list[list[tuple[str, Style | None]]]:
    """What the grid draws in its region, character and style."""
    lines = grid.render_lines(Region(0, 0, grid.size.width, grid.size.height))
    return cells_of([list(strip) for strip in lines])


async def focused_frames(pilot: Any, grids: list[DataTable[Any]]) -> bool:
    """Whether both grids draw the same frame, each with the focus (the cursor's style
    follows it) and each without."""
    focused = []
    for grid in grids:
        grid.focus()
        await pilot.pause()
        focused.append(frame(grid))
    pilot.app.set_focus(None)
    await pilot.pause()
    return focused[0] == focused[1] and frame(grids[0]) == frame(grids[1])


async def scroll_both(rows: list[list[Any]], columns: int, cursor: Cursor) -> int:
    """Fill both grids alike, then move the cursor across and down (scrolling them) and
    compare the frames each time; the number of frames compared."""
    app = Pair(cursor)
    compared = 0
    async with app.run_test(size=(80, 30)) as pilot:
        grids = [app.query_one("#quick", DataTable), app.query_one("#plain", DataTable)]
        for grid in grids:
            for j in range(columns):
                grid.add_column(Text(f"col{j}" * (1 + j % 3)), key=f"c{j}")
            for i, cells in enumerate(rows):
                grid.add_row(*cells, key=f"r{i}")
        await pilot.pause()
        assert grids[0].virtual_size == grids[1].virtual_size
        widths = [[c.get_render_width(g) for c in g.ordered_columns] for g in grids]
        assert widths[0] == widths[1]
        for row, column in [(0, 0), (0, columns // 2), (3, columns - 1), (len(rows) - 1, 1)]:
            for grid in grids:
                grid.move_cursor(row=row, column=column, animate=False)
            await pilot.pause()
            assert grids[0].scroll_offset == grids[1].scroll_offset
            assert await focused_frames(pilot, grids), (row, column)
            compared += 1
        for x in (1, 7, 23):  # scrolled by hand, columns cut at either edge
            for grid in grids:
                grid.scroll_to(x=x, animate=False)
            await pilot.pause()
            assert frame(grids[0]) == frame(grids[1]), x  # the focus as before: rows cached
            assert await focused_frames(pilot, grids), x
            compared += 1
    return compared


@pytest.mark.parametrize("cursor", ["cell", "row"])
def test_a_wide_grid_draws_the_same_frames_scrolled_anywhere(
    cursor: Literal["cell", "row"],
) -> None:
    """Columns out of sight are not drawn, yet every frame is the DataTable's, wherever the
    grid is scrolled (the row cache is not reused for other columns in sight)."""
    rng = random.Random(9)
    columns = 40
    rows = [
        [Text(str(rng.randrange(0, 10 ** rng.randrange(1, 6))), justify="right")]
        + [random_cell(rng) for _ in range(columns - 1)]
        for _ in range(30)
    ]
    assert asyncio.run(scroll_both(rows, columns, cursor)) == 7


def test_cells_out_of_sight_are_not_drawn() -> None:
    """What makes a wide grid quick: a frame draws the columns in sight only."""

    async def drawn() -> tuple[set[int], int]:
        app = Grids()
        async with app.run_test(size=(60, 20)) as pilot:
            grid = app.query_one("#quick", QuickGrid)
            for j in range(50):
                grid.add_column(f"c{j}", key=f"c{j}")
            for i in range(10):
                grid.add_row(*(Text(str(i * j), justify="right") for j in range(50)))
            await pilot.pause()
            seen: set[int] = set()
            original = QuickGrid._frame_lines

            def counting(self: QuickGrid, frame: Any, row: int, column: int, *args: Any) -> Any:
                seen.add(column)
                return original(self, frame, row, column, *args)

            grid._frame_lines = counting.__get__(grid)
            grid._cell_render_cache.clear()
            grid._row_render_cache.clear()
            grid._line_cache.clear()
            grid._styles_cache.clear()
            frame(grid)
            return seen, grid._columns_in_sight()[1]

    seen, last = asyncio.run(drawn())
    assert seen == set(range(last)) and 5 < last < 20
