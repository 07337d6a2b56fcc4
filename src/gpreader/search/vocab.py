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
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from itertools import chain

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_VARIANTS = 12  # typo variants kept per word (likeliest slips, then most frequent)
MAX_COMPLETIONS = 50  # completions of the last word while typing, best matching first
MAX_RANGE = 50_000  # words sharing a prefix past which completions are not looked for
MAX_FORMS = 400  # words sharing a stem's prefix past which word forms are not looked for
MAX_FORM_WORDS = 12  # word forms kept per word, most frequent first
ALPHABET = 64  # most frequent characters tried in one-edit variants
EXACT, ONE_EDIT, TWO_EDITS, FORM = 1.0, 0.75, 0.55, 0.5  # weights of what a word matched
COMPLETION, COMPLETION_SPREAD = 0.95, 0.05  # a completion: 0.9-0.95 (shorter ones higher)
_END = "\U0010ffff"
_STEMMER = Stemmer.Stemmer("english")


def max_edits(word: str, known: bool = True) -> int:
    """Typos allowed in a word: none below 3 letters, one for a 3-letter word that is not
    itself a known word, none for a known one, one from 4 to 7 letters, two from 8."""
    if len(word) < 3 or (len(word) == 3 and known):
        return 0
    return 1 if len(word) < 8 else 2


def stem(word: str) -> str:
    """The English Snowball stem of a folded word."""
    result: str = _STEMMER.stemWord(word)
    return result


class Vocabulary:
    """Folded words with their corpus frequencies."""

    def __init__(self, freq: dict[str, int], *, ordered: list[str] | None = None) -> None:
        """`ordered`: the words already sorted (saves a sort of a large vocabulary)."""
        self.freq = freq
        self.ordered = ordered if ordered is not None else sorted(freq)
        self._backwards: list[str] | None = None
        self._total: int | None = None
        self._prefixes: dict[int, frozenset[str]] = {}
        chars = Counter("".join(self.ordered[:: max(1, len(self.ordered) // 2_000)]))
        self.alphabet = "".join(c for c, _ in chars.most_common(ALPHABET))

    @property
    def backwards(self) -> list[str]:
        """The words reversed, sorted: made on first use (two-edit look-ups only)."""
        if self._backwards is None:
            self._backwards = sorted(w[::-1] for w in self.freq)
        return self._backwards

    def prefixes(self, size: int) -> frozenset[str]:
        """The first `size` letters of every word at least that long (made on first use)."""
        found = self._prefixes.get(size)
        if found is None:
            found = frozenset(w[:size] for w in self.ordered if len(w) >= size)
            self._prefixes[size] = found
        return found

    def __len__(self) -> int:
        return len(self.freq)

    @property
    def total(self) -> int:
        """How many word occurrences the vocabulary counts (made on first use)."""
        if self._total is None:
            self._total = sum(self.freq.values())
        return self._total

    def rarity(self, word: str) -> float:
        """How rare a word is, BM25's inverse document frequency with occurrences for
        documents: log(1 + total / (1 + frequency)); higher for a rarer word."""
        return math.log(1 + self.total / (1 + self.freq.get(word, 0)))

    def expand(self, term: str, *, prefix: bool = False) -> dict[str, float]:
        """Words that `term` may stand for, weighted: EXACT itself, a completion 0.8-0.95
        (the last word while typing), ONE_EDIT or TWO_EDITS a typo variant, FORM another
        form of the word (same stem). The term itself is always included."""
        found = {term: EXACT}
        if prefix:
            for word in self.completions(term):
                share = len(term) / len(word)
                found[word] = COMPLETION - COMPLETION_SPREAD * (1 - share)
        for dist, _, word in self.variants(term):
            found.setdefault(word, ONE_EDIT if dist == 1 else TWO_EDITS)
        for word in self.forms(term):
            found.setdefault(word, FORM)
        return found

    def forms(self, term: str) -> list[str]:
        """Other words of the vocabulary with the stem of `term` (`funding`: `funded`,
        `funds`), the most frequent first. Stems are (nearly) prefixes of their words, so
        only the words sharing the stem's first letters are stemmed: no whole-vocabulary pass."""
        if len(term) < 3 or not term.isalpha():
            return []
        root = stem(term)
        words = _range(self.ordered, root[: max(3, len(root) - 1)])
        if len(words) > MAX_FORMS:
            return []
        same = [w for w in words if w != term and stem(w) == root]
        return heapq.nlargest(MAX_FORM_WORDS, same, key=lambda w: (self.freq[w], w))

    def variants(self, term: str) -> list[tuple[int, int, str]]:
        """(distance, -frequency, word) of the closest vocabulary words within max_edits."""
        k = max_edits(term, term in self.freq)
        if k == 0:
            return []
        if k == 1:
            near = [(1, w) for w in edits1(term, self.alphabet) if w in self.freq]
        else:
            near = [(d, w) for w, d in self._two_edits(term).items()]
        ordered = sorted((d, d == 1 and not slip(term, w), -self.freq[w], w) for d, w in near)
        return [(d, f, w) for d, _, f, w in ordered[:MAX_VARIANTS]]

    def _two_edits(self, term: str) -> dict[str, int]:
        """Words 1 or 2 edits from `term` (the pigeonhole ranges of the module docstring),
        checked by rapidfuzz on the ranges as they are: no Python loop over candidates."""
        a = max(3, (len(term) - 3) // 2)
        head = term[: a + 1]
        starts = [_range(self.ordered, term[:a])]
        starts += [
            _range(self.ordered, s)
            for s in sorted({head, *edits1(head, self.alphabet)})
            if s in self.prefixes(len(s))  # most edits start no word: skip their look-ups
        ]
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

    def completions(self, start: str, limit: int = MAX_COMPLETIONS) -> list[str]:
        """Up to `limit` words starting with `start` (longer than it), the closest first:
        the fewest letters added, then the most frequent (then alphabetical: deterministic)."""
        words = self._starting(start)
        if len(words) > MAX_RANGE:  # a very short start in a huge vocabulary: not worth it
            return []
        return heapq.nsmallest(
            limit, (w for w in words if w != start), key=lambda w: (len(w), -self.freq[w], w)
        )


_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbour_keys() -> dict[str, str]:
    """Each key of a QWERTY keyboard with the keys around it."""
    near: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for c, key in enumerate(row):
            around = {row[c - 1] if c else "", row[c + 1 : c + 2]}
            for other in (r - 1, r + 1):
                if 0 <= other < len(_ROWS):
                    around.update(_ROWS[other][max(0, c - 1) : c + 2])
            near[key] = "".join(sorted(k for k in around if k and k != key))
    return near


NEAR_KEYS = _neighbour_keys()


def slip(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one common typing slip: two neighbouring letters
    swapped, a letter left out, a letter doubled or a key beside it also struck, or a key
    beside the right one struck instead."""
    if len(word) == len(typed) + 1:
        return True  # a letter left out
    if len(typed) == len(word) + 1:
        for i in range(len(typed)):
            if typed[:i] + typed[i + 1 :] == word:
                beside = typed[i - 1 : i] + typed[i + 1 : i + 2]
                if any(c == typed[i] or c in NEAR_KEYS.get(typed[i], "") for c in beside):
                    return True
        return False
    if len(typed) != len(word):
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    if len(diff) == 1:
        return word[diff[0]] in NEAR_KEYS.get(typed[diff[0]], "")
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == word[diff[1]]
        and typed[diff[1]] == word[diff[0]]
    )


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
