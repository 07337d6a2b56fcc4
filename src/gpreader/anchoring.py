"""Re-anchor highlights in edited articles: through the diff first, the quote only to confirm.

`reanchor_all(old_text, new_text, anchors)` is the main path. It diffs the old text against the
new one once (common head and tail cut off, then lines, then tokens, then characters of the
blocks that changed) and maps each highlight's start and end through that diff:

- the mapped text equals `exact`: "anchored" (and "anchored" always means exactly that);
- the words were edited but at least SURVIVE of its characters are kept (or of its words, when
  its first and last characters are kept), and the mapped range (trimmed) scores at least
  CONFIRM (`fuzz.ratio`, folded, case-blind) against `exact`: "fuzzy", with that score;
- otherwise orphaned (None), unless the very quote occurs in text the diff says is new, in a
  changed block whose old side did not hold it, and no fewer times than in the old text (a
  moved paragraph), with its context or at least MOVED_MIN characters long.

A highlight is never moved onto words that were already there: a wrong anchor is worse than an
orphan. A highlight whose stored offsets do not hold its `exact` in the old text (one already
orphaned, or stale) falls back to `reanchor`.

`reanchor(text, start, end, quote)`, for when the old text is not available, is quote matching
in the manner of Hypothesis and W3C TextQuote selectors: at the old offsets; at every
occurrence of `exact` (compared after `fold`, whitespace runs relaxed), picking the one whose
surroundings best match prefix/suffix (CONTEXT characters each); at the best fuzzy window
(rapidfuzz `fuzz.ratio`), first near the old position, then around where pieces of the quote
or its context occur. A fuzzy window must score at least FUZZY_THRESHOLD = 75 of 100 on folded
text; otherwise the highlight is orphaned (None).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import islice, product
from typing import Literal

from rapidfuzz import fuzz, process

from gpreader.text import fold, trim_range

CONTEXT = 32  # characters of prefix/suffix stored
FUZZY_THRESHOLD: float = 75.0  # minimum fuzz.ratio (0-100) of a fuzzy match
NEAR = 4096  # radius of the first, local search around the old position
SEED = 16  # length of the pieces that locate a quote in a long text
SEED_LIMIT = 32  # a piece found more often than this says nothing about where
FITS = 4  # fuzzy windows refined per searched region
CONTEXT_WEIGHT = 0.5  # weight of prefix/suffix agreement when ranking fuzzy windows
SURVIVE = 0.5  # share of a highlight's characters or words the diff must keep (fuzzy)
CONFIRM = 50.0  # minimum fuzz.ratio of a fuzzy anchor's text against the old quote
SIMILAR = 0.5  # a changed block is diffed finer only if at least this similar (difflib ratio)
TOKEN_LIMIT = 5_000  # tokens beyond which a changed block is not diffed finer
LINE_LIMIT = 4_000  # lines (old and new) beyond which lines are walked, not difflib-matched
RESYNC = 200  # lines looked ahead, each way, for where the texts agree again
RESYNC_RUN = 3  # lines that must agree for the walk to go on
SNAP = 2_000  # characters the common head gives back at most, to start on a line
LONG_RUN = 24  # characters of an equal run trusted even in a dissimilar block
GATE = 200  # characters (old and new) from which a changed block must be SIMILAR to refine
MOVED_MIN = 24  # a quote this long found in new text needs no context to count as moved


@dataclass(frozen=True)
class Quote:
    """A highlight's text and the text around it when it was made."""

    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Anchor:
    """Where a highlight lives in the current text."""

    start: int
    end: int
    status: Literal["anchored", "fuzzy"]
    score: float  # 100.0 when anchored


