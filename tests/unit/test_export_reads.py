"""The block spans an export reads per article, held equal to filtering the whole article's."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gpreader.errors import DatabaseError, NotFoundError
from gpreader.export.common import ExportData, read_snapshot
from gpreader.store import AnnotationStore
from gpreader.store.export_reads import article_text, section_blocks
from tests.unit.test_export import code_corpus

KINDS = ("title", "paragraph", "heading", "furniture", "comment_header")


def test_block_spans_as_the_article_has_them(loaded_store: AnnotationStore) -> None:
    store = loaded_store
    paths = [a.path for a in store.articles()]
    assert paths
    for path in paths:
        spans = store.article(path).spans
        expected = [(s.start, s.end, s.section) for s in spans if s.kind in KINDS]
        assert section_blocks(store.conn, path, KINDS) == expected
    assert any(section_blocks(store.conn, p, ("comment_header",)) for p in paths)
    assert section_blocks(store.conn, paths[0], ("no such kind",)) == []
    with pytest.raises(NotFoundError):
        section_blocks(store.conn, "missing.txt", KINDS)


def test_an_article_without_its_spans_row_is_damage(loaded_store: AnnotationStore) -> None:
    path = loaded_store.articles()[0].path
    loaded_store.conn.execute("DELETE FROM article_spans")
    loaded_store.conn.commit()
    with pytest.raises(DatabaseError, match="damaged"):
        section_blocks(loaded_store.conn, path, KINDS)


def test_article_text_is_the_article_without_its_spans(loaded_store: AnnotationStore) -> None:
    for summary in loaded_store.articles():
        whole = loaded_store.article(summary.path)
        assert article_text(loaded_store.conn, summary.path) == replace(whole, spans=())
    with pytest.raises(NotFoundError):
        article_text(loaded_store.conn, "missing.txt")


def test_an_export_codebook_counts_as_the_store_does(loaded_store: AnnotationStore) -> None:
    """The codebook counts its highlights on the export's own pass (the store's counts are
    not read): unfiltered, the same numbers the store counts, deleted highlights left out."""
    store = code_corpus(loaded_store)
    paths = [a.path for a in store.articles()]
    store.add_highlight(paths[3], 10, 40, tags=["theme/sub", "policy"])
    counted = store.tags()
    assert any(t.highlights > 1 for t in counted) and any(t.articles > 1 for t in counted)
    assert any(t.path == "deleted" and t.highlights == 0 for t in counted)
    with read_snapshot(store):
        assert ExportData(store).codebook() == counted
