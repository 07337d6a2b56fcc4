"""Counting articles in a matrix's cells, in numpy (imported on first use: analysis only).

A cell counts the articles of its column holding at least one of its row's highlights: the
distinct (row, article) pairs, each article in one column. At 100,000 highlights a set of
pairs and a Python loop over them was most of the count (~0.4 s); numpy makes the pairs in
one pass and finds the distinct ones by one sort.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from operator import add

from gpreader.analysis.table import Number


def count_articles(
    articles: Iterable[str],
    columns: Iterable[int],
    wheres: Iterable[tuple[int, ...]],
    cells: list[list[Number]],
    col_totals: list[Number],
) -> int:
    """Add to each cell the articles of its column holding a highlight of its row, and to
    each column's total its articles holding any (each highlight: its article, column and
    rows); the number of such articles."""
    import numpy as np

    arts, js, rows_of = list(articles), list(columns), list(wheres)
    number = {a: x for x, a in enumerate(dict.fromkeys(arts))}
    found = len(number)
    art = np.fromiter(map(number.__getitem__, arts), dtype=np.int64, count=len(arts))
    column_of = np.zeros(found, dtype=np.int64)
    column_of[art] = js  # an article is in one column
    width = len(col_totals)
    counted = np.bincount(column_of, minlength=width).tolist()
    for j, n in enumerate(counted):
        col_totals[j] += n
    rows = np.fromiter(chain.from_iterable(rows_of), dtype=np.int64)
    pair_art = np.repeat(art, np.fromiter(map(len, rows_of), dtype=np.int64, count=len(rows_of)))
    pairs = np.sort(rows * found + pair_art)  # distinct by sorting (numpy's unique hashes:
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]  # slower here)
    place = (pairs // found) * width + column_of[pairs % found]
    added = np.bincount(place, minlength=len(cells) * width)
    for row, more in zip(cells, added.reshape(len(cells), width).tolist(), strict=True):
        row[:] = map(add, row, more)
    return found
