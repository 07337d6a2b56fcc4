"""Units found through their article's rowid range (m012), and free pages given back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.search import SearchIndex
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore, database, migrations
from tests.old_schema import schema_at

FILL = """WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
          INSERT INTO filler SELECT zeroblob(4000) FROM n"""
QUERIES = ("the", "market shares", "goverment", "econ", '"the company"', "-the year")


def _units_inside_their_ranges(conn: sqlite3.Connection) -> None:
    """Every unit lies in its article's [first_id, last_id], and every range holds only
    that article's units, as many as the article has."""
    outside = conn.execute(
        """SELECT count(*) FROM search_units u JOIN search_articles s
             ON s.article_id = u.article_id
           WHERE u.id NOT BETWEEN s.first_id AND s.last_id"""
    ).fetchone()[0]
    assert outside == 0
    per_range = conn.execute(
        """SELECT s.article_id, count(u.id), sum(u.article_id != s.article_id)
           FROM search_articles s LEFT JOIN search_units u
             ON u.id BETWEEN s.first_id AND s.last_id GROUP BY s.article_id"""
    ).fetchall()
    owned = dict(conn.execute("SELECT article_id, count(*) FROM search_units GROUP BY 1"))
    assert {a: n for a, n, _ in per_range if n} == owned
    assert all(not strangers for _, _, strangers in per_range)


def _index_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _searches(store: AnnotationStore, article: str) -> dict[str, list[object]]:
    """The queries, a tag: search (units overlapping highlights), an in-article one (all its
    units) and a note's word (the unit a highlight starts in)."""
    engine = SearchIndex(store)
    queries = (*QUERIES, "tag:kept", f'article:"{article}" the', "mnemonic")
    return {q: engine.search(q) for q in queries}


def _annotate(store: AnnotationStore) -> tuple[str, str]:
    article = store.articles()[1]
    hid = store.add_highlight(article.path, 30, 90, tags=["kept"], note="a mnemonic note").id
    return hid, article.path


def test_m012_upgrades_a_schema_11_database_in_place(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "fresh.db"
    with AnnotationStore(fresh) as store:
        library.refresh(store, corpus_dir)
        _annotate(store)
        path = store.articles()[1].path
        expected = _searches(store, path)
    assert all(expected[q] for q in ("the", "tag:kept", f'article:"{path}" the', "mnemonic"))
    v11 = tmp_path / "v11.db"
    with schema_at(monkeypatch, 11), AnnotationStore(v11) as store:
        library.refresh(store, corpus_dir)
        hid, _ = _annotate(store)
        note = store.highlight(hid)
        assert "search_units_article" in _index_names(store.conn)
    conn = sqlite3.connect(v11)  # ranges a database may not hold: m012 sets them again
    conn.execute("UPDATE search_articles SET first_id = NULL, last_id = NULL")
    conn.execute(  # sections by name, as gpreader 11 wrote them (this code writes numbers)
        """UPDATE search_units SET section = CASE section WHEN '0' THEN 'body'
             WHEN '1' THEN 'comments' WHEN '2' THEN 'title' END"""
    )
    named = {r[0] for r in conn.execute("SELECT DISTINCT section FROM search_units")}
    assert named == {"title", "body", "comments"}
    conn.commit()
    conn.close()
    with AnnotationStore(v11) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert "search_units_article" not in _index_names(conn)
        _units_inside_their_ranges(conn)
        sections = conn.execute("SELECT DISTINCT typeof(section), section FROM search_units")
        assert set(sections) == {("integer", 0), ("integer", 1), ("integer", 2)}
        kept = store.highlight(hid)
        assert (kept.note, kept.tags, kept.start, kept.end) == (
            note.note,
            note.tags,
            note.start,
            note.end,
        )
        assert _searches(store, path) == expected


def test_ranges_hold_after_edits_and_removals(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    store = loaded_store
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file())
    files[0].write_text(files[0].read_text() + "\n\nA new closing paragraph. Two sentences.\n")
    files[1].unlink()
    library.refresh(store, corpus_dir)
    _units_inside_their_ranges(store.conn)
    for where in ("s.article_id = 1", "s.counted = 0"):  # a search's, a refresh's
        plan = " ".join(
            r[3]
            for r in store.conn.execute(
                f"""EXPLAIN QUERY PLAN SELECT u.id FROM search_articles s
                    CROSS JOIN {search_index.UNITS_OF_ARTICLE} WHERE {where}"""
            )
        )
        assert "SEARCH u USING INTEGER PRIMARY KEY" in plan, plan
        assert "SCAN u" not in plan and "AUTOMATIC" not in plan, plan


def test_a_new_database_gives_back_its_free_pages(tmp_path: Path, corpus_dir: Path) -> None:
    with AnnotationStore(tmp_path / "new.db") as store:
        conn = store.conn
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
        library.refresh(store, corpus_dir)
        with store.action():
            conn.execute("CREATE TABLE filler (x BLOB)")
            conn.execute(FILL)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        with store.action():
            conn.execute("DROP TABLE filler")
            free = conn.execute("PRAGMA freelist_count").fetchone()[0]
            assert free >= 600
            assert database.release_free_pages(conn) == free
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert conn.execute("PRAGMA page_count").fetchone()[0] == pages - free
        assert SearchIndex(store).search("the")


def test_an_old_database_keeps_its_free_pages(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # made without auto_vacuum, as gpreader made them before
    conn.execute("CREATE TABLE filler (x BLOB)")
    conn.execute(FILL)
    conn.commit()
    conn.execute("DROP TABLE filler")
    conn.commit()
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    assert database.release_free_pages(conn) == 0
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == free > 0
