"""Corpus search: candidates from the FTS5 index, ranked with rapidfuzz and proximity bonuses.

    search(store, "contarct negotiations in:body")  -> [Hit, ...] best first
    find_in_article(store, "a.txt", "contract")     -> [Hit, ...] in text order (for n / N)

`store` may be an AnnotationStore, a sqlite_utils Database or a sqlite3 connection. Searching
only reads. Each query word is expanded against the corpus vocabulary (typos, and the last
word as a prefix while typing); FTS5 finds passages holding every word (any variant),
adjacent combinations first; if none hold them all, passages holding all but one, then any.
Candidates are then scored: how well each word matched, rapidfuzz similarity of the query
to the closest window of matched words, words in query order, words adjacent. Notes and tag
names of highlights are matched too; such a hit returns the highlight's sentence.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz

from gpreader.search import index as idx
from gpreader.search.candidates import Candidate, Element, Finder
from gpreader.search.query import Query, parse
from gpreader.search.vocab import Vocabulary

__all__ = ["Hit", "Query", "find_in_article", "parse", "search", "warm"]

MAX_LIMIT = 1000
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
    via: str = "text"  # "text", or "note" when a highlight's note or tag name matched
    note: str = ""  # that highlight's note

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


@dataclass
class _State:
    """What searches of one database share: its vocabulary, and its title index."""

    vocabulary: int  # the vocabulary generation these were loaded at
    vocab: Vocabulary
    _titles: tuple[int, Vocabulary, dict[str, list[int]]] | None = None

    def titles(self, conn: sqlite3.Connection) -> tuple[Vocabulary, dict[str, list[int]]]:
        """Folded words of article titles and paths, and the articles holding each: made on
        first use (article: filters only), again after the index changed."""
        gen = idx.generation(conn)
        if self._titles is None or self._titles[0] != gen:
            rows = conn.execute("SELECT id, title || ' ' || path FROM articles").fetchall()
            articles: dict[str, list[int]] = {}
            for (i, _), words in zip(rows, idx.fold_many([r[1] for r in rows]), strict=True):
                for word in set(words):
                    articles.setdefault(word, []).append(i)
            words = Vocabulary({w: len(ids) for w, ids in articles.items()})
            self._titles = gen, words, articles
        return self._titles[1:]


_CACHE: dict[str, _State] = {}
_LOCK = threading.Lock()


def _connection(source: Any) -> sqlite3.Connection:
    """A sqlite3 connection from a connection, a sqlite_utils Database or an AnnotationStore."""
    if isinstance(source, sqlite3.Connection):
        return source
    db = getattr(source, "db", source)
    return getattr(db, "conn", db)


def _state(conn: sqlite3.Connection) -> _State | None:
    """The vocabulary, loaded once per vocabulary generation and shared by threads."""
    try:
        gen = idx.generation(conn, "vocabulary")
    except sqlite3.OperationalError:  # a database without the index tables
        return None
    name = conn.execute("PRAGMA database_list").fetchone()[2] or f":memory:{id(conn)}"
    cached = _CACHE.get(name)
    if cached is not None and cached.vocabulary == gen:
        return cached
    with _LOCK:
        cached = _CACHE.get(name)
        if cached is None or cached.vocabulary != gen:
            rows = conn.execute("SELECT word, freq FROM search_vocab ORDER BY word").fetchall()
            ordered = [w for w, _ in rows]  # SQLite's BINARY order is Python's str order
            cached = _CACHE[name] = _State(gen, Vocabulary(dict(rows), ordered=ordered))
    return cached


def warm(source: Any) -> None:
    """Load the vocabulary now (a search screen calls this in a thread as it opens)."""
    state = _state(_connection(source))
    if state is not None:
        state.vocab.backwards  # noqa: B018 - built on first use; build it now


def search(source: Any, query: str | Query, *, limit: int = 50) -> list[Hit]:
    """The passages best matching `query` across the corpus, best first."""
    q = parse(query) if isinstance(query, str) else query
    conn = _connection(source)
    state = None if q.empty else _state(conn)
    if state is None:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    articles = _article_ids(conn, state, q.articles) if q.articles else None
    if articles is not None and not articles:
        return []
    finder = Finder(conn, q, _elements(q, state.vocab), articles)
    if q.restricted:
        candidates = finder.highlighted()
    elif finder.elements:
        candidates = finder.indexed()
    else:  # article: alone lists the matching articles' titles
        candidates = finder.titles()
    candidates.update(finder.noted(candidates))
    return _hits(conn, _rank(finder, candidates), limit)


def find_in_article(source: Any, path: str, query: str | Query) -> list[Hit]:
    """Every match of `query` inside one article, in text order (article: filters ignored)."""
    q = parse(query) if isinstance(query, str) else query
    conn = _connection(source)
    state = None if q.empty else _state(conn)
    row = conn.execute("SELECT id FROM articles WHERE path = ?", [path]).fetchone()
    if state is None or row is None or not (q.terms or q.phrases or q.restricted):
        return []
    finder = Finder(conn, q, _elements(q, state.vocab), {row[0]})
    candidates = finder.highlighted() if q.restricted else finder.all_units()
    candidates.update(finder.noted(candidates))
    hits = _hits(conn, _rank(finder, candidates), MAX_LIMIT * 10)
    return sorted(hits, key=lambda h: (h.start, h.end))


def _elements(q: Query, vocab: Vocabulary) -> list[Element]:
    """The query's words (with their variants) and phrases, in query order."""
    last = len(q.terms) - 1
    words = []
    for i, term in enumerate(q.terms):
        prefix = q.prefix and i == last
        words.append(Element((term,), vocab.expand(term, prefix=prefix), prefix=prefix))
    return words + [Element(p, {}, phrase=True) for p in q.phrases]


