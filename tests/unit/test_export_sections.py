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
        st.integers(-3, 60),
        st.integers(-2, 25),
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


@given(blocks, st.lists(st.integers(-5, 100), max_size=20))
def test_a_lookup_matches_the_definition(found: list[Span], offsets: list[int]) -> None:
    """`_Sections.at` (a bisect over the blocks when none overlap, else over the sweep's
    bounds) gives the first covering block in span order, for any offset; below zero, what
    the first bound gives."""
    from gpreader.export.common import _Sections

    at = _Sections(blocks_of(found)).at
    lowest = min([0, *(s.start for s in found), *(s.end for s in found)])
    for offset in offsets:
        assert at(offset) == by_definition(found, max(offset, lowest)), offset


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=12), st.integers(0, 200))
def test_non_overlapping_blocks_take_the_bisect(gaps: list[tuple[int, int]], offset: int) -> None:
    """Blocks laid end to end with gaps (as parsed articles' are) give the definition's
    section, through the bisect over blocks."""
    from gpreader.export.common import _Sections

    found, at = [], 0
    for i, (gap, length) in enumerate(gaps):
        found.append(Span("paragraph", at + gap, at + gap + length, SECTIONS[i % 4]))
        at += gap + length
    sections = _Sections(blocks_of(found))
    assert sections.disjoint  # the bisect over blocks is the one taken
    assert sections.at(offset) == by_definition(found, offset)
