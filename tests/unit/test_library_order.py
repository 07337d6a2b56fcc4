"""LibraryOrder (the library's cached filter and sort) shows exactly what reading.filter_articles
and reading.sort_articles would, through any sequence of typed queries, sorts and count
changes."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader import reading
from gpreader.models import ArticleSummary
from gpreader.tui.widgets.library_order import LibraryOrder

WORDS = st.text(alphabet="abcßSS é/-\n", max_size=8)


@st.composite
def libraries(draw: st.DrawFn) -> list[ArticleSummary]:
    paths = draw(st.lists(st.text(alphabet="abcß/é.", min_size=1, max_size=6), unique=True))
    return [
        ArticleSummary(
            path=path,
            title=draw(WORDS),
            date=draw(st.none() | st.sampled_from(["2024-01-02", "2023-05-06", "2024-01-02T10"])),
            words=draw(st.integers(0, 3)),
            comments=draw(st.integers(0, 3)),
            highlights=draw(st.integers(0, 3)),
        )
        for path in paths
    ]


Step = tuple[str, str, bool] | tuple[int, int]  # a view (query, key, descending) or a new count


@settings(max_examples=150, deadline=None)
@given(
    libraries(),
    st.lists(
        st.tuples(WORDS, st.sampled_from(reading.SORT_KEYS), st.booleans())
        | st.tuples(st.integers(0, 50), st.integers(0, 5)),
        max_size=12,
    ),
)
def test_view_is_filter_then_sort(rows: list[ArticleSummary], steps: list[Step]) -> None:
    order = LibraryOrder(list(rows))
    for step in steps:
        if len(step) == 2:  # a new highlight count for one row
            index, count = step
            if rows:
                index %= len(rows)
                rows[index] = replace(rows[index], highlights=count)
                order.replace(index, rows[index])
            continue
        query, key, descending = step
        expected = reading.sort_articles(reading.filter_articles(rows, query), key, descending)
        assert order.view(query, key, descending) == expected


def test_typing_on_narrows_what_the_last_query_kept() -> None:
    rows = [
        ArticleSummary(f"{n:03}.txt", title, None, 1, 0, 0)
        for n, title in enumerate(["contract talks", "contracts", "a con", "other"])
    ]
    order = LibraryOrder(rows)
    assert order.matching("con") == {0, 1, 2}
    order.rows[3] = replace(rows[3], title="contract other")  # white box: kept rows only
    order._folded = None
    assert order.matching("cont") == {0, 1}
    assert order.matching("contracts") == {1}
    assert order.matching("o") == {0, 1, 2, 3}  # not an extension: every row again
    assert order.matching("  ") is None


def test_prepare_makes_every_order_and_a_changed_count_drops_the_counted_ones() -> None:
    rows = [ArticleSummary(f"{n}.txt", f"t{n % 3}", None, n, 0, n % 2) for n in range(6)]
    order = LibraryOrder(list(rows))
    order.prepare()
    assert set(order._orders) == {(k, d) for k in reading.SORT_KEYS for d in (False, True)}
    order.replace(0, replace(rows[0], highlights=9))
    assert ("highlights", True) not in order._orders and ("title", True) in order._orders
    assert order.view("", "highlights", True)[0].path == "0.txt"
