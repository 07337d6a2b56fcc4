"""Folding by a per-character translate table gives what folding each word whole gave."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.search import passages


def _word_whole(word: str) -> str:
    """fold_word as it was: each word casefolded and decomposed whole."""
    if word.isascii():
        return word.lower().replace("'", "")
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _folded_whole(simple: str) -> list[str]:
    return [w for w in map(_word_whole, passages.WORD_RE.findall(simple)) if w]


def _every_character() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]


def test_no_combining_mark_is_a_letter_or_digit() -> None:
    """What makes per-character folding equal to folding a word whole: NFKD reorders only
    combining marks, and folding drops them all."""
    assert not [c for c in _every_character() if unicodedata.combining(c) and c.isalnum()]


def test_every_character_folds_as_a_word_of_its_own() -> None:
    chars = _every_character()
    assert [passages.fold_word(c) for c in chars] == [_word_whole(c) for c in chars]


_TEXT = st.text(
    st.one_of(
        st.sampled_from(list("aZ9 '’-_.\nßİﬁǅΣσςé\u0301\u0308ÅÆœ²①ＡＢ한국")),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_folding_a_text_equals_folding_each_word_whole(text: str) -> None:
    simple = passages.plain(text)
    assert passages.fold_words(text) == _folded_whole(simple)
    words = passages.WORD_RE.findall(simple)
    assert [passages.fold_word(w) for w in words] == [_word_whole(w) for w in words]
    joined = passages.words_between(text)
    for start in range(0, len(text) + 1, 7):
        for end in range(start, len(text) + 1, 5):
            assert joined(start, end) == " ".join(_folded_whole(simple[start:end]))
