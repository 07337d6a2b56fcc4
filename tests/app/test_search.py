"""The search screen by keyboard: type (with a typo), Enter, tag the found sentence; n / N."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input

from gpreader.search import SearchIndex
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.search import ResultList, SearchScreen
from gpreader.tui.screens.tag_picker import TagPicker
from tests.app.conftest import SIZE, reader_of, settle

A004 = "004_b8ee73ebef15a597.txt"
SENTENCE = "If you think about the the broad concept of the neighbourhood health service model"


async def _results(app: GPReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.screen.workers.wait_for_complete()
    await pilot.pause()


async def test_type_with_a_typo_enter_then_tag_the_found_sentence(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"its about integraton")
        await _results(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits
        assert screen.hits[0].article == A004
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        reader = reader_of(app)
        assert reader.path == A004
        start, end = reader.cursor_range or (0, 0)
        assert loaded_store.article(A004).text[start:end].startswith(SENTENCE)
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"policy/integration", "enter")
        await pilot.pause()
    [h] = loaded_store.highlights(A004)
    assert h.tags == ("policy/integration",)
    assert h.exact.startswith(SENTENCE) and "it’s about integration" in h.exact


async def test_enter_before_the_results_arrive_opens_the_first_one(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"partnersip", "enter")
        await _results(app, pilot)
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        reader = reader_of(app)
        start, end = reader.cursor_range or (0, 0)
        assert reader.article is not None
        assert "partnership" in reader.article.text[start:end].lower()


async def test_arrows_choose_escape_closes_and_n_steps_through_matches(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"contract in:comments")
        await _results(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and len(screen.hits) > 2
        second = screen.hits[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = reader_of(app)
        assert reader.path == second.article
        assert (reader.cursor_range or (0, 0))[0] <= second.start
        before = reader.cursor_offset
        await pilot.press("n")
        await _results(app, pilot)  # the matches are found by a worker
        assert reader.cursor_offset > before
        await pilot.press("N")
        await _results(app, pilot)
        assert reader.cursor_offset == before
        await pilot.press("slash", "x", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_hostile_and_empty_input_never_break_the_screen(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *'NEAR( "AND * -- ; DROP')
        await _results(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*["backspace"] * 30)
        await _results(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits == []
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", *"gp?")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input").value == "gp?"  # type: ignore[attr-defined]
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_slash_again_holds_the_last_query_and_typing_replaces_it(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"contract")
        await _results(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.search_query == "contract"
        await pilot.press("slash")
        await _results(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(Input).value == "contract"
        assert screen.hits and screen.last_query == "contract"  # searched at once
        await pilot.press(*"salaried")  # the held query is selected: typing replaces it
        await _results(app, pilot)
        assert screen.query_one(Input).value == "salaried"
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.search_query == "salaried"  # n / N now step through this one


async def test_n_visits_every_match_in_text_order_then_wraps(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    expected = sorted({h.start for h in SearchIndex(loaded_store).find_in_article(A004, "the")})
    assert len(expected) > 4  # enough matches to read the article's text whole (rank.py)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_article(A004, 0)
        await pilot.pause()
        reader = reader_of(app)
        reader.focus()
        app.main.search_query = "the"
        visited = []
        for _ in range(len(expected) + 1):
            await pilot.press("n")
            await _results(app, pilot)
            visited.append(reader.cursor_offset)
        assert visited[-1] == visited[0]  # wrapped around
        assert sorted(visited[:-1]) == expected  # every match, each once
        first = expected.index(visited[0])
        assert visited[:-1] == expected[first:] + expected[:first]  # in text order
        await pilot.press("N")
        await _results(app, pilot)
        assert reader.cursor_offset == expected[first - 1]


async def test_reopened_search_shows_its_results_at_once_until_content_is_written(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """/ then Esc then / shows the last results without searching again (the first chosen),
    also after opening one (the layout saved is no content); a highlight written meanwhile
    has the query searched again."""
    searched: list[str] = []
    search = SearchIndex.search

    def counted(self: SearchIndex, query: str, **kwargs: Any) -> Any:
        searched.append(query)
        return search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", counted)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"integraton")
        await _results(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits
        first = list(screen.hits)
        await pilot.press("down", "enter")  # open the second result: the layout is saved
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        count = len(searched)
        await pilot.press("slash")
        await _results(app, pilot)
        assert app.screen is screen and screen.hits == first
        assert len(searched) == count, "searched again though nothing was written"
        assert screen.query_one(ResultList).highlighted == 0
        assert screen.query_one(Input).value == "integraton"
        await pilot.press("escape")
        await pilot.pause()
        reader = reader_of(app)
        start, end = reader.cursor_range or (0, 0)
        loaded_store.add_highlight(reader.path or "", start, end, tags=["policy"])
        await pilot.press("slash")
        await _results(app, pilot)
        assert len(searched) == count + 1 and screen.hits
