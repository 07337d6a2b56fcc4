"""The cache of where each highlight falls (store/highlight_units.py, m011): analysis over it
equals analysis worked out from texts and spans, after any edit, and it is written, reused
and never trusted once stale."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.analysis import cooccurrence, load, matrix
from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore, migrations, texts
from gpreader.store import highlight_units as cache
from tests.old_schema import CODED_TABLES, copy_rows, schema_at

from .analysis_corpus import PC, PF, TN, TP, build

RULES = ("sentence", "paragraph", "near:1", "overlap")


def tables(store: AnnotationStore, *, cached: bool) -> dict[str, Any]:
    """Every table that reads where highlights fall, with the cache or without it."""
    coding = load(store)
    if not cached:
        coding.units = None
    out = {
        f"words {by}": matrix(coding, by=by, count="words").to_json() for by in ("article", "year")
    }
    for rule in RULES:
        table = cooccurrence(coding, rule)
        out[rule] = table.to_json()
        out[f"{rule} behind"] = [
            sorted(table.behind(i, j))
            for i in range(len(table.rows))
            for j in range(len(table.rows))
        ]
    return out


def cache_rows(store: AnnotationStore) -> int:
    return int(store.conn.execute("SELECT count(*) FROM highlight_units").fetchone()[0])


def test_first_analysis_fills_the_cache_and_the_next_reads_no_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        expected = tables(store, cached=False)
        assert cache_rows(store) == 0
        assert tables(store, cached=True) == expected
        assert cache_rows(store) > 0

        def no_reading(*args: object) -> None:
            raise AssertionError("worked out again")

        monkeypatch.setattr(cache, "_work_out", no_reading)
        assert tables(store, cached=True) == expected


def test_an_edited_article_and_a_new_highlight_are_worked_out_again(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="alice") as store:
        tables(store, cached=True)  # the cache is filled
        text = (folder / "a.txt").read_text(encoding="utf-8")
        edited = text.replace("One cat sat.", "A new first sentence. One cat sat.")
        (folder / "a.txt").write_text(edited, encoding="utf-8")
        library.refresh(store, folder)  # the highlights re-anchor: same words, new offsets
        start = edited.index("Two dogs")
        store.add_highlight("a.txt", start, start + 8, tags=[TN])
        assert tables(store, cached=True) == tables(store, cached=False)


def test_an_article_text_changed_in_place_is_never_read_from_the_cache(tmp_path: Path) -> None:
    """Same offsets, other text (its sha256 changed): the record is stale."""
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        before = tables(store, cached=True)
        with store.action() as conn:  # two words made one (an apostrophe joins them), same offsets
            sql = "SELECT gp_text(text) FROM articles WHERE path = 'a.txt'"
            (text,) = conn.execute(sql).fetchone()
            conn.execute(
                "UPDATE articles SET text = ?, sha256 = 'x' WHERE path = 'a.txt'",
                [texts.pack(text.replace("One cat", "One'cat"))],
            )
        after = tables(store, cached=True)
        assert after == tables(store, cached=False)
        assert after["words article"] != before["words article"]


def test_a_busy_database_still_gives_the_tables(tmp_path: Path) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        expected = tables(store, cached=False)
        other = sqlite3.connect(db, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            store.conn.execute("PRAGMA busy_timeout = 100")
            assert tables(store, cached=True) == expected
        finally:
            other.rollback()
            other.close()
        assert cache_rows(store) == 0  # nothing written; the next analysis tries again
        assert tables(store, cached=True) == expected
        assert cache_rows(store) > 0


# -- random edits --------------------------------------------------------------------------

EDIT = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.integers(0, 200),
              st.integers(1, 40), st.sets(st.sampled_from([PC, PF, TN, TP]), min_size=1)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("rewrite"), st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.integers(0, 60)),
    st.tuples(st.just("join"), st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.integers(0, 60)),
    st.tuples(st.just("analyse")),
)  # fmt: skip


def _apply(store: AnnotationStore, folder: Path, edit: tuple[Any, ...]) -> None:
    kind = edit[0]
    if kind == "add":
        _, path, start, length, tags = edit
        size = len(store.article(path).text)
        start = min(start, size - 2)
        store.add_highlight(path, start, min(size, start + length), tags=sorted(tags))
    elif kind == "delete":
        ids = [h.id for h in store.highlights()]
        if ids:
            store.delete_highlight(ids[edit[1] % len(ids)])
    elif kind == "undo":
        store.undo()
    elif kind == "redo":
        store.redo()
    elif kind == "rewrite":  # text put in front: highlights re-anchor, spans move
        _, path, at = edit
        file = folder / path
        text = file.read_text(encoding="utf-8")
        cut = text.find(" ", min(at, len(text) - 1))
        cut = len(text) if cut < 0 else cut
        file.write_text(text[:cut] + " Added words here. " + text[cut:], encoding="utf-8")
        library.refresh(store, folder)
    elif kind == "join":  # two words made one in place: same offsets, other words
        _, path, at = edit
        text = store.article(path).text
        cut = text.find(" ", min(at, len(text) - 1))
        if cut >= 0:
            with store.action() as conn:
                conn.execute(
                    "UPDATE articles SET text = ?, sha256 = sha256 || 'j' WHERE path = ?",
                    [text[:cut] + "'" + text[cut + 1 :], path],
                )
    else:
        tables(store, cached=True)  # fills or rewrites the cache mid-way


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, min_size=1, max_size=6))
def test_analysis_over_the_cache_equals_analysis_from_scratch_after_random_edits(
    edits: list[tuple[Any, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as root:
        db, folder, _ = build(Path(root))
        with AnnotationStore(db, coder="alice") as store:
            tables(store, cached=True)
            for edit in edits:
                _apply(store, folder, edit)
            assert tables(store, cached=True) == tables(store, cached=False)
            assert tables(store, cached=True) == tables(store, cached=False)  # when warm


# -- the migration -------------------------------------------------------------------------


def test_m011_upgrades_a_schema_10_database_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_db, _, _ = build(tmp_path)
    with AnnotationStore(fresh_db) as store:
        expected = tables(store, cached=False)
    v10 = tmp_path / "v10.db"
    with schema_at(monkeypatch, 10):
        AnnotationStore(v10).close()
    conn = sqlite3.connect(v10)
    assert "highlight_units" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    copy_rows(conn, fresh_db, CODED_TABLES)
    conn.close()
    with AnnotationStore(v10) as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == migrations.SCHEMA_VERSION
        assert tables(store, cached=True) == expected
        assert cache_rows(store) > 0


def test_the_first_fill_reports_progress_and_a_warm_read_none(tmp_path: Path) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        articles = store.conn.execute(
            "SELECT count(DISTINCT article_id) FROM highlights WHERE deleted IS NULL"
        ).fetchone()[0]
        told: list[tuple[int, int]] = []
        coding = load(store, progress=lambda done, total: told.append((done, total)))
        assert told == []  # nothing worked out yet: the read alone reports nothing
        coding.units()
        assert told[0] == (0, articles) and told[-1] == (articles, articles)
        assert [done for done, _ in told] == sorted(done for done, _ in told)
        again: list[tuple[int, int]] = []
        load(store, progress=lambda done, total: again.append((done, total))).units()
        assert again == []
