"""The coded highlights as analysis reads them, kept between analyses (migration m013).

Reading every live highlight and grouping its tag links (100,000 highlights, 200,000 links
keyed by text UUIDs) was most of an analysis' read. `coding_cache` keeps that result per
coder selection, packed: the live highlights' rowids, article ids, starts and ends (int32,
column after column), for each the index of its set of tag ids (-1: none), the sets, the
ids, and how many tagged highlights were left out as orphaned. Triggers on `highlights`
and `highlight_tags` bump `coding_changes.n` on every write that can change it and note the
highlight in `coding_dirty` with the new value. An entry made at an older value is brought
up to date by reading again only the highlights noted since (`patched`); it is used only
while those triggers exist (a table rebuilt by a later migration loses them: the cache is
then never used). No write path keeps the cache.

    now = changes(conn)                        # None: no cache here (triggers missing)
    found = read(conn, key(coders), now)       # (Cached, ids changed since) or None
    coded = patched(kept, changed, rows, ...)  # or made(rows, ...) from scratch
    save(store, key(coders), now, coded)
"""

from __future__ import annotations

import json
import sqlite3
import sys
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING, Any

from gpreader.errors import DatabaseError

if TYPE_CHECKING:
    from gpreader.store.base import StoreBase

TRIGGERS = 6  # insert, update, delete on highlights and on highlight_tags (m013)
KEPT = 3  # entries kept (one per coder selection): the least recently made go first
PATCH_MOST = 5000  # more highlights changed since an entry was made: read it all again
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


def read(conn: sqlite3.Connection, entry: str, now: int | None) -> tuple[Cached, set[str]] | None:
    """The entry and the ids of the highlights changed since it was made (none when it is
    current), or None (absent, unreadable, or too many changed)."""
    if now is None:
        return None
    row = conn.execute(
        "SELECT changes, packed, sets, ids, orphaned FROM coding_cache WHERE entry = ?", [entry]
    ).fetchone()
    if row is None or row[0] > now:
        return None
    made_at, packed, sets, ids, orphaned = row
    changed: set[str] = set()
    if made_at < now:
        changed = {
            i
            for (i,) in conn.execute(
                "SELECT highlight_id FROM coding_dirty WHERE changes > ? LIMIT ?",
                [made_at, PATCH_MOST + 1],
            )
        }
        if len(changed) > PATCH_MOST or not all(isinstance(i, str) for i in changed):
            return None
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
    kept = Cached(names, rowids, article_ids, starts, ends, set_of, tag_sets, int(orphaned))
    return kept, changed


Row = tuple[str, int, int, int, int]  # highlight id, article id, start, end, rowid


def made(rows: Sequence[Row], applied: Mapping[str, str], orphaned: int) -> Cached:
    """The entry of live highlights `rows` (in rowid order) whose tags are `applied`
    (highlight id -> its tag ids as "3,17"; absent: none)."""
    ids, article_ids, starts, ends, rowids = zip(*rows, strict=True) if rows else ([],) * 5
    found = list(map(applied.get, ids))
    same = {k: tuple(sorted({int(t) for t in k.split(",")})) for k in set(found) if k}
    sets = sorted(set(same.values()))
    number = {tag_set: n for n, tag_set in enumerate(sets)}
    index: dict[str | None, int] = {k: number[tag_set] for k, tag_set in same.items()}
    set_of = [index.get(k, -1) for k in found]
    columns = (list(ids), list(rowids), list(article_ids), list(starts), list(ends))
    return Cached(*columns, set_of, sets, orphaned)


def patched(
    kept: Cached, changed: set[str], rows: Sequence[Row], applied: Mapping[str, str], orphaned: int
) -> Cached:
    """`kept` without the highlights `changed`, with `rows` (those of them still live, as
    they are now, tagged as `applied`), in rowid order."""
    fresh = made(rows, applied, orphaned)
    sets = list(kept.sets)
    number = {tag_set: n for n, tag_set in enumerate(sets)}
    for tag_set in fresh.sets:
        if tag_set not in number:
            number[tag_set] = len(sets)
            sets.append(tag_set)
    renumbered = [number[fresh.sets[x]] if x >= 0 else -1 for x in fresh.set_of]
    stay = [i not in changed for i in kept.ids]
    old: tuple[list[Any], ...] = (
        kept.ids,
        kept.rowids,
        kept.article_ids,
        kept.starts,
        kept.ends,
        kept.set_of,
    )
    new: tuple[list[Any], ...] = (
        fresh.ids,
        fresh.rowids,
        fresh.article_ids,
        fresh.starts,
        fresh.ends,
        renumbered,
    )
    columns: list[list[Any]] = [[*compress(o, stay), *n] for o, n in zip(old, new, strict=True)]
    if fresh.ids:  # back in rowid order
        order = sorted(range(len(columns[1])), key=columns[1].__getitem__)
        columns = [list(map(c.__getitem__, order)) for c in columns]
    ids, rowids, article_ids, starts, ends, set_of = columns
    return Cached(ids, rowids, article_ids, starts, ends, set_of, sets, orphaned)


def stamp(conn: sqlite3.Connection) -> tuple[int, int]:
    """What changes when any connection commits a write: taken in the snapshot an entry is
    made from and again before it is kept (the triggers count nothing while no entry exists,
    so the counter alone cannot tell that a write came in between)."""
    version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    return version, conn.total_changes


def save(
    store: StoreBase, entry: str, now: int | None, coded: Cached, seen: tuple[int, int]
) -> None:
    """Keep `coded` (worked out at change `now`, `seen` the stamp then) as `entry`; the
    oldest entries beyond KEPT dropped, and the changes every entry kept has seen forgotten.
    Nothing is written when anything was written since it was read, when
    the cache is not trusted here, a number does not fit int32, an id is not text or holds
    a line break, or the database is busy, read-only or full (the cache is only a cache)."""
    try:
        ids = _SEP.join(coded.ids).encode("utf-8")
    except (TypeError, UnicodeEncodeError):  # an id that is not text
        return
    if now is None or ids.count(_SEP.encode()) != max(len(coded.ids) - 1, 0):
        return
    columns = (coded.rowids, coded.article_ids, coded.starts, coded.ends, coded.set_of)
    flat = array("i")
    try:
        for column in columns:
            flat.extend(column)
    except OverflowError:
        return
    if sys.byteorder == "big":
        flat.byteswap()
    sets = json.dumps([list(s) for s in coded.sets])
    try:
        with store.action() as conn:
            if changes(conn) != now or stamp(conn) != seen:  # written since it was read:
                return  # made again next time
            conn.execute(
                "INSERT OR REPLACE INTO coding_cache VALUES (?, ?, ?, ?, ?, ?)",
                [entry, now, flat.tobytes(), sets, ids, coded.orphaned],
            )
            conn.execute(
                """DELETE FROM coding_cache WHERE entry NOT IN (
                     SELECT entry FROM coding_cache ORDER BY rowid DESC LIMIT ?)""",
                [KEPT],
            )
            conn.execute(  # what every entry kept has seen
                "DELETE FROM coding_dirty WHERE changes <= (SELECT min(changes) FROM coding_cache)"
            )
    except (sqlite3.OperationalError, DatabaseError):
        return
