"""Opening the database: another program's SQLite file is refused byte for byte, a lock held
by another program is named as such, a read-only database leaves nothing behind and a
read-only -shm left earlier does not keep it unwritable (issue 10, items 8 and 16)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from gpreader.errors import DatabaseBusyError, DatabaseError
from gpreader.store import AnnotationStore

from .support import gpreader, one_line

NOBODY = 65534


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def _other_program_db(path: Path, tables: dict[str, str], user_version: int = 0) -> Path:
    conn = sqlite3.connect(path)
    for name, columns in tables.items():
        conn.execute(f"CREATE TABLE {name} ({columns})")
        conn.execute(
            f"INSERT INTO {name} VALUES ({', '.join('?' * (columns.count(',') + 1))})",
            [1] * (columns.count(",") + 1),
        )
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("tables", "user_version"),
    [
        ({"notes": "id, body"}, 0),
        ({"tags": "id, label"}, 0),  # a table gpreader would create: a clash
        ({"tags": "id, label", "_sqlite_migrations": "id, migration_set, name, applied_at"}, 2),
    ],
)
def test_another_programs_database_is_refused_byte_for_byte(
    tmp_path: Path, tables: dict[str, str], user_version: int
) -> None:
    path = _other_program_db(tmp_path / "other.sqlite", tables, user_version)
    before = _digest(path)
    with pytest.raises(DatabaseError, match=r"another program's SQLite database .*not changed"):
        AnnotationStore(path)
    assert _digest(path) == before
    assert _siblings(path) == ["other.sqlite"]  # no -wal, -shm or journal made


def test_another_programs_database_through_the_cli(tmp_path: Path, corpus_dir: Path) -> None:
    path = _other_program_db(tmp_path / "other.sqlite", {"notes": "id, body"})
    before = _digest(path)
    proc = gpreader("--articles", str(corpus_dir), "--db", str(path), "import")
    assert proc.returncode == 3
    assert "another program's SQLite database (tables notes)" in one_line(proc.stderr)
    assert _digest(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_an_empty_sqlite_file_becomes_gpreaders(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    with AnnotationStore(path) as store:
        store.ensure_tag("works")
    with AnnotationStore(path) as store:  # and is gpreader's from then on
        assert [t.path for t in store.tags()] == ["works"]


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('holder', '1')")
conn.execute("COMMIT")
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_database_held_exclusively_is_reported_as_locked(
    tmp_path: Path, db_path: Path, corpus_dir: Path
) -> None:
    AnnotationStore(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline() == b"locked\n"
        with pytest.raises(DatabaseBusyError, match="locked by another program"):
            AnnotationStore(db_path, busy_timeout=0.2)
        proc = gpreader("--articles", str(corpus_dir), "--db", str(db_path), "tags", timeout=60)
        assert proc.returncode == 3
        line = one_line(proc.stderr)
        assert "locked by another program" in line and "not a usable" not in line
    finally:
        holder.stdin.close()
        holder.wait(10)


@contextmanager
def _as_another_user() -> Iterator[Path]:
    """A private folder, and file permissions checked as an ordinary user (root ignores them)."""
    folder = Path(tempfile.mkdtemp(prefix="gpreader-perm-"))
    if os.geteuid() != 0:
        yield folder
        return
    import gpreader.search.index  # noqa: F401  (imported lazily later; /root is out of reach)

    os.chown(folder, NOBODY, NOBODY)
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield folder
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_a_read_only_database_is_refused_and_left_alone() -> None:
    with _as_another_user() as folder:
        path = folder / "annotations.db"
        with AnnotationStore(path, coder="me") as store:
            store.ensure_tag("kept")
        path.chmod(0o444)
        with pytest.raises(DatabaseError, match=r"not writable for you \(mode 444\).*chmod 600"):
            AnnotationStore(path, coder="me")
        assert _siblings(path) == ["annotations.db"]
        path.chmod(0o600)
        with AnnotationStore(path, coder="me") as store:
            store.ensure_tag("added")
            assert [t.path for t in store.tags()] == ["added", "kept"]


def test_a_read_only_shm_left_by_an_earlier_read_does_not_block_writing() -> None:
    with _as_another_user() as folder:
        path = folder / "annotations.db"
        with AnnotationStore(path, coder="me") as store:
            store.ensure_tag("kept")
        path.chmod(0o444)
        reader = sqlite3.connect(path)  # what an older gpreader (or any reader) leaves
        assert reader.execute("SELECT count(*) FROM tags").fetchone()[0] == 1
        reader.close()
        shm = Path(f"{path}-shm")
        assert shm.exists() and (shm.stat().st_mode & 0o777) == 0o444
        path.chmod(0o600)
        with AnnotationStore(path, coder="me") as store:
            store.ensure_tag("added")
            assert [t.path for t in store.tags()] == ["added", "kept"]
