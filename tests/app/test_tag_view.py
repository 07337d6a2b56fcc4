"""The tag view (T): j / k move like the arrows, the tag's description and the commenter of a
passage in a reader comment are shown, passages are read by a worker and added a page at a
time, and Enter typed before they are read still opens the first one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens import tag_view
from gpreader.tui.screens.tag_view import PassageList, TagViewScreen
from gpreader.tui.screens.tag_view_items import PAGE, PassagesRead, read_passages
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, settle

PATH = "003_24c3c5c25ddb21cc.txt"  # a sample article with reader comments


def shown_text(screen: TagViewScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def passage_texts(screen: TagViewScreen) -> list[str]:
    passages = screen.query_one(PassageList)
    return [str(passages.get_option_at_index(i).prompt) for i in range(passages.option_count)]


def opened(app: GPReaderApp) -> Reader:
    """The reader of the focused column (where the tag view's Enter opens a passage)."""
    column = app.main.active
    assert column is not None, "no column is open"
    return column.reader


async def open_tag_view(app: GPReaderApp, pilot: Any) -> TagViewScreen:
    await settle(app, pilot)
    await pilot.press("T")
    screen = app.screen
    assert isinstance(screen, TagViewScreen)
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_j_and_k_move_through_tags_and_passages(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    sentences = [s for s in loaded_store.article(PATH).sentences if s.section == "body"]
    for s in sentences[:3]:
        loaded_store.add_highlight(PATH, s.start, s.end, tags=["beta"])
    loaded_store.ensure_tag("alpha")
    loaded_store.ensure_tag("gamma")
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tag_view(app, pilot)
        assert screen.current == "alpha"
        await pilot.press("j", "j")
        assert screen.current == "gamma"
        await pilot.press("k")
        assert screen.current == "beta"
        await screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("tab")  # to the passages: the first is highlighted
        passages = screen.query_one(PassageList)
        ids = [h.id for h in loaded_store.highlights(tag="beta")]
        assert passages.highlighted_option is not None
        assert passages.highlighted_option.id == ids[0]
        await pilot.press("j", "j", "k")
        assert passages.highlighted_option.id == ids[1]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, TagViewScreen)
        assert opened(app).cursor_range == (sentences[1].start, sentences[1].end)


async def test_the_description_and_the_commenter_are_shown(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    article = loaded_store.article(PATH)
    comment = next(s for s in article.spans if s.kind == "comment" and s.author)
    in_comment = next(s for s in article.sentences if comment.start <= s.start < comment.end)
    in_body = next(s for s in article.sentences if s.section == "body")
    loaded_store.add_highlight(PATH, in_body.start, in_body.end, tags=["voice"])
    loaded_store.add_highlight(PATH, in_comment.start, in_comment.end, tags=["voice"])
    loaded_store.update_tag("voice", description="What readers say about GPs")
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tag_view(app, pilot)
        heading = shown_text(screen, "#tagview-heading")
        assert "What readers say about GPs" in heading
        assert "2 passages in 1 article" in heading
        texts = passage_texts(screen)
        [by] = [t for t in texts if t.startswith("comment by ")]
        assert by.startswith(f"comment by {comment.author}\n")
        words = article.text[in_comment.start : in_comment.end].split()[:3]
        assert " ".join(words) in " ".join(by.split())
        assert sum(t.startswith("comment by ") for t in texts) == 1  # not the body passage


async def test_passages_are_added_a_page_at_a_time(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    sentences = [s for s in loaded_store.article(PATH).sentences if s.section == "body"]
    count = min(len(sentences), PAGE + 10)
    assert count > PAGE, "the sample article is too short for this test"
    for s in sentences[:count]:
        loaded_store.add_highlight(PATH, s.start, s.end, tags=["many"])
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tag_view(app, pilot)
        passages = screen.query_one(PassageList)
        assert passages.option_count == PAGE  # the article's heading and PAGE - 1 passages
        await pilot.press("tab", "end")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert passages.option_count == count + 1
        assert passages.highlighted_option is not None
        last = loaded_store.highlights(tag="many")[-1]
        await pilot.press("end")
        assert passages.highlighted_option.id == last.id


async def test_enter_before_the_passages_are_read_opens_the_first(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = loaded_store.article(PATH).text.index("buyout")
    loaded_store.add_highlight(PATH, at, at + 6, tags=["people"])
    release = threading.Event()

    def slow_read(store: AnnotationStore, tag: str, *more: Any) -> PassagesRead:
        assert release.wait(10), "the test never let the read finish"
        return read_passages(store, tag, *more)

    monkeypatch.setattr(tag_view, "read_passages", slow_read)
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("enter", "enter")  # to the passages, and open the first
        screen = app.screen
        assert isinstance(screen, TagViewScreen)
        assert "reading passages" in shown_text(screen, "#tagview-heading")
        assert screen.query_one(PassageList).pending_select
        release.set()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, TagViewScreen)
        start, end = opened(app).cursor_range or (0, 0)
        assert start <= at < end


async def test_the_tag_list_is_an_option_list_of_every_tag(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    for path in ("b/two", "a"):
        loaded_store.ensure_tag(path)
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tag_view(app, pilot)
        tags = screen.query_one("#tagview-tag-list", OptionList)
        ids = [tags.get_option_at_index(i).id for i in range(tags.option_count)]
        assert ids == [t.path for t in loaded_store.tags()] == ["a", "b", "b/two"]


async def test_passages_read_before_are_shown_again_until_the_store_is_written(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """T, Esc, T shows the passages read the first time at once (no read, no frame waiting
    for one), a layout saved in between too; a write of content in between, by this app or
    another process, has them read again."""
    body = [s for s in loaded_store.article(PATH).sentences if s.section == "body"]
    loaded_store.add_highlight(PATH, body[0].start, body[0].end, tags=["kept"])
    reads: list[str] = []

    def counted_read(store: AnnotationStore, tag: str, *more: Any) -> PassagesRead:
        reads.append(tag)
        return read_passages(store, tag, *more)

    monkeypatch.setattr(tag_view, "read_passages", counted_read)

    def kept_ids() -> set[str]:
        return {h.id for h in loaded_store.highlights(tag="kept")}

    def shown_ids(screen: TagViewScreen) -> set[str]:
        passages = screen.query_one(PassageList)
        options = (passages.get_option_at_index(i) for i in range(passages.option_count))
        return {o.id for o in options if o.id}

    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tag_view(app, pilot)
        assert reads == ["kept"] and len(kept_ids()) == 1 and shown_ids(screen) == kept_ids()

        async def again() -> TagViewScreen:
            await pilot.press("escape")
            await pilot.pause()
            return await open_tag_view(app, pilot)

        screen = await again()
        assert reads == ["kept"], "read again though nothing was written"
        assert shown_ids(screen) == kept_ids()
        app.store.set_state("probe", {"layout": 1})  # the workbench's layout saved: no content
        screen = await again()
        assert reads == ["kept"], "read again after a layout was saved"

        app.store.add_highlight(PATH, body[1].start, body[1].end, tags=["kept"])  # this app
        screen = await again()
        assert reads == ["kept", "kept"] and len(kept_ids()) == 2
        assert shown_ids(screen) == kept_ids()

        with AnnotationStore(loaded_store.path) as other:  # another process
            other.add_highlight(PATH, body[2].start, body[2].end, tags=["kept"])
        screen = await again()
        assert reads == ["kept"] * 3 and len(kept_ids()) == 3
        assert shown_ids(screen) == kept_ids()
