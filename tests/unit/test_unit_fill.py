"""The cache fill's fast paths equal the plain ones: several span kinds from one unpack, and
the words of an ASCII text split as bytes."""

from __future__ import annotations

from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.models import Span
from gpreader.store import highlight_units, spans

KINDS = ["sentence", "paragraph", "heading"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(0, 500), st.integers(0, 50)), max_size=30
    )
)
def test_kinds_ranges_equal_one_kind_at_a_time(raw: list[tuple[str, int, int]]) -> None:
    blob = spans.pack([Span(kind, start, start + size, "body") for kind, start, size in raw])
    asked = [*KINDS, "missing"]
    assert spans.kinds_ranges(blob, asked) == [spans.ranges_of_kind(blob, k) for k in asked]


def _plain_words(text: str) -> tuple[list[int], list[int]]:
    bounds = list(accumulate(map(len, highlight_units.WORD_SPLIT.split(text)), initial=0))
    return bounds[1:-1:2], bounds[2::2]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab9_ '’-\n.é")), max_size=60))
def test_word_bounds_equal_the_unicode_split(text: str) -> None:
    assert highlight_units.word_bounds(text) == _plain_words(text)


def test_word_bounds_of_an_ascii_text() -> None:
    text = "Don't stop_now, it's 2024''s end"
    assert text.isascii()
    starts, ends = highlight_units.word_bounds(text)
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == [
        "Don't",
        "stop",
        "now",
        "it's",
        "2024",
        "s",
        "end",
    ]
    assert (starts, ends) == _plain_words(text)
