"""AnnotationStore: articles, highlights, tags and undo, over one SQLite file.

Every user action is one BEGIN IMMEDIATE transaction: it is on disk when the method returns.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from gpreader import codebook as tagging
from gpreader.anchoring import quote_at
from gpreader.errors import (
    InvalidInputError,
    NotFoundError,
    StaleArticleError,
    TagInUseError,
)
from gpreader.models import Article, ArticleSummary, Highlight, Span, Tag
from gpreader.store import database
from gpreader.text import clean_typed, safe_to_show

_SEP = "\x1f"  # separates tag paths inside one GROUP_CONCAT


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_coder() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "coder"


class AnnotationStore:
    """The one way the rest of gpreader reads and writes annotations."""

    def __init__(
        self,
        path: Path,
        *,
        coder: str | None = None,
        busy_timeout: float | None = None,
        verify: bool = True,
    ):
        """Open the store. `verify=False`: a worker thread's second connection to a database
        this process has already opened (skips the checks and migrations)."""
        self.path = Path(path)
        kwargs: dict[str, Any] = {"verify": verify}
        if busy_timeout is not None:
            kwargs["busy_timeout"] = busy_timeout
        self.db, self.warnings = database.open_database(self.path, **kwargs)
        self.coder = clean_typed(coder or default_coder())  # shown in listings

    # -- plumbing -----------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def action(self) -> Iterator[Database]:
        """One user action in one BEGIN IMMEDIATE transaction."""
        with database.write(self.db) as db:
            yield db

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a query, every string made safe to show (see text.safe_to_show)."""
        try:
            return [_shown_row(row) for row in self.db.query(sql, list(params))]
        except sqlite3.DatabaseError as exc:
            raise database.database_error(exc, self.path) from exc

    def data_version(self) -> int:
        """Changes whenever another connection commits: poll it to notice other instances."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def backup(self, out: Path) -> None:
        """A consistent copy of the database, safe while other processes write."""
        database.backup_to(self.db, out)

    # -- state (UI layout and the like) --------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        rows = self._rows("SELECT value FROM state WHERE key = ?", [key])
        return json.loads(rows[0]["value"]) if rows else default

    def set_state(self, key: str, value: Any) -> None:
        with self.action() as db:
            db["state"].upsert({"key": key, "value": json.dumps(value)}, pk="key")

    # -- articles -------------------------------------------------------------

    def articles(self, *, include_missing: bool = True) -> list[ArticleSummary]:
        """The library, in path order, with live highlight counts."""
        rows = self._rows(
            """SELECT a.path, a.title, a.date, a.words, a.comments, a.missing,
                      (SELECT count(*) FROM highlights h
                        WHERE h.article_id = a.id AND h.deleted IS NULL) AS highlights
               FROM articles a ORDER BY a.path"""
        )
        return [
            ArticleSummary(
                path=r["path"],
                title=r["title"],
                date=r["date"],
                words=r["words"],
                comments=r["comments"],
                highlights=r["highlights"],
                missing=bool(r["missing"]),
            )
            for r in rows
            if include_missing or not r["missing"]
        ]

    def article(self, path: str) -> Article:
        """One article with its text and spans."""
        rows = self._rows("SELECT * FROM articles WHERE path = ?", [path])
        if not rows:
            raise NotFoundError(f"no article {path!r}; `gpreader articles` lists them")
        row = rows[0]
        spans = tuple(
            Span(s["kind"], s["start"], s["end"], s["section"], s["author"], s["date"])
            for s in self._rows(
                "SELECT * FROM spans WHERE article_id = ? ORDER BY seq", [row["id"]]
            )
        )
        return Article(
            path=row["path"],
            sha256=row["sha256"],
            text=row["text"],
            encoding=row["encoding"],
            title=row["title"],
            date=row["date"],
            words=row["words"],
            comments=row["comments"],
            spans=spans,
            size=row["size"],
            mtime_ns=row["mtime_ns"],
        )

    def resolve_article(self, ref: str, root: Path | None = None) -> str:
        """An article path from what a user typed: its path, file name, a path to the file, or a
        unique prefix of its title (case-insensitive)."""
        rows = self._rows("SELECT path, title FROM articles ORDER BY path")
        paths = [r["path"] for r in rows]
        if ref in paths:
            return ref
        if root is not None:
            try:
                rel = Path(ref).resolve().relative_to(root.resolve()).as_posix()
            except (ValueError, OSError):
                rel = None
            if rel in paths:
                return rel
        for candidates in (
            [p for p in paths if Path(p).name == ref],
            [r["path"] for r in rows if r["title"].casefold().startswith(ref.casefold())],
        ):
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                shown = ", ".join(candidates[:5])
                raise InvalidInputError(f"{ref!r} matches {len(candidates)} articles: {shown}")
        raise NotFoundError(f"no article matches {ref!r}; `gpreader articles` lists them")

    def _article_id(self, path: str) -> int:
        rows = self._rows("SELECT id FROM articles WHERE path = ?", [path])
        if not rows:
            raise NotFoundError(f"no article {path!r}")
        return rows[0]["id"]

    # -- highlights -------------------------------------------------------------

    def add_highlight(
        self,
        article: str,
        start: int,
        end: int,
        *,
        tags: Iterable[str] = (),
        note: str = "",
        expected_sha256: str | None = None,
    ) -> Highlight:
        """Highlight text[start:end] of an article, with tags and a note, as one action.

        `expected_sha256`: the version of the text the offsets were taken from (what a reader
        shows); if the article has changed since, nothing is saved (StaleArticleError).
        """
        hid = str(uuid.uuid4())
        stamp = now()
        with self.action() as db:
            rows = self._rows("SELECT id, sha256, text FROM articles WHERE path = ?", [article])
            if not rows:
                raise NotFoundError(f"no article {article!r}; `gpreader articles` lists them")
            art = rows[0]
            if expected_sha256 is not None and art["sha256"] != expected_sha256:
                raise StaleArticleError(
                    f"{article} changed on disk since it was shown; nothing was saved"
                )
            if not (0 <= start < end <= len(art["text"])):
                raise InvalidInputError(f"range {start}-{end} is outside the article")
            quote = quote_at(art["text"], start, end)
            db["highlights"].insert(
                {
                    "id": hid,
                    "article_id": art["id"],
                    "start": start,
                    "end": end,
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "article_sha256": art["sha256"],
                    "note": clean_typed(note),
                    "coder": self.coder,
                    "created": stamp,
                    "updated": stamp,
                    "status": "anchored",
                }
            )
            self._link_tags(hid, tags)
            self._journal("highlight", hid, None)
        return self.highlight(hid)

    def highlight(self, hid: str) -> Highlight:
        found = self.highlights(ids=[hid], include_deleted=True)
        if not found:
            raise NotFoundError(f"no highlight {hid}")
        return found[0]

    def highlights(
        self,
        article: str | None = None,
        *,
        tag: str | None = None,
        coder: str | None = None,
        status: str | None = None,
        since: str | None = None,
        ids: Iterable[str] | None = None,
        include_deleted: bool = False,
    ) -> list[Highlight]:
        """Highlights in reading order (article path, start), filtered; `tag` includes children."""
        where, params = self.highlight_filter(
            article,
            tag=tag,
            coder=coder,
            status=status,
            since=since,
            ids=ids,
            include_deleted=include_deleted,
        )
        rows = self._rows(
            f"""SELECT h.*, a.path AS article,
                   (SELECT group_concat(path, '{_SEP}') FROM
                      (SELECT t.path FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
                       WHERE x.highlight_id = h.id ORDER BY t.path)) AS tag_paths
                FROM highlights h JOIN articles a ON a.id = h.article_id
                WHERE {where}
                ORDER BY a.path, h.start, h.end, h.created""",
            params,
        )
        return [_highlight(r) for r in rows]

    def highlight_filter(
        self,
        article: str | None = None,
        *,
        tag: str | None = None,
        coder: str | None = None,
        status: str | None = None,
        since: str | None = None,
        ids: Iterable[str] | None = None,
        include_deleted: bool = False,
    ) -> tuple[str, list[Any]]:
        """The SQL condition over `highlights h JOIN articles a` that `highlights` filters by,
        and its parameters (exports stream large result sets with their own SELECT on it)."""
        where, params = ["1 = 1"], []
        if not include_deleted:
            where.append("h.deleted IS NULL")
        if article is not None:
            where.append("a.path = ?")
            params.append(article)
        if coder is not None:
            where.append("h.coder = ?")
            params.append(coder)
        if status is not None:
            where.append("h.status = ?")
            params.append(status)
        if since is not None:
            where.append("h.created >= ?")
            params.append(since)
        if ids is not None:
            ids = list(ids)
            where.append(f"h.id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        if tag is not None:
            path = tagging.normalize(tag)
            where.append(
                """EXISTS (SELECT 1 FROM highlight_tags x JOIN tags t ON t.id = x.tag_id
                   WHERE x.highlight_id = h.id AND (t.path = ? OR t.path LIKE ? ESCAPE '\\'))"""
            )
            params += [path, tagging.like_children(path)]
        return " AND ".join(where), params

    def tag_highlight(self, hid: str, tags: Iterable[str]) -> Highlight:
        """Add tags (created if new) to a highlight."""
        self.highlight(hid)
        with self.action():
            self._journal("tag", hid, self._snapshot(hid))
            self._link_tags(hid, tags)
            self._touch(hid)
        return self.highlight(hid)

    def untag_highlight(self, hid: str, tag: str) -> Highlight:
        self.highlight(hid)
        tag_id = self._tag_id(tagging.normalize(tag))
        with self.action() as db:
            self._journal("untag", hid, self._snapshot(hid))
            db.execute(
                "DELETE FROM highlight_tags WHERE highlight_id = ? AND tag_id = ?", [hid, tag_id]
            )
            self._touch(hid)
        return self.highlight(hid)

    def set_note(self, hid: str, note: str) -> Highlight:
        self.highlight(hid)
        with self.action() as db:
            self._journal("note", hid, self._snapshot(hid))
            db.execute(
                "UPDATE highlights SET note = ? WHERE id = ?", [clean_typed(note), hid]
            )
            self._touch(hid)
        return self.highlight(hid)

    def delete_highlight(self, hid: str) -> None:
        """Soft delete: hidden everywhere, kept until `purge`, so `undo` can bring it back."""
        self.highlight(hid)
        with self.action() as db:
            self._journal("delete", hid, self._snapshot(hid))
            db.execute("UPDATE highlights SET deleted = ? WHERE id = ?", [now(), hid])

    def undo(self) -> str | None:
        """Reverse this coder's most recent change not yet undone; a description, or None."""
        with self.action() as db:
            rows = self._rows(
                """SELECT * FROM journal WHERE coder = ? AND undone = 0
                   ORDER BY seq DESC LIMIT 1""",
                [self.coder],
            )
            if not rows:
                return None
            entry = rows[0]
            hid = entry["highlight_id"]
            before = json.loads(entry["before"]) if entry["before"] else None
            if before is None:
                db.execute("UPDATE highlights SET deleted = ? WHERE id = ?", [now(), hid])
            else:
                db.execute(
                    "UPDATE highlights SET note = ?, deleted = ? WHERE id = ?",
                    [before["note"], before["deleted"], hid],
                )
                db.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [hid])
                ids = [int(i) for i in before["tag_ids"]]  # tags renamed since keep new names
                db.execute(
                    f"""INSERT INTO highlight_tags (highlight_id, tag_id)
                        SELECT ?, id FROM tags WHERE id IN ({", ".join("?" * len(ids))})""",
                    [hid, *ids],
                )
            self._touch(hid)
            db.execute("UPDATE journal SET undone = 1 WHERE seq = ?", [entry["seq"]])
        return f"undid {entry['action']}"

    def purge(self) -> int:
        """Remove soft-deleted highlights for good; how many."""
        with self.action() as db:
            gone = "SELECT id FROM highlights WHERE deleted IS NOT NULL"
            db.execute(f"DELETE FROM highlight_tags WHERE highlight_id IN ({gone})")
            db.execute(f"DELETE FROM journal WHERE highlight_id IN ({gone})")
            return db.execute("DELETE FROM highlights WHERE deleted IS NOT NULL").rowcount

    def _snapshot(self, hid: str) -> dict[str, Any]:
        h = self.highlight(hid)
        ids = self._rows("SELECT tag_id FROM highlight_tags WHERE highlight_id = ?", [hid])
        return {"note": h.note, "deleted": h.deleted, "tag_ids": [r["tag_id"] for r in ids]}

    def _journal(self, action: str, hid: str, before: dict[str, Any] | None) -> None:
        self.db["journal"].insert(
            {
                "at": now(),
                "coder": self.coder,
                "action": action,
                "highlight_id": hid,
                "before": json.dumps(before) if before is not None else None,
                "undone": 0,
            }
        )

    def _touch(self, hid: str) -> None:
        self.db.execute("UPDATE highlights SET updated = ? WHERE id = ?", [now(), hid])

    def _link_tags(self, hid: str, tags: Iterable[str]) -> None:
        for path in tags:
            tag = self.ensure_tag(path)
            self.db.execute(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)",
                [hid, self._tag_id(tag.path)],
            )

    # -- tags ---------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """Every tag in path order, with counts of live highlights and articles."""
        rows = self._rows(
            """SELECT t.*, count(DISTINCT h.id) AS highlights,
                      count(DISTINCT h.article_id) AS articles
               FROM tags t
               LEFT JOIN highlight_tags x ON x.tag_id = t.id
               LEFT JOIN highlights h ON h.id = x.highlight_id AND h.deleted IS NULL
               GROUP BY t.id ORDER BY t.path"""
        )
        return [_tag(r) for r in rows]

    def tag(self, path: str) -> Tag:
        path = tagging.normalize(path)
        for t in self.tags():
            if t.path == path:
                return t
        raise NotFoundError(f"no tag {path!r}; `gpreader tags list` shows them")

    def ensure_tag(
        self, path: str, *, color: str | None = None, description: str | None = None
    ) -> Tag:
        """The tag at `path`, created (with a colour from the palette) if it is new.

        Missing ancestors are created too: `policy/contract` implies `policy`.
        """
        path = tagging.normalize(path)
        with self.action() as db:
            rows = self._rows("SELECT * FROM tags WHERE path = ?", [path])
            if rows:
                return _tag(rows[0])
            if "/" in path:
                self.ensure_tag(path.rsplit("/", 1)[0])
            used = [r["color"] for r in self._rows("SELECT color FROM tags")]
            db["tags"].insert(
                {
                    "path": path,
                    "color": tagging.normalize_color(color) if color else tagging.next_color(used),
                    "description": clean_typed(description or ""),
                }
            )
        return _tag(self._rows("SELECT * FROM tags WHERE path = ?", [path])[0])

    def update_tag(
        self,
        path: str,
        *,
        color: str | None = None,
        description: str | None = None,
        quick_key: int | bool | None = False,
    ) -> Tag:
        """Change a tag's colour, description or quick key (1-9; None clears; False leaves)."""
        path = self.tag(path).path
        changes: dict[str, Any] = {}
        if color is not None:
            changes["color"] = tagging.normalize_color(color)
        if description is not None:
            changes["description"] = clean_typed(description)
        with self.action() as db:
            if quick_key is not False:
                if quick_key is not None and not (
                    isinstance(quick_key, int) and 1 <= quick_key <= 9
                ):
                    raise InvalidInputError("a quick key is a digit from 1 to 9")
                db.execute("UPDATE tags SET quick_key = NULL WHERE quick_key = ?", [quick_key])
                changes["quick_key"] = quick_key
            if changes:
                db["tags"].update(self._tag_id(path), changes)
        return self.tag(path)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag and its children (`a` -> `b` moves `a/x` to `b/x`); how many renamed."""
        new = tagging.normalize(new)
        with self.action() as db:
            old = self.tag(old).path
            if tagging.in_subtree(new, old):
                raise InvalidInputError(f"{old!r} cannot be moved inside itself")
            moves = self._subtree_moves(old, new)
            clash = [d for _, d in moves if self._rows("SELECT 1 FROM tags WHERE path = ?", [d])]
            if clash:
                raise InvalidInputError(f"tag {clash[0]!r} exists already; use `tags merge`")
            for src, dst in moves:
                db.execute("UPDATE tags SET path = ? WHERE path = ?", [dst, src])
            if "/" in new:
                self.ensure_tag(new.rsplit("/", 1)[0])
        return len(moves)

    def merge_tags(self, source: str, target: str) -> int:
        """Move every highlight of `source` (and its children) onto `target`; delete the sources."""
        target = tagging.normalize(target)
        with self.action() as db:
            source = self.tag(source).path
            if tagging.in_subtree(target, source):
                raise InvalidInputError(f"{source!r} cannot be merged into itself or its children")
            self.ensure_tag(target)
            moves = self._subtree_moves(source, target)
            for src, dst in moves:
                self.ensure_tag(dst)
                dst_id, src_id = self._tag_id(dst), self._tag_id(src)
                db.execute(
                    """INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id)
                       SELECT highlight_id, ? FROM highlight_tags WHERE tag_id = ?""",
                    [dst_id, src_id],
                )
                db.execute("DELETE FROM highlight_tags WHERE tag_id = ?", [src_id])
                db.execute("DELETE FROM tags WHERE id = ?", [src_id])
        return len(moves)

    def delete_tag(self, path: str, *, force: bool = False) -> int:
        """Delete a tag and its children; refuses when in use unless `force`. Highlights stay."""
        path = self.tag(path).path
        subtree = [src for src, _ in self._subtree_moves(path, path)]
        in_use = sum(t.highlights for t in self.tags() if t.path in subtree)
        if in_use and not force:
            raise TagInUseError(
                f"tag {path!r} is on {in_use} highlight(s); use --force to delete it anyway"
            )
        with self.action() as db:
            for src in subtree:
                tag_id = self._tag_id(src)
                db.execute("DELETE FROM highlight_tags WHERE tag_id = ?", [tag_id])
                db.execute("DELETE FROM tags WHERE id = ?", [tag_id])
        return len(subtree)

    def quick_tags(self) -> dict[int, str]:
        """Quick key -> tag path."""
        return {
            r["quick_key"]: r["path"]
            for r in self._rows("SELECT path, quick_key FROM tags WHERE quick_key IS NOT NULL")
        }

    def _subtree_moves(self, old: str, new: str) -> list[tuple[str, str]]:
        rows = self._rows(
            "SELECT path FROM tags WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY path",
            [old, tagging.like_children(old)],
        )
        return [(r["path"], new + r["path"][len(old) :]) for r in rows]

    def _tag_id(self, path: str) -> int:
        rows = self._rows("SELECT id FROM tags WHERE path = ?", [path])
        if not rows:
            raise NotFoundError(f"no tag {path!r}")
        return rows[0]["id"]

    # -- summary ------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for `gpreader stats`."""
        one = self._rows(
            """SELECT
                 (SELECT count(*) FROM articles WHERE missing = 0) AS articles,
                 (SELECT count(*) FROM articles WHERE missing = 1) AS missing_articles,
                 (SELECT count(*) FROM highlights WHERE deleted IS NULL) AS highlights,
                 (SELECT count(*) FROM highlights WHERE deleted IS NOT NULL) AS deleted,
                 (SELECT count(*) FROM tags) AS tags"""
        )[0]
        status = self._rows(
            """SELECT status, count(*) AS n FROM highlights WHERE deleted IS NULL
               GROUP BY status ORDER BY status"""
        )
        coders = self._rows(
            """SELECT coder, count(*) AS n FROM highlights WHERE deleted IS NULL
               GROUP BY coder ORDER BY coder"""
        )
        return {
            **one,
            "by_status": {r["status"]: r["n"] for r in status},
            "by_coder": {r["coder"]: r["n"] for r in coders},
            "by_tag": {t.path: t.highlights for t in self.tags()},
        }


