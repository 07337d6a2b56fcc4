"""An article's spans packed into one blob (table `article_spans`, migration m008).

A row per span cost ~100 bytes with its key and index (737k rows at 10,000 articles) and
loading a 5 MB article's rows was most of opening it. The blob is zlib over: a version byte,
the length of a JSON list of the distinct strings (kinds, sections, authors, dates), that
list, then six little-endian int32 per span, column by column (every kind, then every
section, start, end, author, date; the strings as indices into the list, -1 for None), so
that packing and unpacking run in C loops.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from array import array
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import fields
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter
from typing import Any

from gpreader.models import Span

VERSION = 1
_FIELDS = 6
_HEAD = 5  # the version byte and the length of the strings (uint32, little-endian)
_STRING_FIELDS = tuple(map(attrgetter, ("kind", "section", "author", "date")))
_START, _END = attrgetter("start"), attrgetter("end")


def pack(spans: Sequence[Span]) -> bytes:
    """The blob for `spans`, in their order."""
    columns = tuple(list(map(get, spans)) for get in _STRING_FIELDS)  # loops in C
    names = dict.fromkeys(chain.from_iterable(columns))
    names.pop(None, None)
    index: dict[str | None, int] = {name: i for i, name in enumerate(names)}
    index[None] = -1
    kinds, sections, authors, dates = (array("i", map(index.__getitem__, c)) for c in columns)
    numbers = kinds + sections
    numbers.extend(map(_START, spans))
    numbers.extend(map(_END, spans))
    numbers += authors + dates
    if sys.byteorder == "big":
        numbers.byteswap()
    strings = json.dumps(list(names), ensure_ascii=False).encode()
    head = bytes([VERSION]) + len(strings).to_bytes(4, "little")
    return zlib.compress(head + strings + numbers.tobytes(), 1)


def _decoded(blob: bytes) -> tuple[list[str | None], array[int], int]:
    """A blob's strings (None last, as index -1), its numbers and how many spans it holds."""
    raw = zlib.decompress(blob)
    if not raw or raw[0] != VERSION:
        raise ValueError(f"spans packed by a newer gpreader (version {raw[:1].hex() or '?'})")
    size = int.from_bytes(raw[1:_HEAD], "little")
    names: list[str | None] = json.loads(raw[_HEAD : _HEAD + size])
    names.append(None)  # index -1
    numbers = array("i")
    numbers.frombytes(raw[_HEAD + size :])
    if sys.byteorder == "big":
        numbers.byteswap()
    return names, numbers, len(numbers) // _FIELDS


def ranges_of_kind(blob: bytes, kind: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the spans of one kind a blob holds, in text order, without
    making a Span of each (what analysis reads for every article at once)."""
    names, numbers, n = _decoded(blob)
    if kind not in names:
        return [], []
    code = names.index(kind)
    chosen = [k == code for k in numbers[:n]]
    starts = list(compress(numbers[2 * n : 3 * n], chosen))
    ends = list(compress(numbers[3 * n : 4 * n], chosen))
    if starts != sorted(starts):  # written out of order: put them in text order
        pairs = sorted(zip(starts, ends, strict=True))
        starts, ends = [s for s, _ in pairs], [e for _, e in pairs]
    return starts, ends


def unpack(blob: bytes) -> tuple[Span, ...]:
    """The spans a blob from `pack` holds; ValueError for a blob this version cannot read."""
    names, numbers, n = _decoded(blob)
    kinds, sections, starts, ends, authors, dates = (
        numbers[i * n : (i + 1) * n] for i in range(_FIELDS)
    )
    named = names.__getitem__
    return made(
        n,
        (
            map(named, kinds),
            starts,
            ends,
            map(named, sections),
            map(named, authors),
            map(named, dates),
        ),
    )


# Span's slots, in the order of its fields: `made` fills them without calling Span(...)
_SLOTS: tuple[Any, ...] = tuple(vars(Span)[f.name] for f in fields(Span))


def made(n: int, columns: Iterable[Iterable[Any]]) -> tuple[Span, ...]:
    """`n` Spans from their fields' columns (in field order), every loop in C: the objects
    are made empty and each slot is set by its descriptor (a 5 MB article has 73k spans,
    which Span(...) — a frozen dataclass' __init__ — took 0.2 s to make)."""
    spans = tuple(map(object.__new__, repeat(Span, n)))
    for slot, column in zip(_SLOTS, columns, strict=True):
        deque(map(slot.__set__, spans, column), maxlen=0)
    return spans


def read(conn: sqlite3.Connection, article_id: int) -> tuple[Span, ...]:
    """The spans stored for an article. Every article has its row (written with it, or by
    m008), so one that is not found is a damaged table: sqlite3.DatabaseError, as SQLite
    raises for damage it notices itself (a damaged page may read as holding no row)."""
    row = conn.execute(
        "SELECT packed FROM article_spans WHERE article_id = ?", [article_id]
    ).fetchone()
    if row is None:
        raise sqlite3.DatabaseError(f"database disk image is malformed (no spans row {article_id})")
    try:
        return unpack(row[0])
    except (ValueError, zlib.error) as exc:
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None


def write(conn: sqlite3.Connection, rows: Iterable[tuple[int, Sequence[Span]]]) -> None:
    """Store the spans of each (article id, spans), replacing what the articles had."""
    conn.executemany(
        "INSERT OR REPLACE INTO article_spans (article_id, packed) VALUES (?, ?)",
        ((article_id, pack(spans)) for article_id, spans in rows),
    )


def kind_ranges(blob: bytes, kind: str) -> tuple[list[int], list[int]]:
    """What `ranges_of_kind` returns, with no Python loop per span (analysis decodes every
    article's blob): the kinds compared, the starts and ends chosen, all in C loops."""
    return kinds_ranges(blob, (kind,))[0]


def kinds_ranges(blob: bytes, kinds: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """`kind_ranges` for each of `kinds`, the blob unpacked once."""
    raw = zlib.decompress(blob)
    if not raw or raw[0] != VERSION:
        raise ValueError(f"spans packed by a newer gpreader (version {raw[:1].hex() or '?'})")
    size = int.from_bytes(raw[1:_HEAD], "little")
    names: list[str] = json.loads(raw[_HEAD : _HEAD + size])
    numbers = array("i")
    numbers.frombytes(raw[_HEAD + size :])
    if sys.byteorder == "big":
        numbers.byteswap()
    n = len(numbers) // _FIELDS
    found: list[tuple[list[int], list[int]]] = []
    for kind in kinds:
        if kind not in names:
            found.append(([], []))
            continue
        chosen = list(map(names.index(kind).__eq__, numbers[:n]))
        starts = list(compress(numbers[2 * n : 3 * n], chosen))
        ends = list(compress(numbers[3 * n : 4 * n], chosen))
        if starts != sorted(starts):  # written out of order: put them in text order
            pairs = sorted(zip(starts, ends, strict=True))
            starts, ends = list(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs))
        found.append((starts, ends))
    return found
