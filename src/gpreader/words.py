"""The reader's words: the tokens of a passage and the word motions over an article's units.

A token is a word (letters, digits, marks and emoji; an apostrophe or hyphen between two
letters, or a point or comma between two digits, belongs to the word; runs of Han, Hiragana
and Katakana are words of their own, since those scripts put no spaces between words) or a
run of other visible characters (punctuation). Whitespace separates tokens.

The word cursor is always one token of the unit (sentence) under the reading cursor, so a
selection made by keys always starts and ends on a token boundary. `w` and `b` step to the
next or previous token, punctuation included (so punctuation is selected only when a motion
lands on it); `e` steps to the next word, passing over punctuation.

Pure core: no Textual, no Rich. Offsets are code points into the article's text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

Range = tuple[int, int]

_JOINERS = "\u200d\ufe0e\ufe0f"  # zero-width joiner, variation selectors
_INNER_LETTER = "'’-‐"  # inside a word between two letters: don't, well-known
_INNER_DIGIT = ".,"  # inside a number between two digits: 3.5, 1,000


def _kind(char: str) -> str:
    """The class of one character: space, join (continues the token before it), han,
    hiragana, katakana, word or punct."""
    if char.isspace():
        return "space"
    code = ord(char)
    category = unicodedata.category(char)
    if category[0] == "M" or char in _JOINERS or 0x1F3FB <= code <= 0x1F3FF:
        return "join"  # combining marks, joiners, emoji skin tones
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "katakana"
    if (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    ):
        return "han"
    if char.isalnum() or char == "_" or category in ("So", "Sc", "Cn", "Co"):
        return "word"  # letters, digits, emoji and other pictographs, currency signs
    return "punct"


def _inner(text: str, i: int, end: int) -> bool:
    """Whether text[i], a punctuation character, joins the word before it to the one after."""
    char = text[i]
    if i + 1 >= end:
        return False
    before, after = text[i - 1], text[i + 1]
    if char in _INNER_LETTER:
        return _kind(after) == "word" and (_kind(before) in ("word", "join"))
    if char in _INNER_DIGIT:
        return before.isdigit() and after.isdigit()
    return False


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Range]:
    """The tokens of text[start:end] as (start, end) offsets, in order."""
    end = len(text) if end is None else min(end, len(text))
    start = max(start, 0)
    found: list[Range] = []
    open_at, open_kind = -1, ""
    for i in range(start, end):
        kind = _kind(text[i])
        joined = kind == "join" or (i > start and text[i - 1] == "\u200d" and kind != "space")
        if open_at >= 0 and (
            joined
            or kind == open_kind
            or (kind == "punct" and open_kind == "word" and _inner(text, i, end))
        ):
            continue  # the open token goes on
        if open_at >= 0:
            found.append((open_at, i))
            open_at = -1
        if kind != "space":
            open_at, open_kind = i, "word" if joined else kind
    if open_at >= 0:
        found.append((open_at, end))
    return found


def is_word(text: str, token: Range) -> bool:
    """Whether a token is a word (not a run of punctuation)."""
    return _kind(text[token[0]]) != "punct"


def token_at(text: str, unit: Range, offset: int) -> Range | None:
    """The token of `unit` holding `offset`, else the next one, else the last; None if the
    unit has none."""
    found = tokens(text, *unit)
    for token in found:
        if offset < token[1]:
            return token
    return found[-1] if found else None


def first_word(text: str, unit: Range) -> Range | None:
    """The unit's first word (its first token if it has no word; None if it has none)."""
    found = tokens(text, *unit)
    return next((t for t in found if is_word(text, t)), found[0] if found else None)


def last_word(text: str, unit: Range) -> Range | None:
    """The unit's last word (its last token if it has no word; None if it has none)."""
    found = tokens(text, *unit)
    return next((t for t in reversed(found) if is_word(text, t)), found[-1] if found else None)


def edge_token(text: str, unit: Range, last: bool) -> Range | None:
    """The unit's first (or last) token, punctuation included; None if it has none."""
    found = tokens(text, *unit)
    return (found[-1] if last else found[0]) if found else None


def step(
    text: str,
    units: Sequence[Range],
    index: int,
    word: Range | None,
    forward: bool,
    words_only: bool = False,
) -> tuple[int, Range] | None:
    """The token after (forward) or before `word`, a token of unit `index`, going on into the
    following (or preceding) units: (its unit's index, the token); None at the end of the
    text. `words_only` passes over punctuation."""
    i = index
    while 0 <= i < len(units):
        found = tokens(text, *units[i])
        if words_only:
            found = [t for t in found if is_word(text, t)]
        if i == index and word is not None:
            if forward:
                found = [t for t in found if t[0] >= word[1]]
            else:
                found = [t for t in found if t[1] <= word[0]]
        if found:
            return i, found[0] if forward else found[-1]
        i += 1 if forward else -1
    return None


def span(anchor: Range, head: Range) -> Range:
    """The selection from the anchor token to the head token, whichever comes first."""
    return min(anchor[0], head[0]), max(anchor[1], head[1])


def snap(text: str, first: Range, last: Range, start: int, end: int) -> Range:
    """`text[start:end]` widened to whole words: a word cut at either end is taken whole
    (`first` and `last` are the units holding `start` and `end - 1`). Punctuation is left as
    it was chosen."""
    if start >= end:
        return start, end
    head = token_at(text, first, start)
    if head is not None and head[0] <= start < head[1] and is_word(text, head):
        start = head[0]
    tail = token_at(text, last, end - 1)
    if tail is not None and tail[0] <= end - 1 < tail[1] and is_word(text, tail):
        end = tail[1]
    return start, end
