"""widgets/quiet_layout.py: a layout key lays the screen out once, new rows or wrapped lines
and typing lay out nothing unless a scroll bar comes or goes, and a container drawn as one
line repeated draws what Textual would draw line by line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.quiet_layout import AlikeLines
from tests.app.conftest import SIZE, open_article, settle

FIRST = "000_457775139af1eb7c.txt"


def _cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(s.text, s.style) for s in strip] for strip in strips]


def _drawn_both_ways(widget: Widget) -> tuple[list[Any], list[Any]]:
    """The widget's lines drawn by AlikeLines, and by Textual line by line."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    widget._styles_cache.clear()
    alike = _cells(widget.render_lines(region))
    widget._styles_cache.clear()
    return alike, _cells(Widget.render_lines(widget, region))


async def test_containers_draw_what_textual_draws_line_by_line(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, FIRST)
        paths = [r.path for r in app.main.library.rows]
        app.open_at(next(p for p in paths if p != FIRST), 0, new_column=True)
        await pilot.pause()
        containers = [w for w in [app.main, *app.main.walk_children(Widget)] if w.display]
        containers = [w for w in containers if isinstance(w, AlikeLines) and w.size.height > 1]
        # the screen, the workbench, the library, the columns' row and both columns (the
        # second with a border on its left)
        names = sorted(type(w).__name__ for w in containers)
        assert names == [
            "AlikeRow",
            "AlikeRow",
            "LibraryPanel",
            "MainScreen",
            *["ReadingColumn"] * 2,
        ]
        for widget in containers:
            alike, line_by_line = _drawn_both_ways(widget)
            assert alike == line_by_line, widget
        # a top border makes the lines differ: each is drawn then
        column = app.main.columns[1]
        column.styles.border_top = ("round", "red")
        await pilot.pause()
        assert not column.alike_lines()
        alike, line_by_line = _drawn_both_ways(column)
        assert alike == line_by_line and alike[0] != alike[1]


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[Screen[Any]]:
    """Each screen laid out, in order, from now on (Textual's `Screen._refresh_layout`)."""
    laid_out: list[Screen[Any]] = []
    lay_out = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        laid_out.append(self)
        lay_out(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return laid_out


async def test_the_legend_key_lays_the_screen_out_once(
    make_app: Callable[..., GPReaderApp], layouts: list[Screen[Any]]
) -> None:
    """K changes the height of every panel, column and scroll bar: Textual's second layout
    (for their new virtual sizes) is not run, nor a second full draw."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, FIRST)
        await pilot.pause()
        for _ in range(2):
            before = app.main.columns[0].reader.size
            layouts.clear()
            await pilot.press("K")
            for _ in range(3):
                await pilot.pause()
            assert app.main.columns[0].reader.size.height != before.height
            assert [s for s in layouts if s is app.main] == [app.main]


async def test_a_new_width_wraps_anew_with_one_layout_and_the_thumb_follows(
    make_app: Callable[..., GPReaderApp], layouts: list[Screen[Any]]
) -> None:
    """L (the library hidden) widens the reader: its text is wrapped again, shorter; the
    scroll bar shows the new length without a second layout of the screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, FIRST)
        await pilot.pause()
        lengths = []
        for _ in range(2):
            layouts.clear()
            await pilot.press("L")
            for _ in range(3):
                await pilot.pause()
            assert [s for s in layouts if s is app.main] == [app.main]
            length = reader.virtual_size.height
            assert length > reader.scrollable_content_region.height  # it scrolls
            assert reader.vertical_scrollbar.window_virtual_size == length
            lengths.append(length)
        assert lengths[0] < lengths[1]  # wider without the library: fewer lines


async def test_the_library_scroll_bar_comes_and_goes_with_the_rows(
    make_app: Callable[..., GPReaderApp], layouts: list[Screen[Any]]
) -> None:
    """New rows that still need a scroll bar (or still do not) lay nothing out again; the bar
    comes when they stop fitting, goes when they fit, and its thumb follows their number."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.main.library.table
        row = table.rows[0]
        many = [replace(row, path=f"{n:03}-{row.path}") for n in range(200)]
        fits = many[:3]
        steps = [(many, True, True), (many[:150], True, False), (fits, False, True)]
        for rows, scrolls, bar_changes in [*steps, (many, True, True)]:
            layouts.clear()
            table.set_rows(rows)
            for _ in range(3):
                await pilot.pause()
            assert table.show_vertical_scrollbar is scrolls
            assert bool([s for s in layouts if s is app.main]) is bar_changes
            assert table.virtual_size.height == len(rows) + 1  # and the header
            if scrolls:
                assert table.vertical_scrollbar.window_virtual_size == len(rows) + 1


async def test_typing_in_the_library_filter_lays_nothing_out(
    make_app: Callable[..., GPReaderApp], layouts: list[Screen[Any]]
) -> None:
    """Each character filters the library; the rows still fit, the box shows no scroll bar:
    the screen is not laid out again (Textual's Input asked for it on each character)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        layouts.clear()
        for char in "labour":
            await pilot.press(char)
            await pilot.pause()
        assert app.main.library.query_one(Input).value == "labour"
        assert len(app.main.library.table.rows) < 5  # filtered
        assert [s for s in layouts if s is app.main] == []


async def test_a_restyle_draws_a_scroll_bar_again_only_when_its_colours_change(
    make_app: Callable[..., GPReaderApp],
) -> None:
    """The stylesheet sets every rule of a widget on each restyle (focus moved, a class set);
    Textual drew the widget's scroll bars again each time, though their colours were the
    same. A new theme still draws them again, in its colours."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, FIRST)
        await pilot.pause()
        bar = reader.vertical_scrollbar
        assert reader.show_vertical_scrollbar, "the article must be longer than the column"
        drawn = _cells(bar.render_lines(Region(0, 0, bar.size.width, bar.size.height)))
        app.update_styles(reader)  # a bar's own styles are first set here
        await pilot.pause()
        bar._repaint_required = False
        app.update_styles(reader)  # what a focus change or a class runs: nothing new
        assert not bar._repaint_required
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert (
            bar._repaint_required
            or _cells(bar.render_lines(Region(0, 0, bar.size.width, bar.size.height))) != drawn
        )
