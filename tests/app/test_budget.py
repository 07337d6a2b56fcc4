"""The UI budget (issue 9): work a key would do on the UI thread that changes nothing on screen is
not done. Timings are the benchmark's (benchmarks/bench_ui.py); these tests pin behaviour."""

from __future__ import annotations

import gc
from collections.abc import Callable

from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, open_article, settle


def footer_keys(app: GPReaderApp) -> list[str]:
    footer = app.screen.query_one(RankedFooter)
    return [str(getattr(child, "key", "")) for child in footer.children]


async def test_footer_is_composed_again_only_when_its_keys_change(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "000_457775139af1eb7c.txt")
        await pilot.pause()
        footer = app.screen.query_one(RankedFooter)
        composed = 0
        original = footer.recompose

        async def counting() -> None:
            nonlocal composed
            composed += 1
            await original()

        footer.recompose = counting  # type: ignore[method-assign]
        on_reader = footer_keys(app)
        reader.refresh_bindings()  # nothing changed: no recompose
        await pilot.pause()
        assert composed == 0
        app.screen.query_one(LibraryTable).focus()  # other keys: composed again
        await pilot.pause()
        await pilot.pause()
        assert composed == 1
        assert footer_keys(app) != on_reader
        app.screen.query_one(Reader).focus()
        await pilot.pause()
        await pilot.pause()
        assert composed == 2
        assert footer_keys(app) == on_reader


async def test_the_workbench_moves_what_stays_out_of_the_collector(
    make_app: Callable[..., GPReaderApp],
) -> None:
    gc.unfreeze()
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert gc.get_freeze_count() > 0  # once the workbench is up
    finally:
        gc.unfreeze()
