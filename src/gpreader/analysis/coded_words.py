"""Coded words: the words a matrix row's highlights cover in each article, overlaps once.

A word is a run of letters or digits, with inner apostrophes; a word a highlight covers only
part of counts. Each article is read whole once and only its coded text is split into words,
once (not once per row), every loop in C: the highlights' ranges, joined where they overlap
or touch, are widened to the nearest space or line break (no word crosses one) and each segment is
split by one `re.split`, its words' offsets the running sums of the pieces' lengths. All
articles' words lie on one numbered line, the articles of a column next to each other; a
highlight covers the words between two bisections (an interval of word numbers), and a row's
words in a column are the length of the union of its intervals there: sorted, the union's
growth at each interval is its end minus the larger of its start and the ends before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, sub

from gpreader.analysis.coding import Columns
from gpreader.analysis.table import Number

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")  # re.split keeps the words (odd places)
WHOLE = 1 << 30  # read from offset 0 this far: an article's whole text (SQLite's substr
# gives "" for a length near 2**63)

Placed = tuple[int, int, tuple[int, ...]]  # highlight index, column, rows
TextSource = Callable[[list[tuple[str, int, int]]], list[str]]


def count_words(
    texts: TextSource,
    columns: Columns,
    placed: Sequence[Placed],
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """Add each row's coded words in each column to its cell, and each column's (under any
    row) to its total; the grand total."""
    ks = list(map(itemgetter(0), placed))
    js = list(map(itemgetter(1), placed))
    wheres = list(map(itemgetter(2), placed))
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
    firsts: list[int] = []  # the number of each article's first word
    first = 0
    for path in paths:  # an article at a time: its lists stay small (bisecting one list of
        at = held[path]  # every word jumped across memory and was slower)
        starts = list(map(hs_starts.__getitem__, at))
        ends = list(map(hs_ends.__getitem__, at))
        words = _Words(whole[path], starts, ends)
        firsts.append(first)
        los.extend(
            map(first.__add__, map(bisect_right, repeat(words.ends), words.moved(starts, starts)))
        )
        his.extend(
            map(first.__add__, map(bisect_left, repeat(words.starts), words.moved(ends, starts)))
        )
        in_order.extend(map(wheres.__getitem__, at))
        first += len(words.starts)
    firsts.append(first)
    col_first = _column_firsts([column[p] for p in paths], firsts, len(col_totals))
    return _tally(los, his, in_order, col_first, cells, col_totals)


def count_unit_words(
    words: tuple[Sequence[int], Sequence[int]],
    columns: Columns,
    placed: Sequence[Placed],
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """count_words from where each highlight's words are in its article (`words`: the
    indices of its first word and of the word after its last, store/highlight_units.py),
    with no text read: each article's words numbered after the last a highlight covers in
    the one before it."""
    ks = list(map(itemgetter(0), placed))
    js = list(map(itemgetter(1), placed))
    wheres = list(map(itemgetter(2), placed))
    arts = list(map(columns.articles.__getitem__, ks))
    los = list(map(words[0].__getitem__, ks))
    his = list(map(words[1].__getitem__, ks))
    column = dict(zip(arts, js, strict=True))  # an article is in one column
    top = dict.fromkeys(column, 0)
    for a, hi in zip(arts, his, strict=True):
        if hi > top[a]:
            top[a] = hi
    paths = sorted(column, key=lambda p: (column[p], p))  # a column's articles side by side
    base: dict[str, int] = {}
    firsts: list[int] = []
    first = 0
    for path in paths:
        base[path] = first
        firsts.append(first)
        first += top[path]
    firsts.append(first)
    bases = list(map(base.__getitem__, arts))
    los, his = list(map(add, bases, los)), list(map(add, bases, his))
    col_first = _column_firsts([column[p] for p in paths], firsts, len(col_totals))
    return _tally(los, his, wheres, col_first, cells, col_totals)


def _column_firsts(cols_in_order: list[int], firsts: list[int], columns: int) -> list[int]:
    """Where each column's words begin (a column with no article: where the next one's do),
    then where the last ends."""
    return [firsts[bisect_left(cols_in_order, j)] for j in range(columns)] + [firsts[-1]]


def _tally(
    los: list[int],
    his: list[int],
    wheres: list[tuple[int, ...]],
    col_first: list[int],
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """Add the union of the word intervals [lo, hi) of each row in each column to its cell,
    and of every row to the column's total; the grand total."""
    some = list(map(int.__lt__, los, his))  # covering a word at all
    los, his = list(compress(los, some)), list(compress(his, some))
    order = sorted(range(len(los)), key=los.__getitem__)
    los, his = list(map(los.__getitem__, order)), list(map(his.__getitem__, order))
    wheres = list(map(list(compress(wheres, some)).__getitem__, order))
    total = 0
    for j, n in enumerate(_union_by_column(los, his, col_first)):
        col_totals[j] += n
        total += n
    # each row's intervals: those of the sets of rows holding it, the sets' intervals cut
    # out of one (stable) sort by set and put back in order by sorting their places
    numbered = {rows: n for n, rows in enumerate(set(wheres))}
    set_of = list(map(numbered.__getitem__, wheres))
    by_set = sorted(range(len(set_of)), key=set_of.__getitem__)
    sets_sorted = list(map(set_of.__getitem__, by_set))
    for i, row in enumerate(cells):
        mine: list[int] = []
        for rows, n in numbered.items():
            if i in rows:
                mine += by_set[bisect_left(sets_sorted, n) : bisect_right(sets_sorted, n)]
        mine.sort()
        counts = _union_by_column(
            list(map(los.__getitem__, mine)), list(map(his.__getitem__, mine)), col_first
        )
        for j, n in enumerate(counts):
            if n:
                row[j] += n
    return total


def _union_by_column(los: list[int], his: list[int], col_first: list[int]) -> list[int]:
    """The size of the union of the intervals [lo, hi) (sorted, none empty) within each
    column (column j holds the numbers from col_first[j] to col_first[j + 1])."""
    reach = list(accumulate(his, max))
    grown = list(map(sub, reach, map(max, los, [0, *reach[:-1]])))
    sums = [0, *accumulate(grown)]
    cut = list(map(bisect_left, repeat(los), col_first))
    return list(map(sub, map(sums.__getitem__, cut[1:]), map(sums.__getitem__, cut[:-1])))


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
