"""The index's write side in batches: the same units and matches as one article at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.corpus.structure import parse
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore


def _units(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    rows = conn.execute(
        """SELECT u.id, a.path, u.start, u."end", u.section, u.para_start, u.para_end
           FROM search_units u JOIN articles a ON a.id = u.article_id ORDER BY a.path, u.start,
           u."end" """
    ).fetchall()
    words = search_index.passage_words(conn, [r[0] for r in rows])
    return [(*r[1:], words[r[0]]) for r in rows]


def _matches(conn: sqlite3.Connection, word: str) -> list[tuple[object, ...]]:
    return conn.execute(
        """SELECT a.path, u.start FROM search_fts JOIN search_units u ON u.id = search_fts.rowid
           JOIN articles a ON a.id = u.article_id WHERE search_fts MATCH ? ORDER BY 1, 2""",
        [f'"{word}"'],
    ).fetchall()


def test_a_batch_indexes_as_one_article_at_a_time(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    with loaded_store.snapshot() as conn:
        batched = _units(conn)
        words = [w for (w,) in conn.execute("SELECT word FROM search_vocab LIMIT 40")]
        found = {w: _matches(conn, w) for w in words}
    with loaded_store.action() as conn:
        ids = [i for (i,) in conn.execute("SELECT id FROM articles ORDER BY id")]
        for article_id in ids:
            search_index.drop_article(conn, article_id)
        for article_id in reversed(ids):
            article = search_index.search_reads.indexable_article(conn, article_id)
            search_index.index_article(conn, article_id, article)
    with loaded_store.snapshot() as conn:
        assert _units(conn) == batched and batched
        assert {w: _matches(conn, w) for w in words} == found
    report = library.refresh(loaded_store, corpus_dir)
    assert not (report.loaded or report.updated)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab Z’'\n.?!-_é1ßİﬁ\u00a0\u2014\"")),
        max_size=300,
    )
)
def test_unit_rows_fold_each_passage_as_its_slice(text: str) -> None:
    """The ASCII path lowers the whole text once: each passage's words are still the words
    of its own slice, as fold_words gives them."""
    spans = parse(text).spans
    for start, end, _, _, _, words in search_index.unit_rows(text, spans):
        assert words == " ".join(search_index.fold_words(text[start:end]))
