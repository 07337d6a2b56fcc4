"""The help screen's heading follows the scroll; the palette offers each command once."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandPalette
from textual.widgets import OptionList, Static

from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.help import HelpScreen
from tests.app.conftest import SIZE, settle


async def test_help_heading_names_the_section_scrolled_to(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        title = app.screen.query_one("#help-title", Static)
        assert str(title.content) == "Keys · Workbench: columns and coding"
        names = [s.name for s in app.screen.query(".help-section")]
        assert "Library list" in names and "LibraryTable" not in names
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        assert body.scroll_y > 0
        at_top = [
            s.name for s in app.screen.query(".help-section") if s.virtual_region.y <= body.scroll_y
        ]
        assert str(title.content) == f"Keys · {at_top[-1]}" != f"Keys · {names[0]}"
        await pilot.press("home")
        await pilot.pause()
        await pilot.pause()
        assert str(title.content) == "Keys · Workbench: columns and coding"


async def test_palette_lists_keys_once_and_no_maximize(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(OptionList)
        titles = [
            str(options.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(options.option_count)
        ]
        assert titles.count("Keys") == 1, titles
        assert "Maximize" not in titles
        assert "Show/hide the quick-tag legend" in titles