def quote_at(text: str, start: int, end: int) -> Quote:
    """The quote of text[start:end] with up to CONTEXT characters either side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad range {start}:{end} in a text of {len(text)} characters")
    return Quote(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


@lru_cache(maxsize=2)
def _folded(text: str) -> str:
    """fold() of a whole text, cached: many highlights are re-anchored in one text."""
    return fold(text)


@lru_cache(maxsize=2)
def _squashed(text: str) -> str:
    """fold() of a whole text with each whitespace run made one space, cached."""
    return " ".join(_folded(text).split())


def _region(text: str, lo: int, hi: int) -> str:
    return _folded(text) if lo == 0 and hi >= len(text) else fold(text[lo:hi])


def _pattern(folded: str) -> re.Pattern[str]:
    """A regex for `folded` in which inner whitespace runs match any whitespace run."""
    core = folded.strip()
    if not core:
        return re.compile(re.escape(folded))
    head = folded.index(core)
    inner = r"\s+".join(map(re.escape, core.split()))
    return re.compile(re.escape(folded[:head]) + inner + re.escape(folded[head + len(core) :]))


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the Nth (1-based) occurrence of `quote`, folded, whitespace runs relaxed."""
    core = quote.strip()
    if not core or not 1 <= occurrence <= len(text):  # no text holds more occurrences
        return None
    matches = _pattern(fold(core)).finditer(_folded(text))
    match = next(islice(matches, occurrence - 1, None), None)
    return match.span() if match else None


def reanchor(text: str, start: int, end: int, quote: Quote) -> Anchor | None:
    """Where a highlight made on an older version of `text` now lives; None if orphaned.

    Never raises; bad old offsets are clamped. See the module docstring for the steps.
    """
    if not quote.exact or not text:
        return None
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    if start < end and text[start:end] == quote.exact:
        return Anchor(start, end, "anchored", 100.0)
    folded = Quote(fold(quote.exact), fold(quote.prefix), fold(quote.suffix))
    return _exact_match(text, start, quote, folded) or _fuzzy_match(text, start, quote, folded)


def _near(text: str, old: int, size: int) -> tuple[int, int]:
    return max(0, old - NEAR), min(len(text), old + size + NEAR)


def _context(text: str, start: int, end: int, folded: Quote) -> float:
    """How well the text around start:end matches the quote's prefix and suffix, 0-100."""
    before = fuzz.ratio(folded.prefix, fold(text[max(0, start - CONTEXT) : start]))
    after = fuzz.ratio(folded.suffix, fold(text[end : end + CONTEXT]))
    return (before + after) / 2


def _exact_match(text: str, old: int, quote: Quote, folded: Quote) -> Anchor | None:
    """The occurrence of the quote whose surroundings best match its context."""
    near = _near(text, old, len(quote.exact))
    regions = [near] if near == (0, len(text)) else [near, (0, len(text))]
    best: tuple[tuple[float, bool, int], int, int] | None = None
    # Cheapest searches first: a perfect, unchanged occurrence cannot be beaten later.
    for (lo, hi), relaxed in product(regions, (False, True)):
        for s, e in _occurrences(text, lo, hi, folded.exact, relaxed):
            rank = (-_context(text, s, e, folded), text[s:e] != quote.exact, abs(s - old))
            best = min(best or (rank, s, e), (rank, s, e))
        if best and best[0][:2] == (-100.0, False):
            break
    if best is None:
        return None
    _, start, end = best
    if text[start:end] == quote.exact:
        return Anchor(start, end, "anchored", 100.0)
    return Anchor(start, end, "fuzzy", fuzz.ratio(folded.exact, fold(text[start:end])))


def _occurrences(text: str, lo: int, hi: int, folded: str, relaxed: bool) -> set[tuple[int, int]]:
    """Spans of `folded` in fold(text)[lo:hi], or of whitespace-relaxed matches."""
    region = _region(text, lo, hi)
    if relaxed:
        words = folded.split()
        squashed = _squashed(text) if lo == 0 and hi >= len(text) else " ".join(region.split())
        if len(words) < 2 or " ".join(words) not in squashed:  # cheaper than the regex
            return set()
        return {(lo + m.start(), lo + m.end()) for m in _pattern(folded).finditer(region)}
    return {(lo + i, lo + i + len(folded)) for i in _positions(region, folded)}


def _fuzzy_match(text: str, old: int, quote: Quote, folded: Quote) -> Anchor | None:
    """The window best matching the quote: near the old position, then anywhere."""
    core = Quote(fold(quote.exact.strip()), folded.prefix, folded.suffix)
    if not core.exact:
        return None
    near = _near(text, old, len(core.exact))
    found = _best_fit(text, old, core, [near])
    if found is None and near != (0, len(text)):
        found = _best_fit(text, old, core, _guesses(text, core))
    return Anchor(found[1], found[2], "fuzzy", found[0]) if found else None


