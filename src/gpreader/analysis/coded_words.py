"""Coded words: the words a matrix row's highlights cover in each article, overlaps once.

A word is a run of letters or digits, with inner apostrophes; a word a highlight covers only
part of counts. Each article is read whole once and only its coded text is split into words,
once (not once per row): the highlights' ranges, joined where they overlap or touch, are cut
into word pieces, a piece standing for the one word it is part of (a word cut by a range's
edge is a piece; a word running from one range across a gap into the next is one word, its two
pieces one id). A highlight then covers the pieces between two bisections, and a row's words
in an article are the union of its highlights' piece ids: an int used as a bitset.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import add, attrgetter, itemgetter

from gpreader.analysis.coding import Coded
from gpreader.analysis.table import Number

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
WHOLE = 1 << 30  # read from offset 0 this far: an article's whole text (SQLite's substr
# gives "" for a length near 2**63)
STRIDE = 1 << 40  # apart the articles' offsets are put on one line (no article is this long)

Placed = tuple[Coded, int, tuple[int, ...]]  # highlight, column, rows
TextSource = Callable[[list[tuple[str, int, int]]], list[str]]


def count_words(
    texts: TextSource,
    placed: Sequence[Placed],
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """Add each row's coded words to its cell of the article's column, and each article's
    (under any row) to its column total; the grand total."""
    hs = list(map(itemgetter(0), placed))
    paths = sorted(set(map(attrgetter("article"), hs)))
    whole = dict(zip(paths, texts([(p, 0, WHOLE) for p in paths]), strict=True))
    ranges: dict[str, list[tuple[int, int]]] = {p: [] for p in paths}
    for h in hs:
        ranges[h.article].append((h.start, h.end))
    starts: list[int] = []  # every piece of every article on one line
    ends: list[int] = []
    ids: list[int] = []  # each piece's word, numbered within its article
    first: dict[str, int] = {}  # path -> the index of its first piece
    offset: dict[str, int] = {}
    for k, path in enumerate(paths):
        first[path], offset[path] = len(starts), k * STRIDE
        _pieces(whole[path], merge(ranges[path]), k * STRIDE, starts, ends, ids)
    at = list(map(offset.__getitem__, map(attrgetter("article"), hs)))
    los = list(map(bisect_right, repeat(ends), map(add, at, map(attrgetter("start"), hs))))
    his = list(map(bisect_left, repeat(starts), map(add, at, map(attrgetter("end"), hs))))
    per_row: dict[tuple[str, int], int] = {}
    per_article: dict[str, int] = {}
    column: dict[str, int] = {}
    for (h, j, where), lo, hi in zip(placed, los, his, strict=True):
        column[h.article] = j
        if lo >= hi:  # no word: only spaces or punctuation
            continue
        low, high = ids[lo], ids[hi - 1]
        mask = ((1 << (high - low + 1)) - 1) << low
        per_article[h.article] = per_article.get(h.article, 0) | mask
        for i in where:
            key = (h.article, i)
            per_row[key] = per_row.get(key, 0) | mask
    for (path, i), mask in per_row.items():
        cells[i][column[path]] += mask.bit_count()
    total = 0
    for path, mask in per_article.items():
        n = mask.bit_count()
        col_totals[column[path]] += n
        total += n
    return total


def _pieces(
    text: str,
    merged: list[tuple[int, int]],
    offset: int,
    starts: list[int],
    ends: list[int],
    ids: list[int],
) -> None:
    """Append the word pieces of `text`'s coded ranges (`merged`: sorted, apart), at
    `offset` on the line, each with its word's number within the article."""
    word = -1
    cut: int | None = None  # where the last range cut its last piece (at the range's end)
    for s, e in merged:
        b = -1
        for m in WORD.finditer(text, s, e):
            a, b = m.span()
            if not (a == s and cut is not None and _one_word(text, cut, a)):
                word += 1
            cut = None
            starts.append(offset + a)
            ends.append(offset + b)
            ids.append(word)
        cut = e if b == e else None


def _one_word(text: str, end: int, start: int) -> bool:
    """Whether a piece ending at `end` and one starting at `start` (in the next range) are
    one word: the text from the first's last character to the second's first is one."""
    return WORD.fullmatch(text, end - 1, start + 1) is not None


def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges joined, in order."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
