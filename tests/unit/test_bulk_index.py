"""A bulk import pauses FTS5's incremental merges: same index, same results, merges back on."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from gpreader.corpus import sync
from gpreader.errors import Cancelled
from gpreader.search import SearchIndex
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore

QUERIES = ("the", "market shares", "goverment", "econ", '"the company"', "-the year")


def _automerge(conn: sqlite3.Connection) -> object:
    row = conn.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'").fetchone()
    return None if row is None else row[0]


def _terms(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.rows USING fts5vocab(main, search_fts, 'row')"
    )
    return conn.execute("SELECT term, doc, cnt FROM temp.rows ORDER BY term").fetchall()


def _import(db: Path, corpus: Path, bulk_from: int, monkeypatch: pytest.MonkeyPatch) -> tuple:
    seen: list[object] = []
    write = sync._write_batch

    def spying(store: AnnotationStore, *args: object) -> None:
        seen.append(_automerge(store.conn))
        write(store, *args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(sync, "BATCH", 2)  # several transactions for five articles
        patch.setattr(search_index, "BULK_ARTICLES", bulk_from)
        patch.setattr(sync, "_write_batch", spying)
        with AnnotationStore(db) as store:
            sync.refresh(store, corpus)
            results = {q: SearchIndex(store).search(q) for q in QUERIES}
            return seen, _automerge(store.conn), _terms(store.conn), results


def test_a_bulk_import_gives_the_same_index_and_turns_merges_back_on(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, after, terms, results = _import(tmp_path / "bulk.db", corpus_dir, 2, monkeypatch)
    assert seen and set(seen) == {0}  # every batch written with merges off
    assert after == 4
    plain_seen, plain_after, plain_terms, plain_results = _import(
        tmp_path / "plain.db", corpus_dir, 10**9, monkeypatch
    )
    assert set(plain_seen) == {None} and plain_after is None
    assert terms == plain_terms and results == plain_results and any(results.values())


def test_a_cancelled_bulk_import_turns_merges_back_on(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = threading.Event()

    def progress(stage: str, done: int, total: int, path: str) -> None:
        if stage == "saving" and done == 3:
            cancel.set()

    monkeypatch.setattr(sync, "BATCH", 2)
    monkeypatch.setattr(search_index, "BULK_ARTICLES", 2)
    with AnnotationStore(tmp_path / "a.db") as store:
        with pytest.raises(Cancelled):
            sync.refresh(store, corpus_dir, progress, cancel=cancel)
        assert _automerge(store.conn) == 4
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_a_small_refresh_into_a_big_index_is_no_bulk_load(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as store, store.action() as conn:
        conn.executemany(
            "INSERT INTO search_articles VALUES (?, 'x', NULL, NULL, 1)",
            [(i,) for i in range(1, 5001)],
        )
        assert not search_index.bulk_load(conn, 1000)  # a sixth of the index: merges stay
        assert _automerge(conn) is None
        assert search_index.bulk_load(conn, 2500)
        assert _automerge(conn) == 0
