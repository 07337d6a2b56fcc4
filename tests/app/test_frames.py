"""One key, one frame where Textual allows it: a layout does not draw the scroll bars again in a
frame of their own, and opening an article from the library moves the focus and the footer's
keys in the frame that shows the article (benchmarks/bench_ui.py: `o`, `O`, ctrl+w, tag view
enter)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.geometry import Size
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widgets import Input

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, open_article, reader_of, settle, until

ARTICLE = "000_457775139af1eb7c.txt"
OTHER = "001_cf2217d43cbec0e3.txt"


async def test_a_layout_does_not_repaint_scroll_bars_it_did_not_change(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await pilot.pause()
        assert reader.show_vertical_scrollbar, "the article must be longer than the column"
        bar = reader.vertical_scrollbar
        bar._repaint_required = False
        reader._scroll_update(reader.virtual_size)  # what every layout of the screen runs
        assert not bar._repaint_required
        grown = Size(reader.virtual_size.width, reader.virtual_size.height + 10)
        reader._scroll_update(grown)  # the text grew: the thumb moves
        assert bar._repaint_required


async def test_a_key_that_lays_the_screen_out_draws_no_scroll_bar_after_it(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """K (the legend) resizes every column: their scroll bars are drawn in the layout's frame,
    not again in a frame of their own after it."""
    for key, tag in enumerate(("policy", "workload", "funding"), start=1):
        loaded_store.ensure_tag(tag)
        loaded_store.update_tag(tag, quick_key=key)
    frames: list[tuple[bool, set[object]]] = []
    tick = Screen._on_timer_update

    def noted(self: Screen[Any]) -> None:
        if self is app.main:
            frames.append((self._layout_required, set(self._dirty_widgets)))
        tick(self)

    monkeypatch.setattr(Screen, "_on_timer_update", noted)  # before the screen's timer takes it
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        reader.focus()
        await pilot.pause()
        for _ in range(2):
            frames.clear()
            await pilot.press("K")
            await pilot.pause()
            await pilot.pause()
            laid_out = [i for i, (layout, _) in enumerate(frames) if layout]
            assert laid_out, frames
            after = [w for _, dirty in frames[laid_out[0] + 1 :] for w in dirty]
            assert not any(isinstance(w, ScrollBar) for w in after), after


async def test_opening_from_the_library_moves_the_focus_at_once(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        app.main.query_one(LibraryTable).focus()
        await pilot.pause()
        assert app.main.open_article(OTHER)
        assert app.main.focused is reader_of(app)  # not a callback for later: same frame


async def test_the_first_frame_after_o_shows_the_readers_keys(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        reader_keys = app.main.query_one(RankedFooter).shown_bindings()
        table = app.main.query_one(LibraryTable)
        table.focus()
        await until(
            pilot,
            lambda: app.main.query_one(RankedFooter).shown_bindings() != reader_keys,
            "library keys",
        )
        await until(
            pilot,
            lambda: app.main.query_one(RankedFooter)._shown != reader_keys,
            "library page shown",
        )
        table.move_cursor([r.path for r in app.main.library.shown].index(OTHER))
        await pilot.pause()
        frames: list[tuple[object, ...] | None] = []
        draw = Screen._compositor_refresh

        def noted(self: Screen[Any]) -> None:
            if self is app.main:
                frames.append(app.main.query_one(RankedFooter)._shown)
            draw(self)

        monkeypatch.setattr(Screen, "_compositor_refresh", noted)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.main.focused, Reader) and app.main.focused.article is not None
        assert app.main.focused.article.path == OTHER
        assert frames and frames[0] == reader_keys, "the library's keys drawn under the article"


async def test_escape_in_the_library_filter_lists_all_and_focuses_the_table_at_once(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.main.library
        every = len(panel.shown)
        await pilot.press("f", *"zzzz")
        await until(pilot, lambda: not panel.shown, "the filter applied")
        panel.key_escape()  # what Esc in the box runs: nothing left for a later frame
        assert len(panel.shown) == every and app.main.focused is panel.table
        assert panel.query_one("#library-filter", Input).value == ""


async def test_a_panel_shown_or_hidden_draws_the_reader_and_list_wrapped_in_its_layout_frame(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """H and L change the reader's width: the frame of that layout draws the text wrapped to
    the new width, and the annotations list is not drawn again in a frame after it."""
    from gpreader.tui.widgets.annotations_list import HighlightList

    frames: list[tuple[bool, set[object]]] = []
    drawn_at: list[bool] = []  # at each draw: was the reader wrapped to its width?
    watched: list[Reader] = []
    tick, draw = Screen._on_timer_update, Screen._compositor_refresh

    def noted(self: Screen[Any]) -> None:
        if self is app.main:
            frames.append((self._layout_required, set(self._dirty_widgets)))
        tick(self)

    def drawn(self: Screen[Any]) -> None:
        shown = watched[0] if watched else None
        if self is app.main and shown is not None and shown.text_layout is not None:
            drawn_at.append(shown.text_layout.width == shown._measure())
        draw(self)

    monkeypatch.setattr(Screen, "_on_timer_update", noted)
    monkeypatch.setattr(Screen, "_compositor_refresh", drawn)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        watched.append(reader)
        loaded_store.add_highlight(ARTICLE, 0, 40)
        app.main.reload_highlights()
        reader.focus()
        await pilot.pause()
        for key in ("H", "H", "L", "L"):
            width = reader.text_layout.width if reader.text_layout else None
            frames.clear()
            drawn_at.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert reader.text_layout is not None and reader.text_layout.width != width, key
            assert drawn_at and all(drawn_at), (key, drawn_at)
            laid_out = [i for i, (layout, _) in enumerate(frames) if layout]
            assert laid_out, frames
            after = [w for _, dirty in frames[laid_out[0] + 1 :] for w in dirty]
            assert not any(isinstance(w, HighlightList) for w in after), (key, after)
