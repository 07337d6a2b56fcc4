"""`spans.kind_ranges` (analysis' decoder) returns what `spans.ranges_of_kind` does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.models import Span
from gpreader.store import spans

KINDS = ["sentence", "paragraph", "heading"]


@st.composite
def span_lists(draw: st.DrawFn) -> list[Span]:
    found = []
    for _ in range(draw(st.integers(0, 30))):
        start = draw(st.integers(0, 500))
        found.append(
            Span(draw(st.sampled_from(KINDS)), start, start + draw(st.integers(0, 50)), "body")
        )
    return found


@settings(max_examples=150, deadline=None)
@given(span_lists(), st.sampled_from([*KINDS, "missing"]))
def test_kind_ranges_equal_ranges_of_kind(found: list[Span], kind: str) -> None:
    blob = spans.pack(found)
    assert spans.kind_ranges(blob, kind) == spans.ranges_of_kind(blob, kind)
