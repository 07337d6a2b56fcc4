"""The footer reads the bindings once per refresh, however many times Textual signals that they
may have changed, and shows the right keys after each focus change (issue 9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, open_article, settle, until

ARTICLE = "000_457775139af1eb7c.txt"


def footer_keys(app: GPReaderApp) -> list[str]:
    return [item.key for item in app.screen.query_one(RankedFooter).shown_keys()]


async def test_many_binding_signals_in_one_handler_read_the_bindings_once(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await pilot.pause()
        footer = app.screen.query_one(RankedFooter)
        before = footer.pages_looked_up
        for _ in range(5):  # as a focus change and its reactives do
            reader.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert footer.pages_looked_up == before + 1


async def test_the_footer_follows_focus_back_and_forth(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await pilot.pause()
        on_reader = footer_keys(app)
        app.screen.query_one(LibraryTable).focus()
        await pilot.pause()
        await pilot.pause()
        on_library = footer_keys(app)
        assert on_library != on_reader
        for widget, expected in ((Reader, on_reader), (LibraryTable, on_library)) * 2:
            app.screen.query_one(widget).focus()
            await pilot.pause()
            await pilot.pause()
            assert footer_keys(app) == expected
        # one page in view, never two
        await until(pilot, lambda: _keys_on_screen(app) == footer_keys(app), "one page in view")


def _keys_on_screen(app: GPReaderApp) -> list[str]:
    """The keys on the footer's line of the screen, left to right, as the compositor finds
    them (what is drawn, whatever the footer thinks it shows)."""
    footer = app.screen.query_one(RankedFooter)
    y = footer.region.y
    found: list[str] = []
    for x in range(footer.region.width):
        widget, _ = app.screen.get_widget_at(x, y)
        if isinstance(widget, FooterKey) and widget.key not in found:
            found.append(widget.key)
    return found


async def _focus_the_library(app: GPReaderApp, pilot: Any) -> list[str]:
    """Move the focus from the reader to the library and wait until the library's keys are
    drawn; the reader's keys."""
    on_reader = footer_keys(app)
    app.screen.query_one(LibraryTable).focus()
    await until(pilot, lambda: footer_keys(app) != on_reader, "the library's keys")
    await until(pilot, lambda: _keys_on_screen(app) == footer_keys(app), "in view")
    return on_reader


async def test_a_focus_change_shows_another_page_without_laying_the_screen_out(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page is brought into view by a scroll, not by `display` (which lays out everything)."""
    laid_out: list[bool] = []
    lay_out = Screen._refresh_layout

    def counted(self: Screen[Any], size: Any = None, scroll: bool = False) -> None:
        if self is app.main:  # (not the dialogs composed in the background meanwhile)
            laid_out.append(scroll)
        lay_out(self, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await until(pilot, lambda: _keys_on_screen(app) == footer_keys(app), "in view")
        on_reader = await _focus_the_library(app, pilot)  # both pages are composed now
        laid_out.clear()
        app.screen.query_one(Reader).focus()
        await until(pilot, lambda: footer_keys(app) == on_reader, "the reader's keys")
        await until(pilot, lambda: _keys_on_screen(app) == on_reader, "in view")
        assert laid_out and not any(scroll is False for scroll in laid_out), laid_out


async def test_the_page_in_view_is_right_when_pages_are_dropped_or_the_width_changes(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are kept in a stack and scrolled to: dropping the oldest shifts the others, a new
    width composes them all again; the keys drawn are those of the focused widget each time."""
    monkeypatch.setattr(RankedFooter, "PAGES", 2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        seen: dict[str, list[str]] = {}
        for name in ("#library-table", "Reader", "#library-filter") * 2 + ("Reader",):
            app.screen.query_one(name).focus()
            await pilot.pause()
            await pilot.pause()
            await until(pilot, lambda: _keys_on_screen(app) == footer_keys(app), f"{name}'s keys")
            assert seen.setdefault(name, footer_keys(app)) == footer_keys(app)
        assert len({tuple(keys) for keys in seen.values()}) == 3
        assert app.screen.query_one(RankedFooter).pages_composed >= 5  # the oldest dropped
        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1])
        await pilot.pause()
        await until(pilot, lambda: bool(footer_keys(app)), "a page at the new width")
        await until(pilot, lambda: _keys_on_screen(app) == footer_keys(app), "in view")


async def test_the_mouse_wheel_over_the_footer_does_not_change_its_keys(
    make_app: Callable[..., GPReaderApp],
) -> None:
    """The pages are scrolled to by the footer alone: the wheel over it scrolls nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await _focus_the_library(app, pilot)  # its page is the first composed: wheel down
        shown = _keys_on_screen(app)
        wheel = [events.MouseScrollDown, events.MouseScrollUp, events.MouseScrollDown]
        for event in wheel:
            await pilot._post_mouse_events([event], RankedFooter, offset=(5, 0))
            await pilot.pause()
        assert _keys_on_screen(app) == shown == footer_keys(app)
