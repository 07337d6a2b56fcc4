"""How an article's text is stored: zlib-compressed UTF-8 in `articles.packed` (m011).

Every read of the text goes through `unpack`: SQL reads the column `articles.text`, which
is generated (VIRTUAL) from `packed` by the SQL function `gpreader_text`, registered on
every connection gpreader opens (`register`). Readers keep writing `a.text` and
`substr(a.text, ...)`; only the writer (store/articles.py) and the migration pack. A
connection without the function (the sqlite3 shell) reads every column but `text`.
News text compresses about 1.8-2.8 times: the text was two thirds of a database.
"""

from __future__ import annotations

import sqlite3
import zlib
from functools import lru_cache

SQL_FUNCTION = "gpreader_text"  # named in the generated column; never rename (schema)
LEVEL = 6  # zlib's default: level 1 saved no CPU worth having and packed 3% less
# Texts up to this many packed bytes are kept once unpacked, the last CACHED of them: a
# search reads passages of the same articles again and again (unpacking ~7 KB costs ~20 µs;
# looking one up ~1 µs). At most ~256 x 32 KB of text.
CACHED_BYTES = 16 * 2**10
CACHED = 256
# The last BIG_KEPT bigger texts are kept too, found by comparing the packed bytes (no hash):
# coding a 5 MB article reads its text on every key (unpacking it: ~20 ms).
BIG_KEPT = 2
# No article's text unpacks past this (a file is read up to 16 MB): a damaged or hostile
# database whose packed value would inflate further is refused, not unpacked into memory.
MAX_UNPACKED = 64 * 2**20
_big: list[tuple[bytes, str]] = []  # most recent first


def pack(text: str) -> bytes:
    """The stored form of an article's text."""
    return zlib.compress(text.encode(), LEVEL)


def unpack(packed: bytes | None) -> str | None:
    """The text of a stored `packed` value (None stays None)."""
    if packed is None:
        return None
    if len(packed) <= CACHED_BYTES:
        return _unpack_cached(packed)
    kept = list(_big)  # a copy: another thread may replace the list's items
    for held, text in kept:
        if held == packed:
            return text
    text = _inflate(packed)
    _big[:] = [(packed, text), *kept][:BIG_KEPT]
    return text


@lru_cache(maxsize=CACHED)
def _unpack_cached(packed: bytes) -> str:
    return _inflate(packed)


def _inflate(packed: bytes) -> str:
    """zlib-decompress at most MAX_UNPACKED bytes; ValueError if the value is damaged or
    would unpack further (SQLite reports it as an error of the query that read it)."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_UNPACKED)
    except zlib.error as exc:
        raise ValueError(f"an article's stored text is damaged or too large ({exc})") from exc
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("an article's stored text is damaged or too large to unpack")
    return raw.decode()


def register(conn: sqlite3.Connection) -> None:
    """Make `articles.text` readable on `conn` (deterministic: SQLite may cache it), and
    `gpreader_pack(text)` give the stored form (for SQL that writes a text: tests)."""
    # A schema's function must be trusted where SQLite was built with trusted_schema off
    # (Python cannot mark it innocuous); ours only unpack or pack a value.
    conn.execute("PRAGMA trusted_schema = ON")
    conn.create_function(SQL_FUNCTION, 1, unpack, deterministic=True)
    conn.create_function("gpreader_pack", 1, _pack_or_none, deterministic=True)


def _pack_or_none(text: str | None) -> bytes | None:
    return None if text is None else pack(text)
