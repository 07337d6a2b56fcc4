"""A dialog's background keeps its tinted lines (screens/tint.py) and draws exactly what
Textual's BackgroundScreen draws."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.screens.tint import KeptTint
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle
from tests.app.test_reader_drawing import ARTICLE


def _lines(app: GPReaderApp, renderable: object) -> list[list[Segment]]:
    console = app.console
    options = console.options.update_dimensions(SIZE[0], SIZE[1])
    return list(Segment.split_lines(console.render(renderable, options)))  # type: ignore[arg-type]


async def test_kept_tint_draws_what_background_screen_draws(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        main = app.main
        color = Color(10, 20, 30, 0.6)
        kept: dict[object, list[Segment]] = {}
        expected = _lines(app, BackgroundScreen(main, color))
        assert _lines(app, KeptTint(main, color, kept)) == expected  # type: ignore[arg-type]
        assert len(kept) == len({tuple(line) for line in main._compositor.render_strips()})
        assert _lines(app, KeptTint(main, color, kept)) == expected  # type: ignore[arg-type]
        await pilot.press("j")  # the cursor moves: two lines change, the others are kept
        await pilot.pause()
        assert _lines(app, KeptTint(main, color, kept)) == _lines(  # type: ignore[arg-type]
            app, BackgroundScreen(main, color)
        )
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        shown = app.export_screenshot()
        await pilot.press("escape", "t")
        await pilot.pause()
        assert app.export_screenshot() == shown  # shown again from the lines kept
