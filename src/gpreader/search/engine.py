"""SearchIndex: corpus search over one database, with what its searches share.

    index = SearchIndex(store)
    index.search("contarct negotiations in:body")       -> [Hit, ...] best first
    index.find_in_article("a.txt", "contract")          -> [Hit, ...] in text order (for n / N)
    index.bind(worker_store).search(...)                -> the same caches, another connection

Searching only reads. Each query word is expanded against the corpus vocabulary (typos, the
last word as a prefix while typing, other forms of the word); FTS5 finds passages holding
every term (any variant): all of them when at most 200 do, else the best 200 by bm25 when
few enough match, with adjacent combinations of variants when many do; if none hold them
all, passages holding all but one, then any. When no passage holds every word as typed (or
as its closest variant), the search runs once more with words doubted: a known 3-letter word
may be a slip (`ant to see`), a mistyped 5- or 6-letter word two edits off (vocab.max_edits).
Candidates are then ranked (rank.py): rarity-weighted exactness first, then closeness, order
and adjacency scaled by the weakest word's exactness. The work is bounded by counts, never by
the clock, so a query on a database always gives the same ranked list. Notes and tag names of
highlights are matched too; such a hit returns the highlight's sentence.

Query words are looked up in the search_vocab table (indexed prefix ranges, lexicon.py)
until `warm` loads the whole vocabulary into memory (the search screen does, in a thread):
the first search after start loads nothing, and both ways give the same ranked list.
A SearchIndex keeps the loaded vocabulary, the title index and the highlights' notes in
memory, each reloaded when the database says it changed (index generations, a fingerprint
of the highlights). They belong to that object alone: two SearchIndex objects never share them,
unless one was made from the other by `bind`, which checks that both stores open one file.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gpreader.models import Coders
from gpreader.search import index as idx
from gpreader.search.candidates import Element, Finder, Notes
from gpreader.search.codes import Passages, article_filter, coded_ranges
from gpreader.search.lexicon import MemoryWords, StoredWords, stored_total
from gpreader.search.memo_search import memo_hits
from gpreader.search.query import AnyOf, Phrase, Query, Word, parse
from gpreader.search.rank import Hit, Scored, hits, rank
from gpreader.search.vocab import Vocabulary, max_edits
from gpreader.store import search_reads

if TYPE_CHECKING:
    from gpreader.store import AnnotationStore

MAX_LIMIT = 1000


@dataclass
class _Titles:
    """Folded words of article titles and paths, and the articles holding each word."""

    generation: int  # the index generation these were read at
    vocab: Vocabulary
    holders: dict[str, list[int]]


@dataclass
class _Caches:
    """What the searches of one database share; loaded under `lock`, then only read."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    vocabulary: tuple[int, Vocabulary] | None = None  # (vocabulary generation, in memory)
    total: tuple[int, int] | None = None  # (vocabulary generation, word occurrences)
    titles: _Titles | None = None
    notes: tuple[tuple[object, ...], Notes] | None = None  # (fingerprint, notes)
    passages: tuple[tuple[object, ...], Passages] | None = None  # (fingerprint, highlights)


