"""AnnotationStore: articles, highlights, tags and undo, over one SQLite file.

Every user action is one BEGIN IMMEDIATE transaction: it is on disk when the method returns.
The parts live in their own modules: base (connection, transactions, state), articles
(library, single articles, corpus-sync writes), highlights (the one highlight query), edits
(coding and undo), tags (the codebook).
"""

from __future__ import annotations

from typing import Any

from gpreader.store.articles import ArticleStore
from gpreader.store.attributes import AttributeStore
from gpreader.store.edits import HighlightEdits
from gpreader.store.memos import MemoStore
from gpreader.store.team import CodedMarks


class AnnotationStore(AttributeStore, ArticleStore, HighlightEdits, MemoStore, CodedMarks):
    """The one way the rest of gpreader reads and writes articles, highlights, tags and notes.

    Reads return stored values as they are (plain tuples or frozen dataclasses); whatever goes
    to a terminal passes `text.safe_to_show` on its way there.
    """

    def __enter__(self) -> AnnotationStore:
        return self

    def stats(self) -> dict[str, Any]:
        """Counts for `gpreader stats`."""
        names = ("articles", "missing_articles", "highlights", "deleted", "tags")
        counts = self._one(
            """SELECT
                 (SELECT count(*) FROM articles WHERE missing = 0),
                 (SELECT count(*) FROM articles WHERE missing = 1),
                 (SELECT count(*) FROM highlights WHERE deleted IS NULL),
                 (SELECT count(*) FROM highlights WHERE deleted IS NOT NULL),
                 (SELECT count(*) FROM tags)"""
        )
        status = self._all(
            """SELECT status, count(*) FROM highlights WHERE deleted IS NULL
               GROUP BY status ORDER BY status"""
        )
        coders = self._all(
            """SELECT coder, count(*) FROM highlights WHERE deleted IS NULL
               GROUP BY coder ORDER BY coder"""
        )
        return {
            **dict(zip(names, counts or (0,) * len(names), strict=True)),
            "by_status": dict(status),
            "by_coder": dict(coders),
            "by_tag": {t.path: t.highlights for t in self.tags()},
        }
