"""The library read off the UI thread (tui/library_read.py): the command line's prefetch
brings what the store lists, the marks and the start's sort orders, or None when it fails;
and the store lists the articles in path order whatever their names."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore
from gpreader.tui import library_read
from gpreader.tui.layout_state import LAYOUT_KEY
from gpreader.tui.library_read import LibraryPrefetch, prefetch_library, read_library
from gpreader.tui.widgets.library_order import DEFAULT_SORT


def test_the_prefetch_brings_the_rows_marks_and_start_orders(
    loaded_store: AnnotationStore,
) -> None:
    first = loaded_store.articles()[0].path
    assert loaded_store.mark_coded(first)
    loaded_store.set_state(LAYOUT_KEY, {"sort": "title", "descending": False, "columns": []})
    prefetch = LibraryPrefetch(loaded_store.path, loaded_store.coder)
    found = prefetch.result()
    assert prefetch.ready
    assert found is not None
    assert found.rows == loaded_store.articles()
    assert found.done == frozenset({first})
    assert found.order is not None and found.order.rows is found.rows
    assert {DEFAULT_SORT, ("title", False)} <= set(found.order._orders)


def test_another_coders_marks_are_not_theirs(loaded_store: AnnotationStore) -> None:
    first = loaded_store.articles()[0].path
    assert loaded_store.mark_coded(first, coder="someone else")
    found = read_library(loaded_store.path, loaded_store.coder, None, starting=False)
    assert found.done == frozenset()
    assert found.order is None


def test_a_failed_prefetch_brings_none(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("not a database, " * 100)
    prefetch = LibraryPrefetch(not_a_database, "tester")
    assert prefetch.result() is None
    assert prefetch.ready


def test_articles_are_listed_in_path_order(store: AnnotationStore, tmp_path: Path) -> None:
    """As SQLite's ORDER BY path (bytes of UTF-8) would: capitals, accents, folders."""
    root = tmp_path / "names"
    names = ["b.txt", "B.txt", "é.txt", "e.txt", "z.txt", "a/é.txt", "a b.txt", "Ω.txt", "_.txt"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"Title of {name}\n\nA body for {name}.\n", encoding="utf-8")
    library.refresh(store, root)
    with sqlite3.connect(store.path) as conn:
        expected = [p for (p,) in conn.execute("SELECT path FROM articles ORDER BY path")]
    rows = store.articles()
    assert [r.path for r in rows] == expected
    assert sorted(names) == expected
    assert all(r.title.startswith("Title of") and r.words > 0 for r in rows)


def test_only_a_large_library_is_prefetched(
    loaded_store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small one is read at start on the UI thread: no thread, no second connection."""
    assert prefetch_library(loaded_store) is None
    monkeypatch.setattr(library_read, "LIBRARY_AT_ONCE", loaded_store.article_count() - 1)
    prefetch = prefetch_library(loaded_store)
    assert prefetch is not None
    found = prefetch.result()
    assert found is not None and found.rows == loaded_store.articles()


def test_no_prefetch_when_the_articles_cannot_be_counted(
    loaded_store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(library_read, "LIBRARY_AT_ONCE", 0)
    monkeypatch.setattr(loaded_store, "article_count", broken)
    assert prefetch_library(loaded_store) is None
