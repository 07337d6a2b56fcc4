"""Memos: long text on the project, on an article or on a tag (a tag's description stays its
short line). One memo per object; writing an empty memo removes it.

    store.set_memo("tag", "policy/contract", "Why this code exists ...")
    store.memo("tag", "policy/contract")  -> Memo | None
    store.memos()                          -> every memo (what exports attach to their objects)

An article memo is kept by the article's id (a renamed file keeps it) and a tag memo by the tag's
id (a renamed tag keeps it). Deleting or merging a tag away removes its memo with it, recorded in
the change so that undo brings it back (`memo_row`, `drop_tag_memo`, `restore_tag_memo`): a new
tag that reuses a deleted tag's id never inherits its memo.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Literal, get_args

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store.base import StoreBase, now
from gpreader.text import clean_typed

MemoKind = Literal["project", "article", "tag"]
MEMO_KINDS: tuple[MemoKind, ...] = get_args(MemoKind)


@dataclass(frozen=True)
class Memo:
    """One memo. `target` is the article path or tag path ("" for the project memo)."""

    kind: MemoKind
    target: str
    text: str
    updated: str
    coder: str


_LISTED = """SELECT m.kind, CASE m.kind WHEN 'project' THEN '' WHEN 'article' THEN a.path
         ELSE t.path END, m.text, coalesce(m.updated, ''), coalesce(m.coder, '')
    FROM memos m
    LEFT JOIN articles a ON m.kind = 'article' AND a.id = m.ref
    LEFT JOIN tags t ON m.kind = 'tag' AND t.id = m.ref
    WHERE (m.kind = 'project' OR a.id IS NOT NULL OR t.id IS NOT NULL) {where}
    ORDER BY CASE m.kind WHEN 'project' THEN 0 WHEN 'tag' THEN 1 ELSE 2 END, 2"""


class MemoStore(StoreBase):
    """Reading and writing memos."""

    def memo(self, kind: str, target: str = "") -> Memo | None:
        """The memo of the project, an article (its path) or a tag (its path), or None."""
        ref = self._memo_ref(kind, target)
        row = self._one(_LISTED.format(where="AND m.kind = ? AND m.ref = ?"), [kind, ref])
        return Memo(*row) if row else None

    def memos(self) -> list[Memo]:
        """Every memo: the project's, then tags' by path, then articles' by path."""
        return [Memo(*row) for row in self._all(_LISTED.format(where=""))]

    def set_memo(self, kind: str, target: str, text: str) -> Memo | None:
        """Write the memo (typed text is cleaned; line ends kept); an empty or blank text
        removes it. Returns the memo now stored, or None when removed."""
        body = clean_typed(text).replace("\r\n", "\n").replace("\r", "\n")
        with self.action():
            ref = self._memo_ref(kind, target)
            if not body.strip():
                self.conn.execute("DELETE FROM memos WHERE kind = ? AND ref = ?", [kind, ref])
            else:
                self.conn.execute(
                    """INSERT INTO memos (kind, ref, text, updated, coder) VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT (kind, ref) DO UPDATE SET text = excluded.text,
                       updated = excluded.updated, coder = excluded.coder""",
                    [kind, ref, body, now(), self.coder],
                )
        return self.memo(kind, target)

    def _memo_ref(self, kind: str, target: str) -> int:
        """The row id a memo of `kind` on `target` is kept under; NotFoundError if none."""
        if kind not in MEMO_KINDS:
            raise InvalidInputError(f"a memo is on one of {', '.join(MEMO_KINDS)}, not {kind!r}")
        if kind == "project":
            return 0
        if kind == "article":
            row = self._one("SELECT id FROM articles WHERE path = ?", [target])
            if row is None:
                raise NotFoundError(f"no article {target!r}")
            return int(row[0])
        path = tagging.normalize(target)
        row = self._one("SELECT id FROM tags WHERE path = ?", [path])
        if row is None:
            raise NotFoundError(f"no tag {path!r}; `gpreader tags list` shows them")
        return int(row[0])


# -- a tag's memo as a change records it (store/changes.py) -------------------------------------


def memo_row(conn: sqlite3.Connection, tag_id: int) -> dict[str, Any] | None:
    """The memo of the tag with id `tag_id` as plain values (for a change to keep), or None."""
    row = conn.execute(
        "SELECT text, updated, coder FROM memos WHERE kind = 'tag' AND ref = ?", [tag_id]
    ).fetchone()
    return dict(zip(("text", "updated", "coder"), row, strict=True)) if row else None


def drop_tag_memo(conn: sqlite3.Connection, tag_id: int) -> None:
    """Remove the memo of a tag that is being deleted (its id may be reused)."""
    conn.execute("DELETE FROM memos WHERE kind = 'tag' AND ref = ?", [tag_id])


def restore_tag_memo(conn: sqlite3.Connection, tag_id: int, memo: dict[str, Any] | None) -> None:
    """Put a recorded memo (from `memo_row`) on the tag `tag_id`; nothing when `memo` is None.
    Whatever memo sat under that id before (there should be none) is replaced."""
    drop_tag_memo(conn, tag_id)
    if memo:
        conn.execute(
            "INSERT INTO memos (kind, ref, text, updated, coder) VALUES ('tag', ?, ?, ?, ?)",
            [tag_id, memo["text"], memo.get("updated"), memo.get("coder")],
        )
