"""tui/memory.py in the app: drawing leaves Textual's strips to reference counting, not to the
cycle collector (whose collections otherwise land inside keys)."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from textual.strip import Strip

from gpreader.tui.app import GPReaderApp
from tests.app.conftest import SIZE, open_article, settle

FIRST = "000_457775139af1eb7c.txt"


async def test_moving_the_focus_leaves_no_strip_to_the_cycle_collector(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    textual_divide = getattr(Strip.divide, "textual", Strip.divide)
    monkeypatch.setattr(Strip, "divide", textual_divide)  # as before any app was made
    app = make_app()
    assert getattr(Strip.divide, "acyclic", False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, FIRST)
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for _ in range(4):
                await pilot.press("tab")
                await pilot.pause()
            gc.collect()
            strips = sum(type(thing) is Strip for thing in gc.garbage)
            drawn = len(gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert drawn > 0  # the keys did leave cycles (Textual's own), so the count is live
    assert strips == 0
