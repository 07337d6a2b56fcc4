"""Worker threads (corpus refresh, search, export) open their own connection without the
on-open inspection, quick_check and migrations: the app's store has already done them, and a
full quick_check on every search keystroke costs far more than the search."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from gpreader.store import AnnotationStore, database
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.export import ExportScreen
from gpreader.tui.screens.search import SearchScreen
from tests.app.conftest import SIZE, open_article, settle


async def test_worker_threads_open_the_store_without_verifying(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[tuple[str, bool]] = []  # (thread name, verify)
    real = database.open_database

    def spy(path: Path, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            opened.append((threading.current_thread().name, kwargs.get("verify", True)))
        return real(path, **kwargs)

    monkeypatch.setattr(database, "open_database", spy)
    loaded_store.add_highlight("000_457775139af1eb7c.txt", 300, 320, tags=["kept"])
    out = tmp_path / "out.csv"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the start-up refresh: one worker connection
        after_refresh = len(opened)
        await open_article(app, pilot, "000_457775139af1eb7c.txt")
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"contract")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.hits
        after_search = len(opened)
        await pilot.press("escape", "E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
    assert out.exists() and "kept" in out.read_text("utf-8-sig")
    assert 0 < after_refresh < after_search < len(opened)  # refresh, search, export all opened
    assert [verify for _, verify in opened] == [False] * len(opened)
