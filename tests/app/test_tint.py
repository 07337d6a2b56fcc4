"""A dialog's background keeps its tinted lines (screens/tint.py) and draws exactly what
Textual's BackgroundScreen draws."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens import tint
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.screens.tint import KeptTint
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle
from tests.app.test_reader_drawing import ARTICLE


def _lines(app: GPReaderApp, renderable: object) -> list[list[Segment]]:
    console = app.console
    options = console.options.update_dimensions(SIZE[0], SIZE[1])
    return list(Segment.split_lines(console.render(renderable, options)))  # type: ignore[arg-type]


def _both(
    app: GPReaderApp, main: Screen[Any], color: Color, kept: dict[Any, list[Segment]]
) -> tuple[list[list[Segment]], list[list[Segment]]]:
    """KeptTint's lines and BackgroundScreen's, of the same screen (drawn again if something
    on it moved with the clock between the two, a spinner or a notification)."""
    for _ in range(5):
        before = main._compositor.render_strips()
        got = _lines(app, KeptTint(main, color, kept))
        expected = _lines(app, BackgroundScreen(main, color))
        if main._compositor.render_strips() == before:
            break
    return got, expected


async def test_kept_tint_draws_what_background_screen_draws(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main
        color = Color(10, 20, 30, 0.6)
        kept: dict[Any, list[Segment]] = {}  # a dict of its own: counted below
        got, expected = _both(app, main, color, kept)
        assert got == expected
        assert len(kept) == len({tuple(line) for line in main._compositor.render_strips()})
        got, expected = _both(app, main, color, kept)
        assert got == expected  # now from the lines kept
        await pilot.press("j")  # the cursor moves: two lines change, the others are kept
        await pilot.pause()
        got, expected = _both(app, main, color, kept)
        assert got == expected
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        assert tint._TINTED  # the picker's background: lines tinted and kept
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)  # shown again over the lines kept
