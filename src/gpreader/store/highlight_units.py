"""Where each highlight falls, kept so analysis reads no text and no spans (migration m011).

For a highlight at (start, end) of an article: the sentences, the paragraphs and the words
it touches, each as a range of indices into the article's spans of that kind (in text
order) and its words (runs of letters or digits with inner apostrophes, as analysis counts
them): `lo` is the first one whose end is past `start`, `hi` the first one starting at or
after `end` (lo >= hi: it touches none). These depend only on the article's text (and the
spans made from it) and the two offsets.

`highlight_units` holds ten int32 per live highlight (rowid, article id, start, end, then
lo and hi of sentences, paragraphs and words), in rowid order, packed in pages of PAGE
rowids; `highlight_unit_articles` the sha256 of each article's text they were worked out
from, with this module's VERSION. A highlight's record counts only when its article's
recorded sha256 and VERSION are current and the record's article, start and end are the
highlight's own; anything else (a new, moved or re-anchored highlight, an edited article, a
renumbered rowid) is worked out again from its article's text and spans, and the pages
written again. So no write path has to keep the cache: a stale record is never used. When
the highlights come in the order of the records (a table scan is in rowid order), they are
matched by comparing the columns in C, without a lookup per highlight.

    columns = units(store, rowids, article_ids, starts, ends)  # six lists, in the order given

Working out is slow only once, after the upgrade that made the cache (every article: seconds
at 10,000 articles): `progress(done, total)` is then called with the articles worked out so
far and how many need it, first (0, total), last (total, total); never when the cache is
current.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import eq
from typing import TYPE_CHECKING

from gpreader.errors import DatabaseError
from gpreader.store import spans

if TYPE_CHECKING:
    from gpreader.store.base import StoreBase

VERSION = 1  # bump when the way units are worked out changes: every row is worked out again
WORD_SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")  # re.split keeps the words (odd places)
_ASCII_WORD_SPLIT = re.compile(rb"([^\W_]+(?:['][^\W_]+)*)")  # the same over ASCII bytes
FIELDS = 10  # rowid, article id, start, end, sentence lo, hi, paragraph lo, hi, word lo, hi
_FITS = 2**31  # a record is packed as int32: one with a larger number is not kept
PAGE = 4096  # rowids per row of highlight_units

Columns = tuple[list[int], list[int], list[int], list[int], list[int], list[int]]
Progress = Callable[[int, int], None]  # (articles worked out so far, articles to work out)
PROGRESS_EVERY = 250  # articles between two progress calls


def units(
    store: StoreBase,
    rowids: Sequence[int],
    article_ids: Sequence[int],
    starts: Sequence[int],
    ends: Sequence[int],
    *,
    save: bool = True,
    progress: Progress | None = None,
) -> Columns:
    """The units of each highlight (its rowid, article id, start and end), as six columns in
    the order given: sentence lo, hi, paragraph lo, hi, word lo, hi. Articles with a highlight
    lacking a valid record are worked out from their text and spans, for every highlight
    given there, and with `save` their rows rewritten (skipped when the database cannot be
    written now: the next analysis tries again). `progress`: see the module's docstring."""
    with store.snapshot() as conn:
        found, redone, shas = _look_up(conn, rowids, article_ids, starts, ends, progress)
    if redone and save:
        _save(store, (rowids, article_ids, starts, ends, *found), shas)
    s_lo, s_hi, p_lo, p_hi, w_lo, w_hi = found
    return s_lo, s_hi, p_lo, p_hi, w_lo, w_hi


def _look_up(
    conn: sqlite3.Connection,
    rowids: Sequence[int],
    article_ids: Sequence[int],
    starts: Sequence[int],
    ends: Sequence[int],
    progress: Progress | None = None,
) -> tuple[list[list[int]], bool, dict[int, str]]:
    """Each highlight's units from its valid record, or worked out; whether some were worked
    out, and the sha256 of their articles (empty when every record was valid)."""
    n = len(rowids)
    valid = {
        a
        for (a,) in conn.execute(
            """SELECT u.article_id FROM highlight_unit_articles u
               JOIN articles a ON a.id = u.article_id
               WHERE a.sha256 = u.sha256 AND u.version = ?""",
            [VERSION],
        )
    }
    pages = [blob for (blob,) in conn.execute("SELECT packed FROM highlight_units ORDER BY page")]
    flat = array("i", b"".join(pages))
    del pages
    if sys.byteorder == "big":
        flat.byteswap()
    fields = [flat[f::FIELDS].tolist() for f in range(FIELDS)]
    del flat
    if fields[0] != list(rowids):  # not in the same order: each looked up
        record = dict(zip(fields[0], range(len(fields[0])), strict=True))
        at = list(map(record.get, rowids, repeat(-1)))
        fields = [list(map([*column, -1].__getitem__, at)) for column in fields]
    same = [fields[f] == list(given) for f, given in ((1, article_ids), (2, starts), (3, ends))]
    if all(same) and valid.issuperset(article_ids):  # every record current: no loop
        good = [True]
    else:
        good = list(map(valid.__contains__, article_ids))
        for f, given in ((1, article_ids), (2, starts), (3, ends)):
            good = list(map(min, good, map(eq, fields[f], given)))
    found = fields[4:]
    redone = False
    shas: dict[int, str] = {}
    if not all(good):
        redo = set(compress(article_ids, map((False).__eq__, good)))
        chosen = list(compress(range(n), list(map(redo.__contains__, article_ids))))
        made, shas = _work_out(
            conn, [list(map(c.__getitem__, chosen)) for c in (article_ids, starts, ends)], progress
        )
        for column, values in zip(found, made, strict=True):
            deque(map(column.__setitem__, chosen, values), maxlen=0)
        redone = True
    return found, redone, shas


