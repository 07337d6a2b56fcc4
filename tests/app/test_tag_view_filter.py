"""The tag view's filter (`/`): a query in the search grammar narrows the listed passages to
exactly what retrieval by code selects among the tag's; Esc in the box clears it. On the
hand-built corpus of tests/unit/analysis_corpus.py, whose answers are known by construction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from gpreader.search.codes import Passages
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.tag_view import PassageList, TagViewScreen
from tests.app.conftest import SIZE, press_until, settle, until
from tests.unit.analysis_corpus import build


def listed(screen: TagViewScreen) -> set[str]:
    """The highlight ids the passage list shows (article headings have none)."""
    passages = screen.query_one(PassageList)
    options = (passages.get_option_at_index(i) for i in range(passages.option_count))
    return {o.id for o in options if o.id}


async def down_to(screen: TagViewScreen, pilot: Any, tag: str) -> None:
    """Move the tag list down to `tag` (bounded), then let its passages come."""
    await press_until(pilot, "down", lambda: screen.current == tag, f"the tag {tag}")
    await screen.workers.wait_for_complete()
    await pilot.pause()


async def shows(screen: TagViewScreen, pilot: Any, named: dict[str, str], *want: str) -> None:
    """Wait (bounded) until the passage list shows exactly the highlights named `want`: the
    list is filled from a worker's message, which may come after the worker is done."""
    await until(pilot, lambda: {named[i] for i in listed(screen)} == set(want), f"lists {want}")


async def tag_view_on(app: GPReaderApp, pilot: Any, tag: str) -> TagViewScreen:
    await settle(app, pilot)
    await pilot.press("T")
    screen = app.screen
    assert isinstance(screen, TagViewScreen)
    await down_to(screen, pilot, tag)
    return screen


async def filter_by(screen: TagViewScreen, pilot: Any, query: str) -> None:
    await pilot.press("slash")
    box = screen.query_one("#tagview-filter", Input)
    assert box.display and box.has_focus
    await pilot.press(*query, "enter")
    await screen.workers.wait_for_complete()
    await pilot.pause()


async def test_the_filter_lists_exactly_the_query_result_and_esc_clears_it(
    tmp_path: Path,
) -> None:
    db, folder, ids = build(tmp_path)
    named = {v: k for k, v in ids.items()}
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await tag_view_on(app, pilot, "policy")
            # the orphaned h8 is listed; the deleted h5 is not
            await shows(screen, pilot, named, "h1", "h2", "h3", "h6", "h7", "h8", "h10")
            everything = listed(screen)

            await filter_by(screen, pilot, "tag:tone/positive")
            await shows(screen, pilot, named, "h1", "h7")
            assert listed(screen) == everything & Passages(store).ids("tag:tone/positive")

            await pilot.press("slash", *["backspace"] * 20)  # a new query
            await pilot.press(*"coder:bob", "enter")
            await screen.workers.wait_for_complete()
            await shows(screen, pilot, named, "h6", "h7")  # bob made or tagged

            await pilot.press("down")  # another tag keeps the filter
            await screen.workers.wait_for_complete()
            await pilot.pause()

            await pilot.press("slash", "escape")  # Esc in the box: no filter, box hidden
            await until(pilot, lambda: screen.filter == "", "the filter cleared by Esc")
            await screen.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen and screen.filter == ""
            assert not screen.query_one("#tagview-filter", Input).display


async def test_a_filter_follows_the_tag_chosen(tmp_path: Path) -> None:
    db, folder, ids = build(tmp_path)
    named = {v: k for k, v in ids.items()}
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await tag_view_on(app, pilot, "policy")
            await filter_by(screen, pilot, "tag:policy near:0 tag:tone")
            # near:0 is a shared sentence: h1/h2 share "One cat sat." with h1 (tone/positive),
            # h6 carries tone/negative, h7 shares "Six dogs ran." with itself; h3 and h10 none
            await shows(screen, pilot, named, "h1", "h2", "h6", "h7")
            expected = Passages(store).ids("tag:policy near:0 tag:tone")
            screen.query_one("#tagview-tag-list").focus()
            await down_to(screen, pilot, "tone")
            await shows(screen, pilot, named, "h1", "h6", "h7")
            tone = {named[i] for i in listed(screen)}
            assert tone == {"h1", "h6", "h7"}  # tone's passages (h1 h4 h6 h7 h9) with policy
            assert tone == {named[i] for i in expected} & {"h1", "h4", "h6", "h7", "h9"}


async def test_a_query_that_does_not_parse_is_an_error_not_a_crash(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await tag_view_on(app, pilot, "policy")
            await filter_by(screen, pilot, '"unclosed')
            assert app.screen is screen
