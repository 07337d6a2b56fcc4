"""The reader draws again only the lines a cursor move leaves and enters, and after an edit only
the lines of the highlights that changed; the annotations list only the options that changed:
what is on screen after any motion or coding key must be what a full redraw shows."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.annotations_list import HighlightList
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle
from tests.app.test_annotations_list import forget_drawn

ARTICLE = "000_457775139af1eb7c.txt"
KEYS = ["j", "w", "w", "e", "v", "j", "shift+right", "b", "escape", "k", "dollar_sign", "0"]
KEYS += ["}", "{", "1", "j", "h", "k", "space", "G", "g"]


async def _full_redraw_matches(app: GPReaderApp, pilot: object, reader: Reader) -> bool:
    shown = app.export_screenshot()
    reader.refresh()  # forget every line drawn: the next screenshot draws them all again
    reader._forget_drawn()
    forget_drawn(app.screen.query_one(HighlightList))
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


CODING = [  # (key, highlights in the article after it)
    ("h", 1),  # a highlight on sentence A: its lines, its option
    ("1", 1),  # quick tag 1 on it
    ("j", 1),
    ("5", 2),  # a new highlight with a tag on sentence B
    ("k", 2),
    ("minus", 2),  # A's only tag removed
    ("x", 1),  # A deleted
    ("u", 2),  # A back
    ("ctrl+r", 1),  # A deleted again
    ("u", 2),
    ("j", 2),
    ("x", 1),  # B deleted
]


async def test_every_coding_key_shows_what_a_full_redraw_shows(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy")
    loaded_store.ensure_tag("funding")
    loaded_store.update_tag("policy", quick_key=1)
    loaded_store.update_tag("funding", quick_key=5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        for key, count in CODING:
            await pilot.press(key)
            await pilot.pause()
            assert len(loaded_store.highlights(ARTICLE)) == count, key
            assert await _full_redraw_matches(app, pilot, reader), f"stale lines after {key!r}"
        tags = {h.tags for h in loaded_store.highlights(ARTICLE)}
        assert tags == {()}  # A is left, without its tag
