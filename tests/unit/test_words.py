"""Word tokens and word motions (gpreader.words): examples, then properties on any text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpreader import words

Range = tuple[int, int]


def shown(text: str) -> list[str]:
    return [text[a:b] for a, b in words.tokens(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "centrally held buyout funds, which",
            ["centrally", "held", "buyout", "funds", ",", "which"],
        ),
        (
            '"don’t" cost £5m, 3.5% or 1,000...',
            ['"', "don’t", '"', "cost", "£5m", ",", "3.5", "%", "or", "1,000", "..."],
        ),
        ("well-known -- x", ["well-known", "--", "x"]),
        (
            "Le me\u0301decin 医生 a dit 👍🏽.",
            ["Le", "me\u0301decin", "医生", "a", "dit", "👍🏽", "."],
        ),
        ("日本語のテキストです。", ["日本語", "の", "テキスト", "です", "。"]),
        ("👨\u200d👩\u200d👧 with", ["👨\u200d👩\u200d👧", "with"]),
        ("שלום עולם, مرحبا", ["שלום", "עולם", ",", "مرحبا"]),
        ("", []),
        ("   \n ", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert shown(text) == expected


def test_tokens_of_a_slice_stay_in_it() -> None:
    text = "one two-three four"
    assert words.tokens(text, 4, 11) == [(4, 11)]
    assert words.tokens(text, 4, 7) == [(4, 7)]  # the hyphen ends the slice: not inner


TEXT = "Funds were, it seems, held. Then cut. “Quoted” at last"
UNITS: list[Range] = [(0, 27), (28, 37), (37, 37), (38, 54)]  # the third is empty


def test_step_crosses_units_and_skips_empty_ones() -> None:
    def step(index: int, word: str, forward: bool, words_only: bool = False) -> tuple[int, str]:
        start = TEXT.index(word)
        moved = words.step(TEXT, UNITS, index, (start, start + len(word)), forward, words_only)
        assert moved is not None
        return moved[0], TEXT[slice(*moved[1])]

    assert [TEXT[slice(*u)] for u in UNITS][1] == "Then cut."
    assert step(0, "held", True) == (0, ".")  # w lands on punctuation
    assert step(0, "held", True, words_only=True) == (1, "Then")  # e passes over it
    assert step(1, "cut", True) == (1, ".")
    assert step(1, "cut.", True) == (3, "“")  # past the empty unit
    assert step(1, "cut.", True, words_only=True) == (3, "Quoted")
    assert step(3, "“", False) == (1, ".")  # b back over the empty unit
    assert words.step(TEXT, UNITS, 3, (50, 54), forward=True) is None  # the end
    assert words.step(TEXT, UNITS, 0, (0, 5), forward=False) is None  # the start


def test_first_and_last_word_leave_punctuation_out() -> None:
    assert TEXT[slice(*(words.first_word(TEXT, UNITS[3]) or (0, 0)))] == "Quoted"
    assert TEXT[slice(*(words.last_word(TEXT, UNITS[0]) or (0, 0)))] == "held"
    assert words.edge_token(TEXT, UNITS[0], last=True) == (26, 27)
    assert words.first_word(TEXT, UNITS[2]) is None
    assert words.first_word("...", (0, 3)) == (0, 3)  # no word: its only token
    assert words.token_at(TEXT, UNITS[0], 5) == (6, 10)  # on a space: the next token


# -- properties -------------------------------------------------------------------------------

ALPHABET = st.sampled_from([*"ab1 .,'-’\n\u0301\u200d😀🏽医の", "カ", "ש", "ب", "。", '"'])


@st.composite
def texts_with_units(draw: st.DrawFn) -> tuple[str, list[Range]]:
    """A text and sorted, non-overlapping units over it (some empty)."""
    text = draw(st.text(alphabet=ALPHABET, max_size=60))
    cuts = sorted([*draw(st.lists(st.integers(0, len(text)), max_size=8)), 0, len(text)])
    units = list(itertools.pairwise(cuts))
    return text, units


@given(st.text(alphabet=ALPHABET, max_size=60), st.data())
def test_tokens_are_ordered_disjoint_and_never_blank(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = words.tokens(text, start, end)
    previous = start
    for a, b in found:
        assert previous <= a < b <= end
        assert not text[a].isspace() and not text[b - 1].isspace()
        previous = b
    covered = {i for a, b in found for i in range(a, b)}
    assert all(text[i].isspace() for i in range(start, end) if i not in covered)


@given(texts_with_units(), st.data())
def test_w_then_b_returns_and_motions_stay_in_their_unit(
    case: tuple[str, list[Range]], data: st.DataObject
) -> None:
    text, units = case
    index = data.draw(st.integers(0, len(units) - 1))
    here = words.first_word(text, units[index])
    for forward, words_only in ((True, False), (False, False), (True, True)):
        moved = words.step(text, units, index, here, forward, words_only)
        if moved is None:
            continue
        unit, token = moved
        assert units[unit][0] <= token[0] < token[1] <= units[unit][1]  # never out of bounds
        assert token in words.tokens(text, *units[unit])  # always a whole token
        if here is not None:
            assert (token[0] >= here[1]) if forward else (token[1] <= here[0])
        if forward and not words_only and here is not None:
            back = words.step(text, units, unit, token, False)
            assert back == (index, here)


@given(texts_with_units(), st.data())
def test_a_selection_by_motions_is_on_token_boundaries(
    case: tuple[str, list[Range]], data: st.DataObject
) -> None:
    text, units = case
    index = data.draw(st.integers(0, len(units) - 1))
    anchor = words.first_word(text, units[index])
    if anchor is None:
        return
    head, unit = anchor, index
    starts = {a for u in units for a, _ in words.tokens(text, *u)}
    ends = {b for u in units for _, b in words.tokens(text, *u)}
    for forward, words_only in data.draw(st.lists(st.tuples(st.booleans(), st.booleans()))):
        moved = words.step(text, units, unit, head, forward, words_only)
        if moved is not None:
            unit, head = moved
        lo, hi = words.span(anchor, head)
        assert lo in starts and hi in ends
        assert not text[lo].isspace() and not text[hi - 1].isspace()


@given(st.text(alphabet="ab .,'-\n日本👍🏽", max_size=40), st.data())
def test_snap_widens_to_whole_words_and_keeps_what_was_chosen(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    whole = (0, len(text))
    lo, hi = words.snap(text, whole, whole, start, end)
    assert lo <= start and end <= hi
    if start < end:
        for token in words.tokens(text, 0, len(text)):
            if words.is_word(text, token):
                assert not token[0] < lo < token[1] and not token[0] < hi < token[1]
