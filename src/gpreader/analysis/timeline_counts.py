"""Codes over time counting highlights, in a few C loops: the timeline's common case.

The highlights are numbered by their article and by their set of tags, each in one pass (a
defaultdict numbers what it has not seen; highlights share a few thousand tag sets at most);
each article's period is worked out once; one bincount gives each (period, tag set) count
and one product with the tag sets' rows gives the cells. The table is the one
`matrix.timeline` documents (every period from the first to the last, undated highlights
left out and counted in the note `undated`), cell for cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import count
from typing import Any

from gpreader.analysis.coding import (
    NO_DATE,
    ArticleInfo,
    Coding,
    column_of,
    labeller,
    period_range,
    row_labels,
)
from gpreader.analysis.table import Number, Table


def highlights_over_time(
    coding: Coding, *, tags: Sequence[str] = (), by: str = "month", depth: int = 0
) -> Table:
    """The timeline of `tags` (all by default, cut to `depth`) by `by` (week, month, year),
    counting highlights."""
    import numpy as np

    column = column_of(by, coding)
    rows = row_labels(coding, tags, depth)
    labels = labeller(rows, bool(tags), depth)
    cols = coding.columns
    row_at = {r: i for i, r in enumerate(rows)}
    set_no: defaultdict[tuple[str, ...], int] = defaultdict(count().__next__)
    sets = np.asarray(list(map(set_no.__getitem__, cols.tags)), dtype=np.int64)  # one pass
    tag_sets = list(set_no)
    member = np.zeros((len(tag_sets), len(rows)), dtype=np.int64)  # tag set x row: 0/1
    for n, t in enumerate(tag_sets):
        member[n, [row_at[r] for r in labels(t)]] = 1
    under_a_row: Any = member.any(axis=1)
    path_no: defaultdict[str, int] = defaultdict(count().__next__)
    articles = np.asarray(list(map(path_no.__getitem__, cols.articles)), dtype=np.int64)
    paths = list(path_no)
    named = [column(coding.articles.get(p) or ArticleInfo(p, "", None)) for p in paths]
    held = under_a_row[sets] if len(sets) else np.zeros(0, dtype=bool)
    held_articles = np.bincount(articles[held], minlength=len(paths))
    undated = sum(int(k) for k, name in zip(held_articles, named, strict=True) if name == NO_DATE)
    periods = sorted({name for k, name in zip(held_articles, named, strict=True) if k} - {NO_DATE})
    columns = period_range(periods[0], periods[-1], by) if periods else []
    col_at = {c: j for j, c in enumerate(columns)}
    article_col = np.asarray([col_at.get(name, -1) for name in named], dtype=np.int64)
    js = article_col[articles] if len(articles) else articles
    counted = held & (js >= 0)
    per = np.bincount(
        js[counted] * len(tag_sets) + sets[counted], minlength=len(columns) * len(tag_sets)
    ).reshape(len(columns), len(tag_sets))
    cells: list[list[Number]] = np.einsum("sr,ps->rp", member, per).tolist()
    col_totals: list[Number] = per.sum(axis=1).tolist() if len(columns) else []
    row_totals: list[Number] = [sum(r) for r in cells]
    total: Number = int(counted.sum())

    def behind(i: int, j: int) -> list[str]:
        found = np.flatnonzero(counted & (js == j) & (member[:, i][sets] > 0))
        return list(map(cols.ids.__getitem__, found.tolist()))

    notes: dict[str, Any] = {"orphaned_excluded": coding.orphaned, "coder": coding.coder}
    notes["undated"] = undated
    return Table(
        f"highlights by {by}",
        "highlights",
        rows,
        columns,
        cells,
        row_totals,
        col_totals,
        total,
        notes,
        behind,
    )
