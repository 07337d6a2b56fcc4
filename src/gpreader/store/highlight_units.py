"""Where each highlight falls, kept so analysis reads no text and no spans (migration m012).

For a highlight's (article, start, end): the sentences, the paragraphs and the words it
touches, each as a range of indices into the article's spans of that kind (in text order)
and its words (runs of letters or digits with inner apostrophes, as analysis counts them):
`lo` is the first one whose end is past `start`, `hi` the first one starting at or after
`end` (lo >= hi: it touches none). A row is a pure function of the article's text and the
two offsets, so it is keyed by (article id, start, end) and shared by highlights alike, and
it counts only while `highlight_unit_articles` records the article's current sha256 and this
module's VERSION: an edited article, a moved or new highlight simply finds no valid row and
its units are worked out again (then written back). No write path needs to keep the cache.

    columns = units(store.conn, article_ids, starts, ends)  # six lists, in the order given
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from operator import itemgetter
from typing import cast

from gpreader.errors import DatabaseError
from gpreader.store import database, spans

VERSION = 1  # bump when the way units are worked out changes: every row is worked out again
WORD_SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")  # re.split keeps the words (odd places)
KINDS = ("sentence", "paragraph", "word")

Key = tuple[int, int, int]  # article id, start, end
Row = tuple[int, int, int, int, int, int]  # sentence, paragraph, word: lo and hi each
Columns = tuple[list[int], list[int], list[int], list[int], list[int], list[int]]


def units(
    conn: sqlite3.Connection,
    article_ids: Sequence[int],
    starts: Sequence[int],
    ends: Sequence[int],
    *,
    save: bool = True,
) -> Columns:
    """The units of each (article id, start, end), as six columns in the order given:
    sentence lo, hi, paragraph lo, hi, word lo, hi. Those without a valid cached row are
    worked out from their articles' text and spans and, with `save`, written back (skipped
    when the database cannot be written now: the next analysis tries again)."""
    keys = list(zip(article_ids, starts, ends, strict=True))
    with _reading(conn):
        valid = {
            a
            for (a,) in conn.execute(
                """SELECT u.article_id FROM highlight_unit_articles u
                   JOIN articles a ON a.id = u.article_id
                   WHERE a.sha256 = u.sha256 AND u.version = ?""",
                [VERSION],
            )
        }
        rows = conn.execute("SELECT * FROM highlight_units").fetchall()
        cached: dict[Key, Row] = dict(
            zip(
                map(itemgetter(0, 1, 2), rows), map(itemgetter(3, 4, 5, 6, 7, 8), rows), strict=True
            )
        )
        del rows
        found = list(map(cached.get, keys))
        usable = list(map(valid.__contains__, article_ids))
        lacking = [f is None or not u for f, u in zip(found, usable, strict=True)]
        if any(lacking):
            wanted = dict.fromkeys(compress(keys, lacking))
            made, stale, shas = _work_out(conn, list(wanted))
            got = made.__getitem__
            found = [got(k) if n else f for k, f, n in zip(keys, found, lacking, strict=True)]
        else:
            made, stale, shas = {}, set(), {}
    if made and save:
        _save(conn, made, stale, shas)
    complete = cast(list[Row], found)  # every key has its row now
    if not complete:
        return [], [], [], [], [], []
    a, b, c, d, e, f = map(list, zip(*complete, strict=True))
    return a, b, c, d, e, f


class _reading:
    """A read transaction unless one is open (the caller's snapshot or action)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.began = conn, False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self.began = True

    def __exit__(self, *exc: object) -> None:
        if self.began and self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def _work_out(
    conn: sqlite3.Connection, keys: list[Key]
) -> tuple[dict[Key, Row], set[int], dict[int, str]]:
    """The units of `keys` from their articles' text and spans; which of those articles had
    a stale (or no) record, and every such article's sha256."""
    by_article: dict[int, list[Key]] = {}
    for key in keys:
        by_article.setdefault(key[0], []).append(key)
    ids = json.dumps(list(by_article))
    texts = {
        i: (sha, text or "")
        for i, sha, text in conn.execute(
            "SELECT id, sha256, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            [ids],
        )
    }
    blobs = dict(
        conn.execute(
            """SELECT article_id, packed FROM article_spans
               WHERE article_id IN (SELECT value FROM json_each(?))""",
            [ids],
        ).fetchall()
    )
    recorded = dict(
        conn.execute(
            """SELECT article_id, sha256 || ':' || version FROM highlight_unit_articles
               WHERE article_id IN (SELECT value FROM json_each(?))""",
            [ids],
        ).fetchall()
    )
    made: dict[Key, Row] = {}
    stale: set[int] = set()
    shas: dict[int, str] = {}
    for article_id, wanted in by_article.items():
        sha, text = texts.get(article_id, ("", ""))
        blob = blobs.get(article_id)
        try:
            sentences = spans.kind_ranges(blob, "sentence") if blob else ([], [])
            paragraphs = spans.kind_ranges(blob, "paragraph") if blob else ([], [])
        except (ValueError, zlib.error) as exc:
            raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
        parts = WORD_SPLIT.split(text)
        bounds = list(accumulate(map(len, parts), initial=0))
        words = (bounds[1:-1:2], bounds[2::2])
        starts = list(map(itemgetter(1), wanted))
        ends = list(map(itemgetter(2), wanted))
        columns = [
            f(starts, ends) for f in (_ranges(sentences), _ranges(paragraphs), _ranges(words))
        ]
        flat = [c for pair in columns for c in pair]
        made.update(zip(wanted, zip(*flat, strict=True), strict=True))
        if article_id in texts and recorded.get(article_id) != f"{sha}:{VERSION}":
            stale.add(article_id)
            shas[article_id] = sha
    return made, stale, shas


def _ranges(bounds: tuple[list[int], list[int]]) -> _Bisect:
    return _Bisect(*bounds)


class _Bisect:
    """The index ranges of units (starts, ends in text order, none overlapping) that text
    ranges touch, in C loops."""

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts, self.ends = starts, ends

    def __call__(self, los: list[int], his: list[int]) -> tuple[list[int], list[int]]:
        first = list(map(bisect_right, repeat(self.ends), los))
        after = list(map(bisect_left, repeat(self.starts), his))
        return first, after


def _save(
    conn: sqlite3.Connection, made: dict[Key, Row], stale: set[int], shas: dict[int, str]
) -> None:
    """Write the rows worked out; an article whose record was stale loses its old rows first.
    Nothing is written when the database is busy or read-only (the cache is only a cache)."""
    try:
        with database.write(conn):
            stale_ids = json.dumps(sorted(stale))
            conn.execute(
                """DELETE FROM highlight_units
                   WHERE article_id IN (SELECT value FROM json_each(?))""",
                [stale_ids],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO highlight_unit_articles VALUES (?, ?, ?)",
                [(i, shas[i], VERSION) for i in sorted(stale)],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO highlight_units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*key, *row) for key, row in made.items()],
            )
    except (sqlite3.OperationalError, DatabaseError):
        return  # busy, read-only or full: worked out again next time
