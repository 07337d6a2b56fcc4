"""The TUI's data flow: workers post messages to the screen that shows them, screens post
messages up to the app, quitting or closing a dialog sets the worker's cancel event; and no
screen or widget reaches into the app or another screen."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from gpreader.corpus import sync as corpus_sync  # the app imports it in its refresh worker
from gpreader.errors import Cancelled
from gpreader.models import ImportReport
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.messages import RefreshFinished, RefreshProgress
from gpreader.tui.screens import export as export_module
from gpreader.tui.screens.export import ExportScreen
from gpreader.tui.screens.main import MainScreen
from gpreader.tui.screens.tag_view import TagViewScreen
from tests.app.conftest import SIZE, settle

TUI = Path(__file__).resolve().parents[2] / "src" / "gpreader" / "tui"


class ControlledCore:
    """Stands in for a core function that takes `progress` and `cancel`: reports progress once,
    then waits until the test releases it (returns) or the cancel event is set (raises
    Cancelled, as the core does)."""

    def __init__(
        self, result: object = None, report: tuple[object, ...] = ("reading", 1, 3, "001.txt")
    ) -> None:
        self.result = result
        self.report = report
        self.started = threading.Event()
        self.release = threading.Event()
        self.cancel: threading.Event | None = None
        self.cancelled = False

    def __call__(
        self, *args: Any, progress: Callable[..., None], cancel: threading.Event, **kw: Any
    ) -> object:
        self.cancel = cancel
        progress(*self.report)
        self.started.set()
        deadline = time.monotonic() + 10  # never hang the suite if nobody cancels
        while not self.release.is_set() and time.monotonic() < deadline:
            if cancel.wait(0.01):
                self.cancelled = True
                raise Cancelled("cancelled")
        return self.result


async def _until(pilot: Any, condition: Callable[[], bool], seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


async def test_refresh_progress_reaches_the_main_screens_bar_through_messages(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    core = ControlledCore(ImportReport(loaded=["001.txt"]))
    monkeypatch.setattr(corpus_sync, "refresh", core)
    seen: list[type] = []
    real_post = MainScreen.post_message

    def post(self: MainScreen, message: Any) -> bool:
        seen.append(type(message))
        return real_post(self, message)

    monkeypatch.setattr(MainScreen, "post_message", post)
    app = make_app(poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, core.started.is_set)
        bar = app.main.query_one("#progress", Static)
        await _until(pilot, lambda: bool(bar.display))
        assert "Updating the corpus: Reading changed files 1 of 3 · 001.txt" in str(bar.render())
        assert app.refreshing
        core.release.set()
        await settle(app, pilot)
        assert not bar.display and not app.refreshing
        assert any(n.title == "Corpus updated" for n in app._notifications)
    assert RefreshProgress in seen and RefreshFinished in seen


async def test_quitting_sets_the_cancel_event_and_the_refresh_stops(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    core = ControlledCore()
    monkeypatch.setattr(corpus_sync, "refresh", core)
    app = make_app(poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, core.started.is_set)
        await pilot.press("q")
    assert core.cancel is app.refresh_cancel and core.cancel.is_set()
    assert core.cancelled  # the worker's core call stopped itself; nothing was reported


async def test_a_new_refresh_cancels_the_one_running(
    make_app: Callable[..., GPReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = ControlledCore(), ControlledCore(ImportReport())
    calls = iter([first, second])

    def refresh(*args: Any, progress: Any, cancel: threading.Event) -> object:
        return next(calls)(*args, progress=progress, cancel=cancel)

    monkeypatch.setattr(corpus_sync, "refresh", refresh)
    app = make_app(poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, first.started.is_set)
        app.refresh_corpus()  # e.g. "Refresh the corpus" from the command palette
        await _until(pilot, second.started.is_set)
        assert first.cancelled and first.cancel is not second.cancel
        assert not second.cancel.is_set()  # type: ignore[union-attr]
        second.release.set()
        await settle(app, pilot)
        assert not app.refreshing


async def test_closing_the_export_dialog_cancels_the_export(
    make_app: Callable[..., GPReaderApp],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    core = ControlledCore(report=(1, 3))
    monkeypatch.setattr(export_module, "export", core)
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-path", Input).value = str(tmp_path / "out.csv")
        await pilot.press("ctrl+s")
        await _until(pilot, core.started.is_set)
        await pilot.press("escape")
        await _until(pilot, lambda: core.cancelled)
        assert core.cancel is screen.cancel and app.screen is app.main
    assert not (tmp_path / "out.csv").exists()


async def test_a_codebook_change_in_the_tag_view_reaches_the_columns_behind_it(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "000_457775139af1eb7c.txt"
    loaded_store.add_highlight(path, 300, 320, tags=["old"])
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_at(path, 0)
        await pilot.pause()
        [column] = app.main.columns
        await pilot.press("T", "r", "end", "ctrl+u", *"renamed", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)  # still open: the column behind reloaded
        assert [h.tags for h in column.reader.highlights] == [("renamed",)]


def _tui_sources() -> dict[str, str]:
    return {str(p.relative_to(TUI)): p.read_text("utf-8") for p in TUI.rglob("*.py")}


def test_no_screen_or_widget_reaches_into_the_app_or_another_screen() -> None:
    reaches = re.compile(r"getattr\(\s*self\.app|screen_stack|\.app\.main\b|main\.app\.root")
    # kept.py composes kept screens on a stack of their own (see its prebuild): it manages
    # screens' lifetimes, never what they show. tint.py draws a dialog's background from the
    # lines of the screen under it, as Textual's Screen.render does: it reads them, nothing else.
    allowed = {"screens/kept.py", "screens/tint.py"}
    sources = {n: t for n, t in _tui_sources().items() if n not in allowed}
    found = {name: reaches.findall(text) for name, text in sources.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_every_worker_is_an_exclusive_thread_worker_posting_messages() -> None:
    for name, text in _tui_sources().items():
        for decorator in re.findall(r"@work\((.*?)\)", text):
            assert "thread=True" in decorator and "exclusive=True" in decorator, name
            assert "group=" in decorator, name
        assert "call_from_thread" not in text, name  # workers post messages instead
        assert not re.search(r"class _\w+\((Exception|GPReaderError)\)", text), name
