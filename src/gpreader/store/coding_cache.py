"""The coded highlights as analysis reads them, kept between analyses (migration m012).

Reading every live highlight and grouping its tag links (100,000 highlights, 200,000 links
keyed by text UUIDs) was most of an analysis' read. `coding_cache` keeps that result per
coder selection, packed: the live highlights' rowids, article ids, starts and ends (int32,
column after column), for each the index of its set of tag ids (-1: none), the sets, the
ids, and how many tagged highlights were left out as orphaned. Triggers on `highlights`
and `highlight_tags` bump `coding_changes.n` on every write that can change it, so an
entry is used only while the counter still has the value it was made at, and while those
triggers exist (a table rebuilt by a later migration loses them: the cache is then never
used). No write path keeps the cache: a stale entry is simply made again.

    now = changes(conn)                  # None: no cache here (triggers missing)
    found = read(conn, key(coders), now) # Cached or None
    save(store, key(coders), now, made)  # after working it out
"""

from __future__ import annotations

import json
import sqlite3
import sys
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gpreader.errors import DatabaseError

if TYPE_CHECKING:
    from gpreader.store.base import StoreBase

TRIGGERS = 6  # insert, update, delete on highlights and on highlight_tags (m012)
KEPT = 3  # entries kept (one per coder selection): the least recently made go first
_SEP = "\n"  # between ids (an id holding one is not cached)


@dataclass(frozen=True, slots=True)
class Cached:
    """Every live highlight (in rowid order) and its tags, as analysis' load reads them."""

    ids: list[str]
    rowids: list[int]
    article_ids: list[int]
    starts: list[int]
    ends: list[int]
    set_of: list[int]  # index into `sets`, -1: no tag (by these coders)
    sets: list[tuple[int, ...]]  # tag ids, sorted
    orphaned: int


def key(coders: frozenset[str] | None) -> str:
    """The entry of a coder selection: "*" for every coder, else the names as JSON."""
    return "*" if coders is None else json.dumps(sorted(coders), ensure_ascii=False)


def changes(conn: sqlite3.Connection) -> int | None:
    """The change counter now, or None when the cache cannot be trusted (its triggers or
    tables missing)."""
    try:
        row = conn.execute(
            """SELECT (SELECT n FROM coding_changes WHERE id = 1),
                      (SELECT count(*) FROM sqlite_master
                       WHERE type = 'trigger' AND name LIKE 'coding\\_changes\\_%' ESCAPE '\\')"""
        ).fetchone()
    except sqlite3.OperationalError:  # an older schema (no such table)
        return None
    if row is None or row[0] is None or row[1] != TRIGGERS:
        return None
    return int(row[0])


def read(conn: sqlite3.Connection, entry: str, now: int | None) -> Cached | None:
    """The entry made at change `now`, or None (absent, stale or unreadable)."""
    if now is None:
        return None
    row = conn.execute(
        "SELECT packed, sets, ids, orphaned FROM coding_cache WHERE entry = ? AND changes = ?",
        [entry, now],
    ).fetchone()
    if row is None:
        return None
    packed, sets, ids, orphaned = row
    try:
        flat = array("i", packed)
        if sys.byteorder == "big":
            flat.byteswap()
        names = ids.decode("utf-8").split(_SEP) if ids else []
        tag_sets = [tuple(s) for s in json.loads(sets)]
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return None
    n = len(names)
    if len(flat) != 5 * n:
        return None
    rowids, article_ids, starts, ends, set_of = (
        flat[f * n : (f + 1) * n].tolist() for f in range(5)
    )
    return Cached(names, rowids, article_ids, starts, ends, set_of, tag_sets, int(orphaned))


def save(store: StoreBase, entry: str, now: int | None, made: Cached) -> None:
    """Keep `made` (worked out at change `now`) as `entry`; the oldest entries beyond KEPT
    dropped, and stale ones. Nothing is written when the cache is not trusted
    here, a number does not fit int32 or an id holds a line break, or the database is busy,
    read-only or full (the cache is only a cache)."""
    if now is None or any(_SEP in i for i in made.ids):
        return
    columns = (made.rowids, made.article_ids, made.starts, made.ends, made.set_of)
    flat = array("i")
    try:
        for column in columns:
            flat.extend(column)
    except OverflowError:
        return
    if sys.byteorder == "big":
        flat.byteswap()
    ids = _SEP.join(made.ids).encode("utf-8")
    sets = json.dumps([list(s) for s in made.sets])
    try:
        with store.action() as conn:
            if changes(conn) != now:  # changed since it was read: made again next time
                return
            conn.execute(
                "INSERT OR REPLACE INTO coding_cache VALUES (?, ?, ?, ?, ?, ?)",
                [entry, now, flat.tobytes(), sets, ids, made.orphaned],
            )
            conn.execute(
                """DELETE FROM coding_cache WHERE changes < ? OR entry NOT IN (
                     SELECT entry FROM coding_cache ORDER BY rowid DESC LIMIT ?)""",
                [now, KEPT],
            )
    except (sqlite3.OperationalError, DatabaseError):
        return
