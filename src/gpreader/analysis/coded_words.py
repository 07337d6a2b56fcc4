"""Coded words: the words a matrix row's highlights cover in each article, overlaps once.

A word is a run of letters or digits, with inner apostrophes; a word a highlight covers only
part of counts. Each article is read whole once and only its coded text is split into words,
once (not once per row), every loop in C: the highlights' ranges, joined where they overlap
or touch, are widened to the nearest space or line break (no word crosses one) and each segment is
split by one `re.split`, its words' offsets the running sums of the pieces' lengths. All
articles' words lie on one numbered line, no two articles' overlapping; a highlight covers
the words between two bisections (an interval of word numbers), and a row's words in a
column are the size of the union of its intervals there: sorted by start (every row's at
once, the rows moved apart on the line), the union grows at each interval by its end minus
the larger of its start and the ends before it, added to the cell of its row and column.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, chain, repeat
from operator import add, itemgetter, sub
from typing import TYPE_CHECKING

from gpreader.analysis.coding import Columns
from gpreader.analysis.table import Number

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")  # re.split keeps the words (odd places)
WHOLE = 1 << 30  # read from offset 0 this far: an article's whole text (SQLite's substr
# gives "" for a length near 2**63)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# the counted highlights' indices, and for each its column and its rows
Placed = tuple[list[int], list[int], list[tuple[int, ...]]]
TextSource = Callable[[list[tuple[str, int, int]]], list[str]]


def count_words(
    texts: TextSource,
    columns: Columns,
    placed: Placed,
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """Add each row's coded words in each column to its cell, and each column's (under any
    row) to its total; the grand total."""
    ks, js, wheres = placed
    arts = list(map(columns.articles.__getitem__, ks))
    hs_starts = list(map(columns.starts.__getitem__, ks))
    hs_ends = list(map(columns.ends.__getitem__, ks))
    column = dict(zip(arts, js, strict=True))  # an article is in one column
    paths = sorted(column, key=lambda p: (column[p], p))  # a column's articles side by side
    whole = dict(zip(paths, texts([(p, 0, WHOLE) for p in paths]), strict=True))
    held: dict[str, list[int]] = {p: [] for p in paths}  # each article's placed highlights
    for k, a in enumerate(arts):
        held[a].append(k)
    los: list[int] = []  # each highlight's first word and the word after its last, numbered
    his: list[int] = []  # along one line of every coded article's words, articles in order
    in_order: list[tuple[int, ...]] = []  # their rows
    first = 0
    for path in paths:  # an article at a time: its lists stay small (bisecting one list of
        at = held[path]  # every word jumped across memory and was slower)
        starts = list(map(hs_starts.__getitem__, at))
        ends = list(map(hs_ends.__getitem__, at))
        words = _Words(whole[path], starts, ends)
        los.extend(
            map(first.__add__, map(bisect_right, repeat(words.ends), words.moved(starts, starts)))
        )
        his.extend(
            map(first.__add__, map(bisect_left, repeat(words.starts), words.moved(ends, starts)))
        )
        in_order.extend(map(wheres.__getitem__, at))
        first += len(words.starts)
    in_columns = list(map(js.__getitem__, chain.from_iterable(map(held.__getitem__, paths))))
    return _tally(los, his, in_columns, in_order, cells, col_totals)


def count_unit_words(
    words: tuple[Sequence[int], Sequence[int]],
    columns: Columns,
    placed: Placed,
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """count_words from where each highlight's words are in its article (`words`: the
    indices of its first word and of the word after its last, store/highlight_units.py),
    with no text read: article number x's words numbered from x times a stride longer than
    any article's covered words."""
    ks, js, wheres = placed
    arts = list(map(columns.articles.__getitem__, ks))
    los = list(map(words[0].__getitem__, ks))
    his = list(map(words[1].__getitem__, ks))
    stride = max(his, default=0) + 1
    number = {a: x * stride for x, a in enumerate(set(arts))}
    bases = list(map(number.__getitem__, arts))
    return _tally(
        list(map(add, bases, los)), list(map(add, bases, his)), js, wheres, cells, col_totals
    )


