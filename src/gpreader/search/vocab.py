"""The corpus vocabulary: typo variants, completions and other forms of a query word.

Words are looked up in a WordSource (lexicon.py): the search_vocab table itself, or a dict
loaded in memory; the answers are the same. Typo variants are found without comparing the
word with the whole vocabulary: one edit (substitution, insertion, deletion, or
transposition of neighbours) by looking up every string one edit away; two edits by
pigeonhole over prefixes. Split the word into P = w[:a] and the rest: two edits leave P
intact (the variant starts with P), or touch P once and leave the next letter as typed (the
variant starts with a string one edit from w[:a+1]); rapidfuzz then checks the true OSA
distance of the words in those prefix ranges. (Two edits both in the first a+1 letters are
not looked for: that needs the words by their endings, which SQL cannot give.)
"""

from __future__ import annotations

import heapq
import math
import string
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from gpreader.search.edits import edits1
from gpreader.search.lexicon import MemoryWords, WordSource

MAX_VARIANTS = 12  # typo variants kept per word (likeliest slips, then most frequent)
MAX_COMPLETIONS = 50  # completions of the last word while typing, best matching first
MAX_RANGE = 50_000  # words sharing a prefix past which completions are not looked for
MAX_FORMS = 400  # words sharing a stem's prefix past which word forms are not looked for
MAX_FORM_WORDS = 12  # word forms kept per word, most frequent first
LETTER_SAMPLE = 500  # words read for the letters of a non-ASCII word's script
ASCII_LETTERS = string.ascii_lowercase + string.digits
EXACT, ONE_EDIT, TWO_EDITS, FORM = 1.0, 0.75, 0.55, 0.5  # weights of what a word matched
COMPLETION, COMPLETION_SPREAD = 0.95, 0.05  # a completion: 0.9-0.95 (shorter ones higher)
# A completion of a last word that is itself a corpus word (`new` -> `news`): the word is
# likelier finished than cut short, so its completions weigh below it, above a typo; and so
# keep only part of the order and closeness bonuses (rank.py: NO_BONUS, FULL_BONUS).
COMPLETION_OF_WORD = 0.85
EXPANDED = 4096  # expansions a Vocabulary keeps (all forgotten at once past that)
# No cache of its own (maxCacheSize 0): PyStemmer's purges its whole cache as it fills, which
# cost forms() 0.2-0.5 ms a word where stemming the words of a range costs 0.07 ms.
_STEMMER = Stemmer.Stemmer("english", 0)


