"""Articles in the store: the library, one article, and the writes a corpus refresh makes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.models import (
    Anchoring,
    Article,
    ArticleSummary,
    Span,
    StoredAnchor,
    StoredArticle,
)
from gpreader.store import database, texts
from gpreader.store import spans as packed_spans
from gpreader.store.base import StoreBase, now

_ARTICLE_COLUMNS = (
    "path, sha256, gp_text(text), encoding, title, date, words, comments, size, mtime_ns, id"
)
_WRITTEN_COLUMNS = (
    "path, sha256, size, mtime_ns, encoding, title, date, words, comments, text, updated"
)


class ArticleStore(StoreBase):
    """Reads of the library and of single articles; the corpus-sync writes."""

    # -- reads ---------------------------------------------------------------------------

    def articles(self, *, include_missing: bool = True) -> list[ArticleSummary]:
        """The library, in path order, with live highlight counts (counted in one pass over
        the highlights, not one look-up per article)."""
        only_present = "" if include_missing else "WHERE missing = 0"
        with self.snapshot():
            counts: dict[int, int] = dict(
                self._all(
                    "SELECT article_id, count(*) FROM highlights WHERE deleted IS NULL "
                    "GROUP BY article_id"
                )
            )
            # The list as one JSON value, in one step: sqlite3 lets the GIL go and takes it
            # back for every row it steps, so a read in a worker thread (the library's) waited
            # for the busy UI thread 10,000 times; one step reads the list without the GIL.
            listed = self._one(
                "SELECT json_group_array("
                "json_array(id, path, title, date, words, comments, missing = 1)) "
                f"FROM articles {only_present}"
            )
        rows: list[list[Any]] = json.loads(listed[0]) if listed is not None else []
        rows.sort(key=itemgetter(1))  # by path: code point order is UTF-8's, ORDER BY path's
        count = counts.get
        return [
            ArticleSummary(path, title, date, words, comments, count(article_id, 0), bool(missing))
            for article_id, path, title, date, words, comments, missing in rows
        ]

    def article_count(self) -> int:
        """How many articles the library lists (missing ones too), without reading them."""
        row = self._one("SELECT count(*) FROM articles")
        return int(row[0]) if row is not None else 0

    def article(self, path: str) -> Article:
        """One article with its text and spans."""
        row = self._one(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE path = ?", [path])
        if row is None:
            raise NotFoundError(f"no article {path!r}; `gpreader articles` lists them")
        path, sha256, text, encoding, title, date, words, comments, size, mtime_ns, article_id = row
        spans = self.article_spans(article_id)
        return Article(
            path, sha256, text, encoding, title, date, words, comments, spans, size, mtime_ns
        )

    def article_spans(self, article_id: int) -> tuple[Span, ...]:
        """The spans of an article row, in the order they were written."""
        try:
            return packed_spans.read(self.conn, article_id)
        except sqlite3.DatabaseError as exc:
            raise database.database_error(exc, self.path) from exc

    def article_sha256(self, path: str) -> str:
        """The SHA-256 of an article's stored text, without reading the text: cheap enough to
        ask on every change notification to see whether a shown article was edited."""
        row: tuple[str] | None = self._one("SELECT sha256 FROM articles WHERE path = ?", [path])
        if row is None:
            raise NotFoundError(f"no article {path!r}; `gpreader articles` lists them")
        return row[0]

    def resolve_article(self, ref: str, root: Path | None = None) -> str:
        """An article path from what a user typed: its path, file name, a path to the file, or a
        unique prefix of its title (case-insensitive)."""
        rows: list[tuple[str, str]] = self._all("SELECT path, title FROM articles ORDER BY path")
        paths = [path for path, _ in rows]
        if ref in set(paths):
            return ref
        if root is not None:
            try:
                rel = Path(ref).resolve().relative_to(root.resolve()).as_posix()
            except (ValueError, OSError):
                rel = None
            if rel is not None and rel in paths:
                return rel
        folded = ref.casefold()
        for candidates in (
            [p for p in paths if Path(p).name == ref],
            [path for path, title in rows if title.casefold().startswith(folded)],
        ):
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                shown = ", ".join(candidates[:5])
                raise InvalidInputError(f"{ref!r} matches {len(candidates)} articles: {shown}")
        raise NotFoundError(f"no article matches {ref!r}; `gpreader articles` lists them")

    def _article_id(self, path: str) -> int:
        row: tuple[int] | None = self._one("SELECT id FROM articles WHERE path = ?", [path])
        if row is None:
            raise NotFoundError(f"no article {path!r}")
        return row[0]

    # -- corpus sync ---------------------------------------------------------------------

    def known_articles(self) -> dict[str, StoredArticle]:
        """Every article in the database by path: what a refresh compares the folder with."""
        rows = self._all(
            "SELECT id, path, sha256, size, mtime_ns, missing = 1 FROM articles ORDER BY path"
        )
        return {
            path: StoredArticle(article_id, path, sha256, size, mtime_ns, bool(missing))
            for article_id, path, sha256, size, mtime_ns, missing in rows
        }

    def file_stats(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of the file of every article present, by path: what a check that
        nothing changed compares the folder's stat with."""
        rows = self._all("SELECT path, size, mtime_ns FROM articles WHERE missing = 0")
        return {path: (size, mtime_ns) for path, size, mtime_ns in rows}

    def file_stat_rows(self) -> list[tuple[str, int, int]]:
        """(path, size, mtime_ns) of the file of every article present, in path order (as
        `sorted` orders them): `file_stats` as the rows SQLite gives, no object built per
        article beyond them (read from the index `articles_file_stats` alone)."""
        return self._all(
            "SELECT path, size, mtime_ns FROM articles WHERE missing = 0 ORDER BY path"
        )

    def stored_article(self, path: str, *, article_id: int | None = None) -> StoredArticle | None:
        """The article at `path` as the database holds it now (with `article_id`: only if that
        row is still at `path`), or None."""
        sql = "SELECT id, path, sha256, size, mtime_ns, missing = 1 FROM articles WHERE path = ?"
        params: list[object] = [path]
        if article_id is not None:
            sql += " AND id = ?"
            params.append(article_id)
        row = self._one(sql, params)
        if row is None:
            return None
        found_id, found_path, sha256, size, mtime_ns, missing = row
        return StoredArticle(found_id, found_path, sha256, size, mtime_ns, bool(missing))

    def write_article(self, article: Article, article_id: int | None = None) -> int:
        """Insert an article (`article_id` None) or overwrite row `article_id` with it, marked
        present; its id. Spans are left to `write_spans`. Call inside `action()`."""
        values = (
            article.path,
            article.sha256,
            article.size,
            article.mtime_ns,
            article.encoding,
            article.title,
            article.date,
            article.words,
            article.comments,
            texts.pack(article.text),
            now(),
        )
        if article_id is None:
            cursor = self.conn.execute(
                f"""INSERT INTO articles ({_WRITTEN_COLUMNS}, missing)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""",
                values,
            )
            assert cursor.lastrowid is not None  # an insert into a rowid table sets it
            return cursor.lastrowid
        assignments = ", ".join(f"{name} = ?" for name in _WRITTEN_COLUMNS.split(", "))
        self.conn.execute(
            f"UPDATE articles SET {assignments}, missing = 0 WHERE id = ?", (*values, article_id)
        )
        return article_id

    def write_spans(self, article_id: int, article: Article) -> None:
        """Replace an article's spans with those of `article`. Call inside `action()`."""
        packed_spans.write(self.conn, [(article_id, article.spans)])

    def mark_missing(self, articles: Iterable[StoredArticle]) -> None:
        """Flag articles whose file has gone (annotations kept), unless another gpreader has
        re-linked the row to another path meanwhile."""
        with self.action() as conn:
            conn.executemany(
                "UPDATE articles SET missing = 1 WHERE id = ? AND path = ?",
                [(a.id, a.path) for a in articles],
            )

    def move_articles(self, moves: Sequence[tuple[int, str]]) -> None:
        """Give articles new paths ((id, new path) pairs), as one transaction: through
        temporary paths first, so that a cycle of renames never breaks UNIQUE(path)."""
        with self.action() as conn:
            conn.executemany(
                "UPDATE articles SET path = ? WHERE id = ?",
                [(f"\x00moving {article_id}", article_id) for article_id, _ in moves],
            )
            conn.executemany(
                "UPDATE articles SET path = ?, updated = ? WHERE id = ?",
                [(path, now(), article_id) for article_id, path in moves],
            )

    def touch_article(self, article_id: int, size: int, mtime_ns: int, encoding: str) -> None:
        """Record a file's new size, mtime and encoding for an article whose text it still
        holds, marked present. Call inside `action()`."""
        self.conn.execute(
            """UPDATE articles SET size = ?, mtime_ns = ?, encoding = ?, missing = 0
               WHERE id = ?""",
            [size, mtime_ns, encoding, article_id],
        )

    def highlighted(self, article_ids: Iterable[int]) -> list[str]:
        """The paths of those articles that have live highlights, in path order."""
        ids = sorted(set(article_ids))
        found: list[str] = []
        for start in range(0, len(ids), 500):  # under SQLite's limit on parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found += [
                row[0]
                for row in self._all(
                    f"""SELECT a.path FROM articles a WHERE a.id IN ({marks})
                          AND EXISTS (SELECT 1 FROM highlights h
                                       WHERE h.article_id = a.id AND h.deleted IS NULL)""",
                    chunk,
                )
            ]
        return sorted(found)

    def article_text(self, article_id: int) -> str:
        """The text an article row holds now (before a refresh overwrites it: re-anchoring
        maps highlights through the diff of the old text to the new)."""
        row = self._one("SELECT gp_text(text) FROM articles WHERE id = ?", [article_id])
        if row is None:
            raise NotFoundError(f"no article row {article_id}")
        return str(row[0])

    def anchors(self, article_id: int) -> list[StoredAnchor]:
        """Every highlight of an article (deleted ones too) with its stored anchor."""
        rows = self._all(
            """SELECT id, start, "end", exact, coalesce(prefix, ''), coalesce(suffix, '')
               FROM highlights WHERE article_id = ? ORDER BY start, "end", id""",
            [article_id],
        )
        return [StoredAnchor(*row) for row in rows]

    def write_anchors(self, anchorings: Iterable[Anchoring]) -> None:
        """Store where re-anchoring put highlights; an orphan keeps its old offsets and quote."""
        with self.action() as conn:
            for a in anchorings:
                if a.start is None:
                    conn.execute(
                        "UPDATE highlights SET status = ?, score = ? WHERE id = ?",
                        [a.status, a.score, a.id],
                    )
                else:
                    conn.execute(
                        """UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?,
                               suffix = ?, article_sha256 = ?, status = ?, score = ?
                           WHERE id = ?""",
                        [
                            a.start,
                            a.end,
                            a.exact,
                            a.prefix,
                            a.suffix,
                            a.article_sha256,
                            a.status,
                            a.score,
                            a.id,
                        ],
                    )
