"""Import in fewer passes (issue 13): what parsing and the index's units must still be.

`structure.parse` counts words and comments while it classifies lines and makes its spans
at once; `passages.unit_rows` walks containers with a pointer and `words_between` folds the
joined words; both word patterns are possessive. Each is checked here against the plain
definition it replaced, on open-ended text (hypothesis) and on the shared articles.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus import structure
from gpreader.models import Span
from gpreader.search import passages
from gpreader.text import canonical
from tests.conftest import shared_path

# The patterns as they were written before they were made possessive.
GREEDY_WORD = re.compile(r"\w+(?:['’]\w+)*")
GREEDY_FOLD_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

# Text built from what matters to sentences, words, headings, comments and folding.
PIECES = st.sampled_from(
    [
        "The", "cat", "sat", ".", "!", "?", "…", " ", " ", "\n", "\n\n", "’", "'", "”", "“",
        "Mr.", "No. 5", "e.g.", "J.", "Café", "ÉCOLE", "straße", "ﬁne", "x\u0301", "½", "²",
        "it’s", "dogs'", "_", "3", "2019", "12 March 2019", "—", "(", ")",
        "READERS' COMMENTS", "Sign in", "Related articles",
        "Dr Jones 3 March, 2020 10:15 am", "Anon 4 May, 2021 9:00 pm",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map("".join).map(canonical)


def _reference_words(text: str, spans: tuple[Span, ...]) -> int:
    """Words as `parse` counted them before: each prose span's slice, on its own."""
    return sum(
        len(GREEDY_WORD.findall(text[s.start : s.end]))
        for s in spans
        if s.kind in ("title", "heading", "paragraph") and s.section != "comments"
    )


def _check_parse(text: str) -> None:
    found = structure.parse(text)
    assert found.words == _reference_words(text, found.spans)
    assert found.comments == sum(1 for s in found.spans if s.kind == "comment")
    assert all(type(s) is Span for s in found.spans)
    for span in found.spans:
        if span.kind == "sentence":  # a sentence lies inside the block before it
            blocks = [b for b in found.spans if b.kind in ("paragraph", "heading", "title")]
            assert any(b.start <= span.start < span.end <= b.end for b in blocks)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_parse_counts_words_and_comments_as_the_spans_say(text: str) -> None:
    _check_parse(text)


def test_parse_counts_as_before_on_the_shared_articles() -> None:
    files = sorted(shared_path("corpora", "bbc-news-2005").rglob("*.txt"))[:300]
    for path in [*sorted(shared_path("articles").glob("*.txt")), *files]:
        _check_parse(canonical(path.read_bytes().decode("utf-8", "replace")))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab_'’ é1\u0301ß.-\n", max_size=20))
def test_possessive_word_patterns_find_the_same_words(text: str) -> None:
    assert structure._WORD_RE.findall(text) == GREEDY_WORD.findall(text)
    assert passages.WORD_RE.findall(text) == GREEDY_FOLD_WORD.findall(text)


def _reference_units(text: str, spans: list[Span]) -> list[passages.UnitRow]:
    """`unit_rows` as it was: containers found by bisection, each unit's slice folded."""
    kept = [s for s in spans if s.section in passages.UNIT_SECTIONS]
    containers = sorted(
        ((s.start, s.end, s.section) for s in kept if s.kind in ("title", "heading", "paragraph")),
        key=lambda c: c[0],
    )
    sentences = sorted((s.start, s.end, s.section) for s in kept if s.kind == "sentence")
    starts = [c[0] for c in containers]
    found: list[passages.UnitRow] = []
    covered: set[int] = set()
    for start, end, section in sentences:
        i = bisect_right(starts, start) - 1
        if i >= 0 and containers[i][1] >= end:
            para = containers[i][:2]
            covered.add(i)
        else:
            para = (start, end)
        words = " ".join(passages.fold_words(text[start:end]))
        found.append((start, end, section, *para, words))
    for i, (start, end, section) in enumerate(containers):
        j = bisect_left(sentences, (start,))
        if i not in covered and not (j < len(sentences) and sentences[j][0] < end):
            found.append(
                (start, end, section, start, end, " ".join(passages.fold_words(text[start:end])))
            )
    found.sort(key=lambda u: (u[0], u[1]))
    return [u for u in found if u[5]]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_units_are_as_the_plain_definition_gives(text: str) -> None:
    spans = list(structure.parse(text).spans)
    variants = [spans, spans[::-1], [s for i, s in enumerate(spans) if i % 3]]
    for chosen in variants:
        assert passages.unit_rows(text, chosen) == _reference_units(text, chosen)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 400), st.integers(0, 400))
def test_words_between_are_the_folded_words_of_the_slice(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    expected = " ".join(passages.fold_words(text[start:end]))
    assert passages.words_between(text)(start, end) == expected
    assert passages.slice_words(text)(start, end) == expected
