"""`reading.units` on any spans: the sentences and the uncovered title, heading and paragraph
blocks, sorted, each range once (the rule it had when it was written with sets)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader import reading
from gpreader.models import Article, Span

KINDS = ("sentence", "paragraph", "title", "heading", "furniture")
TEXT = "abcdefghij " * 20


@st.composite
def spans(draw: st.DrawFn) -> tuple[Span, ...]:
    found = []
    for _ in range(draw(st.integers(0, 30))):
        start = draw(st.integers(0, len(TEXT) - 1))
        end = draw(st.integers(start, len(TEXT)))
        found.append(Span(draw(st.sampled_from(KINDS)), start, end, "body"))
    return tuple(found)


def article(found: tuple[Span, ...]) -> Article:
    return Article("a.txt", "0", TEXT, "utf-8", "t", None, 0, 0, found)


def by_sets(a: Article, shown: list[reading.Block]) -> list[reading.Range]:
    sentences = sorted((s.start, s.end) for s in a.spans if s.kind == "sentence")
    starts = [s for s, _ in sentences]
    extra = [
        (b.start, b.end)
        for b in shown
        if b.kind in reading.UNIT_KINDS and not reading._any_between(starts, b.start, b.end)
    ]
    return sorted(set(sentences) | set(extra))


@settings(max_examples=300, deadline=None)
@given(spans())
def test_units_are_sorted_unique_sentences_and_uncovered_blocks(found: tuple[Span, ...]) -> None:
    a = article(found)
    shown = reading.blocks(a)
    assert reading.units(a, shown) == by_sets(a, shown)


def test_a_repeated_sentence_is_one_unit() -> None:
    a = article((Span("sentence", 0, 5, "body"), Span("sentence", 0, 5, "body")))
    assert reading.units(a, reading.blocks(a)) == [(0, 5)]
