"""The cache of the coded highlights (store/coding_cache.py, m013): a load over it equals a
load read from the tables after any write, per coder selection; it is reused while nothing
changed, never trusted once its triggers are gone, and a busy database still answers."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gpreader.analysis import coding as analysis_coding
from gpreader.analysis import load, matrix
from gpreader.models import Coders
from gpreader.store import AnnotationStore, coding_cache, migrations
from tests.old_schema import CODED_TABLES, copy_rows, schema_at

from .analysis_corpus import PC, PF, TN, TP, build

SELECTIONS: list[Coders] = [None, "alice", "bob", frozenset({"alice", "bob"})]


def seen(store: AnnotationStore, coder: Coders = None) -> dict[str, Any]:
    """What analysis reads: the counted highlights' columns, the orphaned count, the units of
    every counted highlight and a table."""
    coding = load(store, coder)
    c = coding.columns
    assert coding.units is not None
    return {
        "columns": [list(c.ids), list(c.articles), list(c.starts), list(c.ends), list(c.tags)],
        "orphaned": coding.orphaned,
        "units": coding.units(),
        "matrix": matrix(coding, by="article", count="words").to_json(),
    }


@contextmanager
def no_cache() -> Iterator[None]:
    """Loads read the tables and keep nothing."""
    with (
        patch.object(coding_cache, "read", lambda *args: None),
        patch.object(coding_cache, "save", lambda *args: None),
    ):
        yield


def fresh(store: AnnotationStore, coder: Coders = None) -> dict[str, Any]:
    with no_cache():
        return seen(store, coder)


def entries(store: AnnotationStore) -> list[str]:
    return [e for (e,) in store.conn.execute("SELECT entry FROM coding_cache ORDER BY entry")]


def test_first_load_keeps_the_coding_and_the_next_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        expected = fresh(store)
        assert entries(store) == []
        assert seen(store) == expected
        assert entries(store) == ["*"]

        def no_reading(*args: object) -> None:
            raise AssertionError("read from the tables again")

        monkeypatch.setattr(analysis_coding, "_read_coded", no_reading)
        assert seen(store) == expected


def test_each_coder_selection_has_its_own_entry(tmp_path: Path) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        expected = {str(c): fresh(store, c) for c in SELECTIONS}
        assert expected["alice"]["columns"] != expected["None"]["columns"]
        for _ in range(2):  # filled, then read
            assert {str(c): seen(store, c) for c in SELECTIONS} == expected
        assert len(entries(store)) == coding_cache.KEPT


def test_a_write_elsewhere_makes_the_entry_stale(tmp_path: Path) -> None:
    db, _, ids = build(tmp_path)
    with AnnotationStore(db) as store:
        seen(store)
        other = sqlite3.connect(db)  # another program, straight SQL
        other.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", [ids["h1"]])
        other.commit()
        other.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [ids["h3"]])
        other.commit()
        other.close()
        assert seen(store) == fresh(store)
        assert ids["h1"] not in seen(store)["columns"][0]


def test_only_the_highlights_changed_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _, ids = build(tmp_path)
    with AnnotationStore(db, coder="alice") as store:
        seen(store)
        store.add_highlight("c.txt", 0, 5, tags=[TN, "brand/new"])
        store.untag_highlight(ids["h1"], TP)
        store.delete_highlight(ids["h2"])
        expected = fresh(store)

        def no_reading(*args: object) -> None:
            raise AssertionError("read from the tables again")

        with monkeypatch.context() as patched:
            patched.setattr(analysis_coding, "_read_coded", no_reading)
            assert seen(store) == expected
            assert seen(store) == expected  # the entry kept as it was: patched again
        dirty = store.conn.execute("SELECT count(*) FROM coding_dirty").fetchone()[0]
        assert dirty == 3  # the new highlight, h1, h2
        monkeypatch.setattr(analysis_coding, "SAVE_AFTER", 0)
        assert seen(store) == expected  # kept again: the changes it has seen forgotten
        assert store.conn.execute("SELECT count(*) FROM coding_dirty").fetchone()[0] == 0


def test_many_changes_read_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _, ids = build(tmp_path)
    with AnnotationStore(db, coder="alice") as store:
        seen(store)
        monkeypatch.setattr(coding_cache, "PATCH_MOST", 1)
        store.delete_highlight(ids["h1"])
        store.delete_highlight(ids["h2"])
        calls: list[object] = []
        real = analysis_coding._read_coded
        monkeypatch.setattr(analysis_coding, "_read_coded", lambda *a: calls.append(a) or real(*a))
        assert seen(store) == fresh(store)
        assert calls


def test_an_entry_read_before_a_write_elsewhere_is_not_kept(tmp_path: Path) -> None:
    """Before any entry exists the triggers count nothing: the save sees the write by the
    database's own stamp."""
    db, _, ids = build(tmp_path)
    with AnnotationStore(db) as store:
        with store.snapshot() as conn:
            now, seen_then = coding_cache.changes(conn), coding_cache.stamp(conn)
            coded = analysis_coding._read_coded(conn, None)
        other = sqlite3.connect(db)
        other.execute("UPDATE highlights SET deleted = 'x' WHERE id = ?", [ids["h1"]])
        other.commit()
        other.close()
        assert coding_cache.changes(store.conn) == now  # no entry: nothing counted
        coding_cache.save(store, "*", now, coded, seen_then)
        assert entries(store) == []
        assert ids["h1"] not in seen(store)["columns"][0]
        assert entries(store) == ["*"]