def max_edits(word: str, known: bool = True, *, doubted: bool = False) -> int:
    """Typos allowed in a word: none below 3 letters, one for a 3-letter word that is not
    itself a known word, none for a known one, one from 4 to 6 letters, two from 7 (a
    7-letter word typed with two slips, `whailye` for `whalley`, is found) unless the word
    is itself a corpus word: one then (a long word found as typed was most likely meant; a
    slip that made another word is one edit away). Two-edit look-ups are a search's
    costliest part; sparing them for known words changed no rank on the benchmark's sets.
    `doubted` (no passage holds every word as typed, or as its closest variant): a known
    3-letter word may be a slip too, one edit (`ant to see` for `want to see`; only typing
    slips: `Vocabulary.variants`), and an unknown word of 5 or 6 letters gets two (`innimg`
    for `winning`)."""
    if len(word) < 3 or (len(word) == 3 and known and not doubted):
        return 0
    if doubted and not known and len(word) >= 5:
        return 2
    return 1 if len(word) < 7 or known else 2


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The English Snowball stem of a folded word."""
    result: str = _STEMMER.stemWord(word)
    return result


class Vocabulary:
    """Folded words with their corpus frequencies, from a WordSource (or a dict)."""

    def __init__(self, words: dict[str, int] | WordSource) -> None:
        self.source: WordSource = MemoryWords(words) if isinstance(words, dict) else words
        self._counts: dict[str, int] = {}  # words looked up so far: 0 when not in the corpus
        self._expanded: dict[tuple[str, bool, bool], dict[str, float]] = {}  # expand's answers

    @property
    def total(self) -> int:
        """How many word occurrences the vocabulary counts."""
        return self.source.total

    def count(self, word: str) -> int:
        """How often `word` occurs in the corpus (0: not at all)."""
        if isinstance(self.source, MemoryWords):
            return self.source.freq.get(word, 0)
        found = self._counts.get(word)
        if found is None:
            found = self._counts[word] = self.source.counts([word]).get(word, 0)
        return found

    def __contains__(self, word: str) -> bool:
        return self.count(word) > 0

    def _known(self, words: Iterable[str]) -> dict[str, int]:
        """The frequencies of those of `words` in the corpus (remembered for `count`)."""
        found = self.source.counts(words)
        if not isinstance(self.source, MemoryWords):
            self._counts.update(found)
        return found

    def rarity(self, word: str) -> float:
        """How rare a word is, BM25's inverse document frequency with occurrences for
        documents: log(1 + total / (1 + frequency)); higher for a rarer word."""
        return math.log(1 + self.total / (1 + self.count(word)))

    def expand(self, term: str, *, prefix: bool = False, doubted: bool = False) -> dict[str, float]:
        """Words that `term` may stand for, weighted: EXACT itself, a completion 0.9-0.95
        (the last word while typing; at most COMPLETION_OF_WORD if `term` is a word), ONE_EDIT
        or TWO_EDITS a typo variant, FORM another form of the word (same stem). The term
        itself is always included. `doubted`: a known word may be a slip too (max_edits).
        Answers are kept (up to EXPANDED of them; the words do not change under a
        Vocabulary): a word typed again, or the words before the one being typed, cost
        nothing the next time."""
        key = (term, prefix, doubted)
        kept = self._expanded.get(key)
        if kept is None:
            if len(self._expanded) >= EXPANDED:
                self._expanded.clear()
            kept = self._expanded[key] = self._expand(term, prefix, doubted)
        return dict(kept)

    def _expand(self, term: str, prefix: bool, doubted: bool = False) -> dict[str, float]:
        found = {term: EXACT}
        if prefix:
            most = COMPLETION_OF_WORD if term in self else COMPLETION
            for word in self.completions(term):
                share = len(term) / len(word)
                found[word] = min(most, COMPLETION - COMPLETION_SPREAD * (1 - share))
        for dist, _, word in self.variants(term, doubted=doubted):
            found.setdefault(word, ONE_EDIT if dist == 1 else TWO_EDITS)
        for word in self.forms(term):
            found.setdefault(word, FORM)
        self._known(w for w in found if w not in self._counts)  # one look-up for them all
        return found

    def forms(self, term: str) -> list[str]:
        """Other words of the vocabulary with the stem of `term` (`funding`: `funded`,
        `funds`), the most frequent first. Stems are (nearly) prefixes of their words, so
        only the words sharing the stem's first letters are stemmed: no whole-vocabulary pass."""
        if len(term) < 3 or not term.isalpha():
            return []
        root = stem(term)
        words = self.source.starting(root[: max(3, len(root) - 1)], MAX_FORMS)
        if not words:
            return []
        stems = _STEMMER.stemWords(words)  # one call for the range: no Python loop per word
        same = [w for w, s in zip(words, stems, strict=True) if s == root and w != term]
        freq = self._known(same)
        return heapq.nlargest(MAX_FORM_WORDS, same, key=lambda w: (freq[w], w))

    def variants(self, term: str, *, doubted: bool = False) -> list[tuple[int, int, str]]:
        """(distance, -frequency, word) of the closest vocabulary words within max_edits. A
        known 3-letter word, `doubted`, stands only for words one typing slip away (`slip`):
        one word typed for another takes a slip, and the rest of its many one-edit variants
        are mostly common short words that would flood the candidates."""
        k = max_edits(term, term in self, doubted=doubted)
        if k == 0:
            return []
        if k == 1:
            found = self._known(self.source.edit_candidates(term, self.alphabet(term)))
            near = [(1, w) for w in found]
        else:
            near = [(d, w) for w, d in self._two_edits(term).items()]
            found = self._known(w for _, w in near)
        if doubted and len(term) == 3 and term in self:
            near = [(d, w) for d, w in near if slip(term, w)]
        ordered = sorted((d, d == 1 and not slip(term, w), -found[w], w) for d, w in near)
        return [(d, f, w) for d, _, f, w in ordered[:MAX_VARIANTS]]

    def alphabet(self, term: str) -> str:
        """The letters tried in one-edit variants: ASCII letters and digits, the term's own,
        and for a word with other letters, those of the corpus words sharing its first."""
        letters = set(ASCII_LETTERS) | set(term)
        if not term.isascii():
            for word in self.source.starting(term[0], LETTER_SAMPLE) or []:
                letters.update(word)
        return "".join(sorted(letters))

    def _two_edits(self, term: str) -> dict[str, int]:
        """Words 1 or 2 edits from `term` (the pigeonhole ranges of the module docstring),
        checked by rapidfuzz on the ranges as they are: no Python loop over candidates."""
        a = max(3, (len(term) - 3) // 2)
        head, kept = term[: a + 1], term[:a]
        heads = {s for s in edits1(head, self.alphabet(term)) if not s.startswith(kept)}
        starts = self.source.starting_any({kept, *heads})  # those starting so: in its range
        found = {
            w: int(d)
            for w, d, _ in process.extract(
                term, starts, scorer=OSA.distance, score_cutoff=2, limit=None
            )
        }
        found.pop(term, None)
        return found

    def completions(self, start: str, limit: int = MAX_COMPLETIONS) -> list[str]:
        """Up to `limit` words starting with `start` (longer than it), the closest first:
        the fewest letters added, then the most frequent (then alphabetical: deterministic).
        None at all when more than MAX_RANGE words start so (a very short start, a huge corpus)."""
        return self.source.completions(start, limit, MAX_RANGE)


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
