"""Quotes (exact text with its context) and finding them again in a text by the quote alone:
`find_quote`, `reanchor` (see the package's docstring)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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
def folded_text(text: str) -> str:
    """fold() of a whole text, cached: many highlights are re-anchored in one text."""
    return fold(text)


@lru_cache(maxsize=2)
def _squashed(text: str) -> str:
    """fold() of a whole text with each whitespace run made one space, cached."""
    return " ".join(folded_text(text).split())


def _region(text: str, lo: int, hi: int) -> str:
    return folded_text(text) if lo == 0 and hi >= len(text) else fold(text[lo:hi])


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
    matches = _pattern(fold(core)).finditer(folded_text(text))
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
    return {(lo + i, lo + i + len(folded)) for i in occurrences_of(region, folded)}


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
    fq, ftext = core.exact, folded_text(text)
    size = min(SEED, len(fq))
    pieces = {fq[:size]: 0, fq[-size:]: len(fq) - size}
    for piece, offset in ((core.prefix[-SEED:], -SEED), (core.suffix[:SEED], len(fq))):
        if len(piece) == SEED:
            pieces[piece] = offset
    bucket = max(64, len(fq))
    votes: Counter[int] = Counter()
    for piece, offset in pieces.items():
        votes.update((pos - offset) // bucket for pos in occurrences_of(ftext, piece, SEED_LIMIT))
    slack = len(fq) // 2 + CONTEXT
    return [
        (max(0, b * bucket - slack), min(len(text), (b + 1) * bucket + len(fq) + slack))
        for b, _ in votes.most_common(FITS)
    ]


def occurrences_of(haystack: str, needle: str, limit: float = math.inf) -> list[int]:
    """Where needle occurs (overlaps included); nothing if more than `limit` times."""
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0 and len(found) <= limit:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found if len(found) <= limit else []
