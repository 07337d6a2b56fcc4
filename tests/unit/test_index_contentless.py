"""The contentless search index (m010): words folded again from the texts, never stored."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.corpus.structure import parse
from gpreader.models import Article
from gpreader.search import SearchIndex
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore, migrations, texts
from tests.old_schema import copy_rows, schema_at


def _fts_terms(conn: sqlite3.Connection) -> Counter[str]:
    """How many passages FTS5 holds each word in (read from the index itself)."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_rows USING fts5vocab(main, search_fts, 'row')"
    )
    return Counter(dict(conn.execute("SELECT term, doc FROM temp.fts_rows").fetchall()))


def _unit_terms(conn: sqlite3.Connection) -> Counter[str]:
    """How many passages of the current texts hold each word (folded again, as search does)."""
    ids = [i for (i,) in conn.execute("SELECT id FROM search_units")]
    found: Counter[str] = Counter()
    for words in search_index.passage_words(conn, ids).values():
        found.update(set(words.split()))
    return found


def _consistent(conn: sqlite3.Connection) -> None:
    """FTS5 holds exactly the words of the current passages, and the vocabulary counts them."""
    terms = _fts_terms(conn)
    assert terms == _unit_terms(conn)
    counted = dict(conn.execute("SELECT word, freq FROM search_vocab").fetchall())
    occurrences: Counter[str] = Counter()
    ids = [i for (i,) in conn.execute("SELECT id FROM search_units")]
    for words in search_index.passage_words(conn, ids).values():
        occurrences.update(words.split())
    assert counted == dict(occurrences)


def test_no_words_are_stored(loaded_store: AnnotationStore) -> None:
    conn = loaded_store.conn
    columns = [r[1] for r in conn.execute("PRAGMA table_info(search_units)")]
    assert "words" not in columns
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").fetchone()[0]
    assert "content=''" in sql
    _consistent(conn)


def test_passage_words_are_the_words_written(loaded_store: AnnotationStore) -> None:
    with loaded_store.snapshot() as conn:
        ids = [i for (i,) in conn.execute("SELECT id FROM articles")]
        for article_id in ids:
            article = search_index.search_reads.indexable_article(conn, article_id)
            written = search_index.unit_rows(article.text, article.spans)
            units = conn.execute(
                'SELECT id, start, "end" FROM search_units WHERE article_id = ? ORDER BY start, '
                '"end"',
                [article_id],
            ).fetchall()
            words = search_index.passage_words(conn, [u[0] for u in units])
            assert [(s, e, words[i]) for i, s, e in units] == [(r[0], r[1], r[5]) for r in written]
    assert search_index.passage_words(loaded_store.conn, [10**9]) == {}


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab Z’'\n.?!-_é1ßİﬁ\u00a0\u2014\"")), max_size=400),
    st.text(alphabet=st.sampled_from(list("ab Zc’'\n.?!é")), max_size=200),
)
def test_an_edited_text_leaves_no_word_behind(
    tmp_path_factory: pytest.TempPathFactory, first: str, second: str
) -> None:
    """Index a text, replace it by another (dropped first, as a refresh does): FTS5 then holds
    the second text's words only, and the vocabulary counts them."""
    path = tmp_path_factory.mktemp("edit") / "a.db"
    with AnnotationStore(path) as store:
        for text in (first, second):
            article = _article(text)
            with store.action() as conn:
                row = store.stored_article("a.txt")
                if row is not None:
                    search_index.drop_articles(conn, [row.id])
                article_id = store.write_article(article, None if row is None else row.id)
                store.write_spans(article_id, article)
                search_index.index_articles(conn, [(article_id, article)])
                search_index.count_words(conn)
        _consistent(store.conn)


def _article(text: str) -> Article:
    from hashlib import sha256

    spans = parse(text).spans
    return Article("a.txt", sha256(text.encode("utf-8", "replace")).hexdigest(), text, "", "",
                   None, 0, 0, spans)  # fmt: skip


def test_a_refresh_after_edits_keeps_the_index_exact(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file())
    files[0].write_text(files[0].read_text() + "\n\nAn added paragraph, quite unusual zebra.\n")
    files[1].unlink()
    library.refresh(loaded_store, corpus_dir)
    _consistent(loaded_store.conn)
    hits = SearchIndex(loaded_store).search("unusual zebra")
    assert hits and hits[0].article == files[0].relative_to(corpus_dir).as_posix()


