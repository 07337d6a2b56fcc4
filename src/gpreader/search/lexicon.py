"""Where a Vocabulary looks words up: a dict in memory, or the search_vocab table itself.

Both sources answer the same questions with the same answers (a test compares them), so a
search gives the same ranked list whether the vocabulary was loaded or not:

    counts(words)            -> {word: frequency} of those in the corpus
    edit_candidates(w, abc)  -> strings one edit from w to look up (every word among them)
    starting(prefix, limit)  -> the words starting with `prefix`, sorted; None past `limit`
    starting_any(prefixes)   -> the words starting with any of them, sorted, each once
    completions(start, ...)  -> the closest longer words starting with `start`
    total                    -> word occurrences in the corpus (for rarity)

`StoredWords` costs a few indexed SQL look-ups per query word and nothing to open, so the
first search after start does not wait for the whole vocabulary to load; `MemoryWords`
(loaded by `SearchIndex.warm`, in a thread) saves those look-ups on every later search.
SQL here reads only the index's own tables (search_vocab, search_fts_data).
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from bisect import bisect_left
from collections.abc import Iterable
from typing import Protocol

from gpreader.search.edits import edits1, likely_edits1

END = "\U0010ffff"  # past every character: `prefix + END` bounds the words with `prefix`
PREPARED = (1, 7)  # the prefix sizes edit look-ups of most words use (longer: bisected)


class WordSource(Protocol):
    """What a Vocabulary asks of its words."""

    @property
    def total(self) -> int: ...

    def counts(self, words: Iterable[str]) -> dict[str, int]: ...

    def starting(self, prefix: str, limit: int) -> list[str] | None: ...

    def starting_any(self, prefixes: Iterable[str]) -> list[str]: ...

    def completions(self, start: str, limit: int, max_range: int) -> list[str]: ...

    def edit_candidates(self, word: str, letters: str) -> set[str]: ...


class MemoryWords:
    """Words and frequencies in a dict, with the words sorted for prefix ranges."""

    def __init__(
        self, freq: dict[str, int], *, ordered: list[str] | None = None, total: int | None = None
    ) -> None:
        """`ordered`: the words already sorted; `total`: the occurrences, if known."""
        self.freq = freq
        self.ordered = ordered if ordered is not None else sorted(freq)
        self._total = total
        self._prefixes: dict[int, frozenset[str]] = {}

    def prefixes(self, size: int) -> frozenset[str]:
        """The first `size` letters of every word at least that long (made on first use):
        most strings one edit from a word's head start no word, and are skipped by this."""
        found = self._prefixes.get(size)
        if found is None:
            found = frozenset(w[:size] for w in self.ordered if len(w) >= size)
            self._prefixes[size] = found
        return found

    def prepare(self) -> None:
        """Make now what the first two-edit look-ups of most words would make."""
        for size in range(PREPARED[0], PREPARED[1] + 1):
            self.prefixes(size)

    @property
    def total(self) -> int:
        if self._total is None:
            self._total = sum(self.freq.values())
        return self._total

    def counts(self, words: Iterable[str]) -> dict[str, int]:
        get = self.freq.get
        return {w: n for w in words if (n := get(w)) is not None}

    def _bounds(self, prefix: str) -> tuple[int, int]:
        lo = bisect_left(self.ordered, prefix)
        return lo, bisect_left(self.ordered, prefix + END, lo)

    def starting(self, prefix: str, limit: int) -> list[str] | None:
        lo, hi = self._bounds(prefix)
        return None if hi - lo > limit else self.ordered[lo:hi]

    def starting_any(self, prefixes: Iterable[str]) -> list[str]:
        ranges = []
        for prefix in prefixes:  # most start no word: a set says so quicker than a bisect
            if len(prefix) > PREPARED[1] or prefix in self.prefixes(len(prefix)):
                ranges.append(self._bounds(prefix))
        found: list[str] = []
        end = 0  # ranges of prefixes are nested or apart: merged in order, each word once
        for lo, hi in sorted(ranges):
            if hi > end:
                found += self.ordered[max(lo, end) : hi]
                end = hi
        return found

    def heads(self, left: str, letters: list[str]) -> set[str]:
        """The strings `left + letter` that begin some word."""
        size = len(left) + 1
        if size <= PREPARED[1]:
            kept = self.prefixes(size)
            return {head for c in letters if (head := left + c) in kept}
        lo, hi = self._bounds(left)  # a long beginning: few words have it
        found = {w[:size] for w in self.ordered[lo:hi] if len(w) >= size}
        return {head for c in letters if (head := left + c) in found}

    def edit_candidates(self, word: str, letters: str) -> set[str]:
        """The strings one edit from `word` that begin a word as far as the edit (edits.py):
        most are never made, none of the words is missed."""
        return likely_edits1(word, letters, self.heads)

    def completions(self, start: str, limit: int, max_range: int) -> list[str]:
        lo, hi = self._bounds(start)
        if hi - lo > max_range:
            return []
        freq = self.freq
        return heapq.nsmallest(
            limit,
            (w for w in self.ordered[lo:hi] if w != start),
            key=lambda w: (len(w), -freq[w], w),
        )


