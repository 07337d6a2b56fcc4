"""The section a highlight starts in: the sweep in export/common.py against its definition
(the first block, in span order, covering the offset), on any blocks, overlapping or not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gpreader.export.common import _first_covering
from gpreader.models import Span

SECTIONS = ("title", "body", "comments", "furniture")
blocks = st.lists(
    st.builds(
        lambda start, length, section: Span("paragraph", start, start + length, section),
        st.integers(0, 60),
        st.integers(0, 25),
        st.sampled_from(SECTIONS),
    ),
    max_size=30,
)


def blocks_of(found: list[Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.section) for s in found]


def by_definition(found: list[Span], bound: int) -> str:
    return next((s.section for s in found if s.start <= bound < s.end), "body")


@given(blocks)
def test_sweep_matches_the_definition(found: list[Span]) -> None:
    bounds = sorted({0} | {s.start for s in found} | {s.end for s in found})
    assert _first_covering(blocks_of(found), bounds) == [by_definition(found, b) for b in bounds]


def test_overlapping_blocks_take_the_first_in_span_order() -> None:
    found = [Span("paragraph", 5, 20, "comments"), Span("title", 0, 10, "title")]
    assert _first_covering(blocks_of(found), [0, 5, 10, 20]) == [
        "title",
        "comments",
        "comments",
        "body",
    ]
