"""Pilot tests: drive the app with keys (headless) and assert on the store.

Async tests run under asyncio.run through the hook below, so no asyncio plugin is needed.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.widgets.reader import Reader

SIZE = (120, 36)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None


@pytest.fixture
def make_app(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> Callable[..., GPReaderApp]:
    """An app over the sample corpus, with no user config (unless one is given)."""

    def make(config: Config | None = None, **kwargs: Any) -> GPReaderApp:
        config = config or Config(path=tmp_path / "no-config.toml")
        return GPReaderApp(loaded_store, corpus_dir, config=config, **kwargs)

    return make


async def settle(app: GPReaderApp, pilot: Any) -> None:
    """Wait for the start-up refresh and anything it scheduled (a finished refresh starts a
    library read in turn). The refresh starts only once the app has handled MainReady (after
    the saved layout opens), so that comes first: bounded, a loaded machine takes longer."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30.0
    while app._data_version is None and app.is_running and loop.time() < deadline:
        await pilot.pause(0.05)
    await pilot.pause()  # the refresh is scheduled after the next frame
    for _ in range(20):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return


def reader_of(app: GPReaderApp) -> Reader:
    focused = app.screen.focused
    assert isinstance(focused, Reader), f"focus is on {focused!r}, not a reader"
    return focused


async def open_article(app: GPReaderApp, pilot: Any, path: str, offset: int = 0) -> Reader:
    app.open_at(path, offset)
    await pilot.pause()
    return reader_of(app)


async def cursor_to_body(pilot: Any, reader: Reader) -> None:
    """Move the cursor down to the first body sentence (past the title); fail, not hang, if
    `j` does not get there within 50 presses."""
    article = reader.article
    assert article is not None
    in_body = lambda: article.section_at(reader.cursor_offset) == "body"  # noqa: E731
    await press_until(pilot, "j", in_body, "the cursor in the body", presses=50)


async def press_until(
    pilot: Any, key: str, done: Callable[[], bool], what: str, presses: int = 30
) -> None:
    """Press `key` until `done()` holds; fail with `what`, not hang, after `presses` presses."""
    for _ in range(presses):
        if done():
            return
        await pilot.press(key)
    assert done(), f"{presses} presses of {key} did not get there: {what}"


async def until(pilot: Any, done: Callable[[], bool], what: str, seconds: float = 15.0) -> None:
    """Wait until `done()` holds, checking after every pause; fail with `what` after `seconds`
    (a loaded machine takes longer, a regression never gets there)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not done():
        if loop.time() > deadline:
            raise AssertionError(f"not within {seconds:g} s: {what}")
        await pilot.pause(0.05)
