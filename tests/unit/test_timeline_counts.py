"""The timeline counting highlights (analysis/timeline_counts.py) equals the code matrix by the
same period, cell for cell and passage for passage, with the empty periods as zeros and the
undated highlights left out and counted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.analysis import matrix, timeline
from gpreader.analysis.coding import NO_DATE, Coding

from .test_analysis_props import codings


@settings(max_examples=150, deadline=None)
@given(
    codings(),
    st.sampled_from(["week", "month", "year"]),
    st.integers(0, 1),
    st.sampled_from([(), ("a",), ("c/z", "a/x")]),
)
def test_timeline_equals_the_matrix_by_period(
    coding: Coding, by: str, depth: int, tags: tuple[str, ...]
) -> None:
    line = timeline(coding, by=by, depth=depth, tags=tags)
    table = matrix(coding, by=by, depth=depth, tags=tags)
    assert line.rows == table.rows
    dated = [c for c in table.columns if c != NO_DATE]
    assert set(dated) <= set(line.columns)
    if dated:
        assert (line.columns[0], line.columns[-1]) == (dated[0], dated[-1])
    undated = table.columns.index(NO_DATE) if NO_DATE in table.columns else None
    assert line.notes["undated"] == (0 if undated is None else table.column_totals[undated])
    for j, column in enumerate(line.columns):
        k = table.columns.index(column) if column in table.columns else None
        assert line.column_totals[j] == (0 if k is None else table.column_totals[k])
        for i in range(len(line.rows)):
            assert line.cells[i][j] == (0 if k is None else table.cells[i][k])
            assert line.behind(i, j) == ([] if k is None else table.behind(i, k))
    assert line.total == sum(line.column_totals)
    assert line.row_totals == [sum(r) for r in line.cells]
