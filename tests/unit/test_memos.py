"""Memos (migration m007): one on the project, per article, per tag; kept across renames."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store import AnnotationStore, migrations

ARTICLE = "000_457775139af1eb7c.txt"


def test_m007_is_the_memos_migration(db_path: Path) -> None:
    names = [m.name for m in migrations.migrations._migrations]
    assert "m007_memos" in names
    with AnnotationStore(db_path) as store:
        columns = {c.name for c in store.db.table("memos").columns}
    assert columns == {"kind", "ref", "text", "updated", "coder"}


def test_project_memo_round_trip(store: AnnotationStore) -> None:
    assert store.memo("project") is None
    memo = store.set_memo("project", "", "Research question:\r\nhow is the GP contract framed?")
    assert memo is not None and memo.kind == "project" and memo.target == ""
    assert memo.text == "Research question:\nhow is the GP contract framed?"
    assert memo.coder == "tester" and memo.updated
    assert store.set_memo("project", "", "   \n") is None  # blank removes it
    assert store.memo("project") is None and store.memos() == []


def test_article_and_tag_memos_follow_renames(loaded_store: AnnotationStore) -> None:
    store = loaded_store
    store.ensure_tag("policy/contract")
    store.set_memo("article", ARTICLE, "Streeting interview")
    store.set_memo("tag", " policy / contract ", "Contract talk, not funding.")
    store.set_memo("project", "", "P")
    store.rename_tag("policy/contract", "policy/gp-contract")
    tag_memo = store.memo("tag", "policy/gp-contract")
    assert tag_memo is not None and tag_memo.text == "Contract talk, not funding."
    listed = [(m.kind, m.target, m.text) for m in store.memos()]
    assert listed == [
        ("project", "", "P"),
        ("tag", "policy/gp-contract", "Contract talk, not funding."),
        ("article", ARTICLE, "Streeting interview"),
    ]
    store.set_memo("article", ARTICLE, "Second thoughts")  # one memo per article: replaced
    assert [m.text for m in store.memos() if m.kind == "article"] == ["Second thoughts"]


def test_memo_of_a_deleted_tag_is_no_longer_listed(loaded_store: AnnotationStore) -> None:
    loaded_store.ensure_tag("gone")
    loaded_store.set_memo("tag", "gone", "x")
    loaded_store.delete_tag("gone")
    assert loaded_store.memos() == []


def test_memo_of_unknown_things_is_refused(loaded_store: AnnotationStore) -> None:
    with pytest.raises(NotFoundError):
        loaded_store.set_memo("article", "nope.txt", "x")
    with pytest.raises(NotFoundError):
        loaded_store.memo("tag", "no/such")
    with pytest.raises(InvalidInputError):
        loaded_store.memo("highlight", "x")


def test_a_new_tag_reusing_a_deleted_tags_id_has_no_memo(loaded_store: AnnotationStore) -> None:
    store = loaded_store
    store.ensure_tag("gone")
    gone_id = store.conn.execute("SELECT id FROM tags WHERE path = 'gone'").fetchone()[0]
    store.set_memo("tag", "gone", "about gone")
    store.delete_tag("gone")
    store.ensure_tag("fresh")  # the highest id was freed: SQLite hands it out again
    fresh_id = store.conn.execute("SELECT id FROM tags WHERE path = 'fresh'").fetchone()[0]
    assert fresh_id == gone_id  # the case the bug needs
    assert store.memo("tag", "fresh") is None
    assert store.memos() == []


def test_undoing_a_tag_delete_or_merge_brings_its_memo_back(loaded_store: AnnotationStore) -> None:
    store = loaded_store
    store.ensure_tag("a/b")
    store.ensure_tag("c")
    store.set_memo("tag", "a/b", "memo of a/b")
    store.delete_tag("a")
    assert store.memos() == []
    store.undo()
    restored = store.memo("tag", "a/b")
    assert restored is not None and restored.text == "memo of a/b"
    store.merge_tags("a/b", "c")
    assert [m.target for m in store.memos()] == []
    store.undo()
    again = store.memo("tag", "a/b")
    assert again is not None and again.text == "memo of a/b"
    store.redo()
    assert store.memos() == []
