"""An article's passages (units) and their folded words: what the search index holds.

Folding: casefold, strip accents (NFKD, combining marks dropped), apostrophes removed inside
words (`it’s` -> `its`), anything not a letter or digit separates words. A unit is a sentence
of the title, body or comments, or a whole paragraph or heading without sentence spans.
Pure functions (no SQL): search/index.py writes and reads the index with them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from gpreader.models import Span
from gpreader.text import fold

UNIT_SECTIONS = ("title", "body", "comments")
_CONTAINERS = ("title", "heading", "paragraph")
_FIRST, _FIRST_TWO = itemgetter(0), itemgetter(0, 1)  # sort keys called in C
WORD_RE = re.compile(r"[^\W_]++(?:'[^\W_]++)*+")  # possessive: the same words, found sooner


# -- folding -----------------------------------------------------------------------------


def fold_word(word: str) -> str:
    """One word folded: casefolded, accents and apostrophes dropped, letters and digits only."""
    if word.isascii():
        return word.lower().replace("'", "")
    return word.translate(_FOLD)


class _FoldTable(dict[int, str]):
    """A `str.translate` table folding one character at a time, each as `_fold_char` does,
    filled as characters are first met. Folding a word character by character is folding
    it whole: casefolding maps each character on its own, NFKD decomposes each on its own
    and only reorders combining marks, none of which is a letter or digit (a test checks
    every character), and the filter keeps letters and digits. Space maps to itself, so a
    space-joined string of words folds in one call."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if c.isalnum())


_FOLD = _FoldTable({ord(" "): " "})


def plain(text: str) -> str:
    """`text` with quotes, dashes and spaces made ASCII, same length (text.fold). ASCII text
    is returned as it is: every character folded is outside ASCII (33 str.replace passes
    saved, for each passage a search ranks)."""
    if text.isascii():
        return text
    return fold(text).replace("ʼ", "'")


def words_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every word in `text`; offsets are into `text`."""
    simple = plain(text)
    if simple.isascii():
        low = simple.lower()
        return [(m.start(), m.end(), m.group().replace("'", "")) for m in WORD_RE.finditer(low)]
    found = []
    for m in WORD_RE.finditer(simple):
        folded = fold_word(m.group())
        if folded:
            found.append((m.start(), m.end(), folded))
    return found


def fold_words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return _folded(plain(text))


def fold_many(texts: list[str]) -> list[list[str]]:
    """fold_words of each text, folding them in one pass (for many short texts: titles)."""
    simple = plain("\x00".join(t.replace("\x00", " ") for t in texts))
    return [_folded(part) for part in simple.split("\x00")]


def _joined(simple: str) -> str:
    """The folded words of an already `plain` text, joined by spaces."""
    if simple.isascii():
        return " ".join(WORD_RE.findall(simple.lower())).replace("'", "")
    return " ".join(_folded(simple))


def _folded(simple: str) -> list[str]:
    """The folded words of an already `plain` text (a word folding to nothing left out)."""
    if simple.isascii():
        return [w.replace("'", "") for w in WORD_RE.findall(simple.lower())]
    return " ".join(WORD_RE.findall(simple)).translate(_FOLD).split()


# -- units ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A searchable passage of an article."""

    start: int
    end: int
    section: str
    para_start: int
    para_end: int
    words: str


UnitRow = tuple[int, int, str, int, int, str]  # start, end, section, para_start, para_end, words


def units_of(text: str, spans: Iterable[Span]) -> list[Unit]:
    """The searchable passages of an article: sentences, else whole paragraphs or headings."""
    return [Unit(*row) for row in unit_rows(text, spans)]


def unit_rows(
    text: str,
    spans: Iterable[Span],
    words: Callable[[str], Callable[[int, int], str]] | None = None,
) -> list[UnitRow]:
    """`units_of` as plain tuples, in passage order (what an import writes: no objects);
    `words` (default `words_between`) gives each unit's words (`index_words` for FTS5)."""
    containers: list[tuple[int, int, str]] = []
    sentences: list[tuple[int, int, str]] = []
    section: str
    for span in spans:
        section = span.section
        if section in UNIT_SECTIONS:
            if span.kind == "sentence":
                sentences.append((span.start, span.end, section))
            elif span.kind in _CONTAINERS:
                containers.append((span.start, span.end, section))
    containers.sort(key=_FIRST)  # stable: containers starting together keep their order
    sentences.sort()  # both come in text order from a parse: each sort is one pass
    joined = (words or words_between)(text)
    found: list[UnitRow] = []
    covered: set[int] = set()
    i, last = -1, len(containers) - 1  # the last container starting at or before a sentence
    for start, end, section in sentences:
        while i < last and containers[i + 1][0] <= start:
            i += 1
        if i >= 0 and containers[i][1] >= end:
            para_start, para_end = containers[i][:2]
            covered.add(i)
        else:
            para_start, para_end = start, end
        found.append((start, end, section, para_start, para_end, joined(start, end)))
    alone = [
        (start, end, section, start, end, joined(start, end))
        for i, (start, end, section) in enumerate(containers)
        if i not in covered and not _has_sentence(sentences, start, end)
    ]
    if alone:  # else in order already: sentences sorted by (start, end, section)
        found += alone
        found.sort(key=_FIRST_TWO)
    return [u for u in found if u[5]]


def words_between(text: str) -> Callable[[int, int], str]:
    """A function giving the folded words of `text[start:end]`, joined by spaces, from one
    `plain` of the whole text (the words of a unit: what the index holds for it). Words are
    found in the text itself (pos/endpos: no slice) and folded once joined: ASCII ones by
    lowering, others by the per-character table (which maps a space to itself)."""
    return _words_between(plain(text))


def _words_between(simple: str) -> Callable[[int, int], str]:
    """`words_between` of a text already `plain`."""
    findall = WORD_RE.findall
    if simple.isascii():  # lowered once; a slice's words are then the words of the slice
        low = simple.lower()

        def joined(start: int, end: int) -> str:
            return " ".join(findall(low, start, end)).replace("'", "")
    else:

        def joined(start: int, end: int) -> str:
            words = " ".join(findall(simple, start, end))
            if words.isascii():
                return words.lower().replace("'", "")
            return " ".join(words.translate(_FOLD).split())  # a word may fold to nothing

    return joined


def index_words(text: str) -> Callable[[int, int], str]:
    """`words_between`, but as text that FTS5's `ascii` tokenizer splits into the same words
    (so the index holds the same tokens): "" when there are none. An ASCII slice with no two
    apostrophes in a row is given as it is, its apostrophes removed: the tokenizer lowers
    ASCII letters and splits at every other ASCII character, as WORD_RE's words are split
    and joined (an apostrophe joins two words only inside a word). Other slices are folded
    and joined as `words_between` does. An import spends a third less on its units so."""
    simple = plain(text)
    exact = _words_between(simple)
    has_word = WORD_RE.search

    def words(start: int, end: int) -> str:
        piece = simple[start:end]
        if piece.isascii() and "''" not in piece:
            return piece.replace("'", "") if has_word(simple, start, end) else ""
        return exact(start, end)

    return words


def _has_sentence(sentences: Sequence[tuple[int, int, str]], start: int, end: int) -> bool:
    i = bisect_left(sentences, (start,))
    return i < len(sentences) and sentences[i][0] < end


def slice_words(text: str) -> Callable[[int, int], str]:
    """`words_between`, folding only the slice asked for (the same words: folding is per
    character, and a word never reaches outside the slice it is found in)."""

    def joined(start: int, end: int) -> str:
        return _joined(plain(text[start:end]))

    return joined
