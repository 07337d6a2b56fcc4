"""Codebook management in the tag view (T): rename (r), merge (M), delete (d), colour (c) and
description (D) of the selected tag, asserted on the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, Static

from gpreader.codebook import PALETTE
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.ask import Ask
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.color import ColorDialog
from gpreader.tui.screens.tag_view import TagViewScreen
from tests.app.conftest import SIZE, open_article, settle

PATH = "003_24c3c5c25ddb21cc.txt"


def code(store: AnnotationStore) -> str:
    """One highlight tagged policy/contract and funding, plus an unused tag; its id."""
    text = store.article(PATH).text
    at = text.index("buyout")
    store.ensure_tag("unused")
    return store.add_highlight(PATH, at, at + 6, tags=["policy/contract", "funding"]).id


def paths(store: AnnotationStore) -> list[str]:
    return [t.path for t in store.tags()]


async def select_tag(app: GPReaderApp, pilot: Any, store: AnnotationStore, tag: str) -> None:
    """Open the tag view and move down to `tag`."""
    await settle(app, pilot)
    await pilot.press("T")
    assert isinstance(app.screen, TagViewScreen)
    for _ in range(paths(store).index(tag)):
        await pilot.press("down")
    await pilot.pause()
    assert app.screen.current == tag


async def answer(app: GPReaderApp, pilot: Any, text: str, dialog: type = Ask) -> None:
    """Type `text` over the dialog's prefilled value and press Enter."""
    assert isinstance(app.screen, dialog)
    await pilot.press("end", "ctrl+u", *text, "enter")
    await pilot.pause()


async def test_r_renames_a_tag_and_its_children(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    hid = code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "policy")
        await pilot.press("r")
        assert isinstance(app.screen, Ask)
        assert app.screen.query_one(Input).value == "policy"
        await answer(app, pilot, "politics")
        assert isinstance(app.screen, TagViewScreen)
        assert app.screen.current == "politics"
    assert "policy" not in paths(loaded_store)
    assert {"politics", "politics/contract"} <= set(paths(loaded_store))
    found = loaded_store.highlight(hid)
    assert found is not None and "politics/contract" in found.tags


async def test_an_open_column_shows_the_renamed_tag_on_return(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH)
        await select_tag(app, pilot, loaded_store, "funding")
        await pilot.press("r")
        await answer(app, pilot, "money")
        await pilot.press("escape")
        await pilot.pause()
        assert {tag for h in reader.highlights for tag in h.tags} == {"policy/contract", "money"}
        assert "money" in reader.tag_colors


async def test_rename_onto_an_existing_tag_is_refused_and_changes_nothing(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    code(loaded_store)
    before = paths(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "unused")
        await pilot.press("r")
        await answer(app, pilot, "funding")
        assert isinstance(app.screen, TagViewScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "exists already" in errors[-1].message
    assert paths(loaded_store) == before


async def test_M_merges_a_tag_into_another(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    hid = code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "funding")
        await pilot.press("M")
        await answer(app, pilot, "unused")
    assert "funding" not in paths(loaded_store)
    found = loaded_store.highlight(hid)
    assert found is not None and set(found.tags) == {"policy/contract", "unused"}


async def test_d_deletes_an_unused_tag_without_asking(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "unused")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)
    assert "unused" not in paths(loaded_store)


async def test_d_on_a_used_tag_asks_and_yes_deletes_it_keeping_the_highlight(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    hid = code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "funding")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "1 highlight" in app.screen.title_text and "kept" in app.screen.title_text
        await pilot.press("down", "enter")  # the second option: delete
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)
    assert "funding" not in paths(loaded_store)
    found = loaded_store.highlight(hid)
    assert found is not None and found.deleted is None and tuple(found.tags) == ("policy/contract",)


async def test_d_on_a_used_tag_answered_no_keeps_it(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    hid = code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "funding")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # "Keep it", the default
        await pilot.pause()
        await pilot.press("d", "escape")  # Esc keeps it too
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)
    assert "funding" in paths(loaded_store)
    found = loaded_store.highlight(hid)
    assert found is not None and "funding" in found.tags


async def test_c_and_D_set_colour_and_description(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "unused")
        await pilot.press("c")
        await answer(app, pilot, "#123", ColorDialog)
        assert loaded_store.tag("unused").color == "#112233"
        await pilot.press("D")
        await answer(app, pilot, "Codes nobody uses")
        await pilot.press("c")
        await answer(app, pilot, "blue-ish", ColorDialog)  # refused: the dialog stays open
        assert isinstance(app.screen, ColorDialog)
        assert "not a colour" in str(app.screen.query_one("#color-hint", Static).content)
        await pilot.press("end", "ctrl+u", *"teal", "enter")  # a CSS name
        await pilot.pause()
        assert loaded_store.tag("unused").color == "#008080"
        await pilot.press("c", "down", "down", "enter")  # the palette, by arrows
        await pilot.pause()
        assert loaded_store.tag("unused").color == PALETTE[1]
    tag = loaded_store.tag("unused")
    assert tag.description == "Codes nobody uses"


async def test_rename_keeps_the_old_name_and_types_after_it(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "funding")
        await pilot.press("r", *" cuts", "enter")
        await pilot.pause()
    assert "funding cuts" in paths(loaded_store) and "funding" not in paths(loaded_store)


async def test_u_and_ctrl_r_undo_and_redo_codebook_changes_in_the_tag_view(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    hid = code(loaded_store)
    before = paths(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "funding")
        await pilot.press("d", "down", "enter")  # delete, though in use
        await pilot.pause()
        assert "funding" not in paths(loaded_store)
        await pilot.press("u")
        await pilot.pause()
        assert paths(loaded_store) == before
        assert set(loaded_store.highlight(hid).tags) == {"funding", "policy/contract"}
        messages = [n.message for n in app._notifications]
        assert "Undid: deletion of tag funding" in messages, messages
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "funding" not in paths(loaded_store)
        assert "Redid: deletion of tag funding" in [n.message for n in app._notifications]
        await pilot.press("u", "r", *"-x", "enter")  # back, then rename
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Undid: rename of tag ") for m in messages), messages
    assert paths(loaded_store) == before


async def test_question_mark_lists_the_tag_view_keys(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    from gpreader.tui.screens.help import HelpScreen

    code(loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select_tag(app, pilot, loaded_store, "policy")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)