def _work_out(
    conn: sqlite3.Connection, places: list[list[int]], progress: Progress | None = None
) -> tuple[list[list[int]], dict[int, str]]:
    """The six unit columns of the highlights at `places` (article ids, starts, ends), in
    their order, from their articles' text and spans (each blob unpacked once), and the
    sha256 of each article read (`progress` told every PROGRESS_EVERY articles). The
    highlights are grouped by article with one sort; each article's are bisected in C
    loops."""
    article_ids, starts, ends = places
    order = sorted(range(len(article_ids)), key=article_ids.__getitem__)
    grouped = list(map(article_ids.__getitem__, order))
    los, his = list(map(starts.__getitem__, order)), list(map(ends.__getitem__, order))
    articles = list(dict.fromkeys(grouped))
    ids = json.dumps(articles)
    texts = {
        i: (sha, text or "")
        for i, sha, text in conn.execute(
            """SELECT id, sha256, gp_text(text) FROM articles
               WHERE id IN (SELECT value FROM json_each(?))""",
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
    made: list[list[int]] = [[] for _ in range(6)]
    total = len(articles)
    if progress is not None:
        progress(0, total)
    for done, article_id in enumerate(articles, start=1):
        a, b = bisect_left(grouped, article_id), bisect_right(grouped, article_id)
        blob = blobs.get(article_id)
        try:
            kinds = spans.kinds_ranges(blob, ("sentence", "paragraph")) if blob else [([], [])] * 2
        except (ValueError, zlib.error) as exc:
            raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
        kinds.append(word_bounds(texts.get(article_id, ("", ""))[1]))
        for k, (unit_starts, unit_ends) in enumerate(kinds):
            made[2 * k].extend(map(bisect_right, repeat(unit_ends), los[a:b]))
            made[2 * k + 1].extend(map(bisect_left, repeat(unit_starts), his[a:b]))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    back = [0] * len(order)
    deque(map(back.__setitem__, order, range(len(order))), maxlen=0)  # where each went
    return [list(map(column.__getitem__, back)) for column in made], {
        i: sha for i, (sha, _) in texts.items()
    }


def word_bounds(text: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the words of `text`, as analysis counts them (an ASCII text
    split as bytes: the same words, found faster)."""
    parts = _ASCII_WORD_SPLIT.split(text.encode()) if text.isascii() else WORD_SPLIT.split(text)
    bounds = list(accumulate(map(len, parts), initial=0))
    return bounds[1:-1:2], bounds[2::2]


def _save(store: StoreBase, columns: Sequence[Sequence[int]], shas: dict[int, str]) -> None:
    """Write every record again, by rowid (those holding a number too large for int32 left
    out), and the sha256 of the articles worked out. Nothing is written when the database is
    busy, read-only or full (the cache is only a cache). Records are interleaved from the
    columns and cut into pages in C loops."""
    kept = [list(c) for c in columns]
    if kept[0] and (max(map(max, kept)) >= _FITS or min(map(min, kept)) < -_FITS):
        fits = [max(r) < _FITS and min(r) >= -_FITS for r in zip(*kept, strict=True)]
        kept = [list(compress(c, fits)) for c in kept]
    if kept[0] != sorted(kept[0]):
        order = sorted(range(len(kept[0])), key=kept[0].__getitem__)
        kept = [list(map(c.__getitem__, order)) for c in kept]
    flat = array("i", chain.from_iterable(zip(*kept, strict=True)))
    if sys.byteorder == "big":
        flat.byteswap()
    page_of = [rowid // PAGE for rowid in kept[0]]
    pages: dict[int, bytes] = {}
    for page in dict.fromkeys(page_of):
        a, b = bisect_left(page_of, page), bisect_right(page_of, page)
        pages[page] = flat[a * FIELDS : b * FIELDS].tobytes()
    try:
        with store.action() as conn:
            conn.execute("DELETE FROM highlight_units")
            conn.executemany("INSERT INTO highlight_units VALUES (?, ?)", list(pages.items()))
            conn.executemany(
                "INSERT OR REPLACE INTO highlight_unit_articles VALUES (?, ?, ?)",
                [(i, sha, VERSION) for i, sha in shas.items()],
            )
    except (sqlite3.OperationalError, DatabaseError):
        return  # busy, read-only or full: worked out again next time
