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

SQL_FUNCTION = "gpreader_text"  # named in the generated column; never rename (schema)
LEVEL = 6  # zlib's default: level 1 saved no CPU worth having and packed 3% less


def pack(text: str) -> bytes:
    """The stored form of an article's text."""
    return zlib.compress(text.encode(), LEVEL)


def unpack(packed: bytes | None) -> str | None:
    """The text of a stored `packed` value (None stays None)."""
    if packed is None:
        return None
    return zlib.decompress(packed).decode()


def register(conn: sqlite3.Connection) -> None:
    """Make `articles.text` readable on `conn` (deterministic: SQLite may cache it), and
    `gpreader_pack(text)` give the stored form (for SQL that writes a text: tests)."""
    conn.create_function(SQL_FUNCTION, 1, unpack, deterministic=True)
    conn.create_function("gpreader_pack", 1, _pack_or_none, deterministic=True)


def _pack_or_none(text: str | None) -> bytes | None:
    return None if text is None else pack(text)
