"""An article's text as stored in `articles.text` (migration m014): packed into a blob of
zlib-compressed chunks, so that a database holds about half the bytes of its texts.

The blob is: a version byte, the chunk size C and the number of chunks (uint32 each,
little-endian), the end of each compressed chunk in the data that follows (uint32 each),
then the chunks. Chunk i holds the characters [i * C, (i + 1) * C) of the text, UTF-8,
compressed on its own (C is CHUNK when it was packed): a range of the
text (`between`) is read by inflating only the chunks it covers (a search reads a few
passages of many long articles). The SQL functions `gp_text(text)` and
`gp_substr(text, start, length)` (registered on every connection: `register`) read it in
a query as `text` and SQLite's `substr` read the plain column; a plain string (a row of a
database not migrated yet) reads as itself.
"""

from __future__ import annotations

import sqlite3
import sys
import zlib
from array import array
from collections.abc import Sequence
from itertools import accumulate

VERSION = 1
CHUNK = 8192  # characters per compressed chunk
LEVEL = 1  # zlib: higher levels save ~5% more for 60% more CPU
_HEAD = 9  # the version byte, the chunk size and the number of chunks


def pack(text: str) -> bytes:
    """The blob for `text`."""
    chunks = [
        zlib.compress(text[i : i + CHUNK].encode(), LEVEL) for i in range(0, len(text), CHUNK)
    ]
    ends = array("I", accumulate(map(len, chunks)))
    if ends.itemsize != 4:  # pragma: no cover - every platform gpreader runs on has 4
        raise RuntimeError("array('I') is not 32-bit here")
    head = bytes([VERSION]) + CHUNK.to_bytes(4, "little") + len(chunks).to_bytes(4, "little")
    return b"".join((head, _little(ends).tobytes(), *chunks))


def unpack(stored: bytes | str) -> str:
    """The whole text of a stored value (a blob from `pack`, or a plain string)."""
    if isinstance(stored, str):
        return stored
    _, n, ends, data = _parts(stored)
    return _inflate(data, ends, 0, n)


def between(stored: bytes | str, start: int, end: int) -> str:
    """text[start:end] of a stored value (0 <= start), inflating only the chunks it needs."""
    if isinstance(stored, str):
        return stored[start:end]
    size, n, ends, data = _parts(stored)
    if end <= start or start >= n * size:
        return ""
    first, last = start // size, min(n, (end - 1) // size + 1)
    text = _inflate(data, ends, first, last)
    offset = first * size
    return text[start - offset : end - offset]


def slices(stored: bytes | str, ranges: Sequence[tuple[int, int]]) -> list[str]:
    """text[start:end] for each (start, end) of a stored value (0 <= start), each chunk
    inflated at most once."""
    if isinstance(stored, str):
        return [stored[start:end] for start, end in ranges]
    size, n, ends, data = _parts(stored)
    chunks: dict[int, str] = {}
    found: list[str] = []
    for start, end in ranges:
        if end <= start or start >= n * size:
            found.append("")
            continue
        first, last = start // size, min(n, (end - 1) // size + 1)
        for i in range(first, last):
            if i not in chunks:
                chunks[i] = _inflate(data, ends, i, i + 1)
        offset = first * size
        found.append(
            "".join([chunks[i] for i in range(first, last)])[start - offset : end - offset]
        )
    return found


def _parts(blob: bytes) -> tuple[int, int, array[int], memoryview]:
    """A blob's chunk size, number of chunks, the end of each and the data."""
    if not blob or blob[0] != VERSION:
        raise ValueError(f"text packed by a newer gpreader (version {blob[:1].hex() or '?'})")
    size, n = int.from_bytes(blob[1:5], "little"), int.from_bytes(blob[5:_HEAD], "little")
    ends = array("I")
    ends.frombytes(blob[_HEAD : _HEAD + 4 * n])
    return size, n, _little(ends), memoryview(blob)[_HEAD + 4 * n :]


def _inflate(data: memoryview, ends: array[int], first: int, last: int) -> str:
    """The text of chunks first..last-1."""
    lo = ends[first - 1] if first else 0
    parts = []
    for i in range(first, last):
        parts.append(zlib.decompress(data[lo : ends[i]]))
        lo = ends[i]
    return b"".join(parts).decode()


def _little(numbers: array[int]) -> array[int]:
    if sys.byteorder == "big":  # pragma: no cover - stored little-endian
        numbers.byteswap()
    return numbers


def _substr(stored: bytes | str | None, start: int, length: int) -> str | None:
    """SQLite's substr(text, start, length), for start >= 1 and length >= 0 (what gpreader
    asks: anything else is an error)."""
    if stored is None:
        return None
    if start < 1 or length < 0:
        raise ValueError(f"gp_substr({start}, {length}): start from 1, a length from 0")
    return between(stored, start - 1, start - 1 + length)


def register(conn: sqlite3.Connection) -> None:
    """Make `gp_text` and `gp_substr` available to the SQL of `conn`."""
    conn.create_function("gp_text", 1, unpack, deterministic=True)
    conn.create_function("gp_substr", 3, _substr, deterministic=True)
