"""The reader draws again only the lines a cursor move leaves and enters, from lines it keeps:
what is on screen after any motion must be what a full redraw shows."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle

ARTICLE = "000_457775139af1eb7c.txt"
KEYS = ["j", "w", "w", "e", "v", "j", "shift+right", "b", "escape", "k", "dollar_sign", "0"]
KEYS += ["}", "{", "1", "j", "h", "k", "space", "G", "g"]


async def _full_redraw_matches(app: GPReaderApp, pilot: object, reader: Reader) -> bool:
    shown = app.export_screenshot()
    reader.refresh()  # forget every line drawn: the next screenshot draws them all again
    reader._forget_drawn()
    await pilot.pause()  # type: ignore[attr-defined]
    return app.export_screenshot() == shown


async def test_every_motion_shows_what_a_full_redraw_shows(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert await _full_redraw_matches(app, pilot, reader), f"stale lines after {key!r}"
        assert loaded_store.highlights(ARTICLE)  # the quick key and h coded on the way