def _article_ids(conn: sqlite3.Connection, state: _State, values: tuple[str, ...]) -> set[int]:
    """Articles whose title or path has every word of every article: value (typos allowed,
    the last word of a value also as a prefix)."""
    titles, holders = state.titles(conn)
    found: set[int] | None = None
    for value in values:
        words = idx.fold_words(value)
        for n, word in enumerate(words):
            variants = titles.expand(word, prefix=n == len(words) - 1)
            ids = {i for v in variants for i in holders.get(v, ())}
            found = ids if found is None else found & ids
    return found if found is not None else set()


# -- ranking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scored:
    score: float
    full: bool  # every word and phrase matched
    positions: tuple[int, ...]  # matched word positions in the passage
    candidate: Candidate
    via_note: bool = False  # some word matched only in a highlight's note or tags


def _rank(finder: Finder, candidates: dict[int, Candidate]) -> list[_Scored]:
    """Score candidates; when some match every word, drop those that match only some."""
    elements = finder.elements
    if not elements:
        scored = [_Scored(100.0, True, (), c) for c in candidates.values()]
    else:
        query = " ".join(w for e in elements for w in e.words)
        scored = [s for c in candidates.values() if (s := _score(c, elements, query))]
        if any(s.full for s in scored):
            scored = [s for s in scored if s.full]
    scored.sort(key=lambda s: (-s.score, s.candidate.article_id, s.candidate.start))
    return scored


def _score(c: Candidate, elements: list[Element], query: str) -> _Scored | None:
    tokens = c.tokens
    matched: list[list[tuple[int, int, float]]] = []
    for e in elements:
        found = _occurrences(tokens, e, c)
        if found:
            matched.append(found)
        elif e.phrase:
            return None  # a quoted phrase must match as a phrase
    if not matched:
        return None
    coverage = sum(max(w for _, _, w in o) for o in matched) / len(elements)
    if len(matched) == 1:
        lo, hi, _ = max(matched[0], key=lambda o: o[2])
        in_order = True
    else:
        lo, hi, in_order = _window(matched)
    closeness = fuzz.ratio(query, " ".join(tokens[lo : hi + 1])) / 100
    adjacent = in_order and hi - lo + 1 == sum(o[0][1] - o[0][0] + 1 for o in matched)
    density = min(1.0, 12 / max(1, c.length))
    score = 100 * (
        0.55 * coverage + 0.2 * closeness + 0.1 * in_order + 0.1 * adjacent + 0.05 * density
    )
    n = c.length
    inside = sorted({p for o in matched for s, e, _ in o for p in range(s, min(e + 1, n))})
    via_note = any(o[0][0] >= n for o in matched)
    return _Scored(round(score, 1), len(matched) == len(elements), tuple(inside), c, via_note)


def _occurrences(tokens: list[str], e: Element, c: Candidate) -> list[tuple[int, int, float]]:
    """(first, last, weight) token positions where the element occurs, in order."""
    if e.phrase:
        n, first = len(e.words), e.words[0]
        return [
            (i, i + n - 1, 1.0)
            for i, t in enumerate(tokens)
            if t == first and tuple(tokens[i : i + n]) == e.words
        ]
    get = (e.variants if not c.extra else {**e.note_variants, **e.variants}).get
    return [(i, i, w) for i, t in enumerate(tokens) if (w := get(t)) is not None]


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


def _hits(conn: sqlite3.Connection, scored: list[_Scored], limit: int) -> list[Hit]:
    """Hits for the best `limit` scored passages, with text, context and matched-word offsets."""
    top = scored[:limit]
    rows = conn.execute(
        """SELECT u.id, a.path, a.title, substr(a.text, u.para_start + 1, u.para_end - u.para_start)
           FROM json_each(?) j JOIN search_units u ON u.id = j.value
           JOIN articles a ON a.id = u.article_id""",
        [json.dumps([s.candidate.unit_id for s in top])],
    )
    paragraphs = {unit: (path, title, para) for unit, path, title, para in rows}
    hits = []
    for s in top:
        c = s.candidate
        if c.unit_id not in paragraphs:
            continue
        path, title, paragraph = paragraphs[c.unit_id]
        passage = paragraph[c.start - c.para_start : c.end - c.para_start]
        words = idx.words_of(passage)
        terms = tuple((words[p][0], words[p][1]) for p in s.positions if p < len(words))
        hits.append(
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
                via="note" if s.via_note else "text",
                note=c.note,
            )
        )
    return hits