def _best_fit(
    text: str, old: int, core: Quote, regions: list[tuple[int, int]]
) -> tuple[float, int, int] | None:
    """The best (score, start, end) window in the regions scoring at least the threshold."""
    fits = []
    for lo, hi in regions:
        region = _region(text, lo, hi)
        spans = (_refine(region, core.exact, i) for i in _scan(region, core.exact))
        for s, e in filter(None, spans):
            score = fuzz.ratio(core.exact, region[s:e])
            if score >= FUZZY_THRESHOLD:
                rank = score + CONTEXT_WEIGHT * _context(text, lo + s, lo + e, core)
                fits.append(((rank, -abs(lo + s - old)), score, lo + s, lo + e))
    return max(fits)[1:] if fits else None


def _scan(region: str, fq: str) -> list[int]:
    """Starts of the best, mutually distant windows of len(fq), stepping a quarter of it."""
    size = len(fq)
    last = max(0, len(region) - size)
    starts = [*range(0, last, max(1, size // 4)), last]
    windows = [region[i : i + size] for i in starts]
    hits = process.extract(
        fq, windows, scorer=fuzz.ratio, limit=None, score_cutoff=FUZZY_THRESHOLD - 25
    )
    chosen: list[int] = []
    for _, _, j in hits:
        if len(chosen) < FITS and all(abs(starts[j] - c) > size // 2 for c in chosen):
            chosen.append(starts[j])
    return chosen


def _refine(region: str, fq: str, i: int) -> tuple[int, int] | None:
    """The window at i with start, then end, moved to match fq best, whitespace trimmed."""
    reach = len(fq) // 4 + 2
    end = min(len(region), i + len(fq))
    start = _bound(lambda x: region[x:end], fq, i, max(0, i - reach), min(end - 1, i + reach))
    lo, hi = max(start + 1, end - reach), min(len(region), end + reach)
    return trim_range(region, start, _bound(lambda y: region[start:y], fq, end, lo, hi))


def _bound(window: Callable[[int], str], fq: str, at: int, lo: int, hi: int) -> int:
    """The position in lo..hi whose window best matches fq: coarse steps, then one by one."""
    step = max(1, (hi - lo) // 16)
    at = _argbest(window, fq, at, range(lo, hi + 1, step))
    return _argbest(window, fq, at, range(max(lo, at - step + 1), min(hi, at + step - 1) + 1))


def _argbest(window: Callable[[int], str], fq: str, at: int, positions: range) -> int:
    """The best-matching position, the one nearest `at` on ties."""
    ordered: list[int] = sorted({at, *positions}, key=lambda x: abs(x - at))
    return process.extractOne(fq, {x: window(x) for x in ordered}, scorer=fuzz.ratio)[2]


def _guesses(text: str, core: Quote) -> list[tuple[int, int]]:
    """Regions of a long text where the quote's ends or its context occur."""
    fq, ftext = core.exact, _folded(text)
    size = min(SEED, len(fq))
    pieces = {fq[:size]: 0, fq[-size:]: len(fq) - size}
    for piece, offset in ((core.prefix[-SEED:], -SEED), (core.suffix[:SEED], len(fq))):
        if len(piece) == SEED:
            pieces[piece] = offset
    bucket = max(64, len(fq))
    votes: Counter[int] = Counter()
    for piece, offset in pieces.items():
        votes.update((pos - offset) // bucket for pos in _positions(ftext, piece, SEED_LIMIT))
    slack = len(fq) // 2 + CONTEXT
    return [
        (max(0, b * bucket - slack), min(len(text), (b + 1) * bucket + len(fq) + slack))
        for b, _ in votes.most_common(FITS)
    ]


def _positions(haystack: str, needle: str, limit: float = math.inf) -> list[int]:
    """Where needle occurs (overlaps included); nothing if more than `limit` times."""
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0 and len(found) <= limit:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found if len(found) <= limit else []


# ------------------------------------------------------------------ through the diff

Op = tuple[str, int, int, int, int]  # difflib opcode: tag, old start/end, new start/end
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")
_CHUNK = 1 << 16


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
        if _folded(self.new).count(folded) < _folded(self.old).count(folded):
            return None  # fewer copies than before: this one was deleted
        context = Quote(folded, fold(quote.prefix), fold(quote.suffix))
        found: list[tuple[float, int]] = []
        for tag, i1, i2, j1, j2 in self.ops:
            if tag == "equal" or 2 * (j2 - j1) < size or folded in fold(self.old[i1:i2]):
                continue
            # Mostly in the new text: the cut common tail or head may hold a few of its ends.
            lo = max(0, j1 - size // 2)
            for i in _positions(fold(self.new[lo : j2 + size // 2]), folded, SEED_LIMIT):
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


def diff_ops(old: str, new: str) -> list[Op]:
    """difflib-style opcodes turning old into new, covering both texts in order.

    The common head and tail are cut first (fast on megabytes when the edit is small), the
    head back to a line start if the edit spans lines; the rest is diffed by lines, changed
    blocks by tokens (words, spaces, punctuation), then by characters. A finer step is kept
    whole where the block is at least SIMILAR or smaller than GATE characters (a small block
    between equal text is one local edit); elsewhere only its equal runs of LONG_RUN or more
    characters are kept (common words in unrelated paragraphs are not the same words).
    """
    head = _common_prefix(old, new)
    tail = _common_suffix(old, new, min(len(old), len(new)) - head)
    if "\n" in old[head : len(old) - tail] or "\n" in new[head : len(new) - tail]:
        # Edits across lines are diffed from a line start: a paragraph moved or deleted before
        # one that starts with the same words must not keep those words in its place. (Not
        # the tail: difflib settles ties towards the start, which suits a cut head only.)
        head = max(old.rfind("\n", 0, head) + 1, head - SNAP)
    ops: list[Op] = [("equal", 0, head, 0, head)] if head else []
    _diff(old[head : len(old) - tail], new[head : len(new) - tail], head, head, 0, ops)
    if tail:
        ops.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return ops


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of a and b: a chunk at a time, then by halves."""
    limit = min(len(a), len(b))
    lo = 0
    while lo < limit and a[lo : lo + _CHUNK] == b[lo : lo + _CHUNK]:
        lo += _CHUNK
    hi = min(limit, lo + _CHUNK)
    while lo < hi:  # a[:lo] == b[:lo] and a[:hi + 1] != b[:hi + 1]
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return min(lo, limit)


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length (at most `limit`) of the common suffix of a and b, as `_common_prefix`."""
    lo, na, nb = 0, len(a), len(b)
    while (
        lo < limit
        and a[na - min(limit, lo + _CHUNK) : na - lo] == b[nb - min(limit, lo + _CHUNK) : nb - lo]
    ):
        lo = min(limit, lo + _CHUNK)
    hi = min(limit, lo + _CHUNK)
    while lo < hi:  # the last lo characters agree, the last hi + 1 do not
        mid = (lo + hi + 1) // 2
        if a[na - mid : na - lo] == b[nb - mid : nb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


_SPLITS: tuple[Callable[[str], list[str]], ...] = (
    lambda text: text.splitlines(keepends=True),
    _TOKEN.findall,
    list,
)


def _diff(a: str, b: str, at_a: int, at_b: int, level: int, ops: list[Op]) -> None:
    """Append the opcodes of a -> b (at offsets at_a, at_b): by lines, tokens, characters."""
    whole: Op = ("replace", at_a, at_a + len(a), at_b, at_b + len(b))
    if not a or not b:
        if a or b:
            ops.append(("delete" if a else "insert", *whole[1:]))
        return
    parts_a, parts_b = _SPLITS[level](a), _SPLITS[level](b)
    if level > 0 and max(len(parts_a), len(parts_b)) > TOKEN_LIMIT:
        ops.append(whole)
        return
    codes: Sequence[Op]
    if level == 0 and len(parts_a) + len(parts_b) > LINE_LIMIT:
        codes = _walk(parts_a, parts_b)
    else:  # blank lines are common: let difflib ignore popular lines (only)
        codes = SequenceMatcher(None, parts_a, parts_b, autojunk=level == 0).get_opcodes()
    offsets_a, offsets_b = _offsets(parts_a), _offsets(parts_b)
    blocks = [
        (tag, offsets_a[i1], offsets_a[i2], offsets_b[j1], offsets_b[j2], i2 - i1 == j2 - j1)
        for tag, i1, i2, j1, j2 in codes
    ]
    same = sum(i2 - i1 for tag, i1, i2, *_ in blocks if tag == "equal")
    if level > 0 and len(a) + len(b) >= GATE and 2 * same < SIMILAR * (len(a) + len(b)):
        # Dissimilar: only long equal runs are trusted, the rest is changed as it stands.
        for tag, i1, i2, j1, j2 in _long_runs_only(blocks):
            ops.append((tag, at_a + i1, at_a + i2, at_b + j1, at_b + j2))
        return
    for tag, i1, i2, j1, j2, paired in blocks:
        if tag == "replace" and level == 0 and paired:
            lines_a, lines_b = _SPLITS[0](a[i1:i2]), _SPLITS[0](b[j1:j2])
            pairs = list(zip(lines_a, lines_b, _offsets(lines_a), _offsets(lines_b), strict=False))
            paired = all(fuzz.ratio(x, y) >= 100 * SIMILAR for x, y, _, _ in pairs)
        if tag == "replace" and level == 0 and paired:  # each line like its counterpart
            for line_a, line_b, x, y in pairs:
                _diff(line_a, line_b, at_a + i1 + x, at_b + j1 + y, 1, ops)
        elif tag == "replace" and level < 2:
            _diff(a[i1:i2], b[j1:j2], at_a + i1, at_b + j1, level + 1, ops)
        else:
            ops.append((tag, at_a + i1, at_a + i2, at_b + j1, at_b + j2))


def _long_runs_only(blocks: Sequence[tuple[str, int, int, int, int, bool]]) -> list[Op]:
    """The blocks with equal runs shorter than LONG_RUN folded into the changes around."""
    merged: list[Op] = []
    pending: list[int] | None = None  # i1, i2, j1, j2 of the change being gathered
    for tag, i1, i2, j1, j2, _ in [*blocks, ("equal", -1, -1, -1, -1, True)]:
        if tag == "equal" and (i2 - i1 >= LONG_RUN or i1 < 0):
            if pending:
                pi1, pi2, pj1, pj2 = pending
                change = (
                    "replace" if pi1 < pi2 and pj1 < pj2 else "delete" if pi1 < pi2 else "insert"
                )
                merged.append((change, pi1, pi2, pj1, pj2))
                pending = None
            if i1 >= 0:
                merged.append((tag, i1, i2, j1, j2))
        elif pending is None:
            pending = [i1, i2, j1, j2]
        else:
            pending[1], pending[3] = i2, j2
    return merged


def _walk(a: list[str], b: list[str]) -> list[Op]:
    """Opcodes of lines a -> b by walking both: equal runs, and at each difference the
    nearest point where RESYNC_RUN lines agree again (within RESYNC lines each way)."""
    ops: list[Op] = []
    i = j = 0
    while i < len(a) and j < len(b):
        i0, j0 = i, j
        while i < len(a) and j < len(b) and a[i] == b[j]:
            i, j = i + 1, j + 1
        if i > i0:
            ops.append(("equal", i0, i, j0, j))
        if i < len(a) and j < len(b):
            skip_a, skip_b = _resync(a, b, i, j)
            tag = "replace" if skip_a and skip_b else "delete" if skip_a else "insert"
            ops.append((tag, i, i + skip_a, j, j + skip_b))
            i, j = i + skip_a, j + skip_b
    if i < len(a) or j < len(b):
        tag = "replace" if i < len(a) and j < len(b) else "delete" if i < len(a) else "insert"
        ops.append((tag, i, len(a), j, len(b)))
    return ops


def _resync(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int]:
    """Lines to skip in a and b (fewest in all first) before RESYNC_RUN lines agree."""
    for total in range(1, 2 * RESYNC + 1):
        for skip_a in range(max(0, total - RESYNC), min(total, RESYNC) + 1):
            skip_b = total - skip_a
            run = a[i + skip_a : i + skip_a + RESYNC_RUN]
            if run and run == b[j + skip_b : j + skip_b + RESYNC_RUN]:
                return skip_a, skip_b
    return len(a) - i, len(b) - j


def _offsets(parts: list[str]) -> list[int]:
    """Offsets of each part's start, and of the end, in their concatenation."""
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return offsets
