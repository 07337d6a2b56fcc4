"""An article edited on disk while it is open: the column is reloaded before anything is saved
on it, and a highlight taken from the old text is refused rather than put on other words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.main import LAYOUT_KEY
from tests.app.conftest import SIZE, open_article, reader_of, settle

PATH = "002_1cf731f5e7a28a3f.txt"
INSERTED = "This sentence was added to the file on disk after the article was opened. "


def edit_on_disk(store: AnnotationStore, corpus_dir: Path) -> None:
    """Insert a sentence near the top of the body: every later offset moves."""
    text = store.article(PATH).text
    second = store.article(PATH).sentences[2]
    file = corpus_dir / PATH
    raw = file.read_text(encoding="utf-8")
    quote = text[second.start : second.end]
    assert raw.count(quote) == 1
    file.write_text(raw.replace(quote, INSERTED + quote), encoding="utf-8")


def sentence_offset(store: AnnotationStore, index: int) -> int:
    return store.article(PATH).sentences[index].start


async def test_startup_refresh_reloads_a_restored_column_before_h_saves(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    offset = sentence_offset(loaded_store, 6)
    loaded_store.set_state(LAYOUT_KEY, {"columns": [{"path": PATH, "offset": offset}]})
    old_sha = loaded_store.article(PATH).sha256
    edit_on_disk(loaded_store, corpus_dir)  # the layout shows the old text, then refresh runs
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the start-up refresh (library.refresh in a worker)
        reader = reader_of(app)
        assert reader.article is not None
        new = loaded_store.article(PATH)
        assert new.sha256 != old_sha and reader.article.sha256 == new.sha256
        assert any("changed on disk and was reloaded" in n.message for n in app._notifications)
        rng = reader.target_range()
        assert rng is not None
        shown = reader.article.text[rng[0] : rng[1]]
        await pilot.press("h")
        await pilot.pause()
    [h] = loaded_store.highlights(PATH)
    assert (h.start, h.end) == rng
    assert h.exact == shown


async def test_refresh_on_demand_reloads_the_open_column(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH, sentence_offset(loaded_store, 8))
        cursor = reader.cursor
        edit_on_disk(loaded_store, corpus_dir)
        app.refresh_corpus()  # what the command palette's "Refresh the corpus" runs
        await settle(app, pilot)
        assert reader.article is not None
        assert reader.article.sha256 == loaded_store.article(PATH).sha256
        assert reader.cursor == cursor  # kept on the same sentence index
        rng = reader.target_range()
        assert rng is not None
        shown = reader.article.text[rng[0] : rng[1]]
        await pilot.press("h")
        await pilot.pause()
    [h] = loaded_store.highlights(PATH)
    assert h.exact == shown


async def test_a_stale_column_saves_nothing_and_is_reloaded(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH, sentence_offset(loaded_store, 6))
        old_sha = reader.article.sha256 if reader.article else None
        edit_on_disk(loaded_store, corpus_dir)
        with AnnotationStore(loaded_store.path, coder="other") as other:  # another process
            library.refresh(other, corpus_dir)
        assert reader.article is not None and reader.article.sha256 == old_sha  # not seen yet
        await pilot.press("h")
        await pilot.pause()
        assert loaded_store.highlights(PATH) == []
        assert reader.article is not None
        assert reader.article.sha256 == loaded_store.article(PATH).sha256 != old_sha
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert any("nothing was saved" in n.message for n in warnings)
        await pilot.press("t", *"later", "enter")  # the reloaded text codes normally
        await pilot.pause()
    [h] = loaded_store.highlights(PATH)
    assert h.tags == ("later",)
    assert h.exact == loaded_store.article(PATH).text[h.start : h.end]


async def test_polling_reloads_a_column_another_process_refreshed(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH)
        edit_on_disk(loaded_store, corpus_dir)
        with AnnotationStore(loaded_store.path, coder="other") as other:
            library.refresh(other, corpus_dir)
        app._poll()
        await pilot.pause()
        assert reader.article is not None
        assert reader.article.sha256 == loaded_store.article(PATH).sha256
        assert any("changed on disk" in n.message for n in app._notifications)


async def test_a_change_made_during_a_refresh_is_not_missed(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH)
        app.refreshing = True  # as while the refresh worker runs
        with AnnotationStore(loaded_store.path, coder="colleague") as other:
            other.add_highlight(PATH, 300, 320, tags=["during-refresh"])
        app._poll()  # sees the new version during the refresh
        app.refreshing = False  # the refresh finished without changes of its own
        app._poll()
        await pilot.pause()
        assert [h.tags for h in reader.highlights] == [("during-refresh",)]
