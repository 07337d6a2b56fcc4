"""Coding: making, tagging, noting and deleting highlights, each one journaled for undo."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from gpreader import codebook as tagging
from gpreader.anchoring import quote_at
from gpreader.errors import InvalidInputError, NotFoundError, StaleArticleError
from gpreader.models import Highlight
from gpreader.store.base import now
from gpreader.store.highlights import HighlightReads
from gpreader.store.tags import TagStore
from gpreader.text import clean_typed


class HighlightEdits(HighlightReads, TagStore):
    """Every change to a highlight is one action, journaled so `undo` can reverse it."""

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
        with self.action():
            row = self._one("SELECT id, sha256, text FROM articles WHERE path = ?", [article])
            if row is None:
                raise NotFoundError(f"no article {article!r}; `gpreader articles` lists them")
            article_id, sha256, text = row
            if expected_sha256 is not None and sha256 != expected_sha256:
                raise StaleArticleError(
                    f"{article} changed on disk since it was shown; nothing was saved"
                )
            if not (0 <= start < end <= len(text)):
                raise InvalidInputError(f"range {start}-{end} is outside the article")
            quote = quote_at(text, start, end)
            self.db["highlights"].insert(
                {
                    "id": hid,
                    "article_id": article_id,
                    "start": start,
                    "end": end,
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "article_sha256": sha256,
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
        with self.action() as conn:
            self._journal("untag", hid, self._snapshot(hid))
            conn.execute(
                "DELETE FROM highlight_tags WHERE highlight_id = ? AND tag_id = ?", [hid, tag_id]
            )
            self._touch(hid)
        return self.highlight(hid)

    def set_note(self, hid: str, note: str) -> Highlight:
        self.highlight(hid)
        with self.action() as conn:
            self._journal("note", hid, self._snapshot(hid))
            conn.execute("UPDATE highlights SET note = ? WHERE id = ?", [clean_typed(note), hid])
            self._touch(hid)
        return self.highlight(hid)

    def delete_highlight(self, hid: str) -> None:
        """Soft delete: hidden everywhere, kept until `purge`, so `undo` can bring it back."""
        self.highlight(hid)
        with self.action() as conn:
            self._journal("delete", hid, self._snapshot(hid))
            conn.execute("UPDATE highlights SET deleted = ? WHERE id = ?", [now(), hid])

    def undo(self) -> str | None:
        """Reverse this coder's most recent change not yet undone; a description, or None."""
        with self.action() as conn:
            entry = self._one(
                """SELECT seq, action, highlight_id, before FROM journal
                   WHERE coder = ? AND undone = 0 ORDER BY seq DESC LIMIT 1""",
                [self.coder],
            )
            if entry is None:
                return None
            seq, action, hid, before_json = entry
            before = json.loads(before_json) if before_json else None
            if before is None:
                conn.execute("UPDATE highlights SET deleted = ? WHERE id = ?", [now(), hid])
            else:
                conn.execute(
                    "UPDATE highlights SET note = ?, deleted = ? WHERE id = ?",
                    [before["note"], before["deleted"], hid],
                )
                conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", [hid])
                ids = [int(i) for i in before["tag_ids"]]  # tags renamed since keep new names
                conn.execute(
                    f"""INSERT INTO highlight_tags (highlight_id, tag_id)
                        SELECT ?, id FROM tags WHERE id IN ({", ".join("?" * len(ids))})""",
                    [hid, *ids],
                )
            self._touch(hid)
            conn.execute("UPDATE journal SET undone = 1 WHERE seq = ?", [seq])
        return f"undid {action}"

    def purge(self) -> int:
        """Remove soft-deleted highlights for good; how many."""
        with self.action() as conn:
            gone = "SELECT id FROM highlights WHERE deleted IS NOT NULL"
            conn.execute(f"DELETE FROM highlight_tags WHERE highlight_id IN ({gone})")
            conn.execute(f"DELETE FROM journal WHERE highlight_id IN ({gone})")
            return conn.execute("DELETE FROM highlights WHERE deleted IS NOT NULL").rowcount

    def _snapshot(self, hid: str) -> dict[str, Any]:
        row = self._one("SELECT note, deleted FROM highlights WHERE id = ?", [hid])
        if row is None:
            raise NotFoundError(f"no highlight {hid}")
        ids = self._all("SELECT tag_id FROM highlight_tags WHERE highlight_id = ?", [hid])
        return {"note": row[0] or "", "deleted": row[1], "tag_ids": [i for (i,) in ids]}

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
        self.conn.execute("UPDATE highlights SET updated = ? WHERE id = ?", [now(), hid])

    def _link_tags(self, hid: str, tags: Iterable[str]) -> None:
        for path in tags:
            tag = self.ensure_tag(path)
            self.conn.execute(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)",
                [hid, self._tag_id(tag.path)],
            )
