"""The undo journal: one row per change, per coder, so undo and redo work across restarts.

Undo applies the inverse of the change itself (store/changes.py), never a snapshot, so another
coder's later work on the same highlight or tag stays. The journal is a stack per coder: `undo`
takes the coder's newest change not undone, `redo` the one undone most recently; a new change
discards what could be redone.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from gpreader import codebook
from gpreader.store.base import now
from gpreader.store.changes import APPLY, Change, apply

DONE, UNDONE, DISCARDED = 0, 1, 2
QUOTE_CHARS = 40  # of a highlight's text in a change's summary


@dataclass(frozen=True)
class Outcome:
    """What undo or redo did, and where (to move the view there)."""

    message: str
    article: str | None = None
    start: int | None = None

    def __str__(self) -> str:
        return self.message


# -- the journal --------------------------------------------------------------------------


def perform(conn: sqlite3.Connection, coder: str, change: Change) -> None:
    """Apply a new change and journal it for `coder` (inside the caller's transaction)."""
    apply(conn, change, forward=True)
    record(conn, coder, change)


def record(conn: sqlite3.Connection, coder: str, change: Change) -> None:
    """Journal a change already applied; what this coder could redo is discarded."""
    conn.execute(
        "UPDATE journal SET undone = ? WHERE coder = ? AND undone = ?", [DISCARDED, coder, UNDONE]
    )
    conn.execute(
        """INSERT INTO journal (at, coder, action, highlight_id, change, summary, undone)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [
            now(),
            coder,
            change["op"],
            change.get("id"),
            json.dumps(change, ensure_ascii=False),
            describe(conn, change),
            DONE,
        ],
    )


def undo(conn: sqlite3.Connection, coder: str) -> Outcome | None:
    """Reverse `coder`'s newest change not yet undone; None when there is none."""
    row = conn.execute(
        """SELECT seq, change, summary FROM journal WHERE coder = ? AND undone = ?
           ORDER BY seq DESC LIMIT 1""",
        [coder, DONE],
    ).fetchone()
    return _step(conn, row, forward=False, state=UNDONE, verb="undid")


def redo(conn: sqlite3.Connection, coder: str) -> Outcome | None:
    """Apply again the change `coder` undid most recently; None when there is none."""
    row = conn.execute(
        """SELECT seq, change, summary FROM journal WHERE coder = ? AND undone = ?
           ORDER BY seq ASC LIMIT 1""",
        [coder, UNDONE],
    ).fetchone()
    return _step(conn, row, forward=True, state=DONE, verb="redid")


def _step(
    conn: sqlite3.Connection, row: tuple[Any, ...] | None, *, forward: bool, state: int, verb: str
) -> Outcome | None:
    if row is None:
        return None
    seq, text, summary = row
    try:
        change = json.loads(text)
        if not isinstance(change, dict) or change.get("op") not in APPLY:
            raise ValueError(change)
    except (TypeError, ValueError):
        conn.execute("UPDATE journal SET undone = ? WHERE seq = ?", [DISCARDED, seq])
        return Outcome(f"skipped a journal entry gpreader cannot read ({summary or seq})")
    change = _resolved(conn, change, seq)
    problem = apply(conn, change, forward=forward)
    conn.execute("UPDATE journal SET undone = ? WHERE seq = ?", [state, seq])
    message = f"{verb}: {summary}" + (f" ({problem})" if problem else "")
    return Outcome(message, *_where(conn, change.get("id")))


def _where(conn: sqlite3.Connection, hid: str | None) -> tuple[str | None, int | None]:
    if hid is None:
        return None, None
    row = conn.execute(
        """SELECT a.path, h.start FROM highlights h JOIN articles a ON a.id = h.article_id
           WHERE h.id = ?""",
        [hid],
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


# -- following renames and merges ------------------------------------------------------------


def _resolved(conn: sqlite3.Connection, change: Change, seq: int) -> Change:
    """`change` with each tag path it names moved along the renames and merges journalled
    after it (by any coder, not undone): a tag added before a rename is removed by its new
    name."""
    later = [
        json.loads(text)
        for (text,) in conn.execute(
            """SELECT change FROM journal WHERE seq > ? AND undone = ?
               AND action IN ('rename_tag', 'merge_tag') ORDER BY seq""",
            [seq, DONE],
        )
    ]
    if not later:
        return change

    def follow(path: str) -> str:
        for moved in later:
            for old, new in moved.get("moves", []):
                if codebook.in_subtree(path, old):
                    path = new + path[len(old) :]
                    break
        return path

    out = dict(change)
    for key in ("add", "remove"):
        if key in out:
            out[key] = [follow(p) for p in out[key]]
    if "links" in out and out["op"] == "delete_tag":
        out["links"] = [[hid, follow(p)] for hid, p in out["links"]]
    if out["op"] == "merge":
        out["highlights"] = [
            [
                hid,
                *(
                    {**s, "tags": [[follow(p), *rest] for p, *rest in s["tags"]]} if s else s
                    for s in (before, after)
                ),
            ]
            for hid, before, after in out["highlights"]
        ]
    return out


# -- summaries -----------------------------------------------------------------------------


def describe(conn: sqlite3.Connection, c: Change) -> str:
    """One line saying what a change did, e.g. `tag policy/funding added to “centrally…”`."""
    op = c["op"]
    quote = _quote(conn, c.get("id"))
    if op == "highlight":
        return f"highlight {quote}"
    if op == "delete":
        return f"deletion of highlight {quote}"
    if op == "tag":
        parts = [f"tag {p} added" for p in c["add"]] + [f"tag {p} removed" for p in c["remove"]]
        return f"{', '.join(parts) or 'tags unchanged'} on {quote}"
    if op == "note":
        return f"note on {quote}"
    if op == "rename_tag":
        old, new = c["moves"][0]
        return f"rename of tag {old} to {new}"
    if op == "merge_tag":
        old, new = c["moves"][0]
        return f"merge of tag {old} into {new}"
    if op == "delete_tag":
        return f"deletion of tag {c['rows'][0]['path'] if c['rows'] else '?'}"
    if op == "merge" and c.get("coded"):  # store/batch_coding.py: many ranges coded at once
        return f"code {len(c['highlights'])} {c['source']} with {', '.join(c['coded'])}"
    if op == "merge":
        return f"merge of {len(c['highlights'])} highlight(s) from {c['source']}"
    return _describe_update(c)


def _describe_update(c: Change) -> str:
    """`colour and quick key 3 of tag policy`: what an update_tag change set."""
    old, new = c["old"], c["new"]
    parts = []
    if old.get("color") != new.get("color"):
        parts.append(f"colour {new.get('color')}")
    if old.get("description") != new.get("description"):
        parts.append("description")
    if old.get("quick_key") != new.get("quick_key"):
        key = new.get("quick_key")
        parts.append(f"quick key {key}" if key else "removal of the quick key")
    return f"{' and '.join(parts) or 'change'} of tag {c['path']}"


def _quote(conn: sqlite3.Connection, hid: str | None) -> str:
    if hid is None:
        return ""
    row = conn.execute("SELECT exact FROM highlights WHERE id = ?", [hid]).fetchone()
    if row is None:
        return "(gone)"
    text = " ".join(str(row[0]).split())
    return "“" + (text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…") + "”"
