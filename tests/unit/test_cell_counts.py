"""The matrix's numpy counts (analysis/cell_counts.py, coded_words._tally) equal counting
by sets, one unit at a time, for any highlights, rows and columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.analysis.cell_counts import count_articles
from gpreader.analysis.coded_words import _tally
from gpreader.analysis.table import Number

ROWS, COLUMNS = 4, 3
Highlight = tuple[int, tuple[int, ...], int, int]  # article, rows, first word, words

# an article is in one column: its column is its number modulo COLUMNS
HIGHLIGHT = st.tuples(
    st.integers(0, 6),  # article
    st.sets(st.integers(0, ROWS - 1), max_size=ROWS).map(lambda r: tuple(sorted(r))),
    st.integers(0, 30),  # first word
    st.integers(-2, 12),  # words covered (empty or backwards: none)
)


def _empty() -> tuple[list[list[Number]], list[Number]]:
    return [[0] * COLUMNS for _ in range(ROWS)], [0] * COLUMNS


@settings(max_examples=200, deadline=None)
@given(st.lists(HIGHLIGHT, max_size=40))
def test_articles_counted_once_per_cell_and_column(highlights: list[Highlight]) -> None:
    cells, totals = _empty()
    found = count_articles(
        [f"a{a}" for a, _, _, _ in highlights],
        [a % COLUMNS for a, _, _, _ in highlights],
        [rows for _, rows, _, _ in highlights],
        cells,
        totals,
    )
    assert found == len({a for a, _, _, _ in highlights})
    for j in range(COLUMNS):
        assert totals[j] == len({a for a, _, _, _ in highlights if a % COLUMNS == j})
        for i in range(ROWS):
            expected = {a for a, rows, _, _ in highlights if a % COLUMNS == j and i in rows}
            assert cells[i][j] == len(expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(HIGHLIGHT, max_size=40))
def test_words_are_the_union_of_each_cells_intervals(highlights: list[Highlight]) -> None:
    stride = 100  # article a's words numbered from a * stride: no two articles overlap
    cells, totals = _empty()
    total = _tally(
        [a * stride + lo for a, _, lo, _ in highlights],
        [a * stride + lo + n for a, _, lo, n in highlights],
        [a % COLUMNS for a, _, _, _ in highlights],
        [rows for _, rows, _, _ in highlights],
        cells,
        totals,
    )

    def words(chosen: list[Highlight]) -> set[int]:
        return {a * stride + w for a, _, lo, n in chosen for w in range(lo, lo + n)}

    assert total == len(words(highlights))
    for j in range(COLUMNS):
        in_column = [h for h in highlights if h[0] % COLUMNS == j]
        assert totals[j] == len(words(in_column))
        for i in range(ROWS):
            assert cells[i][j] == len(words([h for h in in_column if i in h[1]]))
            assert isinstance(cells[i][j], int)
