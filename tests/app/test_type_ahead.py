"""Keys typed in a burst (no pause between them, as the terminal delivers a fast typist's or a
paste's keys) all arrive, in order, even while a dialog is opening."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import Input

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.search import SearchScreen
from gpreader.tui.screens.tag_picker import TagPicker
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle, until

ARTICLE = "000_457775139af1eb7c.txt"


def burst(app: GPReaderApp, *keys: str) -> None:
    """Post every key at once, as a terminal does for keys typed faster than the app runs."""
    names = {"/": "slash", " ": "space"}
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(names.get(key, key), character))


async def test_ctrl_u_then_typing_at_once_in_search_keeps_every_letter(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await pilot.press("slash", *"nhs", "escape")  # the next search starts with "nhs"
        await pilot.pause()
        for _ in range(6):
            burst(app, "/", "ctrl+u", *"gp practices")
            await pilot.pause(0.2)
            assert isinstance(app.screen, SearchScreen)
            assert app.screen.query_one(Input).value == "gp practices"
            await pilot.press("escape")
            await pilot.pause()


async def test_a_burst_with_a_backspace_in_the_tag_picker_tags_what_was_meant(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        start, end = reader.cursor_range or (0, 0)
        burst(app, "t", *"fundx", "backspace", *"ing", "enter")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, TagPicker)
    [h] = loaded_store.highlights(ARTICLE)
    assert (h.start, h.end, h.tags) == (start, end, ("funding",))


async def test_keys_right_after_enter_in_the_picker_go_to_the_reader_not_the_closing_picker(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        first = reader.cursor
        burst(app, "t", *"one", "enter", "j", "j", "t", *"two", "enter")
        await until(
            pilot,
            lambda: (
                len(loaded_store.highlights(ARTICLE)) == 2 and not isinstance(app.screen, TagPicker)
            ),
            "both tags applied and the picker closed",
        )
        await pilot.pause()
        assert reader.cursor == first + 2
    tagged = {h.tags: (h.start, h.end) for h in loaded_store.highlights(ARTICLE)}
    assert set(tagged) == {("one",), ("two",)}
    assert tagged[("one",)] < tagged[("two",)]  # the second one two sentences further on


async def test_keys_still_held_when_the_app_quits_are_dropped(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        held = app.type_ahead
        held.held.append(events.Key("t", "t"))  # held while a screen opened, then q came
        app.exit()
        await held.release()  # what its timer runs: with the screens closing, hand on nothing
        assert held.held == []
        assert not isinstance(app.screen, TagPicker)  # `t` was not handed on
