"""Articles' texts packed in compressed chunks (store/texts.py) and migration m014."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.corpus.files import sha256_text
from gpreader.search import SearchIndex
from gpreader.store import AnnotationStore, migrations, texts
from tests.old_schema import schema_at

SMALL_CHUNK = 7  # chunks of a few characters: every test crosses their boundaries
some_text = st.text(alphabet=st.sampled_from("ab é\n€𝄞."), max_size=60)


@contextmanager
def _small_chunks() -> Iterator[None]:
    kept, texts.CHUNK = texts.CHUNK, SMALL_CHUNK
    try:
        yield
    finally:
        texts.CHUNK = kept


@given(some_text)
def test_a_text_unpacks_as_it_was_packed(text: str) -> None:
    with _small_chunks():
        packed = texts.pack(text)
    assert texts.unpack(packed) == text  # read with the chunk size it was packed with


@given(some_text, st.integers(0, 70), st.integers(0, 70))
def test_a_range_reads_as_the_slice(text: str, start: int, end: int) -> None:
    with _small_chunks():
        packed = texts.pack(text)
    assert texts.between(packed, start, end) == text[start:end]
    assert texts.between(text, start, end) == text[start:end]  # a row not packed yet


@given(some_text, st.integers(1, 70), st.integers(0, 70))
def test_gp_substr_is_substr(text: str, start: int, length: int) -> None:
    conn = sqlite3.connect(":memory:")
    texts.register(conn)
    with _small_chunks():
        packed = texts.pack(text)
        found = conn.execute(
            "SELECT substr(?, ?, ?), gp_substr(?, ?, ?), gp_substr(?, ?, ?), gp_text(?)",
            [text, start, length, packed, start, length, text, start, length, packed],
        ).fetchone()
    assert found == (text[start - 1 : start - 1 + length],) * 3 + (text,)


def test_a_blob_of_another_version_is_refused() -> None:
    with pytest.raises(ValueError, match="newer gpreader"):
        texts.unpack(b"\x09" + bytes(4))


def test_m014_packs_the_texts_of_a_schema_13_database(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = ("the", "market shares", "goverment", '"the company"')
    v13 = tmp_path / "v13.db"
    with schema_at(monkeypatch, 13), AnnotationStore(v13) as store:
        library.refresh(store, corpus_dir)
        path = store.articles()[1].path
        hid = store.add_highlight(path, 30, 90, note="kept").id
        article, highlight = store.article(path), store.highlight(hid)
        expected = {q: SearchIndex(store).search(q) for q in queries}
    assert expected["the"] and expected["goverment"]
    conn = sqlite3.connect(v13)  # the texts as gpreader 13 wrote them: plain
    texts.register(conn)
    conn.execute("UPDATE articles SET text = gp_text(text)")
    plain = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM articles").fetchone()[0]
    conn.commit()
    conn.close()
    with AnnotationStore(v13) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        kinds = {r[0] for r in conn.execute("SELECT DISTINCT typeof(text) FROM articles")}
        assert kinds == {"blob"}
        packed = conn.execute("SELECT sum(length(text)) FROM articles").fetchone()[0]
        assert packed < plain
        assert store.article(path) == article
        assert store.highlight(hid) == highlight
        assert {q: SearchIndex(store).search(q) for q in queries} == expected


def test_a_new_database_stores_packed_texts(tmp_path: Path, corpus_dir: Path) -> None:
    with AnnotationStore(tmp_path / "new.db") as store:
        library.refresh(store, corpus_dir)
        kinds = {r[0] for r in store.conn.execute("SELECT DISTINCT typeof(text) FROM articles")}
        assert kinds == {"blob"}
        for summary in store.articles():
            article = store.article(summary.path)
            assert article is not None
            assert sha256_text(article.text) == article.sha256


@given(some_text, st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6))
def test_many_ranges_read_as_their_slices(text: str, ranges: list[tuple[int, int]]) -> None:
    with _small_chunks():
        packed = texts.pack(text)
    assert texts.slices(packed, ranges) == [text[s:e] for s, e in ranges]
    assert texts.slices(text, ranges) == [text[s:e] for s, e in ranges]


def test_the_pages_m014_frees_are_given_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "long.txt").write_text("A long one\n\n" + "Words said again. " * 200_000)
    v13 = tmp_path / "v13.db"
    with schema_at(monkeypatch, 13), AnnotationStore(v13) as store:
        library.refresh(store, folder)
    conn = sqlite3.connect(v13)
    texts.register(conn)
    conn.execute("UPDATE articles SET text = gp_text(text)")  # plain, as gpreader 13 wrote it
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with AnnotationStore(v13) as store:
        conn = store.conn
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert conn.execute("PRAGMA page_count").fetchone()[0] < pages - 500  # 3.6 MB of text
