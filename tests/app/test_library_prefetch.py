"""The library read by the command line from the start (LibraryPrefetch): rows already in are
shown by the first frame, with no read of their own; rows still being read are taken by the
library worker when they come; a failed prefetch leaves the usual read to do it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gpreader.store import AnnotationStore
from gpreader.tui import library_read
from gpreader.tui.app import GPReaderApp
from gpreader.tui.library_read import LibraryPrefetch, LibraryRows
from gpreader.tui.screens import main_updates

from .conftest import SIZE, until


class HeldPrefetch(LibraryPrefetch):
    """A prefetch whose read is done but says it is not (still reading at start)."""

    @property
    def ready(self) -> bool:
        return False


def _no_other_read(store: AnnotationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the UI thread nor the library worker reads the library again."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the library was read again")

    monkeypatch.setattr(store, "articles", refuse)
    monkeypatch.setattr(main_updates, "read_library", refuse)


@pytest.mark.parametrize("limit", [0, 2000])
async def test_rows_read_already_are_in_the_first_frame(
    limit: int,
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_updates, "LIBRARY_AT_ONCE", limit)  # large or small: the same
    expected = loaded_store.articles()
    prefetch = LibraryPrefetch(loaded_store.path, loaded_store.coder)
    assert prefetch.result() is not None
    _no_other_read(loaded_store, monkeypatch)
    reloads: list[object] = []
    monkeypatch.setattr(
        main_updates.UpdatesMixin, "reload_library", lambda *a, **k: reloads.append(k)
    )
    app = make_app(refresh_on_start=False, poll=False, library=prefetch)
    async with app.run_test(size=SIZE):
        library = app.main.library
        assert library.loaded  # shown as the screen mounted: no worker, no later frame
        assert library.rows == expected
        assert library.table.row_count == len(expected)
        assert app.main.prefetch is None  # taken once
        assert reloads == []  # no worker took them


async def test_rows_still_being_read_come_through_the_worker(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_updates, "LIBRARY_AT_ONCE", 0)
    expected = loaded_store.articles()
    prefetch = HeldPrefetch(loaded_store.path, loaded_store.coder)
    _no_other_read(loaded_store, monkeypatch)
    app = make_app(refresh_on_start=False, poll=False, library=prefetch)
    async with app.run_test(size=SIZE) as pilot:
        library = app.main.library
        await until(pilot, lambda: library.table.row_count == len(expected), "rows shown")
        assert library.rows == expected
        await until(pilot, lambda: app._data_version is not None, "MainReady handled")


@pytest.mark.parametrize("limit", [0, 2000])
async def test_a_failed_prefetch_leaves_the_read_to_the_screen(
    limit: int,
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_updates, "LIBRARY_AT_ONCE", limit)
    expected = loaded_store.articles()

    def fail(*_: object, **__: object) -> LibraryRows:
        raise OSError("the disk went away")

    monkeypatch.setattr(library_read, "read_library", fail)
    prefetch = LibraryPrefetch(loaded_store.path, loaded_store.coder)
    assert prefetch.result() is None
    monkeypatch.undo()
    monkeypatch.setattr(main_updates, "LIBRARY_AT_ONCE", limit)
    app = make_app(refresh_on_start=False, poll=False, library=prefetch)
    async with app.run_test(size=SIZE) as pilot:
        library = app.main.library
        await until(pilot, lambda: library.table.row_count == len(expected), "rows shown")
        assert library.rows == expected
