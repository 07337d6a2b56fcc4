"""The corpus vocabulary in memory: typo variants and completions of a query word.

Typo variants are found without comparing the word with the whole vocabulary:
one edit (substitution, insertion, deletion, or transposition of neighbours) by trying
every word one edit away; two edits by pigeonhole. Split the word into a prefix
P = w[:a], a gap of three letters, and a suffix S = w[a+3:]; an edit touches at most two
neighbouring letters, so two edits leave P intact (the variant starts with P), or S
intact (it ends with S), or touch each once, and then the variant starts with a string
one edit from w[:a+1]. Those prefix and suffix ranges come from sorted lists; rapidfuzz
then checks the true OSA distance of the few candidates.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_VARIANTS = 8  # typo variants kept per word
MAX_COMPLETIONS = 8  # completions of the last word while typing
ALPHABET = 64  # most frequent characters tried in one-edit variants
_END = "\U0010ffff"


def max_edits(word: str) -> int:
    """Typos allowed in a word: none below 4 letters, one up to 7, two from 8."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


class Vocabulary:
    """Folded words with their corpus frequencies."""

    def __init__(self, freq: dict[str, int], *, ordered: list[str] | None = None) -> None:
        """`ordered`: the words already sorted (saves a sort of a large vocabulary)."""
        self.freq = freq
        self.ordered = ordered if ordered is not None else sorted(freq)
        self._backwards: list[str] | None = None
        chars = Counter("".join(self.ordered[:: max(1, len(self.ordered) // 20_000)]))
        self.alphabet = "".join(c for c, _ in chars.most_common(ALPHABET))

    @property
    def backwards(self) -> list[str]:
        """The words reversed, sorted: made on first use (two-edit look-ups only)."""
        if self._backwards is None:
            self._backwards = sorted(w[::-1] for w in self.freq)
        return self._backwards

    def __len__(self) -> int:
        return len(self.freq)

    def expand(self, term: str, *, prefix: bool = False) -> dict[str, float]:
        """Words that `term` may stand for, weighted: 1.0 itself, 0.8 one edit, 0.6 two,
        0.75-0.95 a completion. The term itself is always included."""
        found = {term: 1.0}
        for dist, _, word in self.variants(term):
            found[word] = 1.0 - 0.2 * dist
        if prefix:
            for word in self.completions(term):
                found.setdefault(word, 0.75 + 0.2 * len(term) / len(word))
        return found

    def variants(self, term: str) -> list[tuple[int, int, str]]:
        """(distance, -frequency, word) of the closest vocabulary words within max_edits."""
        k = max_edits(term)
        if k == 0:
            return []
        if k == 1:
            near = [(1, -self.freq[w], w) for w in edits1(term, self.alphabet) if w in self.freq]
        else:
            near = [(d, -self.freq[w], w) for w, d in self._two_edits(term).items()]
        return sorted(near)[:MAX_VARIANTS]

    def _two_edits(self, term: str) -> dict[str, int]:
        """Words 1 or 2 edits from `term` (the pigeonhole ranges of the module docstring),
        checked by rapidfuzz on the ranges as they are: no Python loop over candidates."""
        a = max(3, (len(term) - 3) // 2)
        head = term[: a + 1]
        starts = [_range(self.ordered, term[:a])]
        starts += [_range(self.ordered, s) for s in {head, *edits1(head, self.alphabet)}]
        found = {
            w: int(d)
            for w, d, _ in process.extract(
                term,
                list(chain.from_iterable(starts)),
                scorer=OSA.distance,
                score_cutoff=2,
                limit=None,
            )
        }
        ends = _range(self.backwards, term[a + 3 :][::-1])  # reversal keeps OSA distances
        for w, d, _ in process.extract(
            term[::-1], ends, scorer=OSA.distance, score_cutoff=2, limit=None
        ):
            found[w[::-1]] = int(d)
        found.pop(term, None)
        return found

    def _starting(self, stem: str) -> list[str]:
        return _range(self.ordered, stem)

    def completions(self, stem: str, limit: int = MAX_COMPLETIONS) -> list[str]:
        """The most frequent words starting with `stem` (longer than it)."""
        words = self._starting(stem)
        if len(words) > 50_000:  # a very short stem in a huge vocabulary: not worth it
            return []
        return heapq.nlargest(limit, (w for w in words if w != stem), key=self.freq.__getitem__)


def _range(ordered: list[str], stem: str) -> list[str]:
    lo = bisect_left(ordered, stem)
    return ordered[lo : bisect_left(ordered, stem + _END, lo)]


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