class StoredWords:
    """The search_vocab table of one connection, looked up word by word (use it on the
    thread that opened the connection)."""

    def __init__(self, conn: sqlite3.Connection, total: int) -> None:
        self.conn = conn
        self.total = total

    def counts(self, words: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(words))
        if not wanted:
            return {}
        rows = self.conn.execute(
            """SELECT v.word, v.freq FROM json_each(?) j
               CROSS JOIN search_vocab v ON v.word = j.value""",
            [json.dumps(wanted)],
        )
        return dict(rows.fetchall())

    def starting(self, prefix: str, limit: int) -> list[str] | None:
        rows = self.conn.execute(
            "SELECT word FROM search_vocab WHERE word >= ? AND word < ? ORDER BY word LIMIT ?",
            [prefix, prefix + END, limit + 1],
        ).fetchall()
        return None if len(rows) > limit else [w for (w,) in rows]

    def starting_any(self, prefixes: Iterable[str]) -> list[str]:
        wanted = sorted(set(prefixes))
        if not wanted:
            return []
        rows = self.conn.execute(
            """SELECT DISTINCT v.word FROM json_each(?) j CROSS JOIN search_vocab v
               ON v.word >= j.value AND v.word < j.value || ?""",
            [json.dumps(wanted), END],
        ).fetchall()
        return sorted(w for (w,) in rows)

    def edit_candidates(self, word: str, letters: str) -> set[str]:
        """Every string one edit from `word` (one SQL look-up finds the words among them)."""
        return edits1(word, letters)

    def completions(self, start: str, limit: int, max_range: int) -> list[str]:
        bounds = [start, start + END]
        (size,) = self.conn.execute(
            """SELECT count(*) FROM
               (SELECT 1 FROM search_vocab WHERE word >= ? AND word < ? LIMIT ?)""",
            [*bounds, max_range + 1],
        ).fetchone()
        if size > max_range:
            return []
        rows = self.conn.execute(
            """SELECT word FROM search_vocab WHERE word > ? AND word < ?
               ORDER BY length(word), freq DESC, word LIMIT ?""",
            [*bounds, limit],
        ).fetchall()
        return [w for (w,) in rows]


def stored_total(conn: sqlite3.Connection) -> int:
    """How many words the index holds, read from FTS5's own running count (its "averages"
    record: the row count, then the token count of each column, as varints) instead of
    summing the whole vocabulary; summed when that record cannot be read."""
    try:
        row = conn.execute("SELECT block FROM search_fts_data WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is not None and isinstance(row[0], bytes):
        values = _varints(row[0])
        if len(values) >= 2:
            return values[1]
    (total,) = conn.execute("SELECT ifnull(sum(freq), 0) FROM search_vocab").fetchone()
    return int(total)


def _varints(data: bytes) -> list[int]:
    """SQLite's big-endian varints (7 bits a byte, the ninth byte whole)."""
    values: list[int] = []
    i = 0
    while i < len(data):
        value = 0
        for n in range(9):
            if i >= len(data):
                return values
            byte = data[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values
