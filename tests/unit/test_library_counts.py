"""The library finds a row by identity when a highlight count changes (no position table)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from gpreader.models import ArticleSummary
from gpreader.tui.widgets.library import _position_of


def _row(n: int) -> ArticleSummary:
    return ArticleSummary(f"{n:03}.txt", "same", None, words=1, comments=0, highlights=0)


@given(st.integers(1, 40), st.data())
def test_the_row_itself_is_found_never_an_equal_copy(n: int, data: st.DataObject) -> None:
    rows = [_row(i) for i in range(n)]
    shown = data.draw(st.permutations(rows))
    target = data.draw(st.sampled_from(rows))
    assert shown[_position_of(shown, target)] is target
    assert _position_of(shown, replace(target)) == -1  # equal, but not the row shown
