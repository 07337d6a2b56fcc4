"""Coding many passages at once (KWIC's "code all results"), as ONE journalled change.

    coded = code_ranges(store, [("a.txt", 120, 128)], ["policy/contract"], "KWIC hit(s) of “x”")
    store.undo()   # every one of them, at once

A range that is already exactly a live highlight gets the tags that highlight lacks; any other
range becomes a new highlight with the tags. The change is the journal's `merge` op (store/
changes.py): each highlight's state before (None: absent) and after, so undo restores the
before states and redo the after states, tags created by it included. It also records the
tags and what the ranges were (`coded`), so that the journal reads "code 3 KWIC hit(s) of “x”
with policy/contract" rather than as a merge of another database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gpreader import codebook as tagging
from gpreader.anchoring import CONTEXT, quote_at
from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store import states
from gpreader.store.base import now

if TYPE_CHECKING:
    from gpreader.store import AnnotationStore

Range = tuple[str, int, int]  # article path, start, end


@dataclass(frozen=True)
class Coded:
    """What `code_ranges` did: highlights made, highlights that gained tags, ranges that
    already had every tag (nothing to do), and the ids of the highlights touched."""

    made: int
    tagged: int
    unchanged: int
    ids: tuple[str, ...]


def code_ranges(
    store: AnnotationStore, ranges: Iterable[Range], tags: Sequence[str], source: str
) -> Coded:
    """Code each range with `tags` for the store's coder, as one undoable action. `source`
    names what the ranges are, for the journal ("KWIC hit(s) of “contract”")."""
    paths = list(dict.fromkeys(tagging.normalize(t) for t in tags))
    if not paths:
        raise InvalidInputError("name at least one tag")
    wanted = list(dict.fromkeys((p, int(s), int(e)) for p, s, e in ranges))
    stamp, coder = now(), store.coder
    items: list[list[Any]] = []
    made = tagged = unchanged = 0
    with store.action() as conn:
        existing = _live_at(conn, wanted)
        for path, start, end in wanted:
            hid = existing.get((path, start, end))
            if hid is not None:
                before = states.read_states(conn, [hid])[hid]
                have = {p for p, *_ in before["tags"]}
                add = [[p, coder, stamp] for p in paths if p not in have]
                if not add:
                    unchanged += 1
                    continue
                after = {**before, "tags": [*before["tags"], *add], "updated": stamp}
                tagged += 1
            else:
                hid, before = str(uuid.uuid4()), None
                after = _new_state(conn, hid, path, start, end, coder, stamp)
                after["tags"] = [[p, coder, stamp] for p in paths]
                made += 1
            items.append([hid, before, after])
        if items:
            change = {"op": "merge", "source": source, "highlights": items, "coded": paths}
            store._perform(change, paths)  # the store's one way to apply and journal
    return Coded(made, tagged, unchanged, tuple(hid for hid, _, _ in items))


def _live_at(conn: Any, wanted: list[Range]) -> dict[Range, str]:
    """The live (not deleted) highlight at exactly each range, where there is one."""
    found: dict[Range, str] = {}
    for path in {p for p, _, _ in wanted}:
        for hid, start, end in conn.execute(
            """SELECT h.id, h.start, h."end" FROM highlights h JOIN articles a
               ON a.id = h.article_id WHERE a.path = ? AND h.deleted IS NULL
               ORDER BY h.created""",
            [path],
        ):
            found.setdefault((path, start, end), hid)
    return found


def _new_state(
    conn: Any, hid: str, path: str, start: int, end: int, coder: str, stamp: str
) -> dict[str, Any]:
    """The state (store/states.py) of a new highlight on text[start:end] of `path`."""
    lo, hi = max(0, start - CONTEXT), max(start, end) + CONTEXT
    row = conn.execute(
        "SELECT sha256, gp_substr(text, ?, ?) FROM articles WHERE path = ?",
        [lo + 1, hi - lo, path],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no article {path!r}; `gpreader articles` lists them")
    sha256, around = row
    if not (0 <= start < end and end - lo <= len(around)):
        raise InvalidInputError(f"range {start}-{end} is outside {path}")
    quote = quote_at(around, start - lo, end - lo)
    return {
        "id": hid,
        "sha256": sha256,
        "start": start,
        "end": end,
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
        "anchor_sha256": sha256,
        "note": "",
        "coder": coder,
        "created": stamp,
        "updated": stamp,
        "status": "anchored",
        "score": None,
        "deleted": None,
        "tags": [],
    }
