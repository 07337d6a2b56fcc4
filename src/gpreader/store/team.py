"""Coders in the store: who has finished coding which article (`gpreader done`)."""

from __future__ import annotations

from typing import NamedTuple

from gpreader.errors import NotFoundError
from gpreader.store.base import StoreBase, now
from gpreader.text import clean_typed


class CodedMark(NamedTuple):
    """A coder's mark that an article is coded (with no highlights: read, nothing to code)."""

    article: str  # path
    coder: str
    marked: str  # ISO time


class CodedMarks(StoreBase):
    """Marks of finished articles, per coder, and the list of coders."""

    def mark_coded(self, path: str, *, done: bool = True, coder: str | None = None) -> bool:
        """Mark (or with done=False unmark) the article at `path` as coded by `coder` (the
        store's coder by default). True when this changed anything."""
        who = clean_typed(coder) if coder is not None else self.coder
        with self.action() as conn:
            row = conn.execute("SELECT id FROM articles WHERE path = ?", [path]).fetchone()
            if row is None:
                raise NotFoundError(f"no article {path!r}")
            article_id = row[0]
            if done:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO coded_marks VALUES (?, ?, ?)",
                    [article_id, who, now()],
                )
            else:
                cursor = conn.execute(
                    "DELETE FROM coded_marks WHERE article_id = ? AND coder = ?",
                    [article_id, who],
                )
            return cursor.rowcount > 0

    def coded_marks(self, coder: str | None = None) -> list[CodedMark]:
        """Every mark (of one coder), by article path then coder."""
        where, params = ("WHERE m.coder = ?", [coder]) if coder is not None else ("", [])
        rows = self._all(
            f"""SELECT a.path, m.coder, m.marked FROM coded_marks m
                JOIN articles a ON a.id = m.article_id {where} ORDER BY a.path, m.coder""",
            params,
        )
        return [CodedMark(*row) for row in rows]

    def coders(self) -> list[str]:
        """Everyone who made a highlight, applied a tag or marked an article, by name."""
        rows = self._all(
            """SELECT coder FROM highlights WHERE deleted IS NULL AND coder != ''
               UNION SELECT x.coder FROM highlight_tags x JOIN highlights h
                 ON h.id = x.highlight_id WHERE h.deleted IS NULL AND x.coder != ''
               UNION SELECT coder FROM coded_marks ORDER BY 1"""
        )
        return [name for (name,) in rows]
