"""Spans packed one blob per article (store/spans.py) and migration m008 that packs old rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.models import Span
from gpreader.store import AnnotationStore, migrations
from gpreader.store import spans as packed
from tests.old_schema import schema_at

KINDS = ("title", "heading", "paragraph", "sentence", "comment", "comment_header", "furniture")
SECTIONS = ("title", "body", "comments", "furniture")
span = st.builds(
    Span,
    st.sampled_from(KINDS),
    st.integers(0, 2**31 - 1),
    st.integers(0, 2**31 - 1),
    st.sampled_from(SECTIONS),
    st.none() | st.text(max_size=30),
    st.none() | st.sampled_from(["2024-01-02", "2024-01-02T10:11:00"]),
)


@given(st.lists(span, max_size=60))
def test_spans_unpack_as_they_were_packed(spans: list[Span]) -> None:
    assert packed.unpack(packed.pack(spans)) == tuple(spans)


def test_a_blob_of_another_version_is_refused() -> None:
    import zlib

    with pytest.raises(ValueError, match="newer gpreader"):
        packed.unpack(zlib.compress(b"\x09rest"))


def test_the_schema_version_counts_the_migrations() -> None:
    from sqlite_utils import Database

    assert len(migrations.migrations.pending(Database(memory=True))) == migrations.SCHEMA_VERSION


def test_an_imported_article_keeps_its_spans_in_one_row(loaded_store: AnnotationStore) -> None:
    rows = loaded_store.conn.execute("SELECT count(*) FROM article_spans").fetchone()[0]
    articles = loaded_store.articles()
    assert rows == len(articles) == 5
    article = loaded_store.article(articles[0].path)
    assert article.spans and any(s.kind == "sentence" for s in article.spans)
    tables = {r[0] for r in loaded_store.conn.execute("SELECT name FROM sqlite_master")}
    assert "spans" not in tables


def _version_5_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database as gpreader made it before m008 (migrations m001-m005)."""
    with schema_at(monkeypatch, 5):
        AnnotationStore(path).close()


def test_m008_packs_old_span_rows_and_keeps_highlights(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v5.db"
    _version_5_database(path, monkeypatch)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    text = "A title\n\nBody one. Body two.\n"
    conn.execute(
        """INSERT INTO articles (id, path, sha256, size, mtime_ns, encoding, title, date,
             words, comments, text, missing, updated)
           VALUES (7, 'a.txt', 'abc', 30, 5, 'utf-8', 'A title', NULL, 4, 1, ?, 0, 'x')""",
        [text],
    )
    old_spans = [
        ("title", 0, 7, "title", None, None),
        ("paragraph", 9, 28, "body", None, None),
        ("sentence", 9, 18, "body", None, None),
        ("comment", 19, 28, "comments", "Dr A", "2024-01-02T10:00:00"),
    ]
    conn.executemany(
        """INSERT INTO spans (article_id, seq, kind, start, "end", section, author, date)
           VALUES (7, ?, ?, ?, ?, ?, ?, ?)""",
        [(seq, *s) for seq, s in enumerate(old_spans)],
    )
    conn.execute(
        """INSERT INTO highlights (id, article_id, start, "end", exact, status)
           VALUES ('h1', 7, 9, 18, 'Body one.', 'anchored')"""
    )
    conn.commit()
    conn.close()
    with AnnotationStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        article = store.article("a.txt")
        assert article.spans == tuple(Span(*s) for s in old_spans)  # type: ignore[arg-type]
        assert (article.text, article.title, article.words, article.size) == (
            text,
            "A title",
            4,
            30,
        )
        assert store.highlight("h1").exact == "Body one."
        assert store.comment_spans(["a.txt"]) == {"a.txt": [(19, 28, "Dr A")]}
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(articles)")]
        assert columns[-1] == "text"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        report = library.refresh(store, corpus_dir)  # the upgraded database takes an import
        assert len(report.loaded) == 5
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
