"""Highlights surviving edits: exact, shifted, reflowed, fuzzy and orphaned anchors."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gpreader.anchoring.diff as textdiff
from gpreader.anchoring import (
    CONTEXT,
    FUZZY_THRESHOLD,
    Anchor,
    Quote,
    diff_ops,
    find_quote,
    fold,
    quote_at,
    reanchor,
    reanchor_all,
)

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
TEXT = (ARTICLES / "000_457775139af1eb7c.txt").read_text(encoding="utf-8")
TEXT_004 = (ARTICLES / "004_b8ee73ebef15a597.txt").read_text(encoding="utf-8")
HEADLINE = (
    "Labour promises collaborative GP contract negotiations with ‘a lot to be optimistic about’"
)
PASSAGE = "Mr Streeting has also said he wants to give GP practices financial incentives"


def highlight(text: str, passage: str, occurrence: int = 1) -> tuple[int, int, Quote]:
    start = -1
    for _ in range(occurrence):
        start = text.index(passage, start + 1)
    return start, start + len(passage), quote_at(text, start, start + len(passage))


def test_quote_at_takes_context_and_rejects_bad_ranges() -> None:
    start, end, quote = highlight(TEXT, PASSAGE)
    assert quote.exact == PASSAGE
    assert quote.prefix == TEXT[start - CONTEXT : start] and len(quote.prefix) == CONTEXT
    assert quote.suffix == TEXT[end : end + CONTEXT]
    assert quote_at(TEXT, 0, 4).prefix == ""
    for bad in ((-1, 3), (5, 5), (6, 5), (0, len(TEXT) + 1)):
        with pytest.raises(ValueError):
            quote_at(TEXT, *bad)


def test_fold_keeps_length() -> None:
    typographic = "‘it’s’ “so” — a–b\u00a0c\u202fd ‚‛′„‟″‐‑‒―"
    assert fold(typographic) == "'it's' \"so\" - a-b c d '''\"\"\"----"
    assert len(fold(TEXT)) == len(TEXT)


def test_unchanged_text_stays_anchored() -> None:
    start, end, quote = highlight(TEXT, PASSAGE)
    assert reanchor(TEXT, start, end, quote) == Anchor(start, end, "anchored", 100.0)


def test_garbage_old_offsets_are_clamped() -> None:
    start, end, quote = highlight(TEXT, PASSAGE)
    for old in ((-50, 10**9), (10**9, -3), (end, start)):
        assert reanchor(TEXT, *old, quote) == Anchor(start, end, "anchored", 100.0)
    assert reanchor("", 0, 1, quote) is None
    assert reanchor(TEXT, start, end, Quote("", "", "")) is None


def test_word_inserted_before_shifts_the_anchor() -> None:
    start, end, quote = highlight(TEXT, PASSAGE)
    cut = TEXT.index("Labour has previously")
    new = TEXT[:cut] + "Meanwhile, " + TEXT[cut:]
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "anchored" and anchor.score == 100.0
    assert (anchor.start, anchor.end) == (start + 11, end + 11)
    assert new[anchor.start : anchor.end] == PASSAGE


def test_repeated_quote_is_told_apart_by_its_context() -> None:
    start, end, quote = highlight(TEXT, HEADLINE, occurrence=2)
    first = TEXT.index(HEADLINE)
    new = TEXT[:first] + "Exclusive: " + TEXT[first:]
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "anchored"
    assert (anchor.start, anchor.end) == (start + 11, end + 11)
    other = highlight(TEXT, HEADLINE, occurrence=1)
    first_anchor = reanchor(new, *other)
    assert first_anchor is not None and first_anchor.start == first + 11


def test_straightened_quotes_inside_are_found() -> None:
    passage = "I don’t think it needs to be a showdown, I don’t think this needs"
    start, end, quote = highlight(TEXT, passage)
    new = TEXT[: start - 1] + TEXT[start - 1 :].replace("’", "'").replace("‘", "'")
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None
    assert (anchor.start, anchor.end) == (start, end)
    assert new[anchor.start : anchor.end] == passage.replace("’", "'")


def test_reflowed_line_inside_is_found() -> None:
    passage = "GP contract reform will be just one of those things, just in terms of the cycle"
    start, end, quote = highlight(TEXT, passage)
    reflowed = passage.replace("those things, just", "those\nthings,   just")
    new = TEXT.replace(passage, reflowed)
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "fuzzy"
    assert new[anchor.start : anchor.end] == reflowed


def test_line_broken_inside_a_word_is_fuzzy() -> None:
    passage = "neighbourhood health centres"
    start, end, quote = highlight(TEXT, passage)
    new = TEXT[:start] + "neighbour-\nhood health centres" + TEXT[end:]
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "fuzzy"
    assert (anchor.start, anchor.end) == (start, end + 2)


def test_one_word_changed_is_fuzzy_above_threshold() -> None:
    passage = (
        "Mr Streeting has also said he wants to give GP practices financial incentives "
        "to let patients see the same doctor"
    )
    start, end, quote = highlight(TEXT, passage)
    edited = passage.replace("financial", "monetary")
    new = "Updated. " + TEXT.replace(passage, edited)
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "fuzzy"
    assert FUZZY_THRESHOLD <= anchor.score < 100
    assert new[anchor.start : anchor.end] == edited


def test_moved_and_edited_paragraph_is_found_far_away() -> None:
    passage = "He also pointed out that general practice is often excluded from research"
    start, end, quote = highlight(TEXT, passage)
    filler = "Unrelated words about the weather and the trains. " * 400
    new = TEXT.replace(passage + " and", "") + filler + passage.replace("often", "sometimes")
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "fuzzy"
    assert new[anchor.start : anchor.end] == passage.replace("often", "sometimes")


def test_deleted_quote_is_orphaned() -> None:
    paragraph = next(p for p in TEXT.split("\n\n") if p.startswith("Mr Streeting has also"))
    start, end, quote = highlight(TEXT, PASSAGE)
    new = TEXT.replace(paragraph, "")
    assert reanchor(new, start, end, quote) is None
    assert reanchor(new * 40, start, end, quote) is None


def test_find_quote_occurrences() -> None:
    first = TEXT.index(HEADLINE)
    second = TEXT.index(HEADLINE, first + 1)
    assert find_quote(TEXT, HEADLINE) == (first, first + len(HEADLINE))
    assert find_quote(TEXT, HEADLINE, 2) == (second, second + len(HEADLINE))
    assert find_quote(TEXT, HEADLINE, 3) is None
    assert find_quote(TEXT, HEADLINE, 0) is None


def test_find_quote_folds_typography_and_whitespace() -> None:
    start = TEXT_004.index("it’s about integration")
    assert find_quote(TEXT_004, "it's about integration") == (start, start + 22)
    dash = TEXT.index("2023 – in January")
    assert find_quote(TEXT, "  2023 -\n in   January ") == (dash, dash + len("2023 – in January"))
    reflowed = TEXT.replace("those things, just", "those\n  things, just")
    found = find_quote(reflowed, "one of those things, just in terms")
    assert found is not None and reflowed[found[0] : found[1]].startswith("one of those\n")


def test_find_quote_not_found() -> None:
    assert find_quote(TEXT, "a quote that nobody ever said") is None
    assert find_quote(TEXT, "") is None
    assert find_quote(TEXT, " \n\t") is None


ALPHABET = string.ascii_letters + string.digits + " .,;:!?'\"-\n" + "‘’“”–—\u00a0éüßç"
TEXTS = st.text(alphabet=ALPHABET, min_size=30, max_size=300)
INSERTS = st.text(alphabet=ALPHABET, max_size=20)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text))


def count(haystack: str, needle: str) -> int:
    return sum(haystack.startswith(needle, i) for i in range(len(haystack)))


def unique(text: str, exact: str) -> bool:
    """Exactly one place in text could match exact, folded and whitespace-relaxed."""
    return count(fold(text), fold(exact)) == 1 and count(squash(text), squash(exact)) == 1


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_edit_outside_the_highlight_keeps_it_exact(data: st.DataObject) -> None:
    old = data.draw(TEXTS)
    start = data.draw(st.integers(0, len(old) - 8))
    end = data.draw(st.integers(start + 8, min(len(old), start + 80)))
    quote = quote_at(old, start, end)
    sides = [(0, start - 1)] * (start >= 1) + [(end + 1, len(old))] * (end < len(old))
    assume(sides)
    lo, hi = data.draw(st.sampled_from(sides))
    a = data.draw(st.integers(lo, hi))
    b = data.draw(st.integers(a, hi))
    new = old[:a] + data.draw(INSERTS) + old[b:]
    assume(unique(new, quote.exact))
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None and anchor.status == "anchored" and anchor.score == 100.0
    assert new[anchor.start : anchor.end] == quote.exact


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_small_edit_inside_the_highlight_keeps_it(data: st.DataObject) -> None:
    old = data.draw(TEXTS)
    assume(len(old) >= 20)
    start = data.draw(st.integers(0, len(old) - 20))
    end = data.draw(st.integers(start + 20, min(len(old), start + 150)))
    quote = quote_at(old, start, end)
    assume(len(quote.exact.strip()) >= 0.8 * len(quote.exact))
    tenth = (end - start) // 10
    a = data.draw(st.integers(start, end - 1))
    b = data.draw(st.integers(a, min(end, a + tenth)))
    inserted = data.draw(st.text(alphabet=ALPHABET, max_size=tenth))
    new = old[:a] + inserted + old[b:]
    anchor = reanchor(new, start, end, quote)
    assert anchor is not None
    assert 0 <= anchor.start < anchor.end <= len(new)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=200),
    start=st.integers(),
    end=st.integers(),
    quote=st.builds(Quote, st.text(max_size=60), st.text(max_size=40), st.text(max_size=40)),
)
def test_reanchor_never_raises_and_stays_in_the_text(
    text: str, start: int, end: int, quote: Quote
) -> None:
    anchor = reanchor(text, start, end, quote)
    if anchor is not None:
        assert 0 <= anchor.start < anchor.end <= len(text)
        assert anchor.status in ("anchored", "fuzzy") and 0 <= anchor.score <= 100


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, data=st.data())
def test_copies_of_the_quote_in_front_still_anchor(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = quote_at(text, start, end)
    noisy = data.draw(st.integers(0, 5)) * text[start:end] + text
    anchor = reanchor(noisy, start, end, quote)
    assert anchor is not None and 0 <= anchor.start < anchor.end <= len(noisy)


# ------------------------------------------------------------------ through the diff


def remap(old: str, new: str, passage: str, occurrence: int = 1) -> Anchor | None:
    """reanchor_all of one highlight on `passage` (its Nth occurrence in old)."""
    (anchor,) = reanchor_all(old, new, [highlight(old, passage, occurrence)])
    return anchor


def test_diff_maps_an_unchanged_text_and_a_shift() -> None:
    start, end, quote = highlight(TEXT, PASSAGE)
    assert reanchor_all(TEXT, TEXT, [(start, end, quote)]) == [
        Anchor(start, end, "anchored", 100.0)
    ]
    cut = TEXT.index("Labour has previously")
    new = TEXT[:cut] + "Meanwhile, " + TEXT[cut:]
    assert remap(TEXT, new, PASSAGE) == Anchor(start + 11, end + 11, "anchored", 100.0)


def test_repeated_phrase_edited_in_one_copy_stays_on_each_copy() -> None:
    first = TEXT.index(HEADLINE)
    second = TEXT.index(HEADLINE, first + 1)
    edited = HEADLINE.replace("collaborative", "truly collaborative")
    new = TEXT[:second] + edited + TEXT[second + len(HEADLINE) :]
    on_first = remap(TEXT, new, HEADLINE, occurrence=1)
    assert on_first == Anchor(first, first + len(HEADLINE), "anchored", 100.0)
    on_second = remap(TEXT, new, HEADLINE, occurrence=2)
    assert on_second is not None and on_second.status == "fuzzy"
    assert (on_second.start, on_second.end) == (second, second + len(edited))
    # quote matching alone moves the edited copy's highlight onto the other copy
    start, end, quote = highlight(TEXT, HEADLINE, occurrence=2)
    assert reanchor(new, start, end, quote) == Anchor(
        first, first + len(HEADLINE), "anchored", 100.0
    )


def test_word_inserted_inside_keeps_the_same_words() -> None:
    start, end, _quote = highlight(TEXT, PASSAGE)
    at = start + PASSAGE.index("financial")
    new = TEXT[:at] + "generous " + TEXT[at:]
    anchor = remap(TEXT, new, PASSAGE)
    assert anchor is not None and anchor.status == "fuzzy" and anchor.score > 90
    assert (anchor.start, anchor.end) == (start, end + len("generous "))


def test_punctuation_changed_inside_is_fuzzy_on_the_same_offsets() -> None:
    passage = "I don’t think it needs to be a showdown, I don’t think this needs"
    start, end, _quote = highlight(TEXT, passage)
    comma = start + passage.index(",")
    new = TEXT[:comma] + ";" + TEXT[comma + 1 :]
    anchor = remap(TEXT, new, passage)
    assert anchor is not None and anchor.status == "fuzzy"
    assert (anchor.start, anchor.end) == (start, end)


def test_deleted_passage_is_orphaned_even_when_its_words_occur_elsewhere() -> None:
    phrase = "GP contract reform"
    start = TEXT.index("‘" + phrase + " will be") + 1
    paragraph_start = TEXT.rindex("\n", 0, start) + 1
    paragraph_end = TEXT.index("\n", start) + 1
    new = TEXT[:paragraph_start] + TEXT[paragraph_end:]
    assert phrase in new  # quote matching finds the other copy ...
    quote = quote_at(TEXT, start, start + len(phrase))
    assert reanchor(new, start, start + len(phrase), quote) is not None
    # ... the diff knows this one was deleted
    assert reanchor_all(TEXT, new, [(start, start + len(phrase), quote)]) == [None]


def test_thirty_percent_rewritten_is_fuzzy_on_the_rewritten_words() -> None:
    passage = "He also pointed out that general practice is often excluded from research"
    rewritten = "He also noted that general practice is usually left out of research"
    _start, _end, _quote = highlight(TEXT, passage)
    new = TEXT.replace(passage, rewritten)
    anchor = remap(TEXT, new, passage)
    assert anchor is not None and anchor.status == "fuzzy"
    assert new[anchor.start : anchor.end] == rewritten


def test_moved_paragraph_is_found_where_it_went() -> None:
    paragraph = next(p for p in TEXT.split("\n\n") if p.startswith("Mr Streeting has also"))
    new = TEXT.replace(paragraph + "\n\n", "") + "\n\n" + paragraph
    _start, _end, _quote = highlight(TEXT, PASSAGE)
    moved = new.rindex(PASSAGE)
    assert remap(TEXT, new, PASSAGE) == Anchor(moved, moved + len(PASSAGE), "anchored", 100.0)


def test_stale_offsets_and_no_old_text_fall_back_to_the_quote() -> None:
    start, end, quote = highlight(TEXT, PASSAGE)
    new = "Updated. " + TEXT
    expected = Anchor(start + 9, end + 9, "anchored", 100.0)
    assert reanchor_all(None, new, [(start, end, quote)]) == [expected]
    assert reanchor_all(TEXT, new, [(start + 3, end + 3, quote)]) == [expected]
    assert reanchor_all(TEXT, new, []) == []


def test_many_highlights_in_one_call() -> None:
    spans = [highlight(TEXT, p) for p in (PASSAGE, HEADLINE, "neighbourhood health centres")]
    new = TEXT.replace("financial", "monetary")
    found = reanchor_all(TEXT, new, spans)
    assert [a.status if a else None for a in found] == ["fuzzy", "anchored", "anchored"]


WORDS = st.sampled_from(["GP", "the", "contract", "said", "a", "NHS", "pay", ".", ",", "\n"])
TOKENS = st.lists(WORDS, min_size=5, max_size=80).map(" ".join)


@st.composite
def edited(draw: st.DrawFn, alphabet_text: st.SearchStrategy[str] = TEXTS) -> tuple[str, str]:
    """An old text and the text after 1 to 3 random replacements."""
    old = draw(alphabet_text)
    new = old
    for _ in range(draw(st.integers(1, 3))):
        a = draw(st.integers(0, len(new)))
        b = draw(st.integers(a, min(len(new), a + 40)))
        new = new[:a] + draw(INSERTS) + new[b:]
    return old, new


@settings(max_examples=300, deadline=None)
@given(texts=st.one_of(edited(), edited(TOKENS)), data=st.data())
def test_anchored_always_means_the_text_equals_exact(
    texts: tuple[str, str], data: st.DataObject
) -> None:
    old, new = texts
    assume(len(old) >= 2)
    spans = []
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(old) - 1))
        end = data.draw(st.integers(start + 1, len(old)))
        spans.append((start, end, quote_at(old, start, end)))
    for anchor, (_, _, quote) in zip(reanchor_all(old, new, spans), spans, strict=True):
        if anchor is not None:
            assert 0 <= anchor.start < anchor.end <= len(new)
            assert (anchor.status == "anchored") == (new[anchor.start : anchor.end] == quote.exact)
            assert anchor.status == "fuzzy" or anchor.score == 100.0


@settings(max_examples=300, deadline=None)
@given(old=st.one_of(TEXTS, TOKENS), data=st.data())
def test_a_highlight_whose_every_character_was_deleted_is_orphaned(
    old: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    a = data.draw(st.integers(0, start))
    b = data.draw(st.integers(end, len(old)))
    # Not the same as deleting as many characters one further left or right (then the
    # highlight's text is still there by every account).
    assume(a == 0 or b == 0 or old[a - 1] != old[b - 1])
    assume(b == len(old) or old[a] != old[b])
    new = old[:a] + old[b:]
    # Nor text that still holds the same words: then several diffs explain the edit equally
    # well (deleting "\n GP GP " from "\n GP GP GP GP" is also deleting "\n " and " GP GP").
    assume(fold(old[start:end].strip()) not in fold(new))
    assert reanchor_all(old, new, [(start, end, quote_at(old, start, end))]) == [None]


@settings(max_examples=300, deadline=None)
@given(
    left=st.one_of(TEXTS, TOKENS),
    body=st.one_of(TEXTS, TOKENS),
    right=st.one_of(TEXTS, TOKENS),
    data=st.data(),
)
def test_edits_wholly_outside_keep_the_highlight_on_the_same_words(
    left: str, body: str, right: str, data: st.DataObject
) -> None:
    # The highlight is fenced by characters found nowhere else, so no edit can be read as
    # sliding into it (deleting a "0" before "000" is also deleting the last "0" of it).
    # Nor a highlight whose text also stands beside the fence (all "0"s, say): then a diff may
    # match the fenced copy with the other one and orphan it (never anchor it on other words).
    assume(body not in left and body not in right)
    old = left + "«" + body + "»" + right
    start, end = len(left) + 1, len(left) + 1 + len(body)
    quote = quote_at(old, start, end)
    cuts = sorted(
        data.draw(
            st.lists(
                st.one_of(st.integers(0, len(left)), st.integers(end + 1, len(old))),
                min_size=2,
                max_size=6,
                unique=True,
            ).filter(lambda xs: len(xs) % 2 == 0)
        )
    )
    new, shift = old, 0
    for a, b in reversed(list(zip(cuts[::2], cuts[1::2], strict=True))):
        assume(b <= len(left) or a > end)  # each edit on one side of the fence
        inserted = data.draw(INSERTS)
        new = new[:a] + inserted + new[b:]
        shift += (len(inserted) - (b - a)) * (b <= len(left))
    assert reanchor_all(old, new, [(start, end, quote)]) == [
        Anchor(start + shift, end + shift, "anchored", 100.0)
    ]


@pytest.mark.parametrize("long_text_paths", [False, True])
@settings(max_examples=150, deadline=None)
@given(texts=st.one_of(edited(), edited(TOKENS.map(lambda t: t.replace(" ", "\n")))))
def test_diff_ops_cover_both_texts_in_order(long_text_paths: bool, texts: tuple[str, str]) -> None:
    old, new = texts
    with pytest.MonkeyPatch.context() as patch:
        if long_text_paths:  # the line walk and chunked head/tail used on megabytes
            patch.setattr(textdiff, "LINE_LIMIT", 0)
            patch.setattr(textdiff, "_CHUNK", 3)
        ops = diff_ops(old, new)
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2
        assert tag != "equal" or old[i1:i2] == new[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(old), len(new))


def test_a_highlight_between_runs_of_one_character_stays_anchored() -> None:
    """Edits in runs of "0"s either side of a highlight (a diff may pair the runs wrongly):
    its only copy, untouched, is where it is (found by hypothesis)."""
    old = "0" * 72 + "«the said a a a a»" + "0" * 67 + "1"
    new = "0" * 43 + "«the said a a a a»" + "0" * 67
    start = old.index("the")
    end = start + len("the said a a a a")
    got = reanchor_all(old, new, [(start, end, quote_at(old, start, end))])
    assert got == [Anchor(44, 44 + end - start, "anchored", 100.0)]
