"""Each tag application records its coder (migration m005, the store, undo/redo; issue 11)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from gpreader.store import AnnotationStore, database, migrations

ARTICLE = "000_457775139af1eb7c.txt"


@pytest.fixture
def root(loaded_store: AnnotationStore) -> Iterator[AnnotationStore]:
    with AnnotationStore(loaded_store.path, coder="root") as store:
        yield store


@pytest.fixture
def alice(loaded_store: AnnotationStore) -> Iterator[AnnotationStore]:
    with AnnotationStore(loaded_store.path, coder="alice") as store:
        yield store


def applied(store: AnnotationStore, hid: str) -> dict[str, str]:
    h = store.highlight(hid)
    return {tag: h.tag_coder(tag) for tag in h.tags}


def link_stamps(store: AnnotationStore, hid: str) -> dict[str, tuple[str, str]]:
    rows = store.db.execute(
        """SELECT t.path, x.coder, x.created FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
           WHERE x.highlight_id = ?""",
        [hid],
    ).fetchall()
    return {path: (coder, created) for path, coder, created in rows}


def test_tags_record_who_applied_them(root: AnnotationStore, alice: AnnotationStore) -> None:
    h = root.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    alice.tag_highlight(h.id, ["funding", "zeta"])
    got = root.highlight(h.id)
    assert got.coder == "root"
    assert got.tags == ("funding", "policy", "zeta")
    assert got.tag_coders == ("alice", "root", "alice")
    assert all(created for _, created in link_stamps(root, h.id).values())


def test_undo_and_redo_of_an_untag_keep_the_original_coder(
    root: AnnotationStore, alice: AnnotationStore
) -> None:
    h = root.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    before = link_stamps(root, h.id)["policy"]
    alice.untag_highlight(h.id, "policy")
    assert root.highlight(h.id).tags == ()
    alice.undo()
    assert applied(root, h.id) == {"policy": "root"}
    assert link_stamps(root, h.id)["policy"] == before  # coder and time as they were
    alice.redo()
    assert root.highlight(h.id).tags == ()
    alice.undo()
    assert link_stamps(root, h.id)["policy"] == before


def test_redo_of_a_tagging_records_the_coder_who_made_it(
    root: AnnotationStore, alice: AnnotationStore
) -> None:
    h = root.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    alice.tag_highlight(h.id, ["funding"])
    alice.undo()
    assert applied(root, h.id) == {"policy": "root"}
    alice.redo()
    assert applied(root, h.id) == {"funding": "alice", "policy": "root"}


def test_undo_of_a_highlight_deletion_keeps_tag_coders(
    root: AnnotationStore, alice: AnnotationStore
) -> None:
    h = root.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    alice.tag_highlight(h.id, ["funding"])
    alice.delete_highlight(h.id)
    alice.undo()
    assert applied(root, h.id) == {"funding": "alice", "policy": "root"}


def test_merge_and_delete_of_tags_keep_coders_through_undo(
    root: AnnotationStore, alice: AnnotationStore
) -> None:
    h = root.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    alice.tag_highlight(h.id, ["funding"])
    root.merge_tags("funding", "money")
    assert applied(root, h.id) == {"money": "alice", "policy": "root"}
    root.undo()
    assert applied(root, h.id) == {"funding": "alice", "policy": "root"}
    root.delete_tag("funding", force=True)
    assert applied(root, h.id) == {"policy": "root"}
    root.undo()
    assert applied(root, h.id) == {"funding": "alice", "policy": "root"}


def test_subtree_export_keeps_coders_aligned(root: AnnotationStore, alice: AnnotationStore) -> None:
    h = root.add_highlight(ARTICLE, 0, 10, tags=["a/x", "b"])
    alice.tag_highlight(h.id, ["a/y"])
    from gpreader.store.highlights import HighlightFilter

    (record,) = root.highlight_records(HighlightFilter(tag="a"), subtree_tags_only=True)
    assert record.tags == ("a/x", "a/y")
    assert record.tag_coders == ("root", "alice")


# -- migration from a version-4 database ---------------------------------------------------


def _v4_migrations() -> Migrations:
    old = Migrations("gpreader")
    for applied_one in migrations.migrations._migrations:
        if applied_one.name[:4] <= "m004":
            old(name=applied_one.name)(applied_one.fn)
        else:
            assert applied_one.name[:4] >= "m005", "update this test's cut-off"
    return old


def test_migration_gives_existing_tag_applications_their_highlights_coder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v4.db"
    with monkeypatch.context() as patch:  # the code path of version 4: m001-m004 only
        patch.setattr(migrations, "migrations", _v4_migrations())
        patch.setattr(database, "SCHEMA_VERSION", 4)
        AnnotationStore(path, coder="root").close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    columns = [r[1] for r in conn.execute("PRAGMA table_info(highlight_tags)")]
    assert columns == ["highlight_id", "tag_id"]  # as version 4 made it
    # Rows as the version-4 store wrote them (its SQL, without coders on links).
    conn.execute(
        """INSERT INTO articles (id, path, sha256, text, title, missing)
           VALUES (1, 'a.txt', 'abc', 'Some words here.', 'A', 0)"""
    )
    for hid, coder, stamp in (("h1", "root", "2024-01-01T00:00:00+00:00"), ("h2", "bob", "2")):
        conn.execute(
            """INSERT INTO highlights (id, article_id, start, "end", exact, coder, created,
               updated, status) VALUES (?, 1, 0, 4, 'Some', ?, ?, ?, 'anchored')""",
            [hid, coder, stamp, stamp],
        )
    conn.execute("INSERT INTO tags (id, path, color) VALUES (1, 'policy', '#112233')")
    conn.execute("INSERT INTO tags (id, path, color) VALUES (2, 'money', '#445566')")
    conn.executemany("INSERT INTO highlight_tags VALUES (?, ?)", [("h1", 1), ("h1", 2), ("h2", 1)])
    change = {"op": "tag", "id": "h1", "add": [], "remove": ["zeta"], "created": []}
    conn.execute(
        """INSERT INTO journal (at, coder, action, highlight_id, change, summary, undone)
           VALUES ('x', 'root', 'tag', 'h1', ?, 'old', 0)""",
        [json.dumps(change)],
    )
    conn.commit()
    conn.close()

    with AnnotationStore(path, coder="root") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert store.highlight("h1").tag_coders == ("root", "root")
        assert store.highlight("h2").tag_coders == ("bob",)
        assert link_stamps(store, "h1")["policy"] == ("root", "2024-01-01T00:00:00+00:00")
        # A journal entry written before coders on links still undoes: the tag comes back
        # applied by the highlight's coder.
        store.undo()
        assert store.highlight("h1").tag_coder("zeta") == "root"
    backups = list(tmp_path.glob("v4.db.v4-*.bak"))
    assert backups, "the upgrade keeps a copy of the version-4 database"
    assert Database(backups[0])["highlight_tags"].columns_dict == {
        "highlight_id": str,
        "tag_id": int,
    }


# -- exports carry who applied each tag ------------------------------------------------------


def test_exports_name_who_applied_each_tag(root: AnnotationStore, alice: AnnotationStore) -> None:
    import csv
    import io
    import zipfile
    from xml.etree import ElementTree as ET

    from gpreader.export import ExportOptions, export
    from gpreader.export.common import stable_uuid
    from gpreader.export.refi import PROJECT_NS

    h = root.add_highlight(ARTICLE, 0, 10, tags=["policy"])
    alice.tag_highlight(h.id, ["funding"])

    def out(fmt: str, **options: object) -> bytes:
        buffer = io.BytesIO()
        export(root, ExportOptions(format=fmt, **options), buffer)  # type: ignore[arg-type]
        return buffer.getvalue()

    (line,) = out("jsonl").decode("utf-8").splitlines()
    item = json.loads(line)
    assert (item["tags"], item["tag_coders"], item["coder"]) == (
        ["funding", "policy"],
        ["alice", "root"],
        "root",
    )

    rows = list(csv.reader(io.StringIO(out("csv").decode("utf-8"), newline="")))
    at = rows[0].index("tag_coder")
    assert rows[0][at - 1] == "anchor_status"  # then the article attributes, if any
    assert [r[4] + "/" + r[at] for r in rows[1:]] == [
        "funding/alice",
        "policy/root",
    ]

    project = zipfile.ZipFile(io.BytesIO(out("qdpx"))).read("project.qde")
    tree = ET.fromstring(project)
    users = {u.get("name"): u.get("guid") for u in tree.iter(f"{{{PROJECT_NS}}}User")}
    assert users == {"alice": stable_uuid("user", "alice"), "root": stable_uuid("user", "root")}
    (selection,) = tree.iter(f"{{{PROJECT_NS}}}PlainTextSelection")
    assert selection.get("creatingUser") == users["root"]
    codings = [c.get("creatingUser") for c in selection.iter(f"{{{PROJECT_NS}}}Coding")]
    assert codings == [users["alice"], users["root"]]  # funding (alice), policy (root)
