"""The store's reads for analysis (analysis/): coded passages, articles, spans, text ranges.

Like search_reads, each function takes the sqlite3 connection of an AnnotationStore and only
reads, inside whatever transaction the caller is in (`store.snapshot()` for one consistent
state). Values come back as stored, as plain tuples.

Which highlights count: deleted ones never; orphaned ones neither (their offsets no longer
point at the words they were made on, so neither their words, sentences nor overlaps are
known), and `orphaned_count` says how many were left out.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Collection, Iterable

from gpreader.models import Coders, coder_set
from gpreader.store import database, spans

_LIVE = "h.deleted IS NULL AND h.status != 'orphaned'"


def tag_sets(
    conn: sqlite3.Connection, coder: Coders = None, among: Collection[str] | None = None
) -> dict[str, str]:
    """Highlight id -> the ids of its tags as "3,17" (each set in one aggregate row: no
    Python loop over the links); with `coder` (one or several), only the tags they applied;
    with `among`, only those highlights."""
    where, params = ["1"], list[str]()
    coders = coder_set(coder)
    if coders is not None:
        condition, params = database.in_list("coder", coders)
        where.append(condition)
    if among is not None:
        where.append("highlight_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(among)))
    sql = "SELECT highlight_id, group_concat(tag_id) FROM highlight_tags"
    return dict(conn.execute(f"{sql} WHERE {' AND '.join(where)} GROUP BY highlight_id", params))


def live_highlights(
    conn: sqlite3.Connection, among: Collection[str] | None = None
) -> list[tuple[str, int, int, int, int]]:
    """(highlight id, article id, start, end, rowid) of each live highlight (of `among`,
    when given), tagged or not, in rowid order, the rowid keying store/highlight_units.py's
    cache."""
    sql = f'SELECT h.id, h.article_id, h.start, h."end", h.rowid FROM highlights h WHERE {_LIVE}'
    if among is None:
        return conn.execute(sql).fetchall()
    chosen = " AND h.id IN (SELECT value FROM json_each(?)) ORDER BY h.rowid"
    return conn.execute(sql + chosen, [json.dumps(sorted(among))]).fetchall()


def orphaned_count(conn: sqlite3.Connection, coder: Coders = None) -> int:
    """How many tagged highlights (by `coder`, if given) analysis leaves out as orphaned."""
    where, params = ["h.deleted IS NULL AND h.status = 'orphaned'"], []
    coders = coder_set(coder)
    if coders is not None:
        condition, names = database.in_list("x.coder", coders)
        where.append(condition)
        params.extend(names)
    row = conn.execute(
        f"""SELECT count(DISTINCT h.id) FROM highlights h
            JOIN highlight_tags x ON x.highlight_id = h.id WHERE {" AND ".join(where)}""",
        params,
    ).fetchone()
    return int(row[0])


def article_rows(conn: sqlite3.Connection) -> list[tuple[int, str, str, str | None]]:
    """(id, path, title, ISO date or None) of every article, by path."""
    return [
        (i, path, title or "", date or None)
        for i, path, title, date in conn.execute(
            "SELECT id, path, title, date FROM articles ORDER BY path"
        )
    ]


def attribute_rows(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(article id, key, value as stored: text, ISO date or the number as written) of every
    article attribute."""
    return [
        (int(i), key, value or "")
        for i, key, value in conn.execute(
            "SELECT article_id, key, value FROM article_attributes ORDER BY article_id, key"
        )
    ]


def tag_rows(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, path, colour) of every tag, by path."""
    return [
        (i, path, color or "")
        for i, path, color in conn.execute("SELECT id, path, color FROM tags ORDER BY path")
    ]


def span_ranges(
    conn: sqlite3.Connection, kind: str, paths: Iterable[str]
) -> dict[str, tuple[list[int], list[int]]]:
    """Article path -> the starts and the ends of its spans of `kind` ("sentence",
    "paragraph"), in text order, for the articles at `paths`. sqlite3.DatabaseError for a
    damaged spans row."""
    wanted = set(paths)
    found: dict[str, tuple[list[int], list[int]]] = {}
    for path, blob in conn.execute(
        "SELECT a.path, s.packed FROM articles a JOIN article_spans s ON s.article_id = a.id"
    ):
        if path in wanted:
            try:
                found[path] = spans.kind_ranges(blob, kind)
            except (ValueError, zlib.error) as exc:
                raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
    return found


def range_texts(conn: sqlite3.Connection, ranges: Iterable[tuple[str, int, int]]) -> list[str]:
    """text[start:end] of each (article path, start, end), in the order given ("" when the
    article is gone)."""
    wanted = [[p, int(s), int(e)] for p, s, e in ranges]
    found: dict[int, str] = {}
    for key, text in conn.execute(
        """SELECT j.key, gp_substr(a.text, (j.value ->> 1) + 1, (j.value ->> 2) - (j.value ->> 1))
           FROM json_each(?) j JOIN articles a ON a.path = j.value ->> 0""",
        [json.dumps(wanted)],
    ):
        found[key] = text or ""
    return [found.get(n, "") for n in range(len(wanted))]
