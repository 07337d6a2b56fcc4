"""Candidate passages for a query: from FTS5, from highlights (tag:, has:), notes and tag names.

Every MATCH expression is built from folded words (letters and digits only), each quoted;
every other value is a bound parameter. Nothing the user typed reaches SQL text. SQL here
reads only the index's own tables; articles, highlights and tags are read through
gpreader.store.search_reads.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import product
from math import prod
from typing import Any

from gpreader.search.index import (
    SECTION_CODES,
    SECTION_NAMES,
    UNITS_OF_ARTICLE,
    fold_words,
    units_words,
)
from gpreader.search.query import Phrase, Query
from gpreader.search.vocab import Vocabulary
from gpreader.store import search_reads

CANDIDATES = 200  # rows fetched per FTS5 query
COMBOS = 16  # adjacent variant combinations tried first
FEW_ARTICLES = 300  # an article: filter this narrow is read passage by passage, not by FTS5
RANKED = 4000  # FTS5 ranks (bm25) the rows of a query expected to match at most this many
MAX_NOTED = 50  # highlights whose note or tags matched, at most (best matching first)
_COLS = 'u.id, u.article_id, u.start, u."end", u.section, u.para_start, u.para_end'


@dataclass
class Element:
    """A text term of the query: a word with its variants (word -> weight), a quoted phrase,
    or an OR group of them (variants of its words, and its phrases)."""

    words: tuple[str, ...]  # the words typed, in order (a phrase's, an OR group's)
    variants: dict[str, float]
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: bool = False
    rarity: float = 1.0  # how much it weighs in a passage's score (BM25-like idf)
    reachable: float = 1.0  # the weight of the best match the corpus holds for it
    count: int = 0  # corpus occurrences of what it may match: bounds the work of a query
    terms: tuple[str, ...] = ()  # its single words (matched in notes and tag names too)
    note_variants: dict[str, float] = field(default_factory=dict)

    @property
    def phrase(self) -> bool:
        """Only phrases: it must match exactly (and is kept when others are dropped)."""
        return bool(self.phrases) and not self.variants

    def fts(self) -> str:
        """The FTS5 clause matching any of its variants or phrases."""
        options = [*map(quote, self.variants), *(quote(" ".join(p)) for p in self.phrases)]
        return "(" + " OR ".join(options) + ")"

    def held_by(self, words: str) -> bool:
        """Whether a passage's folded words (space-joined) hold it."""
        padded = f" {words} "
        return any(f" {v} " in padded for v in self.variants) or any(
            f" {' '.join(p)} " in padded for p in self.phrases
        )


@dataclass
class Candidate:
    """A passage that may match. `tokens` are its folded words, then ("", note/tag words)."""

    unit_id: int
    article_id: int
    start: int
    end: int
    section: str
    para_start: int
    para_end: int
    tokens: list[str]
    length: int  # how many of `tokens` are the passage's own words
    note: str = ""
    tag_positions: frozenset[int] = frozenset()  # the tokens that are words of tag names

    @property
    def extra(self) -> bool:
        return len(self.tokens) > self.length


def _candidate(row: tuple[Any, ...]) -> Candidate:
    """A candidate from a row of `_COLS`."""
    unit_id, article_id, start, end, section, para_start, para_end, words = row[:8]
    tokens = words.split()
    name = SECTION_NAMES[section]
    return Candidate(
        unit_id, article_id, start, end, name, para_start, para_end, tokens, len(tokens)
    )


def quote(text: str) -> str:
    """An FTS5 string: double quotes doubled (folded words never hold any, but still)."""
    return '"' + text.replace('"', '""') + '"'