def test_without_its_triggers_the_cache_is_never_used(tmp_path: Path) -> None:
    db, _, ids = build(tmp_path)
    with AnnotationStore(db) as store:
        seen(store)
        with store.action() as conn:
            conn.execute("DROP TRIGGER coding_changes_highlights_update")
            assert coding_cache.changes(conn) is None
            conn.execute("UPDATE highlights SET deleted = 'x' WHERE id = ?", [ids["h1"]])
        assert seen(store) == fresh(store)
        assert ids["h1"] not in seen(store)["columns"][0]


def test_a_busy_database_still_gives_the_coding(tmp_path: Path) -> None:
    db, _, _ = build(tmp_path)
    with AnnotationStore(db) as store:
        expected = fresh(store)
        other = sqlite3.connect(db, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            store.conn.execute("PRAGMA busy_timeout = 100")
            assert seen(store) == expected
        finally:
            other.rollback()
            other.close()
        assert entries(store) == []  # nothing written; the next analysis tries again
        assert seen(store) == expected
        assert entries(store) == ["*"]


def test_a_tag_linked_to_a_noted_highlight_notes_it_at_the_new_count(tmp_path: Path) -> None:
    """Tags are linked by INSERT OR IGNORE, whose policy the trigger's own statements take:
    an INSERT OR REPLACE there left the highlight noted at its older count."""
    db, _, _ = build(tmp_path)
    with AnnotationStore(db, coder="alice") as store:
        seen(store)  # an entry: the triggers count from now on
        added = store.add_highlight("a.txt", 0, 5, tags=[PC])

        def noted() -> int:
            row = store.conn.execute(
                "SELECT changes FROM coding_dirty WHERE highlight_id = ?", [added.id]
            ).fetchone()
            return int(row[0])

        before = noted()
        seen(store)  # made at that count
        store.tag_highlight(added.id, [PF])
        assert noted() == coding_cache.changes(store.conn) and noted() > before
        assert seen(store) == fresh(store)


# -- random writes -------------------------------------------------------------------------

WRITE = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.integers(0, 200),
              st.integers(1, 40), st.sets(st.sampled_from([PC, PF, TN, TP]), min_size=1),
              st.sampled_from(["alice", "bob"])),
    st.tuples(st.just("tag"), st.integers(0, 50), st.sampled_from([PC, PF, TN, TP, "new/one"])),
    st.tuples(st.just("untag"), st.integers(0, 50), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("orphan"), st.integers(0, 50)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("rename"), st.sampled_from(["policy", TN])),
    st.tuples(st.just("merge"), st.sampled_from([PF, TN])),
    st.tuples(st.just("drop tag"), st.sampled_from([PC, TP])),
    st.tuples(st.just("analyse"), st.sampled_from(range(len(SELECTIONS)))),
)  # fmt: skip


def _has_tag(store: AnnotationStore, path: str) -> bool:
    return any(t.path == path for t in store.tags())


