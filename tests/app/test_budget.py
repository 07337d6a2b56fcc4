"""The UI budget (issue 9): work a key would do on the UI thread that changes nothing on screen is
not done. Timings are the benchmark's (benchmarks/bench_ui.py); these tests pin behaviour."""

from __future__ import annotations

import gc
from collections.abc import Callable

from textual.widgets import Input, OptionList, Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.search import SearchScreen
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.widgets.article_table import LibraryTable
from gpreader.tui.widgets.footer import RankedFooter
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle


def footer_keys(app: GPReaderApp) -> list[str]:
    return [item.key for item in app.screen.query_one(RankedFooter).shown_keys()]


async def test_footer_is_composed_again_only_when_its_keys_change(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "000_457775139af1eb7c.txt")
        await pilot.pause()
        footer = app.screen.query_one(RankedFooter)
        composed = footer.pages_composed
        on_reader = footer_keys(app)
        assert on_reader
        reader.refresh_bindings()  # nothing changed: nothing composed
        await pilot.pause()
        assert footer.pages_composed == composed
        app.screen.query_one(LibraryTable).focus()  # other keys: a page composed for them
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) != on_reader
        app.screen.query_one(Reader).focus()
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == on_reader
        seen = footer.pages_composed
        for widget in (LibraryTable, Reader, LibraryTable, Reader):  # the same keys again
            app.screen.query_one(widget).focus()
            await pilot.pause()
            await pilot.pause()
        assert footer.pages_composed == seen  # shown again, not composed
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


def picker_state(picker: TagPicker) -> tuple[str, str, bool, str, list[str], int | None, str]:
    """Everything a user sees of the picker, and where the keys go."""
    options = picker.query_one(OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    current = picker.query_one("#picker-current", Static)
    return (
        str(picker.query_one("#picker-target", Static).content),
        str(current.content) if current.display else "",
        current.display,
        picker.query_one(Input).value,
        prompts,
        options.highlighted,
        str(picker.query_one("#picker-hint", Static).content),
    )


async def test_the_tag_picker_is_composed_once_and_opens_clean_each_time(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy/contract")
    loaded_store.ensure_tag("funding")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "000_457775139af1eb7c.txt")
        await cursor_to_body(pilot, reader)
        await pilot.press("t")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, TagPicker)
        fresh = picker_state(first)
        await pilot.press(*"polx", "down", "escape")  # typed, moved, cancelled
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is first  # the same picker, shown again
        assert picker_state(first) == fresh  # ... as clean as the first time
        assert first.focused is first.query_one(Input)
        await pilot.press(*"funding", "enter")  # tags the sentence: "Already" shows next time
        await pilot.pause()
        assert not isinstance(app.screen, TagPicker)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is first
        target, already, shown, typed, _, _, _ = picker_state(first)
        assert shown and "funding" in already and typed == ""
        assert target == fresh[0]  # the same sentence
        await pilot.press("escape", "j", "t")
        await pilot.pause()
        assert app.screen is first and picker_state(first)[0] != fresh[0]  # the next one
        assert not picker_state(first)[2]
        await pilot.press("escape")
        await pilot.pause()
        assert [h.tags for h in loaded_store.highlights(reader.path or "")] == [("funding",)]


def search_state(screen: SearchScreen) -> tuple[str, object, list[str], int | None, str, bool]:
    """What a user sees of the search screen: the box, the results, the status."""
    box = screen.query_one(Input)
    options = screen.query_one(OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    status = str(screen.query_one("#search-status", Static).content)
    return (
        box.value,
        tuple(box.selection),
        prompts,
        options.highlighted,
        status.split(" · ")[0],  # not the time the search took
        screen.focused is box,
    )


async def test_the_search_screen_is_composed_once_and_opens_like_a_new_one(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"partnership", "down")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        first = app.screen
        assert isinstance(first, SearchScreen) and first.hits
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        assert app.screen is first  # the same screen, shown again
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        again = search_state(first)
        assert again[0] == "partnership"  # the last query, searched again
        await pilot.press("escape")
        await pilot.pause()
        new = SearchScreen(app.main.store.path, "partnership", first.index)
        app.push_screen(new)
        await pilot.pause()
        await new.workers.wait_for_complete()
        await pilot.pause()
        assert search_state(new) == again
        await pilot.press("escape")
        await pilot.pause()
        app.main.search_query = None  # a screen opened with no query: empty, no results
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is first
        assert search_state(first) == ("", (0, 0), [], None, "", True)