class Finder:
    """Runs the candidate queries of one search (filters applied in SQL)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        q: Query,
        elements: list[Element],
        articles: set[int] | None,
        notes: Callable[[], Notes],
    ):
        """`articles`: only these (None: all); `notes`: the highlights' notes and tags (asked
        for only when the query has words)."""
        self.conn, self.q, self.elements, self.articles = conn, q, elements, articles
        self.notes = notes
        self.excluded = [
            quote(" ".join(x.words) if isinstance(x, Phrase) else x.text) for x in q.excluded
        ]
        # Articles whose file has gone: a short list (usually empty), passed as a parameter.
        self.where = "u.article_id NOT IN (SELECT value FROM json_each(?))"
        self.params: list[Any] = [_json_ids(search_reads.missing_article_ids(conn))]
        if q.sections:
            self.where += f" AND u.section IN ({','.join('?' * len(q.sections))})"
            self.params += [SECTION_CODES.get(s, -1) for s in q.sections]
        if articles is not None and len(articles) > FEW_ARTICLES:
            self.where += " AND u.article_id IN (SELECT value FROM json_each(?))"
            self.params.append(_json_ids(articles))

    def _units(self, sql: str, params: list[Any]) -> dict[int, Candidate]:
        rows = self._with_words(self.conn.execute(sql, params).fetchall())
        return {r[0]: _candidate(r) for r in rows}

    def _with_words(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows of `_COLS` with each passage's folded words appended (index.units_words)."""
        words = units_words(self.conn, [(r[0], r[1], r[2], r[3]) for r in rows])
        return [(*r, words.get(r[0], "")) for r in rows]

    # -- FTS5 ---------------------------------------------------------------------------------

    def indexed(self) -> dict[int, Candidate]:
        """Passages holding every term, the likeliest first (bm25, when few enough rows match
        to rank them all); if many, adjacent combinations of variants too; if none, all terms
        but one (phrases are kept: a word that matches nothing beside a phrase gives way to
        it), then any. The work is bounded by counts, never by the clock: same query, same
        database, same candidates."""
        musts = [e for e in self.elements if e.phrase]
        words = [e for e in self.elements if not e.phrase and e.variants]
        if not musts and not words:
            return {}
        if self.articles is not None and len(self.articles) <= FEW_ARTICLES:
            return self._scan()
        found = self._match(musts + words)
        if len(found) >= CANDIDATES and len(words) >= 2:
            found.update(self._match([*musts], extra=_adjacent(words)))
        elif not found and len(words) + len(musts) >= 2:
            for i in range(len(words)):
                if musts or len(words) > 1:
                    found.update(self._match(musts + words[:i] + words[i + 1 :]))
            if not found and len(words) >= 3:
                for e in words:
                    found.update(self._match([*musts, e]))
        return found

    def _match(self, elements: list[Element], extra: str = "") -> dict[int, Candidate]:
        """Up to CANDIDATES passages matching every element (and `extra`, an FTS5 clause):
        the best by bm25 when more match and at most RANKED rows are expected to, else the
        first rows. Ranking by bm25 counts the rows holding each variant (a pass over every
        variant's rows, the costliest part of most searches), so the rows are first asked
        for unranked: when no more than CANDIDATES match, they are all of them, the same
        passages the ranked query would give (their order does not matter: rank.py sorts)."""
        clauses = [e.fts() for e in elements] + ([extra] if extra else [])
        if not clauses:
            return {}
        expected = min((e.count for e in elements), default=0)
        match = " AND ".join(clauses)
        if self.excluded:
            match = f"({match}) NOT ({' OR '.join(self.excluded)})"
        sql = f"""SELECT {_COLS} FROM search_fts
                  JOIN search_units u ON u.id = search_fts.rowid
                  WHERE search_fts MATCH ? AND {self.where} {{order}} LIMIT ?"""
        if expected > RANKED:
            return self._units(sql.format(order=""), [match, *self.params, CANDIDATES])
        rows = self.conn.execute(
            sql.format(order=""), [match, *self.params, CANDIDATES + 1]
        ).fetchall()
        if len(rows) > CANDIDATES:
            rows = self.conn.execute(
                sql.format(order="ORDER BY search_fts.rank"), [match, *self.params, CANDIDATES]
            ).fetchall()
        return {r[0]: _candidate(r) for r in self._with_words(rows)}

    def _scan(self) -> dict[int, Candidate]:
        """The passages of a few articles holding every word and phrase, read without FTS5
        (a rowid-bounded FTS5 query per article costs more); if none, those holding some."""
        full: list[tuple[Any, ...]] = []
        some: list[tuple[Any, ...]] = []
        musts = [e for e in self.elements if e.phrase]
        others = [e for e in self.elements if not e.phrase]
        for row in self._unit_rows():
            words = row[7]
            if not all(e.held_by(words) for e in musts):
                continue
            held = sum(e.held_by(words) for e in others)
            (full if held == len(others) else some if held else []).append(row)
        return {r[0]: _candidate(r) for r in full or some}

    # -- without FTS5 -----------------------------------------------------------------------

    def all_units(self) -> dict[int, Candidate]:
        """Every passage of the filtered articles (for searching inside one article)."""
        return {r[0]: _candidate(r) for r in self._unit_rows()}

    def _unit_rows(self) -> list[tuple[Any, ...]]:
        rows = self.conn.execute(
            f"""SELECT {_COLS} FROM search_articles s CROSS JOIN {UNITS_OF_ARTICLE}
                WHERE s.article_id IN (SELECT value FROM json_each(?)) AND {self.where}""",
            [_json_ids(self.articles or set()), *self.params],
        ).fetchall()
        return self._with_words(rows)

    def titles(self) -> dict[int, Candidate]:
        """The title passages of the filtered articles."""
        ids = sorted(self.articles or set())[:1000]
        return self._units(
            f"""SELECT {_COLS} FROM search_articles s CROSS JOIN {UNITS_OF_ARTICLE}
                WHERE u.section = {SECTION_CODES["title"]}
                AND s.article_id IN (SELECT value FROM json_each(?)) AND {self.where}""",
            [_json_ids(ids), *self.params],
        )

    def highlighted(self, coded: list[tuple[int, int, int]] | None = None) -> dict[int, Candidate]:
        """Passages overlapping a live highlight that passes the tag: and has: filters, or
        one of `coded` ((article id, start, end) chosen by all code filters: search/codes.py)."""
        if coded is not None:
            ranges = [r for r in coded if self.articles is None or r[0] in self.articles]
        else:
            tag_sets = []
            for value in self.q.tags:
                ids = self._tag_ids(value)
                if not ids:
                    return {}
                tag_sets.append(ids)
            ranges = search_reads.highlight_ranges(
                self.conn,
                tag_sets=tag_sets,
                with_note="note" in self.q.has,
                article_ids=self.articles,
            )
        if not ranges:
            return {}
        # Materialized: unpacking the JSON once per range, not once per unit compared, keeps
        # this as fast as the join on the highlights table it replaces.
        return self._units(
            f"""WITH h (article_id, start, "end") AS MATERIALIZED (
                    SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
                SELECT DISTINCT {_COLS} FROM h
                CROSS JOIN search_articles s ON s.article_id = h.article_id
                CROSS JOIN {UNITS_OF_ARTICLE} AND u.start < h."end" AND u."end" > h.start
                WHERE {self.where}""",
            [json.dumps(ranges), *self.params],
        )

    def _tag_ids(self, value: str) -> set[int]:
        """Tags whose path ends with `value` (by whole segments), and their children."""
        wanted = "/" + "/".join(p.strip().casefold() for p in value.split("/") if p.strip()) + "/"
        if wanted == "//":
            return set()
        return {
            i
            for i, path in search_reads.tag_paths(self.conn)
            if wanted in "/" + path.casefold() + "/"
        }

    # -- notes and tag names ----------------------------------------------------------------

    def noted(self, existing: dict[int, Candidate]) -> dict[int, Candidate]:
        """Passages of highlights whose note or tag names match a query word or phrase."""
        if not self.elements:
            return {}
        notes = self.notes()
        if not notes.entries:
            return {}
        for e in self.elements:
            e.note_variants = {}
            for n, term in enumerate(e.terms):
                last = e.prefix and n == len(e.terms) - 1
                for word, weight in notes.vocab.expand(term, prefix=last).items():
                    e.note_variants[word] = max(weight, e.note_variants.get(word, 0.0))
        found: dict[int, Candidate] = {}
        for i in notes.matching(self.elements)[:MAX_NOTED]:
            article_id, start, end, note, words, note_words = notes.entries[i]
            if self.articles is not None and article_id not in self.articles:
                continue
            unit = self._first_unit(article_id, start, end)
            if unit is None or (self.q.restricted and unit.unit_id not in existing):
                continue
            base = found.get(unit.unit_id, unit)
            extra = base.tokens[base.length :] or [""]
            at = base.length + len(extra) + note_words  # where this highlight's tag words start
            found[unit.unit_id] = replace(
                base,
                tokens=base.tokens[: base.length] + extra + words,
                note=base.note or note,
                tag_positions=base.tag_positions | set(range(at, at + len(words) - note_words)),
            )
        return found

    def _first_unit(self, article_id: int, start: int, end: int) -> Candidate | None:
        row = self.conn.execute(
            f"""SELECT {_COLS} FROM search_articles s CROSS JOIN {UNITS_OF_ARTICLE}
                WHERE s.article_id = ? AND u.start < ? AND u."end" > ? AND {self.where}
                ORDER BY u.start LIMIT 1""",
            [article_id, max(end, start + 1), start, *self.params],
        ).fetchone()
        return _candidate(self._with_words([row])[0]) if row else None


