"""Highlights mapped from an old text to a new one through one diff (`reanchor_all`)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rapidfuzz import fuzz

from gpreader.anchoring.diff import Op, diff_ops
from gpreader.anchoring.quotes import (
    CONTEXT,
    FUZZY_THRESHOLD,
    SEED_LIMIT,
    Anchor,
    Quote,
    folded_text,
    occurrences_of,
    reanchor,
)
from gpreader.text import fold, trim_range

SURVIVE = 0.5  # share of a highlight's characters or words the diff must keep (fuzzy)
CONFIRM = 50.0  # minimum fuzz.ratio of a fuzzy anchor's text against the old quote
MOVED_MIN = 24  # a quote this long found in new text needs no context to count as moved
_WORD = re.compile(r"\w+")


def reanchor_all(
    old_text: str | None, new_text: str, anchors: Sequence[tuple[int, int, Quote]]
) -> list[Anchor | None]:
    """Where each highlight made on `old_text` lives in `new_text`; None where orphaned.

    `anchors` are (start, end, quote) in the old text. Without the old text (None) each is
    re-anchored by its quote alone (`reanchor`). Never raises.
    """
    if old_text is None:
        return [reanchor(new_text, s, e, q) for s, e, q in anchors]
    diff = TextDiff(old_text, new_text)
    found: list[Anchor | None] = []
    for start, end, quote in anchors:
        if quote.exact and 0 <= start < end and old_text[start:end] == quote.exact:
            anchor = diff.map(start, end, quote)
            if anchor is None or anchor.status != "anchored":
                anchor = _sole_copy(old_text, new_text, quote.exact) or anchor
            found.append(anchor)
        else:
            found.append(reanchor(new_text, start, end, quote))
    return found


SOLE_COPY_MIN = 8  # characters a quote needs before its only copy identifies it


def _sole_copy(old: str, new: str, exact: str) -> Anchor | None:
    """Where the highlight's words are when they stood once in the old text and stand once,
    untouched, in the new: the diff may have matched repetitive text around them wrongly (a
    run of "0"s), but nothing was deleted or added that holds those words."""
    if len(exact) < SOLE_COPY_MIN or old.count(exact) != 1 or new.count(exact) != 1:
        return None
    at = new.index(exact)
    return Anchor(at, at + len(exact), "anchored", 100.0)


class TextDiff:
    """One diff of old -> new text, and highlights mapped through it."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.ops = diff_ops(old, new)
        self._covering = [op for op in self.ops if op[1] < op[2]]  # ops holding old text
        self._starts = [op[1] for op in self._covering]

    def _op_at(self, position: int) -> Op:
        """The opcode holding old character `position`."""
        return self._covering[bisect_right(self._starts, position) - 1]

    def map(self, start: int, end: int, quote: Quote) -> Anchor | None:
        """The highlight old[start:end] in the new text, confirmed by its quote."""
        tag, i1, _, j1, _ = self._op_at(start)
        new_start = j1 + start - i1 if tag == "equal" else j1
        tag, i1, _, j1, j2 = self._op_at(end - 1)
        new_end = j1 + end - i1 if tag == "equal" else j2
        if self.new[new_start:new_end] == quote.exact:
            return Anchor(new_start, new_end, "anchored", 100.0)
        span = trim_range(self.new, new_start, new_end)
        if span is not None and self.new[span[0] : span[1]] == quote.exact:
            return Anchor(span[0], span[1], "anchored", 100.0)  # whitespace was added around
        if span is not None and self._survives(start, end):
            score = _similarity(quote.exact.strip(), self.new[span[0] : span[1]])
            if score >= CONFIRM:
                return Anchor(span[0], span[1], "fuzzy", score)
        return self._moved(quote)

    def _survives(self, start: int, end: int) -> bool:
        """Whether the diff keeps at least SURVIVE of old[start:end]'s characters or words."""
        first = bisect_right(self._starts, start) - 1
        last = bisect_right(self._starts, end - 1) - 1
        kept = sum(
            min(i2, end) - max(i1, start)
            for tag, i1, i2, _, _ in self._covering[first : last + 1]
            if tag == "equal"
        )
        if kept >= SURVIVE * (end - start):
            return True
        if self._op_at(start)[0] != "equal" or self._op_at(end - 1)[0] != "equal":
            return False  # words alone count only when both ends are still there
        words = [m.span() for m in _WORD.finditer(self.old, start, end)]
        whole = 0
        for a, b in words:
            tag, _, i2, _, _ = self._op_at(a)
            whole += tag == "equal" and b <= i2
        return bool(words) and whole >= SURVIVE * len(words)

    def _moved(self, quote: Quote) -> Anchor | None:
        """The quote where the diff put it as new text (a moved passage), if unambiguous."""
        size, folded = len(quote.exact), fold(quote.exact)
        if folded_text(self.new).count(folded) < folded_text(self.old).count(folded):
            return None  # fewer copies than before: this one was deleted
        context = Quote(folded, fold(quote.prefix), fold(quote.suffix))
        found: list[tuple[float, int]] = []
        for tag, i1, i2, j1, j2 in self.ops:
            if tag == "equal" or 2 * (j2 - j1) < size or folded in fold(self.old[i1:i2]):
                continue
            # Mostly in the new text: the cut common tail or head may hold a few of its ends.
            lo = max(0, j1 - size // 2)
            for i in occurrences_of(fold(self.new[lo : j2 + size // 2]), folded, SEED_LIMIT):
                found.append((_best_side(self.new, lo + i, lo + i + size, context), lo + i))
        found = sorted(set(found), reverse=True)
        if not found or (len(found) > 1 and found[1][0] == found[0][0]):
            return None
        best, start = found[0]
        if best < FUZZY_THRESHOLD and len(quote.exact.strip()) < MOVED_MIN:
            return None
        end = start + size
        if self.new[start:end] == quote.exact:
            return Anchor(start, end, "anchored", 100.0)
        return Anchor(start, end, "fuzzy", _similarity(quote.exact, self.new[start:end]))


def _similarity(old: str, new: str) -> float:
    """fuzz.ratio (0-100) of two texts, folded and case-blind."""
    return fuzz.ratio(fold(old).lower(), fold(new).lower())


def _best_side(text: str, start: int, end: int, folded: Quote) -> float:
    """How well the better side around start:end matches the quote's (non-empty) context."""
    before = fuzz.ratio(folded.prefix, fold(text[max(0, start - CONTEXT) : start]))
    after = fuzz.ratio(folded.suffix, fold(text[end : end + CONTEXT]))
    return max(before if folded.prefix else 0.0, after if folded.suffix else 0.0)
