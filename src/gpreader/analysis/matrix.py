"""The code matrix (tags x articles, periods or an attribute) and codes over time.

    matrix(coding, by="month", count="articles")
    timeline(coding, tags=["policy"], by="week")

Counting `highlights`: each highlight once per row it counts under (a highlight tagged
`policy/contract` and `policy/funding` counts once in the row `policy` when folded).
`articles`: articles holding at least one such highlight. `words`: the words covered by the
row's highlights, overlaps counted once (a word is a run of letters or digits, with inner
apostrophes; a word partly covered counts). A row total counts the row's units once (the sum
of its cells, since the columns split the articles); a column total counts the column's units
under any row once; the grand total counts every unit once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from operator import and_

from gpreader.analysis.cell_counts import count_articles
from gpreader.analysis.coded_words import count_unit_words, count_words
from gpreader.analysis.coding import (
    NO_DATE,
    PERIODS,
    ArticleInfo,
    Coding,
    column_of,
    labeller,
    period_range,
    row_labels,
)
from gpreader.analysis.table import Number, Table
from gpreader.analysis.timeline_counts import highlights_over_time
from gpreader.errors import InvalidInputError
from gpreader.gc_pause import without_gc

COUNTS = ("highlights", "articles", "words")


@without_gc
def matrix(
    coding: Coding,
    *,
    by: str = "article",
    count: str = "highlights",
    tags: Sequence[str] = (),
    depth: int = 0,
) -> Table:
    """Tags (rows) by `by` (columns: only those with something counted), counting `count`."""
    column = column_of(by, coding)
    rows = row_labels(coding, tags, depth)
    labels = labeller(rows, bool(tags), depth)
    return _tabulate(coding, rows, labels, None, column, count, f"tags by {by}")


@without_gc
def timeline(
    coding: Coding,
    *,
    tags: Sequence[str] = (),
    by: str = "month",
    count: str = "highlights",
    depth: int = 0,
) -> Table:
    """Tags' frequency by week, month or year of their article's date, every period from the
    first to the last (empty ones as zeros). Highlights in undated articles are left out and
    counted in the note `undated`."""
    if by not in PERIODS:
        raise InvalidInputError(f"a timeline is by {', '.join(PERIODS)}, not {by!r}")
    if count == "highlights":  # the common case, in C loops
        return highlights_over_time(coding, tags=tags, by=by, depth=depth)
    column = column_of(by, coding)
    rows = row_labels(coding, tags, depth)
    labels = labeller(rows, bool(tags), depth)
    cols = coding.columns
    named = {a: column(_info(coding, a)) for a in set(cols.articles)}
    labelled = {t: bool(labels(t)) for t in set(cols.tags)}
    held = list(compress(cols.articles, map(labelled.__getitem__, cols.tags)))
    undated = Counter(map(named.__getitem__, held))[NO_DATE]
    periods = sorted({named[a] for a in set(held)} - {NO_DATE})
    columns = period_range(periods[0], periods[-1], by) if periods else []
    table = _tabulate(coding, rows, labels, columns, column, count, f"{count} by {by}")
    table.notes["undated"] = undated
    return table


def _info(coding: Coding, path: str) -> ArticleInfo:
    return coding.articles.get(path) or ArticleInfo(path, "", None)


def _tabulate(
    coding: Coding,
    rows: list[str],
    labels: Callable[[tuple[str, ...]], frozenset[str]],
    columns: list[str] | None,
    column: Callable[[ArticleInfo], str],
    count: str,
    title: str,
) -> Table:
    if count not in COUNTS:
        raise InvalidInputError(f"count one of {', '.join(COUNTS)}, not {count!r}")
    row_at = {r: i for i, r in enumerate(rows)}
    cols = coding.columns
    article_of, tags_of = cols.articles, cols.tags
    # Rows per distinct set of tags, columns per distinct article: each worked out once.
    where_of: dict[tuple[str, ...], tuple[int, ...]] = {}
    for tag_set in set(tags_of):
        found = labels(tag_set)
        where_of[tag_set] = tuple(sorted(row_at[r] for r in found))
    wheres = list(map(where_of.__getitem__, tags_of))
    under_a_row = list(map(bool, wheres))
    named = {a: column(_info(coding, a)) for a in set(article_of)}
    if columns is None:  # the columns holding something counted
        columns = sorted(set(map(named.__getitem__, set(compress(article_of, under_a_row)))))
    col_at = {c: j for j, c in enumerate(columns)}
    col_of = {a: col_at.get(c, -1) for a, c in named.items()}  # -1: none
    js = list(map(col_of.__getitem__, article_of))
    counted = list(map(and_, under_a_row, map((-1).__ne__, js)))  # in a column, under a row

    def placed() -> Iterator[tuple[int, int, tuple[int, ...]]]:
        """(highlight index, column, rows) of each counted highlight."""
        return compress(zip(range(len(js)), js, wheres, strict=True), counted)

    cells: list[list[Number]] = [[0] * len(columns) for _ in rows]
    col_totals: list[Number] = [0] * len(columns)
    if count == "highlights":
        for (j, where), n in Counter(compress(zip(js, wheres, strict=True), counted)).items():
            for i in where:
                cells[i][j] += n
            col_totals[j] += n
        total: Number = sum(counted)
    elif count == "articles":
        total = count_articles(
            compress(article_of, counted),
            compress(js, counted),
            compress(wheres, counted),
            cells,
            col_totals,
        )
    elif coding.units is not None:
        words = coding.units()[4:6]
        chosen = _chosen(counted, js, wheres)
        total = count_unit_words((words[0], words[1]), cols, chosen, cells, col_totals)
    else:
        if coding.texts is None:
            raise InvalidInputError("counting words needs the articles' text")
        chosen = _chosen(counted, js, wheres)
        total = count_words(coding.texts, cols, chosen, cells, col_totals)
    row_totals: list[Number] = [sum(r) for r in cells]

    def behind(i: int, j: int) -> list[str]:
        ids = cols.ids
        return [ids[k] for k, col, where in placed() if col == j and i in where]

    notes = {"orphaned_excluded": coding.orphaned, "coder": coding.coder}
    return Table(title, count, rows, columns, cells, row_totals, col_totals, total, notes, behind)


def _chosen(
    counted: list[bool], js: list[int], wheres: list[tuple[int, ...]]
) -> tuple[list[int], list[int], list[tuple[int, ...]]]:
    """The counted highlights' indices, columns and rows."""
    ks = list(compress(range(len(js)), counted))
    return ks, list(compress(js, counted)), list(compress(wheres, counted))
