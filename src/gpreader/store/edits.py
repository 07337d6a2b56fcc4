"""Coding: making, tagging, noting and deleting highlights, each one a journalled change
(store/changes.py) that undo reverses and redo applies again."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError, NotFoundError, StaleArticleError
from gpreader.models import Highlight
from gpreader.store import journal
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
        shown_text: str | None = None,
        coder: str | None = None,
    ) -> Highlight:
        """Highlight text[start:end] of an article, with tags and a note, as one action.

        `expected_sha256`: the version of the text the offsets were taken from (what a reader
        shows); if the article has changed since, nothing is saved (StaleArticleError).
        `shown_text`: that version's whole text, when the caller holds it (a reader does): the
        quote is cut from it instead of read from the database (SQLite reads a text value
        whole, ~6 ms for 5 MB). It is used only with `expected_sha256`, which must be its hash.
        `coder`: record the highlight and its tags as that coder's (adopting a coding into a
        consensus coder); the action is journalled for this store's coder, who can undo it.
        """
        # Not at import: the workbench opens the store before its first frame, and anchoring
        # brings rapidfuzz (the idle prebuild imports it, so no key pays for it).
        from gpreader.anchoring import CONTEXT, quote_at

        made_by = clean_typed(coder) if coder else self.coder
        hid = str(uuid.uuid4())
        stamp = now()
        with self.action():
            lo, hi = max(0, start - CONTEXT), max(start, end) + CONTEXT
            article_id, sha256 = self._version(article, expected_sha256)
            if shown_text is not None and expected_sha256 is not None:
                around = shown_text[lo:hi]  # the stored text: its hash is the stored one
            else:  # only the quote and its context (not length(text): that reads it all)
                row = self._one(
                    "SELECT gp_substr(text, ?, ?) FROM articles WHERE id = ?",
                    [lo + 1, hi - lo, article_id],
                )
                around = row[0] if row else ""
            if not (0 <= start < end and end - lo <= len(around)):  # substr stops at the end
                raise InvalidInputError(f"range {start}-{end} is outside the article")
            quote = quote_at(around, start - lo, end - lo)
            self.conn.execute(  # plain SQL: sqlite-utils costs a second to import
                """INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix,
                   article_sha256, note, coder, created, updated, status)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'anchored')""",
                [
                    hid, article_id, start, end, quote.exact, quote.prefix, quote.suffix,
                    sha256, clean_typed(note), made_by, stamp, stamp,
                ],
            )  # fmt: skip
            paths = [tagging.normalize(t) for t in tags]
            self._perform({"op": "highlight", "id": hid, "tags": paths, "by": made_by}, paths)
        return self.highlight(hid)

    def _version(self, article: str, expected_sha256: str | None) -> tuple[int, str]:
        """The article's id and sha256; StaleArticleError if it is not `expected_sha256`."""
        row = self._one("SELECT id, sha256 FROM articles WHERE path = ?", [article])
        if row is None:
            raise NotFoundError(f"no article {article!r}; `gpreader articles` lists them")
        if expected_sha256 is not None and row[1] != expected_sha256:
            raise StaleArticleError(
                f"{article} changed on disk since it was shown; nothing was saved"
            )
        return row[0], row[1]

    def tag_highlight(self, hid: str, tags: Iterable[str]) -> Highlight:
        """Add tags (created if new) to a highlight, applied by this store's coder."""
        paths = [tagging.normalize(t) for t in tags]
        with self.action():
            have = set(self.highlight(hid).tags)
            add = list(dict.fromkeys(p for p in paths if p not in have))
            if add:
                change = {"op": "tag", "id": hid, "add": add, "remove": [], "by": self.coder}
                self._perform(change, add)
        return self.highlight(hid)

    def untag_highlight(self, hid: str, tag: str) -> Highlight:
        """Remove one tag from a highlight (the tag stays in the codebook)."""
        path = tagging.normalize(tag)
        with self.action():
            if path not in self.highlight(hid).tags:
                raise NotFoundError(f"highlight {hid[:8]} has no tag {path!r}")
            self._perform({"op": "tag", "id": hid, "add": [], "remove": [path]})
        return self.highlight(hid)

    def set_note(self, hid: str, note: str) -> Highlight:
        with self.action():
            old = self.highlight(hid).note
            new = clean_typed(note)
            if new != old:
                self._perform({"op": "note", "id": hid, "old": old, "new": new})
        return self.highlight(hid)

    def delete_highlight(self, hid: str) -> None:
        """Soft delete: hidden everywhere, kept until `purge`, so `undo` can bring it back."""
        with self.action():
            if self.highlight(hid).deleted is None:
                self._perform({"op": "delete", "id": hid})

    def undo(self) -> journal.Outcome | None:
        """Reverse this coder's most recent change not yet undone: what it did, or None."""
        with self.action() as conn:
            return journal.undo(conn, self.coder)

    def redo(self) -> journal.Outcome | None:
        """Apply again this coder's most recently undone change: what it did, or None."""
        with self.action() as conn:
            return journal.redo(conn, self.coder)

    def purge(self) -> int:
        """Remove soft-deleted highlights for good; how many."""
        with self.action() as conn:
            gone = "SELECT id FROM highlights WHERE deleted IS NOT NULL"
            conn.execute(f"DELETE FROM highlight_tags WHERE highlight_id IN ({gone})")
            conn.execute(f"DELETE FROM journal WHERE highlight_id IN ({gone})")
            return conn.execute("DELETE FROM highlights WHERE deleted IS NOT NULL").rowcount
