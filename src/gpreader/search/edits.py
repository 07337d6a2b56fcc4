"""Strings one edit from a word: all of them, or only those that may be words.

`edits1` lists every string one OSA edit (substitution, insertion, deletion, transposition of
neighbours) from a word. `likely_edits1` leaves out most of those no vocabulary word can be,
without making them: an edit at position i keeps the word's first i letters and puts its own
letter next, so it is made only when those i + 1 letters begin some word; when the word's
first i + 1 letters begin none, no edit after i can make a word. Looking its strings up
finds the same words as looking up all of `edits1` (a test compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def edits1(word: str, alphabet: Iterable[str]) -> set[str]:
    """Every string one OSA edit from `word`."""
    letters = list(alphabet)
    out: set[str] = set()
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        if right:
            out.add(left + right[1:])
            out.update(left + c + right[1:] for c in letters)
        if len(right) > 1:
            out.add(left + right[1] + right[0] + right[2:])
        out.update(left + c + right for c in letters)
    out.discard(word)
    return out


def likely_edits1(
    word: str, alphabet: Iterable[str], heads: Callable[[str, list[str]], set[str]]
) -> set[str]:
    """The strings of `edits1(word, alphabet)` whose letters up to the edit's own begin some
    word: all of them that can be words, most of the others never made. `heads(left,
    letters)`: the strings `left + letter` that begin a word of the vocabulary."""
    letters = list(alphabet)
    made: set[str] = set()
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        after = heads(left, letters)
        if right:
            made.add(left + right[1:])
            made.update(head + right[1:] for head in after)
        if len(right) > 1 and left + right[1] in after:
            made.add(left + right[1] + right[0] + right[2:])
        made.update(head + right for head in after)
        if not right or left + right[0] not in after:
            break  # no word starts with word[:i + 1]: nor does any edit further on
    made.discard(word)
    return made
