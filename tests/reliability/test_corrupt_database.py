"""A damaged or foreign file at --db: refused with its name and the problem, never changed.

Migration failure halfway (schema and data kept, backup present) is proven in
tests/unit/test_database.py::test_failed_migration_leaves_schema_and_data_as_they_were.
"""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.errors import DatabaseError
from gpreader.store import AnnotationStore, database, migrations

from .support import ARTICLE, gpreader, one_line

PAGE = 4096


def _real_database(store: AnnotationStore) -> Path:
    """The loaded sample database with a few coded highlights, closed (WAL folded in)."""
    for i in range(5):
        store.add_highlight(ARTICLE, 10 * i, 10 * i + 8, tags=["a/b"], note=f"note {i}")
    store.close()
    assert not Path(f"{store.path}-wal").exists()
    return store.path


def _root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        row = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table])
        return row.fetchone()[0]
    finally:
        conn.close()


def _overwrite(path: Path, page: int, start: int = 0, size: int = PAGE) -> None:
    """Overwrite `size` bytes from `start` within 1-based `page` with a repeating junk pattern."""
    data = bytearray(path.read_bytes())
    offset = (page - 1) * PAGE + start
    data[offset : offset + size] = (b"\xde\xad\xbe\xef" * size)[:size]
    path.write_bytes(bytes(data))


def _side_files(path: Path) -> list[str]:
    return [p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def _damage(kind: str, path: Path) -> None:
    pages = path.stat().st_size // PAGE
    if kind == "middle page":
        _overwrite(path, pages // 2)
    elif kind == "highlights table":
        _overwrite(path, _root_page(path, "highlights"), 0, 64)
    elif kind == "articles table":
        _overwrite(path, _root_page(path, "articles"), 8, 200)
    elif kind == "zeroed pages":
        _overwrite(path, 2, 0, 3 * PAGE)
        data = bytearray(path.read_bytes())
        data[PAGE : 4 * PAGE] = bytes(3 * PAGE)
        path.write_bytes(bytes(data))
    elif kind == "text file":
        path.write_bytes(b"my notes, not a database\n" * 300)
    elif kind == "bad header":
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    else:  # pragma: no cover
        raise AssertionError(kind)


KINDS = ["middle page", "highlights table", "articles table", "zeroed pages"]


@pytest.mark.parametrize("kind", [*KINDS, "text file", "bad header"])
def test_cli_refuses_a_damaged_or_foreign_file_untouched(
    kind: str, loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    path = _real_database(loaded_store)
    _damage(kind, path)
    before = path.read_bytes()
    for command in (["stats"], ["highlights"], ["annotate", ARTICLE, "--quote", "GP"]):
        proc = gpreader("--articles", str(corpus_dir), "--db", str(path), *command)
        assert proc.returncode == 3, (command, proc.stdout, proc.stderr)
        line = one_line(proc.stderr)
        assert str(path) in line
        assert "damaged" in line or "not a usable gpreader database" in line
        assert path.read_bytes() == before, command
        assert _side_files(path) == [], command


@pytest.mark.parametrize("kind", KINDS)
def test_the_core_refuses_before_any_write(kind: str, loaded_store: AnnotationStore) -> None:
    path = _real_database(loaded_store)
    _damage(kind, path)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=r"damaged.*the file was not changed"):
        AnnotationStore(path)
    assert path.read_bytes() == before and _side_files(path) == []


@pytest.mark.parametrize("table", ["article_spans", "articles"])
def test_damage_beyond_the_checked_tables_fails_cleanly_at_first_use(
    table: str, loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large files only have the tables holding the user's work checked on open; damage in
    the rest (articles, spans: rebuilt from the corpus) surfaces when first read."""
    path = _real_database(loaded_store)
    _overwrite(path, _root_page(path, table), 8, 200)
    before = path.read_bytes()
    monkeypatch.setattr(database, "FULL_CHECK_BYTES", 0)
    args = ["--articles", str(corpus_dir), "--db", str(path), "annotate", ARTICLE, "--quote", "GP"]
    result = CliRunner().invoke(cli, args)
    gc.collect()
    assert result.exit_code == 3, result.output
    line = one_line(result.stderr.encode())
    assert str(path) in line and "damaged" in line
    assert path.read_bytes() == before
    assert _side_files(path) == []


def test_a_damaged_article_text_is_reported_as_damage(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """Texts are stored packed (store/texts.py) and unpacked by SQL functions, whose failure
    SQLite reports only as "user-defined function raised exception"."""
    path = _real_database(loaded_store)
    conn = sqlite3.connect(path)
    (packed,) = conn.execute("SELECT text FROM articles WHERE path = ?", [ARTICLE]).fetchone()
    damaged = packed[:-40] + bytes(40)  # the last chunk's deflate stream broken
    conn.execute("UPDATE articles SET text = ? WHERE path = ?", [damaged, ARTICLE])
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = gpreader("--articles", str(corpus_dir), "--db", str(path), "show", ARTICLE)
    assert result.returncode == 3, result
    line = one_line(result.stderr)
    assert str(path) in line and "damaged" in line and "stored text" in line, line
    assert path.read_bytes() == before


def test_reading_a_database_creates_nothing_beside_it(
    loaded_store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only inspection of a newer database leaves no -wal or -shm behind."""
    path = _real_database(loaded_store)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer gpreader"):
        AnnotationStore(path)
    assert path.read_bytes() == before and _side_files(path) == []


def test_database_in_a_folder_with_uri_characters(tmp_path: Path) -> None:
    """`#`, `?` and `%` are legal in paths: the read-only inspection must open that very file
    (it used to open a truncated path, creating a stray empty file and checking nothing)."""
    folder = tmp_path / "a#b?c%20d"
    folder.mkdir()
    path = folder / "x#y.db"
    AnnotationStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DatabaseError, match="newer gpreader"):
        AnnotationStore(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b?c%20d"]
    assert sorted(p.name for p in folder.iterdir()) == ["x#y.db"]