class SearchIndex:
    """Search one database. Use it from the thread that opened `store`; for a worker thread,
    `bind` the worker's own store to keep the loaded vocabulary."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        self._conn: sqlite3.Connection = store.conn
        self._caches = _Caches()

    @property
    def path(self) -> Path:
        return Path(self.store.path)

    def bind(self, store: AnnotationStore) -> SearchIndex:
        """A SearchIndex over `store` (another connection to the same database, say a worker
        thread's) that shares this one's loaded vocabulary, titles and notes."""
        if not _same_file(store.path, self.path):
            raise ValueError(f"{store.path} is not {self.path}: a SearchIndex is one database's")
        bound = SearchIndex(store)
        bound._caches = self._caches
        return bound

    # -- searching -------------------------------------------------------------------------

    def warm(self) -> None:
        """Load the whole vocabulary into memory (a search screen does this in a thread as
        it opens): later searches look words up there instead of in SQL. Same results."""
        self._vocabulary(load=True)

    def search(self, query: str | Query, *, limit: int = 50, coder: Coders = None) -> list[Hit]:
        """The passages best matching `query` across the corpus, best first. `coder` (the
        workbench's coder view, one or several): code filters count only their coding.
        With `in:memos`, the memos matching the query's words instead."""
        q = parse(query) if isinstance(query, str) else query
        vocab = None if q.empty else self._vocabulary()
        if vocab is None:
            return []
        limit = max(1, min(int(limit), MAX_LIMIT))
        if q.memos:
            return memo_hits(
                self._conn, q, lambda w: set(vocab.expand(w.text, prefix=w.prefix)), limit
            )
        articles = self._articles(q)
        if articles is not None and not articles:
            return []
        scored = self._ranked(q, vocab, articles, coder)
        if not (scored and scored[0].exact) and _doubtable(q, vocab):
            # No passage holds every word as typed (or as its closest variant): a known short
            # word may be a slip too, a mistyped word further off (vocab.max_edits).
            scored = self._ranked(q, vocab, articles, coder, doubted=True) or scored
        return hits(self._conn, scored, limit)

    def _ranked(
        self,
        q: Query,
        vocab: Vocabulary,
        articles: set[int] | None,
        coder: Coders,
        *,
        doubted: bool = False,
    ) -> list[Scored]:
        """The candidates of `q`, scored, best first; `doubted`: known words may be slips
        too (vocab.max_edits)."""
        finder = Finder(self._conn, q, _elements(q, vocab, doubted), articles, self._notes)
        coded = coded_ranges(self._passages, q, coder)
        if coded.wanted is not None:
            candidates = finder.highlighted(coded.wanted)
        elif finder.elements:
            candidates = finder.indexed()
        else:  # article: or attr: alone lists the matching articles' titles
            candidates = finder.titles()
        candidates.update(finder.noted(candidates))
        candidates = coded.keep(candidates, q.excluded_sections)
        return rank(finder.elements, candidates, _excluded(q))

    def find_in_article(self, path: str, query: str | Query, *, coder: Coders = None) -> list[Hit]:
        """Every match of `query` inside one article, in text order (article: filters
        ignored); `coder` as for `search`."""
        q = parse(query) if isinstance(query, str) else query
        vocab = None if q.empty else self._vocabulary()
        article = search_reads.article_id(self._conn, path)
        if vocab is None or article is None or not (q.text or q.restricted):
            return []
        finder = Finder(self._conn, q, _elements(q, vocab), {article}, self._notes)
        coded = coded_ranges(self._passages, q, coder)
        candidates = (
            finder.highlighted(coded.wanted) if coded.wanted is not None else finder.all_units()
        )
        candidates.update(finder.noted(candidates))
        candidates = coded.keep(candidates, q.excluded_sections)
        found = hits(self._conn, rank(finder.elements, candidates, _excluded(q)), MAX_LIMIT * 10)
        return sorted(found, key=lambda h: (h.start, h.end))

    # -- caches ----------------------------------------------------------------------------

    def _vocabulary(self, *, load: bool = False) -> Vocabulary | None:
        """The corpus vocabulary: in memory if `warm` loaded it for the current vocabulary
        generation (or `load`), else looked up in SQL word by word (nothing to load: the
        first search after start is as quick as any); None for a database without the
        index tables."""
        try:
            gen = idx.generation(self._conn, "vocabulary")
        except sqlite3.OperationalError:
            return None
        cached = self._caches.vocabulary
        if cached is not None and cached[0] == gen:
            return cached[1]
        if not load:
            return Vocabulary(StoredWords(self._conn, self._total(gen)))
        with self._caches.lock:
            cached = self._caches.vocabulary
            if cached is None or cached[0] != gen:
                rows = self._conn.execute(
                    "SELECT word, freq FROM search_vocab ORDER BY word"
                ).fetchall()
                ordered = [w for w, _ in rows]  # SQLite's BINARY order is Python's str order
                words = MemoryWords(dict(rows), ordered=ordered, total=self._total(gen))
                words.prepare()
                cached = self._caches.vocabulary = (gen, Vocabulary(words))
        return cached[1]

    def _total(self, generation: int) -> int:
        """Word occurrences in the index (rarity's scale), read once per generation."""
        cached = self._caches.total
        if cached is None or cached[0] != generation:
            cached = self._caches.total = (generation, stored_total(self._conn))
        return cached[1]

    def _titles(self) -> _Titles:
        """The title index: made on first use (article: filters only), again after the index
        changed."""
        gen = idx.generation(self._conn)
        cached = self._caches.titles
        if cached is not None and cached.generation == gen:
            return cached
        with self._caches.lock:
            cached = self._caches.titles
            if cached is None or cached.generation != gen:
                rows = search_reads.article_titles(self._conn)
                holders: dict[str, list[int]] = {}
                folded = idx.fold_many([f"{title} {path}" for _, title, path in rows])
                for (i, _, _), words in zip(rows, folded, strict=True):
                    for word in set(words):
                        holders.setdefault(word, []).append(i)
                vocab = Vocabulary({w: len(ids) for w, ids in holders.items()})
                cached = self._caches.titles = _Titles(gen, vocab, holders)
        return cached

    def _notes(self) -> Notes:
        """The notes and tag names of live highlights, read again when they change."""
        fingerprint = search_reads.annotations_fingerprint(self._conn)
        cached = self._caches.notes
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        notes = Notes.read(self._conn)
        self._caches.notes = (fingerprint, notes)
        return notes

    def _passages(self) -> Passages:
        """The live highlights (for code filters), read again when they change; bound to
        this object's store."""
        key = (search_reads.annotations_fingerprint(self._conn), idx.generation(self._conn))
        cached = self._caches.passages
        if cached is None or cached[0] != key:
            cached = self._caches.passages = (key, Passages(self.store))
        return cached[1].bound(self.store)

    def _articles(self, q: Query) -> set[int] | None:
        """The articles the query's article: and attr: filters leave (None: all)."""
        found = self._article_ids(q.articles) if q.articles else None
        if q.excluded_articles:
            everything = {i for i, _, _ in search_reads.article_titles(self._conn)}
            found = (found if found is not None else everything) - self._article_ids(
                q.excluded_articles, every=False
            )
        if q.attributes:
            chosen = article_filter(self.store, q.attributes)
            found = chosen if found is None else found & chosen
        return found

    def _article_ids(self, values: tuple[str, ...], *, every: bool = True) -> set[int]:
        """Articles whose title or path has every word of every article: value (typos
        allowed, the last word of a value also as a prefix); `every=False`: of any value."""
        titles = self._titles()
        found: set[int] | None = None
        anyof: set[int] = set()
        for value in values:
            words = idx.fold_words(value)
            mine: set[int] | None = None
            for n, word in enumerate(words):
                variants = titles.vocab.expand(word, prefix=n == len(words) - 1)
                ids = {i for v in variants for i in titles.holders.get(v, ())}
                found = ids if found is None else found & ids
                mine = ids if mine is None else mine & ids
            anyof |= mine or set()
        if not every:
            return anyof
        return found if found is not None else set()


def _elements(q: Query, vocab: Vocabulary, doubted: bool = False) -> list[Element]:
    """The query's text terms in the order typed: words with their variants, phrases, OR
    groups of them; each with its rarity and how often what it may match occurs.
    `doubted`: known words may be slips too (vocab.max_edits)."""
    elements = []
    for node in q.text:
        options = node.options if isinstance(node, AnyOf) else (node,)
        variants: dict[str, float] = {}
        phrases: list[tuple[str, ...]] = []
        words: list[str] = []
        rarities: list[float] = []
        reachable = 0.0
        count = 0
        for option in options:
            if isinstance(option, Phrase):
                phrases.append(option.words)
                words.extend(option.words)
                rarities.append(sum(vocab.rarity(w) for w in option.words))
                count += min(vocab.count(w) for w in option.words)
                reachable = 1.0
                continue
            assert isinstance(option, Word)
            expanded = vocab.expand(option.text, prefix=option.prefix, doubted=doubted)
            for word, weight in expanded.items():
                variants[word] = max(weight, variants.get(word, 0.0))
            words.append(option.text)
            rarities.append(vocab.rarity(_meant(option.text, expanded, vocab)))
            reachable = max(reachable, _reachable(option.text, expanded, vocab))
            count += sum(vocab.count(w) for w in expanded)
        elements.append(
            Element(
                tuple(words),
                variants,
                tuple(phrases),
                prefix=isinstance(node, Word) and node.prefix,
                rarity=min(rarities),
                count=count,
                reachable=reachable or 1.0,
                terms=tuple(o.text for o in options if isinstance(o, Word)),
            )
        )
    return elements


def _doubtable(q: Query, vocab: Vocabulary) -> bool:
    """Whether a word of `q` would get more typo variants if doubted (vocab.max_edits)."""
    return any(
        isinstance(o, Word)
        and max_edits(o.text, o.text in vocab, doubted=True) > max_edits(o.text, o.text in vocab)
        for node in q.text
        for o in (node.options if isinstance(node, AnyOf) else (node,))
    )


def _reachable(term: str, expanded: dict[str, float], vocab: Vocabulary) -> float:
    """The weight of the best match the corpus holds for `term`: EXACT if it is a corpus
    word, else its best variant's (a mistyped word can match no better than that)."""
    if term in vocab:
        return expanded[term]
    return max((w for v, w in expanded.items() if v != term), default=expanded[term])


def _meant(term: str, expanded: dict[str, float], vocab: Vocabulary) -> str:
    """The word a term most likely stands for: itself if known, else its closest, most
    frequent variant (for its rarity)."""
    if term in vocab or len(expanded) == 1:
        return term
    return max(
        (w for w in expanded if w != term),
        key=lambda w: (expanded[w], vocab.count(w), w),
    )


def _excluded(q: Query) -> tuple[tuple[str, ...], ...]:
    return tuple(x.words if isinstance(x, Phrase) else (x.text,) for x in q.excluded)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file."""
    try:
        return Path(a).samefile(b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
