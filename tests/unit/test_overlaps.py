"""Which highlights "the highlight under the cursor" may mean (overlaps.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gpreader import overlaps
from gpreader.models import Highlight


def hl(
    start: int, end: int, *, coder: str = "me", status: str = "anchored", n: int = 0
) -> Highlight:
    return Highlight(
        id=f"{start}-{end}-{coder}-{n}",
        article="a.txt",
        start=start,
        end=end,
        exact="",
        prefix="",
        suffix="",
        article_sha256="x",
        coder=coder,
        status=status,  # type: ignore[arg-type]
    )


def test_exact_first_then_containing_smallest_then_by_overlap() -> None:
    sentence = hl(10, 50)
    paragraph = hl(0, 100)
    chapter = hl(0, 200)
    phrase = hl(12, 20)  # inside: covers 8 of 40
    tail = hl(40, 60)  # straddles the end: covers 10
    apart = hl(60, 70)
    orphan = hl(10, 50, status="orphaned", n=1)
    found = overlaps.under([apart, tail, chapter, phrase, orphan, paragraph, sentence], 10, 50)
    assert found == [sentence, paragraph, chapter, tail, phrase]


def test_a_bare_cursor_position_counts_what_is_around_it() -> None:
    a, b = hl(0, 5), hl(5, 9)
    assert overlaps.under([a, b], 5, 5) == [b]


def test_exact_prefers_the_coders_own() -> None:
    theirs, mine = hl(3, 8, coder="root"), hl(3, 8, coder="alice")
    assert overlaps.exact([theirs, mine], 3, 8, "alice") == mine
    assert overlaps.exact([theirs], 3, 8, "alice") == theirs
    assert overlaps.exact([theirs, hl(3, 9)], 3, 9, "bob") is not None
    assert overlaps.exact([theirs], 3, 9, "alice") is None


spans = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(spans, max_size=12), spans)
def test_under_is_exactly_the_placed_highlights_that_intersect(
    ranges: list[tuple[int, int]], target: tuple[int, int]
) -> None:
    highlights = [hl(s, e, n=i) for i, (s, e) in enumerate(ranges)]
    start, end = target
    found = overlaps.under(highlights, start, end)
    assert sorted(h.id for h in found) == sorted(
        h.id for h in highlights if h.start < end and h.end > start
    )
    exact = [h for h in found if (h.start, h.end) == target]
    assert found[: len(exact)] == exact  # exact matches come first