def _shown_row(row: dict[str, Any]) -> dict[str, Any]:
    """A database shared by a colleague, or edited by hand, may hold terminal escape codes in
    any text; what the store returns never does (the tag list keeps its separator)."""
    for key, value in row.items():
        if isinstance(value, str):
            if key == "tag_paths":
                row[key] = _SEP.join(safe_to_show(p) for p in value.split(_SEP))
            else:
                row[key] = safe_to_show(value)
    return row


def _tag(row: dict[str, Any]) -> Tag:
    return Tag(
        path=row["path"],
        color=row["color"] or "",
        description=row["description"] or "",
        quick_key=row["quick_key"],
        highlights=row.get("highlights", 0),
        articles=row.get("articles", 0),
    )


def _highlight(row: dict[str, Any]) -> Highlight:
    return Highlight(
        id=row["id"],
        article=row["article"],
        start=row["start"],
        end=row["end"],
        exact=row["exact"],
        prefix=row["prefix"] or "",
        suffix=row["suffix"] or "",
        article_sha256=row["article_sha256"] or "",
        note=row["note"] or "",
        coder=row["coder"] or "",
        created=row["created"] or "",
        updated=row["updated"] or "",
        status=row["status"],
        score=row["score"],
        tags=tuple(row["tag_paths"].split(_SEP)) if row["tag_paths"] else (),
        deleted=row["deleted"],
    )
