"""Moving the focus (tab, shift+tab, L, H, K) draws again only what it changes: the screen is
not laid out again, the reader keeps the lines it drew (only the cursor's and the word's look
different with the focus), and what is on screen is still what a full redraw shows. The layout
is saved once the keys pause, not inside them."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.screen import Screen

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens import main_layout
from gpreader.tui.screens.main import LAYOUT_KEY
from gpreader.tui.widgets.annotations_list import HighlightList
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle, until
from tests.app.test_annotations_list import forget_drawn

ARTICLE = "000_457775139af1eb7c.txt"
FOCUS_KEYS = ["tab", "tab", "tab", "shift+tab", "shift+tab", "shift+tab", "L", "L", "H", "H"]
FOCUS_KEYS += ["K", "K", "tab", "j", "shift+tab", "w"]
FOCUS_KEYS += ["t", "escape", "question_mark", "escape", "tab", "t", "escape"]  # dialogs


async def _full_redraw_matches(app: GPReaderApp, pilot: Any, reader: Reader) -> bool:
    shown = app.export_screenshot()
    reader._forget_drawn()
    forget_drawn(app.screen.query_one(HighlightList))
    app.screen.refresh()  # every widget's lines drawn again
    await pilot.pause()
    return app.export_screenshot() == shown


async def test_focus_and_layout_keys_show_what_a_full_redraw_shows(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.add_highlight(ARTICLE, 400, 460, tags=["policy"])  # a coloured line too
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        for key in FOCUS_KEYS:
            await pilot.press(key)
            await pilot.pause()
            if app.screen is not app.main:  # a dialog: checked once it is closed
                continue
            assert await _full_redraw_matches(app, pilot, reader), f"stale lines after {key!r}"
        listed = app.main.query_one(HighlightList)
        sizes = [listed.size]
        for width, height in ((SIZE[0] + 20, SIZE[1] - 12), (SIZE[0] - 8, SIZE[1] + 6), SIZE):
            await pilot.resize_terminal(width, height)  # the list resized: drawn in one frame
            await pilot.pause()
            assert await _full_redraw_matches(app, pilot, reader), f"stale at {width}x{height}"
            assert listed.size != sizes[-1]  # resized at each step
            sizes.append(listed.size)


async def test_a_focus_change_draws_only_the_cursor_lines_again(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.pause()
        layout, cursor = reader.text_layout, reader.cursor_range
        assert layout is not None and cursor is not None
        cursor_lines = layout.line_of(cursor[1] - 1) - layout.line_of(cursor[0]) + 1
        laid_out: list[bool] = []
        drawn: list[int] = []
        lay_out = Screen._refresh_layout
        segments = Reader._text_segments

        def counted_layout(self: Screen[Any], size: Any = None, scroll: bool = False) -> None:
            if self is app.main:  # (not the dialogs made in the background meanwhile)
                laid_out.append(scroll)
            lay_out(self, size, scroll)

        def counted_segments(self: Reader, *args: Any) -> Any:
            drawn.append(1)
            return segments(self, *args)

        monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
        monkeypatch.setattr(Reader, "_text_segments", counted_segments)
        for key in ["tab", "shift+tab"]:  # away from the reader and back
            await pilot.press(key)
            await pilot.pause()
        assert reader.has_focus
        view = reader.scrollable_content_region.height
        # Each of the two changes draws the cursor's lines (and the word's, on them) again,
        # not the ~30 lines in view.
        assert len(drawn) <= 2 * cursor_lines < view, (len(drawn), cursor_lines, view)
        # Each page of keys has been composed now (the first showing of one lays it out): the
        # footer shows another by a scroll (the widgets in view placed again), not a layout.
        laid_out.clear()
        for key in ["tab", "shift+tab"]:
            await pilot.press(key)
            await pilot.pause()
        assert laid_out and False not in laid_out, laid_out


async def test_the_layout_is_saved_once_the_keys_pause(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_layout, "SAVE_AFTER", 0.2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await until(pilot, lambda: loaded_store.get_state(LAYOUT_KEY) is not None, "first save")
        key_clock = app.main.last_key
        assert time.monotonic() - key_clock() < 5  # the app's clock of the keys, handed down
        loaded_store.set_state(LAYOUT_KEY, None)
        app.main.last_key = time.monotonic  # as if a key had just come, whenever it looks
        for _ in range(3):  # 1.7 s apart: once a save came between keys (1.5 s after each)
            await pilot.press("K")
            await pilot.pause(1.7)  # the save's timers come and find a key just pressed
            assert loaded_store.get_state(LAYOUT_KEY) is None
        app.main.last_key = key_clock  # the keys stop
        await until(pilot, lambda: loaded_store.get_state(LAYOUT_KEY) is not None, "saved")
        assert loaded_store.get_state(LAYOUT_KEY)["legend"] is False  # K pressed 3 times
        assert loaded_store.get_state(LAYOUT_KEY)["columns"][0]["path"] == ARTICLE
