"""Moving around: O / shift+enter open beside (search, tag view), the jump list (ctrl+o back,
ctrl+i or alt+right forward), each column's position per article, the least recently used
column reused when four are open, and the articles folder watched for new files."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.main import MainScreen
from gpreader.tui.screens.search import SearchScreen
from gpreader.tui.screens.tag_view import TagViewScreen
from gpreader.tui.watching import FolderChanged, WatchProblem
from tests.app.conftest import SIZE, cursor_to_body, open_article, reader_of, settle

A003 = "003_24c3c5c25ddb21cc.txt"
A004 = "004_b8ee73ebef15a597.txt"
A000 = "000_457775139af1eb7c.txt"
A001 = "001_cf2217d43cbec0e3.txt"
A002 = "002_1cf731f5e7a28a3f.txt"
SENTENCE = "If you think about the the broad concept of the neighbourhood health service model"


def main_of(app: GPReaderApp) -> MainScreen:
    return app.main


async def _somewhere_in_003(app: GPReaderApp, pilot: Any) -> tuple[int, int]:
    """Open 003 and move a few sentences into its body; (cursor index, offset)."""
    reader = await open_article(app, pilot, A003)
    await cursor_to_body(pilot, reader)
    await pilot.press("j", "j", "j")
    return reader.cursor, reader.cursor_offset


async def _search(app: GPReaderApp, pilot: Any, query: str) -> SearchScreen:
    await pilot.press("slash", *query)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await screen.workers.wait_for_complete()
    await pilot.pause()
    assert screen.hits
    return screen


async def test_shift_enter_in_search_opens_beside_and_keeps_the_first_column(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        cursor, offset = await _somewhere_in_003(app, pilot)
        first = reader_of(app)
        screen = await _search(app, pilot, "its about integraton")
        assert screen.hits[0].article == A004
        await pilot.press("shift+enter")
        await pilot.pause()
        main = main_of(app)
        assert [c.path for c in main.columns] == [A003, A004]
        assert (first.path, first.cursor, first.cursor_offset) == (A003, cursor, offset)
        beside = reader_of(app)
        assert beside is not first and beside.path == A004
        start, end = beside.cursor_range or (0, 0)
        assert loaded_store.article(A004).text[start:end].startswith(SENTENCE)
        await pilot.press("ctrl+o")  # back to the first column, where it was
        await pilot.pause()
        assert reader_of(app) is first and first.cursor_offset == offset
        assert [c.path for c in main.columns] == [A003, A004]
        await pilot.press("ctrl+i")  # and forward again (kitty protocol terminals)
        await pilot.pause()
        assert reader_of(app) is beside and beside.cursor_range == (start, end)


async def test_ctrl_o_in_search_also_opens_beside(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await _somewhere_in_003(app, pilot)
        await _search(app, pilot, "its about integraton")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert [c.path for c in main_of(app).columns] == [A003, A004]


async def test_enter_in_search_still_opens_in_the_same_column_and_ctrl_o_returns(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        _, offset = await _somewhere_in_003(app, pilot)
        reader = reader_of(app)
        await _search(app, pilot, "its about integraton")
        await pilot.press("enter")
        await pilot.pause()
        assert [c.path for c in main_of(app).columns] == [A004]
        assert reader_of(app) is reader and reader.path == A004
        hit = reader.cursor_offset
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert (reader.path, reader.cursor_offset) == (A003, offset)  # across articles
        await pilot.press("alt+right")  # forward, in any terminal
        await pilot.pause()
        assert (reader.path, reader.cursor_offset) == (A004, hit)
        await pilot.press("alt+left")
        await pilot.pause()
        assert (reader.path, reader.cursor_offset) == (A003, offset)


async def test_g_and_G_are_jumps_and_tab_still_changes_pane(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        _, offset = await _somewhere_in_003(app, pilot)
        reader = reader_of(app)
        await pilot.press("G")
        end = reader.cursor_offset
        assert end > offset
        await pilot.press("g")
        assert reader.cursor == 0
        await pilot.press("ctrl+o")
        assert reader.cursor_offset == end
        await pilot.press("ctrl+o")
        assert reader.cursor_offset == offset
        await pilot.press("ctrl+o")  # the oldest: stays, says so
        assert reader.cursor_offset == offset
        await pilot.press("tab")  # Tab is Tab: the next pane, not a jump
        await pilot.pause()
        assert app.screen.focused is not reader
        assert reader.cursor_offset == offset


async def test_a_column_returns_to_where_it_was_in_an_article(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        _, offset = await _somewhere_in_003(app, pilot)
        main = main_of(app)
        main.open_article(A004)  # as the library opens it: no place given
        await pilot.pause()
        reader = reader_of(app)
        assert reader.path == A004 and reader.cursor_offset != offset
        main.open_article(A003)
        await pilot.pause()
        assert (reader.path, reader.cursor_offset) == (A003, offset)


async def test_O_in_the_tag_view_opens_the_passage_beside(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    text = loaded_store.article(A004).text
    at = text.index(SENTENCE)
    loaded_store.add_highlight(A004, at, at + len(SENTENCE), tags=["integration"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        _, offset = await _somewhere_in_003(app, pilot)
        first = reader_of(app)
        await pilot.press("T")
        assert isinstance(app.screen, TagViewScreen)
        await pilot.press("O")  # on the tag list: nothing opens
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)
        await pilot.press("tab", "O")
        await pilot.pause()
        assert not isinstance(app.screen, TagViewScreen)
        assert [c.path for c in main_of(app).columns] == [A003, A004]
        assert (first.path, first.cursor_offset) == (A003, offset)
        beside = reader_of(app)
        assert beside is not first and beside.cursor_offset == at


async def test_a_fifth_article_beside_reuses_the_least_recently_used_column(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(app, pilot)
        main = main_of(app)
        for path in (A000, A001, A002, A003):
            main.open_article(path, new_column=True)
            await pilot.pause()
        columns = main.columns
        assert [c.path for c in columns] == [A000, A001, A002, A003]
        columns[0].reader.focus()  # A001's column is now the least recently used
        await pilot.pause()
        columns[2].reader.focus()
        await pilot.pause()
        columns[3].reader.focus()
        await pilot.pause()
        main.open_article(A004, new_column=True)
        await pilot.pause()
        assert [c.path for c in main.columns] == [A000, A004, A002, A003]
        assert reader_of(app) is columns[1].reader
        assert any("least recently used" in n.message for n in app._notifications)
        await pilot.press("ctrl+o")  # back where the focus was
        await pilot.pause()
        assert reader_of(app) is columns[3].reader


async def _until(pilot: Any, condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
        await pilot.pause()
    return False


ARTICLE = "Watched arrival\n\nA new article written while the workbench was open.\n"


async def test_a_file_written_into_the_folder_appears_without_a_key(
    make_app: Callable[..., GPReaderApp], corpus_dir: Path
) -> None:
    app = make_app(watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.watcher is not None
        assert await _until(
            pilot, lambda: app.watcher is not None and app.watcher.mode != "stopped"
        )
        (corpus_dir / "new").mkdir()
        paths = lambda: {r.path for r in main_of(app).library.rows}  # noqa: E731
        # inotify may still be setting up on a loaded machine (a write before it watches is
        # seen only by the next refresh): write again, up to a minute, until one shows.
        for n in range(12):
            (corpus_dir / "new" / f"arrival-{n}.txt").write_text(ARTICLE)
            if await _until(pilot, lambda: any(p.startswith("new/") for p in paths()), 5.0):
                break
        assert any(p.startswith("new/arrival-") for p in paths()), paths()
    assert app.watcher is None  # stopped with the app


async def test_files_another_process_imported_appear(
    make_app: Callable[..., GPReaderApp], corpus_dir: Path, db_path: Path
) -> None:
    app = make_app()  # polling the database, not watching the folder
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (corpus_dir / "other.txt").write_text(ARTICLE)
        with AnnotationStore(db_path) as other:
            library.refresh(other, corpus_dir)
        paths = lambda: {r.path for r in main_of(app).library.rows}  # noqa: E731
        assert await _until(pilot, lambda: "other.txt" in paths()), paths()


async def test_the_palette_refresh_shows_what_another_process_imported(
    make_app: Callable[..., GPReaderApp], corpus_dir: Path, db_path: Path
) -> None:
    app = make_app(poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (corpus_dir / "other.txt").write_text(ARTICLE)
        with AnnotationStore(db_path) as other:
            library.refresh(other, corpus_dir)
        await settle(app, pilot)
        assert "other.txt" not in {r.path for r in main_of(app).library.rows}
        await app.run_action("refresh_corpus")
        await settle(app, pilot)
        assert "other.txt" in {r.path for r in main_of(app).library.rows}


async def test_a_change_during_a_refresh_waits_for_it_and_problems_show_once(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        started: list[bool] = []
        app.refresh_corpus = lambda *, watched=False: started.append(watched)  # type: ignore[method-assign]
        app.refreshing = True
        app.post_message(FolderChanged())
        app.post_message(FolderChanged())
        await pilot.pause()
        assert started == [] and app.refresh_again  # never while a refresh runs
        app.refreshing = False
        app.refresh_ended()
        assert started == [True] and not app.refresh_again  # one refresh after it, not two
        app.refresh_ended()
        assert started == [True]
        for _ in range(3):
            app.post_message(WatchProblem("inotify is unavailable"))
        await pilot.pause()
        shown = [n for n in app._notifications if "inotify" in n.message]
        assert len(shown) == 1