def _apply(stores: dict[str, AnnotationStore], write: tuple[Any, ...]) -> None:
    store = stores["alice"]
    live = [h for h in store.highlights()]
    kind = write[0]
    if kind == "add":
        _, path, start, length, tags, coder = write
        size = len(store.article(path).text)
        start = min(start, size - 2)
        stores[coder].add_highlight(path, start, min(size, start + length), tags=sorted(tags))
    elif kind in ("tag", "untag", "delete", "orphan") and live:
        h = live[write[1] % len(live)]
        if kind == "tag":
            store.tag_highlight(h.id, [write[2]])
        elif kind == "untag" and h.tags:
            store.untag_highlight(h.id, sorted(h.tags)[write[2] % len(h.tags)])
        elif kind == "delete":
            store.delete_highlight(h.id)
        elif kind == "orphan":
            with store.action() as conn:
                conn.execute("UPDATE highlights SET status = 'orphaned' WHERE id = ?", [h.id])
    elif kind == "undo":
        store.undo()
    elif kind == "redo":
        store.redo()
    elif (
        kind == "rename"
        and _has_tag(store, write[1])
        and not _has_tag(store, write[1] + "-renamed")
    ):
        store.rename_tag(write[1], write[1] + "-renamed")  # not twice: the target would exist
    elif kind == "merge" and _has_tag(store, write[1]):
        store.merge_tags(write[1], PC)
    elif kind == "drop tag" and _has_tag(store, write[1]):
        store.delete_tag(write[1], force=True)
    elif kind == "analyse":
        seen(store, SELECTIONS[write[1]])  # fills or rewrites an entry mid-way


@pytest.mark.parametrize("save_after", [0, 500])  # kept again at once, or patched each time
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes=st.lists(WRITE, min_size=1, max_size=8))
@example(writes=[("rename", "policy"), ("add", "a.txt", 0, 1, {PC}, "alice"), ("rename", "policy")])
@example(writes=[("add", "a.txt", 36, 1, {PC}, "alice"), ("analyse", 0), ("tag", 1, PF)])  # m015
def test_a_load_over_the_cache_equals_one_from_the_tables_after_random_writes(
    save_after: int, writes: list[tuple[Any, ...]]
) -> None:
    with (
        tempfile.TemporaryDirectory() as root,
        patch.object(analysis_coding, "SAVE_AFTER", save_after),
    ):
        db, _, _ = build(Path(root))
        with AnnotationStore(db, coder="alice") as alice, AnnotationStore(db, coder="bob") as bob:
            stores = {"alice": alice, "bob": bob}
            for coder in SELECTIONS:
                seen(alice, coder)
            for write in writes:
                _apply(stores, write)
            for coder in SELECTIONS:
                expected = fresh(alice, coder)
                assert seen(alice, coder) == expected
                assert seen(bob, coder) == expected  # when warm, from either connection


# -- the migration -------------------------------------------------------------------------


def test_m013_upgrades_a_schema_12_database_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_db, _, _ = build(tmp_path)
    with AnnotationStore(fresh_db) as store:
        expected = fresh(store)
    v12 = tmp_path / "v12.db"
    with schema_at(monkeypatch, 12):
        AnnotationStore(v12).close()
    conn = sqlite3.connect(v12)
    assert "coding_cache" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    copy_rows(conn, fresh_db, CODED_TABLES)
    conn.close()
    with AnnotationStore(v12) as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == migrations.SCHEMA_VERSION
        assert coding_cache.changes(store.conn) == 0
        assert seen(store) == expected
        assert entries(store) == ["*"]
        with store.action() as conn:  # the triggers count writes from now on
            conn.execute("UPDATE highlights SET deleted = 'x'")
        assert (coding_cache.changes(store.conn) or 0) > 0
        assert seen(store) == fresh(store)


def test_m015_makes_the_triggers_again_and_drops_the_entries_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    v14 = tmp_path / "v14.db"
    with schema_at(monkeypatch, 14):
        AnnotationStore(v14).close()
    conn = sqlite3.connect(v14)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?"
    for name, sql in conn.execute(triggers, ["coding_changes_%"]).fetchall():  # m013's, once
        conn.execute(f"DROP TRIGGER {name}")
        old = re.sub(
            r"DELETE FROM coding_dirty WHERE highlight_id = \w+\.\w+;\s*INSERT INTO",
            "INSERT OR REPLACE INTO",
            sql,
        )
        assert old != sql
        conn.execute(old)
    conn.execute("INSERT INTO coding_cache VALUES ('*', 0, x'', '[]', x'', 0)")
    conn.commit()
    conn.close()
    with AnnotationStore(v14) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 15
        assert entries(store) == []
        made = [sql for _, sql in store.conn.execute(triggers, ["coding_changes_%"])]
        assert len(made) == coding_cache.TRIGGERS
        assert not any("OR REPLACE" in sql for sql in made)
