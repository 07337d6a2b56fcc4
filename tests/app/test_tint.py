"""A dialog's background is drawn from tinted lines kept (screens/tint.py) and draws exactly
what Textual draws for a translucent ModalScreen (a BackgroundScreen rendered by Rich)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.segment import Segment
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens import tint
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.tag_picker import PICKER, TagPicker
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle, until
from tests.app.test_reader_drawing import ARTICLE


def _both(dialog: Screen[Any], below: Screen[Any]) -> tuple[list[Any], list[Any]]:
    """The dialog's background lines as gpreader draws them and as Textual would (drawn
    again if something below moved with the clock between the two: a spinner, a toast)."""
    width, height = dialog.size
    for _ in range(5):
        before = below._compositor.render_strips()
        dialog.refresh()
        ours = [list(dialog.render_line(y)) for y in range(height)]
        stock = BackgroundScreen(below, dialog.styles.background)
        strips = Visual.to_strips(
            dialog, visualize(dialog, stock), width, height, dialog.visual_style
        )
        expected = [list(strip) for strip in strips]
        if below._compositor.render_strips() == before:
            break
    return ours, expected


def _segments(lines: list[list[Segment]]) -> int:
    return sum(len(line) for line in lines)


async def test_a_dialog_draws_its_background_as_textual_does(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await app.workers.wait_for_complete()
        await pilot.pause()
        tint._TINTED.clear()
        await pilot.press("t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, TagPicker)
        ours, expected = _both(picker, app.main)
        assert ours == expected and _segments(ours) > SIZE[1]  # drawn, and not blank
        kept = len(tint._TINTED)
        assert kept == len({tuple(s) for s in app.main._compositor.render_strips()})
        await pilot.press("escape", "j", "t")  # the cursor moved: some lines changed
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        ours, expected = _both(app.screen, app.main)
        assert ours == expected
        assert kept < len(tint._TINTED) < kept + SIZE[1] // 2  # only those tinted again


async def test_a_dialog_over_a_dialog_shows_the_one_below_it(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, TagPicker)
        choice = ChoiceDialog("Which one?", [("a", "one"), ("b", "other")])
        await app.push_screen(choice)
        await pilot.pause()
        ours, expected = _both(choice, picker)  # the picker (itself over the workbench)
        assert ours == expected
        ours, expected = _both(picker, app.main)  # and the picker still over the workbench
        assert ours == expected


async def test_the_background_is_made_again_only_when_the_screen_below_changes(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Screen[Any]] = []
    make = tint.tinted_lines

    def counted(below: Screen[Any], *args: Any) -> list[Strip]:
        made.append(below)
        return make(below, *args)

    monkeypatch.setattr(tint, "tinted_lines", counted)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)

        def all_composed() -> bool:  # the idle prebuild lays the workbench out again
            screens = [s for s in app._installed_screens.values() if isinstance(s, Screen)]
            return app.is_screen_installed(PICKER) and all(s.is_mounted for s in screens)

        await until(pilot, all_composed, "the kept screens composed in the background")
        await pilot.pause(0.3)
        await pilot.press("t")
        await pilot.pause(0.3)  # the screen below has drawn its focus gone
        assert isinstance(app.screen, TagPicker)
        assert made
        opened = len(made)
        await pilot.press(*"pol", "down")  # the dialog's own input and list change
        await pilot.pause()
        assert len(made) == opened
        progress = app.main.query_one("#progress", Static)
        progress.update("Importing 3 of 9 files")
        progress.display = True  # the screen below changes: drawn again, as Textual would
        await pilot.pause()
        await pilot.pause()
        assert len(made) > opened
        ours, expected = _both(app.screen, app.main)
        assert ours == expected
        assert any("Importing 3 of 9" in "".join(s.text for s in line) for line in ours)


@pytest.mark.parametrize("key", ["E", "question_mark"])
async def test_the_export_and_help_dialogs_draw_their_background_as_textual_does(
    make_app: Callable[..., GPReaderApp], key: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not app.main, "the dialog open")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, tint.KeptTintMixin)
        ours, expected = _both(dialog, app.main)
        assert ours == expected and _segments(ours) > SIZE[1]
