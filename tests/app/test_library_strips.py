"""The library table draws a row again from its kept strip only while nothing it was drawn from
has changed: done marks, highlight counts, the cursor, focus and the width all show at once."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual.strip import Strip

from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.article_table import HEADER
from tests.app.conftest import SIZE, settle


def first_style(strip: Strip) -> Style | None:
    return next(iter(strip)).style


async def test_a_row_is_drawn_again_from_its_strip_until_it_changes(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.main.library
        table = library.table
        assert table.row_count >= 2
        first = table.render_line(HEADER + 1)
        assert table.render_line(HEADER + 1) is first  # kept
        row = table.rows[1]

        library.set_done(frozenset({row.path}))  # a done mark: drawn anew, with its ✓
        await pilot.pause()
        marked = table.render_line(HEADER + 1)
        assert marked is not first and "✓" in marked.text and "✓" not in first.text

        library.update_counts({row.path: row.highlights + 7})  # a new count: drawn anew
        await pilot.pause()
        counted = table.render_line(HEADER + 1)
        assert counted is not marked
        assert str(row.highlights + 7) in counted.text

        before = table.render_line(HEADER + table.cursor_row)
        await pilot.press("j")  # the cursor moves: its old and new rows change style
        await pilot.pause()
        moved_from = table.render_line(HEADER + table.cursor_row - 1)
        assert moved_from is not before and moved_from.text == before.text
        assert first_style(moved_from) != first_style(before)


async def test_focus_and_width_draw_the_rows_anew(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.main.library.table
        cursor = table.render_line(HEADER + table.cursor_row)
        other = table.render_line(HEADER + table.cursor_row + 1)
        app.screen.set_focus(None)  # focus leaves the table: the cursor row is dimmed
        await pilot.pause()
        assert not table.has_focus
        blurred = table.render_line(HEADER + table.cursor_row)
        assert blurred is not cursor and first_style(blurred) != first_style(cursor)
        await pilot.resize_terminal(SIZE[0] - 20, SIZE[1])
        await pilot.pause()
        await pilot.pause()
        narrower = table.render_line(HEADER + table.cursor_row + 1)
        assert narrower is not other
        assert narrower.cell_length == table.scrollable_content_region.width