def _tally(
    los: list[int],
    his: list[int],
    js: list[int],
    wheres: list[tuple[int, ...]],
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """Add the union of the word intervals [lo, hi) of each row in each column to its cell,
    and of every row to the column's total (`js`: each interval's column; the intervals of
    two articles never overlap); the grand total. In numpy (imported here, on the first
    count of words: 0.2 s once, against ~1 s a count for the same in Python's C loops):
    each (row, interval) pair once, the rows moved apart on the line by row times its
    length, so that one sort orders every row's intervals and one pass takes their union."""
    import numpy as np

    lo, hi = np.array(los, dtype=np.int64), np.array(his, dtype=np.int64)
    column = np.array(js, dtype=np.int64)
    some = lo < hi  # covering a word at all
    width = len(col_totals)
    grown, at = _growth(lo[some], hi[some])
    counted = np.bincount(column[some][at], weights=grown, minlength=width)
    totals = counted.astype(np.int64).tolist()
    for j, n in enumerate(totals):
        col_totals[j] += n
    rows = np.fromiter(chain.from_iterable(wheres), dtype=np.int64)
    pair_of = np.repeat(np.arange(len(los)), np.fromiter(map(len, wheres), dtype=np.int64))
    kept = some[pair_of]
    rows, pair_of = rows[kept], pair_of[kept]
    line = int(hi.max(initial=0)) + 1
    moved = rows * line
    grown, at = _growth(moved + lo[pair_of], moved + hi[pair_of])
    place = rows[at] * width + column[pair_of][at]
    added = np.bincount(place, weights=grown, minlength=len(cells) * width).astype(np.int64)
    for row, more in zip(cells, added.reshape(len(cells), width).tolist(), strict=True):
        row[:] = map(add, row, more)
    return int(sum(totals))


def _growth(
    lo: NDArray[np.int64], hi: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
    """How much the union of the intervals [lo, hi) (none empty) grows at each, taken in
    order of their starts (its end minus the larger of its start and the ends before it),
    and that order (the intervals' indices)."""
    import numpy as np

    at = np.argsort(lo, kind="stable")
    starts, reach = lo[at], np.maximum.accumulate(hi[at])
    before = np.concatenate((np.zeros(1, dtype=np.int64), reach[:-1]))
    return reach - np.maximum(starts, before), at


class _Words:
    """The words of `text` that the ranges (`starts`, `ends`) touch, and maybe a few more
    next to them, in order, each once: the ranges widened to the nearest space or line break
    (no word crosses one) and joined, the segments put one after another with a NUL between
    them and split by one `re.split`; `starts` and `ends` are the words' offsets there, the
    running sums of the pieces' lengths."""

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        spaced = text + " \n"  # every find finds
        ends = list(map(min, ends, repeat(len(text))))  # (a range past the end: to the end)
        spaces = map(spaced.rfind, repeat(" "), repeat(0), starts)
        breaks = map(spaced.rfind, repeat("\n"), repeat(0), starts)
        right = map(min, map(spaced.find, repeat(" "), ends), map(spaced.find, repeat("\n"), ends))
        segments = merge(list(zip(map((1).__add__, map(max, spaces, breaks)), right, strict=True)))
        self.firsts = list(map(itemgetter(0), segments))
        pieces = list(map(text.__getitem__, map(slice, self.firsts, map(itemgetter(1), segments))))
        at = accumulate(map((1).__add__, map(len, pieces)), initial=0)
        self.moves = list(map(sub, at, self.firsts))
        parts = SPLIT.split("\0".join(pieces))
        bounds = list(accumulate(map(len, parts), initial=0))
        self.starts: list[int] = bounds[1:-1:2]
        self.ends: list[int] = bounds[2::2]

    def moved(self, offsets: list[int], anchors: list[int]) -> Iterator[int]:
        """`offsets` of the text moved where `starts` and `ends` count, each as its anchor's
        segment is (a range's end moves with its start)."""
        segment = map((-1).__add__, map(bisect_right, repeat(self.firsts), anchors))
        return map(add, offsets, map(self.moves.__getitem__, segment))


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
