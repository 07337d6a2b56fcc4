"""Ranking candidates, and the Hits a search returns.

Candidates are scored: how well each word matched, rapidfuzz similarity of the query to the
closest window of matched words, words in query order, words adjacent (stop words left out
of similarity and adjacency); those bonuses scaled by how exactly the window's weakest word
matched, relative to the best match the corpus holds for it (a mistyped word's closest
corpus word counts as exact). A hit's path, title, text and context are read through the
store (search_reads.passages), so they are safe to show.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz

from gpreader.search import index as idx
from gpreader.search.candidates import Candidate, Element
from gpreader.store import search_reads

MAX_LIMIT = 1000
# Stop words, skipped when telling whether matched words are adjacent: the English stop set
# of Lucene's StandardAnalyzer / EnglishAnalyzer (Elasticsearch's `_english_`), 33 words.
_STOP = "a an and are as at be but by for if in into is it no not of on or such that the their"
STOP_WORDS = frozenset(f"{_STOP} then there these they this to was will with".split())
READ_WHOLE = 4  # candidates in one article from which its whole text is read once
_ALL = 2**31 - 1  # a length past any text (SQLite limits a value to 2**31 - 1 bytes)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Hit:
    """One passage found: where it is, its text, and which words matched."""

    article: str  # article path, as `gpreader articles` shows it
    title: str
    section: str  # "title", "body" or "comments"
    start: int  # code-point offsets of the passage in the article's canonical text
    end: int
    text: str  # text[start:end]
    score: float  # 0-100, higher is better
    terms: tuple[tuple[int, int], ...] = ()  # matched words, offsets within `text`
    context_start: int = 0  # the paragraph holding the passage
    context_end: int = 0
    context: str = ""
    via: str = "text"  # "text"; "note" or "tag" when a highlight's note or tag name matched
    note: str = ""  # that highlight's note

    @property
    def first_match(self) -> int:
        """The article offset of the first matched word (the passage's start if none)."""
        return self.start + min((a for a, _ in self.terms), default=0)

    def snippet(self, width: int = 160) -> tuple[str, list[tuple[int, int]]]:
        """The passage on one line (whitespace runs made one space), cut to about `width`
        characters around the first matched word; and the matched words' ranges in it."""
        pieces: list[str] = []
        marks: list[tuple[int, int]] = []
        size = 0
        words = set(self.terms)
        for a, b in pairwise(sorted({0, len(self.text), *(p for t in self.terms for p in t)})):
            piece = _SPACE.sub(" ", self.text[a:b])
            if (a, b) in words:
                marks.append((size, size + len(piece)))
            pieces.append(piece)
            size += len(piece)
        line = "".join(pieces)
        lead = len(line) - len(line.lstrip())
        line = line.strip()
        marks = [(a - lead, b - lead) for a, b in marks]
        if len(line) <= width:
            return line, marks
        first, last = (marks[0][0], marks[-1][1]) if marks else (0, 0)
        slack = width - (last - first) if last - first < width else width // 3 * 2
        lo = max(0, min(first - slack // 2, len(line) - width))
        hi = lo + width
        prefix, suffix = "…" if lo else "", "…" if hi < len(line) else ""
        shift = len(prefix) - lo
        spans = [(a + shift, b + shift) for a, b in marks if a >= lo and b <= hi]
        return prefix + line[lo:hi] + suffix, spans

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["terms"] = [list(t) for t in self.terms]
        return data


# -- ranking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    score: float
    full: bool  # every word and phrase matched
    positions: tuple[int, ...]  # matched word positions in the passage
    candidate: Candidate
    via: str = "text"  # "note" / "tag": some word matched only in a highlight's note / tags
    exact: bool = False  # every term matched as typed (or a completion, or a typo's closest)


WEIGHT_MATCH = 0.62  # how well the terms matched, each weighted by its rarity
WEIGHT_CLOSE = 0.15  # similarity of the query to the passage's closest window of matches
WEIGHT_ORDER = 0.08  # the terms in query order
WEIGHT_ADJACENT = 0.10  # the terms next to each other
WEIGHT_SHORT = 0.05  # a short passage (BM25's length normalisation, simplified)
NO_BONUS, FULL_BONUS = 0.7, 0.9  # the weakest term's match weight: bonuses from nothing ...
# ... to full, linearly: an exact match (1.0) or a completion (0.9-0.95) keeps them, a
# one-edit variant (0.75) a quarter, a two-edit one (0.55) or another word form (0.5) none.
# So a passage matching every word exactly outranks one matching a word only through a
# variant in the right order and place.


def rank(
    elements: list[Element],
    candidates: dict[int, Candidate],
    excluded: tuple[tuple[str, ...], ...] = (),
) -> list[Scored]:
    """Score candidates, dropping those holding an `excluded` word or phrase; when some
    match every term, drop those that match only some."""
    if excluded:
        candidates = {k: c for k, c in candidates.items() if not _holds(c, excluded)}
    if not elements:
        scored = [Scored(100.0, True, (), c) for c in candidates.values()]
    else:
        query = _content([w for e in elements for w in e.words])
        total = sum(e.rarity for e in elements) or 1.0
        scored = [s for c in candidates.values() if (s := _score(c, elements, query, total))]
        if any(s.full for s in scored):
            scored = [s for s in scored if s.full]
    scored.sort(key=lambda s: (-s.score, s.candidate.article_id, s.candidate.start))
    return scored


def _holds(c: Candidate, excluded: tuple[tuple[str, ...], ...]) -> bool:
    own = " " + " ".join(c.tokens[: c.length]) + " "
    return any(" " + " ".join(x) + " " in own for x in excluded)


def _score(c: Candidate, elements: list[Element], query: str, total: float) -> Scored | None:
    tokens = c.tokens
    matched: list[list[tuple[int, int, float]]] = []
    relative: list[list[tuple[int, int, float]]] = []  # weights relative to the best reachable
    quality = 0.0
    occurrences = _one_to_one([_occurrences(tokens, e, c) for e in elements])
    for e, found in zip(elements, occurrences, strict=True):
        if found:
            matched.append(found)
            best = max(w for _, _, w in found)
            quality += e.rarity * best
            relative.append([(s, t, min(1.0, w / e.reachable)) for s, t, w in found])
        elif e.phrase:
            return None  # a quoted phrase must match as a phrase
    if not matched:
        return None
    bonus = _bonus(relative, tokens, query) * len(matched) / len(elements)
    density = min(1.0, 12 / max(1, c.length))
    score = 100 * (WEIGHT_MATCH * quality / total + bonus + WEIGHT_SHORT * density)
    n = c.length
    inside = sorted({p for o in matched for s, e, _ in o for p in range(s, min(e + 1, n))})
    outside = [o[0][0] for o in matched if o[0][0] >= n]  # matched in a note or tag name
    via = "text" if not outside else "tag" if c.tag_positions.issuperset(outside) else "note"
    full = len(matched) == len(elements)
    exact = full and all(_exactness(max(w for _, _, w in found)) >= 1.0 for found in relative)
    return Scored(round(score, 2), full, tuple(inside), c, via, exact)


def _bonus(matched: list[list[tuple[int, int, float]]], tokens: list[str], query: str) -> float:
    """Closeness, order and adjacency of the matched words (0 to their weights' sum), scaled
    by the exactness of the weakest word *in the window they are measured on* (weights relative
    to the best match the corpus holds for each word): "council funded" (a word form) side by
    side does not earn the bonus of "council funding", even when "funding" occurs elsewhere
    in the passage. When some word matched both at its best and through a weaker variant, the
    window of its best matches is measured too; the better counts."""
    if len(matched) == 1:
        lo, hi, weight = max(matched[0], key=lambda o: o[2])
        return _exactness(weight) * (
            WEIGHT_CLOSE * _closeness(query, tokens, lo, hi) + WEIGHT_ORDER + WEIGHT_ADJACENT
        )
    options = [matched]
    best_only = [[o for o in found if o[2] == max(w for _, _, w in found)] for found in matched]
    if best_only != matched:
        options.append(best_only)
    value = 0.0
    for occurrences in options:
        lo, hi, in_order = _window(occurrences)
        weakest = min(
            max((w for s, e, w in found if lo <= s and e <= hi), default=0.0)
            for found in occurrences
        )
        exactness = _exactness(weakest)
        if exactness <= 0.0:
            continue
        adjacent = _adjacent(occurrences, tokens, lo, hi)
        value = max(
            value,
            exactness
            * (
                WEIGHT_CLOSE * _closeness(query, tokens, lo, hi)
                + WEIGHT_ORDER * in_order
                + WEIGHT_ADJACENT * adjacent
            ),
        )
    return value


def _adjacent(
    occurrences: list[list[tuple[int, int, float]]], tokens: list[str], lo: int, hi: int
) -> bool:
    """Whether the matched words in tokens[lo..hi] stand next to each other, but for stop
    words between them ("evidence was given", "muslims are of voting age")."""
    covered = {
        p
        for found in occurrences
        for s, e, _ in found
        if lo <= s and e <= hi
        for p in range(s, e + 1)
    }
    return all(tokens[p] in STOP_WORDS for p in range(lo, hi + 1) if p not in covered)


def _exactness(weight: float) -> float:
    """How much of the bonuses a match of this weight keeps (NO_BONUS to FULL_BONUS)."""
    return min(1.0, max(0.0, (weight - NO_BONUS) / (FULL_BONUS - NO_BONUS)))


def _closeness(query: str, tokens: list[str], lo: int, hi: int) -> float:
    """Similarity of the query to the window's words, stop words left out of both (`query`
    is already without them)."""
    return fuzz.ratio(query, _content(tokens[lo : hi + 1])) / 100


def _content(words: list[str]) -> str:
    """The words but for stop words (all of them if they are all stop words), joined."""
    return " ".join([t for t in words if t not in STOP_WORDS] or words)


def _occurrences(tokens: list[str], e: Element, c: Candidate) -> list[tuple[int, int, float]]:
    """(first, last, weight) token positions where the element occurs, in order."""
    found: list[tuple[int, int, float]] = []
    for phrase in e.phrases:
        n, first = len(phrase), phrase[0]
        found += [
            (i, i + n - 1, 1.0)
            for i, t in enumerate(tokens)
            if t == first and tuple(tokens[i : i + n]) == phrase
        ]
    if e.variants:
        get = (e.variants if not c.extra else {**e.note_variants, **e.variants}).get
        found += [(i, i, w) for i, t in enumerate(tokens) if (w := get(t)) is not None]
    return sorted(found) if e.phrases and e.variants else found


def _one_to_one(
    occurrences: list[list[tuple[int, int, float]]],
) -> list[list[tuple[int, int, float]]]:
    """Each passage word stands for one query word at most: `vey very` needs two words
    (`very very`), not one `very` matched twice. The best matching term claims its best
    occurrence first (then the one with fewer occurrences, then the first typed); a term
    keeps only the occurrences no term before it claimed."""
    if len(occurrences) < 2:
        return occurrences
    best = [max((w for _, _, w in found), default=0.0) for found in occurrences]
    order = sorted(range(len(occurrences)), key=lambda k: (-best[k], len(occurrences[k]), k))
    claimed: set[int] = set()
    kept = list(occurrences)
    for k in order:
        free = [o for o in occurrences[k] if claimed.isdisjoint(range(o[0], o[1] + 1))]
        kept[k] = free
        if free:
            first, last, _ = max(free, key=lambda o: o[2])
            claimed.update(range(first, last + 1))
    return kept


def _window(matched: list[list[tuple[int, int, float]]]) -> tuple[int, int, bool]:
    """The smallest window holding an occurrence of every matched element (a sliding window
    over their occurrences in text order), in query order if one that small is; and whether."""
    events = sorted((s, e, k) for k, o in enumerate(matched) for s, e, _ in o)
    need, count, have, left = len(matched), [0] * len(matched), 0, 0
    best: tuple[int, bool, int, int] | None = None  # span, out of order, start, end
    for right, (_, _, k) in enumerate(events):
        count[k] += 1
        have += count[k] == 1
        while have == need:
            window = events[left : right + 1]
            end = max(e for _, e, _ in window)
            span = end - window[0][0]
            if best is None or span <= best[0]:
                key = (span, not _in_order(window, need), window[0][0], end)
                best = key if best is None else min(best, key)
            k_left = events[left][2]
            count[k_left] -= 1
            have -= count[k_left] == 0
            left += 1
    if best is None:  # cannot happen: every element occurs somewhere
        return matched[0][0][0], matched[0][0][1], True
    return best[2], best[3], not best[1]


def _in_order(window: list[tuple[int, int, int]], need: int) -> bool:
    """Whether the first occurrences of the elements in the window follow query order."""
    first: dict[int, int] = {}
    for s, _, k in window:
        first.setdefault(k, s)
    return all(first[k] < first[k + 1] for k in range(need - 1))


# -- hits ------------------------------------------------------------------------------------------


def hits(conn: sqlite3.Connection, scored: list[Scored], limit: int) -> list[Hit]:
    """Hits for the best `limit` scored passages, with text, context and matched-word offsets."""
    top = scored[:limit]
    paragraphs = _paragraphs(conn, [s.candidate for s in top])
    found = []
    for s, shown in zip(top, paragraphs, strict=True):
        if shown is None:
            continue
        c = s.candidate
        path, title, paragraph = shown
        passage = paragraph[c.start - c.para_start : c.end - c.para_start]
        words = idx.words_of(passage)
        terms = tuple((words[p][0], words[p][1]) for p in s.positions if p < len(words))
        found.append(
            Hit(
                article=path,
                title=title,
                section=c.section,
                start=c.start,
                end=c.end,
                text=passage,
                score=s.score,
                terms=terms,
                context_start=c.para_start,
                context_end=c.para_end,
                context=paragraph,
                via=s.via,
                note=c.note,
            )
        )
    return found


def _paragraphs(
    conn: sqlite3.Connection, candidates: list[Candidate]
) -> list[tuple[str, str, str] | None]:
    """(path, title, paragraph) of each candidate, or None if its article has gone. An article
    with many candidates (n / N inside one long article) is read once and sliced here: reading
    each paragraph in SQL would read its whole text once per paragraph."""
    per_article = Counter(c.article_id for c in candidates)
    whole = sorted(a for a, n in per_article.items() if n >= READ_WHOLE)
    texts = dict(
        zip(whole, search_reads.passages(conn, [(a, 0, _ALL) for a in whole]), strict=True)
    )
    few = [c for c in candidates if c.article_id not in texts]
    read = iter(
        search_reads.passages(conn, [(c.article_id, c.para_start, c.para_end) for c in few])
    )
    shown: list[tuple[str, str, str] | None] = []
    for c in candidates:
        if c.article_id not in texts:
            shown.append(next(read))
        elif (article := texts[c.article_id]) is None:
            shown.append(None)
        else:
            path, title, text = article
            shown.append((path, title, text[c.para_start : c.para_end]))
    return shown
