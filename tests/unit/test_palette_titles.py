"""The palette folds the library's titles once per list of rows, and again for a new list."""

from __future__ import annotations

from dataclasses import replace

from gpreader.models import ArticleSummary
from gpreader.tui.palette import folded_titles


def test_titles_are_folded_once_per_list_of_rows() -> None:
    rows = [ArticleSummary(f"{n}.txt", f"Title {n} ÉTÉ", None, 1, 0, 0) for n in range(3)]
    articles, folded = folded_titles(rows)
    assert articles is rows
    assert folded == ["open title 0 été", "open title 1 été", "open title 2 été"]
    rows[1] = replace(rows[1], highlights=4)  # a count changes in place: the same folding
    assert folded_titles(rows)[1] is folded
    again = [replace(r, title="Other") for r in rows]  # the library read the articles again
    assert folded_titles(again) == (again, ["open other"] * 3)
