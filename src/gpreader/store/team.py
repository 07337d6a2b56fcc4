"""Coders in the store: who has finished coding which article (`gpreader done`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from gpreader.errors import NotFoundError
from gpreader.store import journal, states
from gpreader.store.base import StoreBase, now
from gpreader.text import clean_typed


class CodedMark(NamedTuple):
    """A coder's mark that an article is coded (with no highlights: read, nothing to code)."""

    article: str  # path
    coder: str
    marked: str  # ISO time


@dataclass(frozen=True)
class Coding:
    """All of one database's coding, keyed by what stays the same across databases."""

    states: dict[str, states.State]  # highlight id -> state (deleted ones too)
    texts: dict[str, str]  # text SHA-256 -> article path
    codebook: dict[str, tuple[str, str]]  # tag path -> (colour, description)
    marks: dict[tuple[str, str], str]  # (text SHA-256, coder) -> when marked done


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

    def coding_of(self, other: Path | None) -> Coding:
        """This database's coding (None), or another gpreader database's, read only."""
        conn = self.conn if other is None else states.open_other(other)
        try:
            return Coding(
                states.read_states(conn),
                states.read_texts(conn),
                states.read_codebook(conn),
                states.read_marks(conn),
            )
        finally:
            if other is not None:
                conn.close()

    def apply_merge(self, change: dict[str, Any]) -> None:
        """Apply a merge (`team/merge.py` plans it) in one transaction, journalled for undo."""
        with self.action() as conn:
            journal.perform(conn, self.coder, change)