@dataclass
class Notes:
    """Live highlights with a note or tags: their folded words, a vocabulary, an index."""

    # article_id, start, end, note, words (the note's, then the tag names'), how many note words
    entries: list[tuple[int, int, int, str, list[str], int]]
    vocab: Vocabulary
    index: dict[str, set[int]]

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> Notes:
        """The notes and tag names of the live highlights of a database."""
        entries = []
        for a, s, e, note, tags in search_reads.noted_highlights(conn):
            note_words = fold_words(note)
            entries.append((a, s, e, note, note_words + fold_words(tags), len(note_words)))
        index: dict[str, set[int]] = {}
        for i, entry in enumerate(entries):
            for word in entry[4]:
                index.setdefault(word, set()).add(i)
        return cls(entries, Vocabulary(dict(Counter(w for e in entries for w in e[4]))), index)

    def matching(self, elements: list[Element]) -> list[int]:
        """Entries matching some element, those matching most elements first."""
        found: Counter[int] = Counter()
        for e in elements:
            hits: set[int] = set()
            for word in e.note_variants:
                hits |= self.index.get(word, set())
            for phrase in e.phrases:
                n = len(phrase)
                for i in self.index.get(phrase[0], ()):
                    words = self.entries[i][4]
                    if any(tuple(words[j : j + n]) == phrase for j in range(len(words))):
                        hits.add(i)
            found.update(hits)
        return [i for i, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))]


def _adjacent(words: list[Element]) -> str:
    """The likeliest combinations of variants as adjacent phrases, OR-ed."""
    keep = max(1, min(4, int(COMBOS ** (1 / len(words)) + 0.01) + 1))
    ranked = [sorted(e.variants.items(), key=lambda kv: -kv[1])[:keep] for e in words]
    combos = sorted(product(*ranked), key=lambda combo: -prod(w for _, w in combo))[:COMBOS]
    return "(" + " OR ".join(quote(" ".join(v for v, _ in combo)) for combo in combos) + ")"


def _json_ids(ids: set[int] | list[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in sorted(ids)) + "]"
