"""Article text stored packed (m011): readers see the same text; a schema-10 file upgrades."""

from __future__ import annotations

import random
import sqlite3
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.errors import GPReaderError
from gpreader.search import SearchIndex
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore, database, migrations, text_storage

QUERIES = ("the", "market shares", "goverment", "econ", '"the company"', "-the year")
# Copied as they are from a fresh database into a schema-10 one (articles: their columns).
COPIED = (
    "article_spans", "article_sources", "article_attributes", "highlights", "state",
    "search_units", "search_articles", "search_vocab", "search_meta",
    "search_fts_data", "search_fts_idx", "search_fts_docsize", "search_fts_config",
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_a_packed_text_unpacks_to_itself(text: str) -> None:
    assert text_storage.unpack(text_storage.pack(text)) == text


def test_text_is_stored_packed_and_read_as_text(tmp_path: Path, corpus_dir: Path) -> None:
    with AnnotationStore(tmp_path / "a.db") as store:
        library.refresh(store, corpus_dir)
        path = store.articles()[0].path
        text = (corpus_dir / path).read_text(encoding="utf-8")
        article = store.article(path)
        packed, via_sql, part = store.conn.execute(
            "SELECT packed, text, substr(text, 3, 10) FROM articles WHERE path = ?", [path]
        ).fetchone()
        assert article.text == via_sql == text_storage.unpack(packed)
        assert part == article.text[2:12] and len(packed) < len(article.text.encode())
        assert article.text.split() == text.split()  # canonical text of the file
    plain = sqlite3.connect(tmp_path / "a.db")  # the sqlite3 shell: all but the text
    assert plain.execute("SELECT count(path) FROM articles").fetchone()[0] > 0
    assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert plain.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    with pytest.raises(sqlite3.OperationalError):
        plain.execute("SELECT text FROM articles").fetchall()
    plain.close()


def _version_10_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty database as gpreader made it before m011 (migrations m001-m010)."""
    from sqlite_utils.migrations import Migrations

    old = Migrations("gpreader")
    for applied in migrations.migrations._migrations:
        if applied.name[:4] <= "m010":
            old(name=applied.name)(applied.fn)
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "migrations", old)
        patch.setattr(database, "SCHEMA_VERSION", 10)
        AnnotationStore(path).close()


def test_m011_upgrades_a_version_10_database_in_place(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "fresh.db"
    with AnnotationStore(fresh) as store:
        library.refresh(store, corpus_dir)
        paths = [a.path for a in store.articles()]
        hid = store.add_highlight(paths[0], 0, 20, note="a note kept", tags=["kept/tag"]).id
        expected = {q: SearchIndex(store).search(q) for q in QUERIES}
        assert any(expected.values())
        highlight = store.highlight(hid)
        articles = {p: store.article(p) for p in paths}
    old = tmp_path / "v10.db"
    _version_10_database(old, monkeypatch)
    conn = sqlite3.connect(old)  # everything as gpreader 10 held it: text unpacked, the index
    text_storage.register(conn)
    conn.execute("ATTACH DATABASE ? AS fresh", [str(fresh)])
    columns = migrations._ARTICLE_COLUMNS_V8
    conn.execute(f"INSERT INTO articles ({columns}) SELECT {columns} FROM fresh.articles")
    for table in (*COPIED, "tags", "highlight_tags"):
        conn.execute(f"INSERT OR REPLACE INTO {table} SELECT * FROM fresh.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE fresh")
    conn.close()
    with sqlite3.connect(old) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == 10
        assert check.execute("SELECT count(*) FROM articles WHERE text <> ''").fetchone()[0]
    with AnnotationStore(old) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert "packed" in [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
        assert {p: store.article(p) for p in paths} == articles
        kept = store.highlight(hid)
        assert (kept.note, kept.tags, kept.start, kept.end) == (
            "a note kept",
            highlight.tags,
            highlight.start,
            highlight.end,
        )
        assert not search_index.outdated(conn)  # the index holds as it was: nothing rebuilt
        assert {q: SearchIndex(store).search(q) for q in QUERIES} == expected
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        report = library.refresh(store, corpus_dir)
        assert not report.loaded and not report.updated
        assert {q: SearchIndex(store).search(q) for q in QUERIES} == expected


def test_kept_texts_are_the_texts_asked_for() -> None:
    """Small and big texts come back right when asked again, in any order (kept ones too)."""
    rng = random.Random(3)
    texts = [
        "".join(rng.choice("abcdefgh éß\n") for _ in range(size))
        for size in (10, 5000, 60_000, 200_000, 200_001, 90_000)
    ]
    packed = [text_storage.pack(t) for t in texts]
    assert len(packed[3]) > text_storage.CACHED_BYTES
    for i in [rng.randrange(len(texts)) for _ in range(40)]:
        assert text_storage.unpack(bytes(bytearray(packed[i]))) == texts[i]  # a new object


@pytest.mark.parametrize("kind", ["bomb", "damaged"])
def test_a_hostile_packed_text_is_refused_not_unpacked(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A value that would inflate past MAX_UNPACKED (or is not zlib) is a clear error."""
    monkeypatch.setattr(text_storage, "MAX_UNPACKED", 4096)
    with AnnotationStore(tmp_path / "a.db") as store:
        library.refresh(store, corpus_dir)
        path = store.articles()[0].path
    value = zlib.compress(b"a" * 5000) if kind == "bomb" else b"\x78\x9c not zlib"
    plain = sqlite3.connect(tmp_path / "a.db")  # a writer that never unpacks
    plain.create_function(text_storage.SQL_FUNCTION, 1, lambda _: None, deterministic=True)
    plain.execute("UPDATE articles SET packed = ? WHERE path = ?", [value, path])
    plain.commit()
    plain.close()
    with pytest.raises(ValueError, match="damaged or too large"):
        text_storage.unpack(value)
    with AnnotationStore(tmp_path / "a.db") as store, pytest.raises(GPReaderError):
        store.article(path)
