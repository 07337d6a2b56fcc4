"""A large library is read and sorted in the library worker at start (LIBRARY_AT_ONCE), so the
first paint does not wait for it: the rows arrive in the saved sort order, then the saved
layout reopens and MainReady starts the refresh. Tested on the sample corpus with the limit
set to zero, so the worker path is the one taken."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gpreader import reading
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens import main_updates
from gpreader.tui.screens.main import LAYOUT_KEY

from .conftest import SIZE, settle, until


def _no_library_read_here(store: AnnotationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own store (the UI thread's) must not read the library at start; the worker
    opens a store of its own."""

    def refuse(**_: object) -> None:
        raise AssertionError("the library was read on the UI thread")

    monkeypatch.setattr(store, "articles", refuse)


@pytest.mark.parametrize("in_worker", [True, False])
async def test_the_library_fills_in_the_saved_order(
    in_worker: bool,
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the worker (a large library) or at once (a small one), the rows are shown in the
    saved layout's sort order once the layout is restored."""
    if in_worker:
        monkeypatch.setattr(main_updates, "LIBRARY_AT_ONCE", 0)
    expected = loaded_store.articles()
    first = sorted(expected, key=lambda r: r.path)[0].path
    loaded_store.set_state(
        LAYOUT_KEY, {"sort": "title", "descending": False, "columns": [{"path": first}]}
    )
    if in_worker:
        _no_library_read_here(loaded_store, monkeypatch)
    app = make_app(refresh_on_start=False, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        library = app.main.library
        await until(pilot, lambda: library.table.row_count == len(expected), "rows shown")
        assert library.rows == expected
        if in_worker:  # made by the worker, not on demand
            assert ("title", False) in library.order._orders
        await until(pilot, lambda: bool(app.main.columns), "the saved layout reopened")
        assert app.main.columns[0].path == first
        assert library.shown == reading.sort_articles(expected, "title", False)
        # MainReady is posted after the layout opens: wait for the app to handle it
        await until(pilot, lambda: app._data_version is not None, "MainReady handled")


async def test_the_start_up_refresh_follows_the_worker_read(
    make_app: Callable[..., GPReaderApp],
    loaded_store: AnnotationStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_updates, "LIBRARY_AT_ONCE", 0)
    (loaded_store_root := make_app().root).joinpath("zz-new.txt").write_text(
        "A brand new headline\n\nAnd a body for it.\n"
    )
    app = make_app(poll=False)
    assert app.root == loaded_store_root
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await until(
            pilot,
            lambda: "zz-new.txt" in {r.path for r in app.main.library.rows},
            "the refreshed article listed",
        )
    assert loaded_store.stored_article("zz-new.txt") is not None
