"""Undo and redo apply the inverse of each change, never a snapshot (issue: trust, items 1-2)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.corpus import sync
from gpreader.store import AnnotationStore

ARTICLE = "000_457775139af1eb7c.txt"


@pytest.fixture
def alice(loaded_store: AnnotationStore) -> AnnotationStore:
    return loaded_store


@pytest.fixture
def bob(loaded_store: AnnotationStore) -> Iterator[AnnotationStore]:
    with AnnotationStore(loaded_store.path, coder="bob") as other:
        yield other


def tags_of(store: AnnotationStore, hid: str) -> tuple[str, ...]:
    return store.highlight(hid).tags


def paths(store: AnnotationStore) -> list[str]:
    return [t.path for t in store.tags()]


def test_undo_after_a_merge_gives_the_tag_back_then_removes_it(alice: AnnotationStore) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["funding"])
    alice.merge_tags("funding", "policy/funding")
    assert tags_of(alice, h.id) == ("policy/funding",)
    assert "undid" in str(alice.undo())  # the merge
    assert tags_of(alice, h.id) == ("funding",)
    assert "policy/funding" not in paths(alice)  # the merge created it; nothing uses it now
    alice.undo()  # the highlight itself
    assert alice.highlights(ARTICLE) == []


def test_undo_of_a_tagging_follows_a_later_merge_by_someone_else(
    alice: AnnotationStore, bob: AnnotationStore
) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["keep"])
    alice.tag_highlight(h.id, ["funding"])
    bob.merge_tags("funding", "money")
    alice.undo()  # Alice's tagging: the tag she added is now called `money`
    assert tags_of(alice, h.id) == ("keep",)


def test_undo_of_a_tagging_follows_a_later_rename(
    alice: AnnotationStore, bob: AnnotationStore
) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    alice.tag_highlight(h.id, ["extra"])
    bob.rename_tag("policy", "Policy renamed")
    alice.undo()
    assert tags_of(alice, h.id) == ("Policy renamed",)
    assert "policy" not in paths(alice)


def test_one_coders_undo_keeps_another_coders_later_work(
    alice: AnnotationStore, bob: AnnotationStore
) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10)
    alice.tag_highlight(h.id, ["alice/tag"])
    bob.tag_highlight(h.id, ["bob/tag"])
    bob.set_note(h.id, "bob's note")
    alice.undo()
    after = alice.highlight(h.id)
    assert after.tags == ("bob/tag",)
    assert after.note == "bob's note"
    assert after.deleted is None


def test_undo_of_a_note_changed_since_leaves_it(
    alice: AnnotationStore, bob: AnnotationStore
) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10)
    alice.set_note(h.id, "first")
    bob.set_note(h.id, "second")
    outcome = alice.undo()
    assert "changed since" in str(outcome)
    assert alice.highlight(h.id).note == "second"


def test_redo_applies_again_and_a_new_change_discards_it(alice: AnnotationStore) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["a"])
    alice.tag_highlight(h.id, ["b"])
    alice.undo()
    assert tags_of(alice, h.id) == ("a",)
    assert "redid" in str(alice.redo())
    assert tags_of(alice, h.id) == ("a", "b")
    assert alice.redo() is None
    alice.undo()
    alice.set_note(h.id, "new work")  # discards the redo
    assert alice.redo() is None
    assert tags_of(alice, h.id) == ("a",)


def test_undo_says_what_it_did_and_where(alice: AnnotationStore) -> None:
    text = alice.article(ARTICLE).text
    start = text.index("Might as well")
    h = alice.add_highlight(ARTICLE, start, start + 32)
    alice.tag_highlight(h.id, ["policy/funding"])
    outcome = alice.undo()
    assert outcome is not None
    assert str(outcome).startswith("undid: tag policy/funding added on “Might as well")
    assert (outcome.article, outcome.start) == (ARTICLE, start)


def test_undo_of_a_tagging_removes_the_tag_it_created(alice: AnnotationStore) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["keep"])
    alice.tag_highlight(h.id, ["polcy/fundng"])  # a typo makes a new tag (and its parent)
    alice.undo()
    assert paths(alice) == ["keep"]
    alice.redo()
    assert paths(alice) == ["keep", "polcy", "polcy/fundng"]


def test_undo_of_a_new_highlight_removes_the_tags_it_created(alice: AnnotationStore) -> None:
    alice.ensure_tag("old")
    alice.add_highlight(ARTICLE, 0, 10, tags=["old", "brand/new"])
    alice.undo()
    assert paths(alice) == ["old"]


def test_tag_delete_rename_and_update_are_undoable(alice: AnnotationStore) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["a/b", "c"])  # automatic keys 1 and 2
    alice.update_tag("a/b", color="#123456", description="described", quick_key=3)
    alice.update_tag("c", quick_key=3)  # takes the key from a/b
    alice.undo()
    assert alice.tag("a/b").quick_key == 3 and alice.tag("c").quick_key == 2
    alice.undo()
    assert (alice.tag("a/b").color, alice.tag("a/b").description) != ("#123456", "described")
    color = alice.tag("a").color
    alice.delete_tag("a", force=True)
    assert tags_of(alice, h.id) == ("c",)
    alice.undo()
    assert tags_of(alice, h.id) == ("a/b", "c") and alice.tag("a").color == color
    alice.rename_tag("a", "z")
    alice.undo()
    assert tags_of(alice, h.id) == ("a/b", "c")


def test_undo_survives_a_restart(alice: AnnotationStore) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10, tags=["a"])
    alice.tag_highlight(h.id, ["b"])
    with AnnotationStore(alice.path, coder=alice.coder) as again:
        again.undo()
        assert tags_of(again, h.id) == ("a",)


def test_an_unreadable_journal_entry_is_skipped_not_a_crash(alice: AnnotationStore) -> None:
    h = alice.add_highlight(ARTICLE, 0, 10)
    with alice.action() as db:
        db.execute("UPDATE journal SET change = '{not json' WHERE highlight_id = ?", [h.id])
    assert "skipped" in str(alice.undo())
    assert alice.undo() is None


def test_journal_rows_from_schema_3_are_converted(tmp_path: Path, corpus_dir: Path) -> None:
    """A database from before: its snapshot entries still undo what they did."""
    db = tmp_path / "old.db"
    with AnnotationStore(db, coder="tester") as store:
        sync.refresh(store, corpus_dir)
        h = store.add_highlight(ARTICLE, 0, 10, tags=["a"])
        store.tag_highlight(h.id, ["b"])
    conn = sqlite3.connect(db)
    with conn:
        ids = dict(conn.execute("SELECT path, id FROM tags"))
        conn.execute("DELETE FROM journal")
        conn.executemany(
            "INSERT INTO journal (at, coder, action, highlight_id, before, undone) "
            "VALUES ('2024-01-01', 'tester', ?, ?, ?, 0)",
            [
                ("highlight", h.id, None),
                ("tag", h.id, json.dumps({"note": "", "deleted": None, "tag_ids": [ids["a"]]})),
            ],
        )
        conn.execute("ALTER TABLE journal DROP COLUMN change")
        conn.execute("ALTER TABLE journal DROP COLUMN summary")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_journal_changes'")
        conn.execute("PRAGMA user_version = 3")
    conn.close()
    with AnnotationStore(db, coder="tester") as store:
        store.undo()
        assert tags_of(store, h.id) == ("a",)
        store.undo()
        assert store.highlights(ARTICLE) == []
