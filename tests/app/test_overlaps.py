"""Overlapping highlights and other coders' highlights (issue 11, wrong codes, bullets 2-3):
every action on "the highlight under the cursor" asks which one when several overlap, and
acting on another coder's highlight asks first. Each test asserts on the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gpreader.models import Highlight
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.screens.overlap_chooser import HighlightChooser
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle

ARTICLE = "000_457775139af1eb7c.txt"


async def _two_overlapping(
    app: GPReaderApp, pilot: Any, store: AnnotationStore
) -> tuple[Reader, Highlight, Highlight]:
    """Open the article, put the cursor on the first body sentence, and store two highlights
    there: the whole sentence (tag `big`, a note) and its first word or so (tag `small`)."""
    await settle(app, pilot)
    reader = await open_article(app, pilot, ARTICLE)
    await cursor_to_body(pilot, reader)
    rng = reader.target_range()
    assert rng is not None
    start, end = rng
    big = store.add_highlight(ARTICLE, start, end, tags=["big"], note="the big one")
    small = store.add_highlight(ARTICLE, start, start + 6, tags=["small"], note="the small one")
    app.main.reload_highlights(ARTICLE)
    await pilot.pause()
    return reader, big, small


def _chooser_ids(app: GPReaderApp) -> list[str]:
    assert isinstance(app.screen, HighlightChooser)
    return [key for key, _ in app.screen.options]


async def test_x_on_overlapping_highlights_deletes_the_one_chosen(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, big, small = await _two_overlapping(app, pilot, loaded_store)
        await pilot.press("x")
        await pilot.pause()
        assert _chooser_ids(app) == [big.id, small.id]  # the exact match first
        await pilot.press("escape")
        await pilot.pause()
        assert len(loaded_store.highlights(ARTICLE)) == 2  # Esc: nothing deleted
        await pilot.press("x")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, HighlightChooser)
    [left] = loaded_store.highlights(ARTICLE)
    assert (left.id, left.note, left.tags) == (big.id, "the big one", ("big",))
    assert loaded_store.highlight(small.id).deleted is not None


async def test_m_on_overlapping_highlights_edits_the_note_of_the_one_chosen(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, big, small = await _two_overlapping(app, pilot, loaded_store)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, HighlightChooser)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*", edited", "ctrl+s")
        await pilot.pause()
    assert loaded_store.highlight(small.id).note == "the small one, edited"
    assert loaded_store.highlight(big.id).note == "the big one"


async def test_minus_on_overlapping_highlights_untags_the_one_chosen(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, big, small = await _two_overlapping(app, pilot, loaded_store)
        await pilot.press("minus")
        await pilot.pause()
        assert isinstance(app.screen, HighlightChooser)
        await pilot.press("enter")  # the exact one: it has one tag, so no second question
        await pilot.pause()
    assert loaded_store.highlight(big.id).tags == ()
    assert loaded_store.highlight(small.id).tags == ("small",)


async def test_quick_key_off_asks_which_when_several_carry_the_tag(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("small")
    loaded_store.update_tag("small", quick_key=4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        _, big, small = await _two_overlapping(app, pilot, loaded_store)
        loaded_store.tag_highlight(big.id, ["small"])
        app.main.reload_highlights(ARTICLE)
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert _chooser_ids(app) == [big.id, small.id]
        await pilot.press("j", "k", "j", "enter")  # down, up, down: the second
        await pilot.pause()
    assert loaded_store.highlight(small.id).tags == ()
    assert loaded_store.highlight(big.id).tags == ("big", "small")


async def test_one_highlight_under_the_cursor_needs_no_question(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, (HighlightChooser, ChoiceDialog))
    assert loaded_store.highlights(ARTICLE) == []


# -- another coder's highlights ------------------------------------------------------------


@pytest.fixture
def root_store(loaded_store: AnnotationStore) -> Iterator[AnnotationStore]:
    with AnnotationStore(loaded_store.path, coder="root") as store:
        yield store


@pytest.fixture
def alice_app(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> Iterator[tuple[GPReaderApp, AnnotationStore]]:
    with AnnotationStore(loaded_store.path, coder="alice") as alice:
        config = Config(path=tmp_path / "no-config.toml")
        yield GPReaderApp(alice, corpus_dir, config=config), alice


async def _roots_sentence(
    app: GPReaderApp, pilot: Any, root: AnnotationStore
) -> tuple[Reader, Highlight]:
    await settle(app, pilot)
    reader = await open_article(app, pilot, ARTICLE)
    await cursor_to_body(pilot, reader)
    rng = reader.target_range()
    assert rng is not None
    h = root.add_highlight(ARTICLE, *rng, tags=["policy"], note="root's note")
    app.main.reload_highlights(ARTICLE)
    await pilot.pause()
    return reader, h


async def test_quick_key_on_roots_highlight_asks_then_adds_alices_tag(
    alice_app: tuple[GPReaderApp, AnnotationStore], root_store: AnnotationStore
) -> None:
    app, _ = alice_app
    root_store.ensure_tag("funding")
    root_store.update_tag("funding", quick_key=2)
    async with app.run_test(size=SIZE) as pilot:
        _, h = await _roots_sentence(app, pilot, root_store)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "root's" in app.screen.title_text
        await pilot.press("enter")  # add your tag to root's highlight
        await pilot.pause()
    got = root_store.highlight(h.id)
    assert got.tags == ("funding", "policy")
    assert got.tag_coders == ("alice", "root")
    assert len(root_store.highlights(ARTICLE)) == 1


async def test_t_on_roots_highlight_can_make_alices_own_highlight(
    alice_app: tuple[GPReaderApp, AnnotationStore], root_store: AnnotationStore
) -> None:
    app, alice = alice_app
    async with app.run_test(size=SIZE) as pilot:
        _, h = await _roots_sentence(app, pilot, root_store)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("j", "enter")  # make your own highlight on the same passage
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"economy", "enter")
        await pilot.pause()
    assert root_store.highlight(h.id).tags == ("policy",)
    [mine] = alice.highlights(ARTICLE, coder="alice")
    assert (mine.start, mine.end, mine.tags, mine.tag_coders) == (
        h.start,
        h.end,
        ("economy",),
        ("alice",),
    )


async def test_x_on_roots_highlight_asks_and_cancel_is_the_default(
    alice_app: tuple[GPReaderApp, AnnotationStore], root_store: AnnotationStore
) -> None:
    app, _ = alice_app
    async with app.run_test(size=SIZE) as pilot:
        _, h = await _roots_sentence(app, pilot, root_store)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.title_text == "Delete root's highlight?"
        await pilot.press("enter")  # Cancel
        await pilot.pause()
        assert root_store.highlight(h.id).deleted is None
        await pilot.press("x", "j", "enter")
        await pilot.pause()
    assert root_store.highlight(h.id).deleted is not None


async def test_m_on_roots_highlight_asks_before_editing_roots_note(
    alice_app: tuple[GPReaderApp, AnnotationStore], root_store: AnnotationStore
) -> None:
    app, _ = alice_app
    async with app.run_test(size=SIZE) as pilot:
        _, h = await _roots_sentence(app, pilot, root_store)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        await pilot.press("m", "enter")  # edit root's note after all
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*" (seen)", "ctrl+s")
        await pilot.pause()
    assert root_store.highlight(h.id).note == "root's note (seen)"


async def test_the_chooser_has_help_and_keys_listed(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    from gpreader.tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _two_overlapping(app, pilot, loaded_store)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HighlightChooser)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HighlightChooser)
        await pilot.press("escape")
        await pilot.pause()
    assert len(loaded_store.highlights(ARTICLE)) == 2


async def test_quick_key_for_a_tag_root_applied_asks_own_or_remove(
    alice_app: tuple[GPReaderApp, AnnotationStore], root_store: AnnotationStore
) -> None:
    app, alice = alice_app
    async with app.run_test(size=SIZE) as pilot:
        _, h = await _roots_sentence(app, pilot, root_store)
        root_store.update_tag("policy", quick_key=5)
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.title_text == "policy is here already, applied by root."
        await pilot.press("escape")
        await pilot.pause()
        assert len(root_store.highlights(ARTICLE)) == 1
        await pilot.press("5", "enter")  # make your own highlight with policy
        await pilot.pause()
        [mine] = alice.highlights(ARTICLE, coder="alice")
        assert (mine.start, mine.end, mine.tags) == (h.start, h.end, ("policy",))
        assert root_store.highlight(h.id).tags == ("policy",)
        await pilot.press("5")  # now Alice's own application: off, no question
        await pilot.pause()
        assert alice.highlight(mine.id).tags == ()
        await pilot.press("5", "j", "enter")  # remove root's
        await pilot.pause()
    assert root_store.highlight(h.id).tags == ()
    assert root_store.highlight(h.id).deleted is None


async def test_a_jump_to_one_of_several_highlights_puts_it_first_in_the_chooser(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    from gpreader.tui.widgets.annotations import AnnotationsPanel

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader, big, small = await _two_overlapping(app, pilot, loaded_store)
        app.main.post_message(AnnotationsPanel.Jump(small))
        await pilot.pause()
        reader.focus()
        await pilot.press("x")
        await pilot.pause()
        assert _chooser_ids(app) == [small.id, big.id]  # still asked, the one jumped to first
        await pilot.press("escape")
        app.main.post_message(AnnotationsPanel.Jump(big))
        await pilot.pause()
        reader.focus()
        await pilot.press("x")
        await pilot.pause()
        assert _chooser_ids(app) == [big.id, small.id]
        await pilot.press("escape")
        app.main.post_message(AnnotationsPanel.Jump(small))
        await pilot.pause()
        reader.focus()
        await pilot.press("x", "enter")
        await pilot.pause()
    [left] = loaded_store.highlights(ARTICLE)
    assert left.id == big.id