def test_an_index_out_of_step_is_rebuilt(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    """An article row deleted under the index (no text to fold its words from): the index is
    rebuilt without it, the others kept and searchable."""
    conn = loaded_store.conn
    with loaded_store.action():
        gone = conn.execute("SELECT min(id) FROM articles").fetchone()[0]
        conn.execute("DELETE FROM article_spans WHERE article_id = ?", [gone])
        conn.execute("DELETE FROM article_attributes WHERE article_id = ?", [gone])
        conn.execute("DELETE FROM article_sources WHERE article_id = ?", [gone])
        conn.execute("DELETE FROM articles WHERE id = ?", [gone])
    before = conn.execute("SELECT count(*) FROM search_articles").fetchone()[0]
    with loaded_store.action() as conn:
        search_index.sync(conn)
    assert conn.execute("SELECT count(*) FROM search_articles").fetchone()[0] == before - 1
    assert not conn.execute("SELECT 1 FROM search_units WHERE article_id = ?", [gone]).fetchone()
    _consistent(conn)


# -- upgrading a schema-9 database ------------------------------------------------------------


def _version_9_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty database as gpreader made it before m010 (migrations m001-m009)."""
    with schema_at(monkeypatch, 9):
        AnnotationStore(path).close()


def _index_as_version_9(conn: sqlite3.Connection) -> None:
    """Index every article as gpreader 9 did: the folded words stored in search_units and
    given to an external-content FTS5 table, the vocabulary counted."""
    next_id = 1
    for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY id").fetchall():
        article = search_index.search_reads.indexable_article(conn, article_id)
        units = search_index.unit_rows(article.text, article.spans)
        conn.executemany(
            "INSERT INTO search_units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(next_id + n, article_id, *u) for n, u in enumerate(units)],
        )
        span = (next_id, next_id + len(units) - 1) if units else (None, None)
        conn.execute(
            "INSERT INTO search_articles VALUES (?, ?, ?, ?, 1)",
            [article_id, article.sha256, *span],
        )
        next_id += len(units)
    conn.execute("INSERT INTO search_fts (rowid, words) SELECT id, words FROM search_units")
    counts: Counter[str] = Counter()
    for (words,) in conn.execute("SELECT words FROM search_units"):
        counts.update(words.split())
    conn.executemany("INSERT INTO search_vocab VALUES (?, ?)", counts.items())
    conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('version', '1')")


QUERIES = ("the", "market shares", "goverment", "econ", '"the company"', "-the year")


def test_m010_upgrades_a_version_9_database_in_place(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "fresh.db"
    with AnnotationStore(fresh) as store:
        library.refresh(store, corpus_dir)
        article = store.articles()[0]
        hid = store.add_highlight(article.path, 0, 20, note="a note kept").id
        expected = {q: SearchIndex(store).search(q) for q in QUERIES}
        assert any(expected.values())
        note = store.highlight(hid)
    old = tmp_path / "v9.db"
    _version_9_database(old, monkeypatch)
    conn = sqlite3.connect(old)  # the articles and highlight as gpreader 9 wrote them
    texts.register(conn)  # (texts plain: m014 packs them); the index too
    copy_rows(conn, fresh, ("articles", "article_spans", "article_sources",
                            "article_attributes", "highlights", "state"))  # fmt: skip
    conn.execute("UPDATE articles SET text = gp_text(text)")
    _index_as_version_9(conn)
    stale = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    conn.execute("UPDATE search_articles SET sha256 = 'old' WHERE article_id = ?", [stale])
    conn.commit()
    conn.close()
    with AnnotationStore(old) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert "words" not in [r[1] for r in conn.execute("PRAGMA table_info(search_units)")]
        assert store.highlight(hid).note == note.note == "a note kept"
        assert not conn.execute(
            "SELECT 1 FROM search_units WHERE article_id = ?", [stale]
        ).fetchone()
        _consistent(conn)
        library.refresh(store, corpus_dir)  # indexes the stale article again
        _consistent(conn)
        assert {q: SearchIndex(store).search(q) for q in QUERIES} == expected


def test_plain_leaves_ascii_as_it_is() -> None:
    """The shortcut in `plain` holds: text.fold changes no ASCII character."""
    from gpreader.text import fold

    ascii_text = "".join(map(chr, range(128)))
    assert fold(ascii_text) == ascii_text == search_index.plain(ascii_text)
    assert search_index.plain("it’s “so” —") == 'it\'s "so" -'
