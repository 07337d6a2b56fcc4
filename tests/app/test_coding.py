"""Coding flows by keyboard: tag, quick tag, selection, note, delete and undo."""

from __future__ import annotations

from collections.abc import Callable

from gpreader import words
from gpreader.errors import DatabaseBusyError
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.screens.tag_picker import TagPicker
from tests.app.conftest import SIZE, cursor_to_body, open_article, reader_of, settle

ARTICLE = "000_457775139af1eb7c.txt"


async def test_t_tags_the_sentence_under_the_cursor(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("j")
        start, end = reader.cursor_range or (0, 0)
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"policy/contract", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TagPicker)
    [h] = loaded_store.highlights(ARTICLE)
    assert (h.start, h.end, h.tags) == (start, end, ("policy/contract",))
    assert h.exact == loaded_store.article(ARTICLE).text[start:end]


async def test_several_tags_in_one_go_and_existing_tag_by_fuzzy_match(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("workforce/retention")
    loaded_store.ensure_tag("staffing")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("t", *"retention", "tab", *"funding", "enter")
        await pilot.pause()
        # a typo lists the existing tag under "+ new tag stafing": ↓ chooses it
        await pilot.press("t", *"stafing", "down", "enter")
        await pilot.pause()
    [h] = loaded_store.highlights(ARTICLE)
    assert set(h.tags) == {"workforce/retention", "funding", "staffing"}
    assert "stafing" not in {t.path for t in loaded_store.tags()}


async def test_quick_tag_3_toggles(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("workload")
    loaded_store.update_tag("workload", quick_key=3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        start, end = reader.cursor_range or (0, 0)
        await pilot.press("3")
        await pilot.pause()
        [h] = loaded_store.highlights(ARTICLE)
        assert (h.start, h.end, h.tags) == (start, end, ("workload",))
        await pilot.press("3")
        await pilot.pause()
        assert loaded_store.highlights(ARTICLE)[0].tags == ()


async def test_v_selection_over_three_sentences(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        first = reader.cursor
        await pilot.press("v", "j", "j")
        assert reader.selected == (reader.units[first][0], reader.units[first + 2][1])
        await pilot.press("t", *"quote", "enter")
        await pilot.pause()
        assert reader.selection is None  # cleared once coded
    [h] = loaded_store.highlights(ARTICLE)
    assert (h.start, h.end) == (reader.units[first][0], reader.units[first + 2][1])
    assert h.tags == ("quote",)


async def test_word_by_word_adjustment_and_escape(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        text = reader.article.text if reader.article else ""
        tokens = words.tokens(text, *(reader.cursor_range or (0, 0)))
        await pilot.press("dollar_sign")  # the sentence's last word
        last = reader.word
        assert last is not None and words.is_word(text, last)
        at = tokens.index(last)
        await pilot.press("v", "shift+left", "shift+left")  # the head two tokens left
        assert reader.selected == (tokens[at - 2][0], last[1])
        await pilot.press("escape")
        assert reader.selection is None and reader.word == tokens[at - 2]
        await pilot.press("shift+right")  # starts a selection at the cursor's word, a token more
        sel = reader.selected
        assert sel == (tokens[at - 2][0], tokens[at - 1][1])
        await pilot.press("h")
        await pilot.pause()
    [h] = loaded_store.highlights(ARTICLE)
    assert (h.start, h.end) == sel


async def test_note_is_added_then_edited(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("m")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"needs context", "ctrl+s")
        await pilot.pause()
        [h] = loaded_store.highlights(ARTICLE)
        assert h.note == "needs context" and h.tags == ()
        await pilot.press("m")
        await pilot.press(*" from 2019", "ctrl+s")
        await pilot.pause()
    [h] = loaded_store.highlights(ARTICLE)
    assert h.note == "needs context from 2019"


async def test_a_failed_note_save_keeps_the_text_and_says_so(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, monkeypatch
) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise DatabaseBusyError("the database is busy (another program is writing)")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        monkeypatch.setattr(loaded_store, "set_note", busy)
        await pilot.press("m", *"keep me", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.text == "keep me"
        assert any(n.severity == "error" for n in app._notifications)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
    assert loaded_store.highlights(ARTICLE)[0].note == "keep me"


async def test_delete_with_x_and_undo_with_u(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("t", *"cost", "enter")
        await pilot.pause()
        assert len(loaded_store.highlights(ARTICLE)) == 1
        await pilot.press("x")
        await pilot.pause()
        assert loaded_store.highlights(ARTICLE) == []
        assert reader.highlights == []
        await pilot.press("u")  # undo the delete
        await pilot.pause()
        [h] = loaded_store.highlights(ARTICLE)
        assert h.tags == ("cost",)
        await pilot.press("u")  # undo the highlight itself
        await pilot.pause()
        assert loaded_store.highlights(ARTICLE) == []


async def test_undo_and_redo_say_what_they_did_and_show_where(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("t", *"policy/funding", "enter")
        await pilot.pause()
        [h] = loaded_store.highlights(ARTICLE)
        for _ in range(3):
            await pilot.press("j")
        await pilot.press("u")
        await pilot.pause()
        assert loaded_store.highlights(ARTICLE) == []
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Undid: highlight “") for m in messages), messages
        assert reader_of(app).cursor_offset <= h.start  # back at the change
        await pilot.press("ctrl+r")
        await pilot.pause()
        [again] = loaded_store.highlights(ARTICLE)
        assert (again.id, again.tags) == (h.id, ("policy/funding",))
        assert any(n.message.startswith("Redid: ") for n in app._notifications)


async def test_a_store_error_is_a_notification_not_a_crash(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, monkeypatch
) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise DatabaseBusyError("the database is busy")

    monkeypatch.setattr(loaded_store, "add_highlight", busy)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        assert [n.message for n in app._notifications if n.severity == "error"] == [
            "the database is busy"
        ]
    monkeypatch.undo()
    assert loaded_store.highlights(ARTICLE) == []


async def test_undo_in_the_article_shown_moves_the_cursor_without_reading_it_again(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        shown = reader.article
        await pilot.press("h")
        await pilot.pause()
        [h] = loaded_store.highlights(ARTICLE)
        for _ in range(4):
            await pilot.press("j")
        await pilot.press("u")
        await pilot.pause()
        assert loaded_store.highlights(ARTICLE) == []
        assert reader.article is shown  # moved to the change, not read and laid out again
        assert reader.cursor_offset == h.start
        assert reader.highlights == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [x.id for x in loaded_store.highlights(ARTICLE)] == [h.id]
        assert [x.id for x in reader.highlights] == [h.id]
        assert reader.article is shown
