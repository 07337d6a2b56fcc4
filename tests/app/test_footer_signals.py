"""The footer reads the bindings once per refresh, however many times Textual signals that they
may have changed, and shows the right keys after each focus change (issue 9)."""

from __future__ import annotations

from collections.abc import Callable

from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, open_article, settle


def footer_keys(app: GPReaderApp) -> list[str]:
    return [item.key for item in app.screen.query_one(RankedFooter).shown_keys()]


async def test_many_binding_signals_in_one_handler_read_the_bindings_once(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "000_457775139af1eb7c.txt")
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
        await open_article(app, pilot, "000_457775139af1eb7c.txt")
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
        shown = [p for p in app.screen.query_one(RankedFooter).children if p.display]
        assert len(shown) == 1  # one page of keys on screen, never two
