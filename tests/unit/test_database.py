"""Opening the database: privacy, WAL, refusing what it must not touch, migrations with backups."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from gpreader.errors import DatabaseError
from gpreader.store import AnnotationStore, database, migrations


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_private_in_wal_mode(db_path: Path) -> None:
    with AnnotationStore(db_path) as store:
        store.ensure_tag("x")
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        for suffix in ("", "-wal", "-shm"):
            assert _mode(Path(f"{db_path}{suffix}")) == 0o600, suffix
        version = store.db.execute("PRAGMA user_version").fetchone()[0]
        assert version == migrations.SCHEMA_VERSION


def test_readable_by_others_warns(db_path: Path) -> None:
    AnnotationStore(db_path).close()
    db_path.chmod(0o644)
    with AnnotationStore(db_path) as store:
        assert any("readable by other users" in w for w in store.warnings)


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    AnnotationStore(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="newer gpreader"):
        AnnotationStore(db_path)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "content", [b"just some notes\n" * 100, b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_non_database_file_is_refused_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(DatabaseError, match=str(db_path)):
        AnnotationStore(db_path)
    assert db_path.read_bytes() == content
    assert not Path(f"{db_path}-wal").exists()


def test_a_folder_at_the_db_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="not a regular file"):
        AnnotationStore(tmp_path)


def _with_second_migration(monkeypatch: pytest.MonkeyPatch, fail: bool) -> None:
    extended = Migrations("gpreader")
    for applied in migrations.migrations._migrations:  # every real one, then a new one
        extended(name=applied.name)(applied.fn)

    @extended()
    def m999_notes_lang(db: Database) -> None:
        db["highlights"].add_column("lang", str)
        db.execute("UPDATE highlights SET note = 'rewritten'")
        if fail:
            raise RuntimeError("migration broke halfway")

    monkeypatch.setattr(migrations, "migrations", extended)
    monkeypatch.setattr(database, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)


def test_pending_migration_takes_a_backup_first(loaded_store: AnnotationStore, monkeypatch) -> None:
    h = loaded_store.add_highlight("000_457775139af1eb7c.txt", 0, 10, note="keep me")
    path = loaded_store.path
    loaded_store.close()
    _with_second_migration(monkeypatch, fail=False)
    with AnnotationStore(path) as store:
        assert "lang" in store.db["highlights"].columns_dict
        version = store.db.execute("PRAGMA user_version").fetchone()[0]
        assert version == migrations.SCHEMA_VERSION + 1
    backups = list(path.parent.glob(f"{path.name}.v{migrations.SCHEMA_VERSION}-*.bak"))
    assert len(backups) == 1 and _mode(backups[0]) == 0o600
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT note FROM highlights WHERE id = ?", [h.id]).fetchone() == (
        "keep me",
    )
    old.close()


def test_failed_migration_leaves_schema_and_data_as_they_were(loaded_store, monkeypatch) -> None:
    h = loaded_store.add_highlight("000_457775139af1eb7c.txt", 0, 10, note="keep me")
    path = loaded_store.path
    loaded_store.close()
    _with_second_migration(monkeypatch, fail=True)
    with pytest.raises(DatabaseError, match=r"halfway.*left as it was"):
        AnnotationStore(path)
    assert list(path.parent.glob(f"{path.name}.v{migrations.SCHEMA_VERSION}-*.bak"))
    monkeypatch.undo()
    with AnnotationStore(path) as store:
        assert "lang" not in store.db["highlights"].columns_dict
        assert store.highlight(h.id).note == "keep me"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_backup_is_a_consistent_copy(loaded_store: AnnotationStore, tmp_path: Path) -> None:
    loaded_store.add_highlight("000_457775139af1eb7c.txt", 0, 10, tags=["x"])
    out = tmp_path / "copy.db"
    loaded_store.backup(out)
    with AnnotationStore(out) as copy:
        assert copy.stats()["highlights"] == 1
