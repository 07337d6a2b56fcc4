"""The tag picker by keyboard (issue 11, "Wrong codes"): a typed path that is not a tag creates
exactly that path, never its parent; the row Enter acts on is the highlighted one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import OptionList, Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.tag_picker import TagPicker
from tests.app.conftest import SIZE, cursor_to_body, open_article, reader_of, settle

ARTICLE = "000_457775139af1eb7c.txt"


def highlighted_label(app: GPReaderApp) -> str:
    """The text of the picker's highlighted row (the one Enter acts on)."""
    assert isinstance(app.screen, TagPicker)
    options = app.screen.query_one(OptionList)
    assert options.highlighted is not None
    return str(options.get_option_at_index(options.highlighted).prompt)


async def tag_next_sentence(app: GPReaderApp, pilot: Any, *keys: str) -> tuple[int, int]:
    """Move to the next sentence, open the picker, press `keys` (no Enter); its range."""
    await pilot.press("j")
    rng = reader_of(app).cursor_range
    assert rng is not None
    await pilot.press("t", *keys)
    await pilot.pause()
    return rng


async def test_a_child_next_to_a_sibling_a_longer_name_and_a_typo_are_created_as_typed(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy/funding")
    loaded_store.ensure_tag("funding")
    app = make_app()
    wanted: dict[tuple[int, int], tuple[str, ...]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("k")
        for typed in ("policy/contract", "funding cuts", "policy/fundng"):
            rng = await tag_next_sentence(app, pilot, *typed)
            assert highlighted_label(app) == f"+ new tag {typed}"
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, TagPicker)
            wanted[rng] = (typed,)
        # Tab takes the text as typed too: no tag completes it
        rng = await tag_next_sentence(app, pilot, *"policy/cost", "tab")
        await pilot.press("enter")
        await pilot.pause()
        wanted[rng] = ("policy/cost",)
        # the exact path, in other case, is the existing tag, highlighted first
        rng = await tag_next_sentence(app, pilot, *"Policy/Funding")
        assert highlighted_label(app).startswith("■ policy/funding")
        await pilot.press("enter")
        await pilot.pause()
        wanted[rng] = ("policy/funding",)
    got = {(h.start, h.end): h.tags for h in loaded_store.highlights(ARTICLE)}
    assert got == wanted
    assert "policy" not in {t for tags in got.values() for t in tags}


async def test_tab_completes_a_segment_and_arrows_choose_a_row(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy/funding")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        first = await tag_next_sentence(app, pilot, *"fund")  # a segment's start
        hint = app.screen.query_one("#picker-hint", Static).content
        assert str(hint).startswith("Tab → policy/funding · ")  # where Tab goes is shown
        await pilot.press("tab", "enter")
        await pilot.pause()
        second = await tag_next_sentence(app, pilot, *"polcy/fundin")  # a typo
        assert highlighted_label(app).startswith("+ new tag")
        await pilot.press("down")  # to the existing tag below: now it is the highlighted row
        assert highlighted_label(app).startswith("■ policy/funding")
        await pilot.press("enter")
        await pilot.pause()
        third = await tag_next_sentence(app, pilot)
        await pilot.press("enter")  # nothing typed, nothing chosen: the picker stays
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        await pilot.press("escape")
    got = {(h.start, h.end): h.tags for h in loaded_store.highlights(ARTICLE)}
    assert got == {first: ("policy/funding",), second: ("policy/funding",)}
    assert third not in got


async def test_undo_removes_the_typod_tag_it_created_and_redo_brings_it_back(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy/funding")
    before = [t.path for t in loaded_store.tags()]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")  # a highlight first, then the typo'd tag on it
        await pilot.press("t", *"polcy/fundng", "enter")
        await pilot.pause()
        assert "polcy/fundng" in [t.path for t in loaded_store.tags()]
        await pilot.press("u")
        await pilot.pause()
        assert [t.path for t in loaded_store.tags()] == before
        [h] = loaded_store.highlights(ARTICLE)
        assert h.tags == ()
        await pilot.press("ctrl+r")
        await pilot.pause()
    assert [t.path for t in loaded_store.tags()] == sorted([*before, "polcy", "polcy/fundng"])
    [h] = loaded_store.highlights(ARTICLE)
    assert h.tags == ("polcy/fundng",)
