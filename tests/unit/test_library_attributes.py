"""The library's attr: filter split and attribute sort (no app needed)."""

from __future__ import annotations

import datetime

from gpreader.models import ArticleSummary
from gpreader.store.attributes import Condition
from gpreader.tui.widgets.library_attributes import (
    keep,
    saved_columns,
    shown,
    sort_order,
    split_filter,
)
from gpreader.tui.widgets.library_order import LibraryOrder


def _row(path: str) -> ArticleSummary:
    return ArticleSummary(path=path, title=path, date=None, words=1, comments=0, highlights=0)


def test_split_filter_reads_attr_tokens_with_the_grammar() -> None:
    words, found = split_filter('nhs attr:publication=pulse -attr:date<2024 attr:"section=a b" gp')
    assert words == "nhs gp"
    assert found == [
        (Condition("publication", "=", "pulse"), False),
        (Condition("date", "<", "2024"), True),
        (Condition("section", "=", "a b"), False),
    ]
    assert split_filter("attr:publication attr:=x plain") == ("plain", [])  # no condition
    assert split_filter("Attr:Word_Count>=500")[1] == [
        (Condition("word_count", ">=", "500"), False)
    ]


def test_keep_and_negation() -> None:
    rows = [_row(p) for p in "abc"]
    meeting = {Condition("k", "=", "1"): frozenset({"a", "b"})}
    assert [r.path for r in keep(rows, [(Condition("k", "=", "1"), False)], meeting.get)] == [
        "a",
        "b",
    ]  # type: ignore[arg-type]
    assert [r.path for r in keep(rows, [(Condition("k", "=", "1"), True)], meeting.get)] == ["c"]  # type: ignore[arg-type]


def test_sort_order_numbers_dates_text_and_missing_last() -> None:
    rows = [_row(p) for p in ("e", "d", "c", "b", "a")]
    values = {"a": {"k": 10}, "b": {"k": 2.5}, "c": {"k": "Zed"}, "d": {"k": "alpha"}}
    assert [rows[i].path for i in sort_order(rows, values, "k", False)] == ["b", "a", "d", "c", "e"]
    assert [rows[i].path for i in sort_order(rows, values, "k", True)] == ["c", "d", "a", "b", "e"]
    dates = {"a": {"k": datetime.date(2024, 1, 2)}, "b": {"k": datetime.date(2023, 5, 1)}}
    assert [rows[i].path for i in sort_order(rows, dates, "k", False)][:2] == ["b", "a"]


def test_library_order_sorts_by_attributes_and_forgets_old_values() -> None:
    rows = [_row(p) for p in ("a", "b", "c")]
    order = LibraryOrder(rows)
    order.set_values({"a": {"n": 3}, "b": {"n": 1}})
    assert [r.path for r in order.view("", "attr:n", False)] == ["b", "a", "c"]
    order.set_values({"a": {"n": 0}, "b": {"n": 1}})
    assert [r.path for r in order.view("", "attr:n", False)] == ["a", "b", "c"]


def test_saved_columns_and_cells() -> None:
    assert saved_columns(["Publication", "publication", "", "x y", 3]) == [
        "publication",
        "x_y",
        "3",
    ]
    assert saved_columns("nonsense") == []
    assert (
        shown(None) == "" and shown(2.0) == "2" and shown(datetime.date(2024, 2, 7)) == "2024-02-07"
    )
