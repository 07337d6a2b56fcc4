"""Candidate passages for a query: from FTS5, from highlights (tag:, has:), notes and tag names.

Every MATCH expression is built from folded words (letters and digits only), each quoted;
every other value is a bound parameter. Nothing the user typed reaches SQL text. SQL here
reads only the index's own tables; articles, highlights and tags are read through
gpreader.store.search_reads.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import product
from math import prod
from typing import Any

from gpreader.search.index import fold_words
from gpreader.search.query import Query
from gpreader.search.vocab import Vocabulary
from gpreader.store import search_reads

CANDIDATES = 200  # rows fetched per FTS5 query
COMBOS = 16  # adjacent variant combinations tried first
FEW_ARTICLES = 300  # an article: filter this narrow is read passage by passage, not by FTS5
SLICE = 20_000  # rowids per slice of a chunked scan
BUDGET = 0.030  # seconds for the candidate queries of one search, past which none start
MAX_NOTED = 50  # highlights whose note or tags matched, at most (best matching first)
_COLS = 'u.id, u.article_id, u.start, u."end", u.section, u.para_start, u.para_end, u.words'


@dataclass
class Element:
    """A query word with its variants (word -> weight), or a quoted phrase."""

    words: tuple[str, ...]
    variants: dict[str, float]
    phrase: bool = False
    prefix: bool = False
    note_variants: dict[str, float] = field(default_factory=dict)


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
    return Candidate(
        unit_id, article_id, start, end, section, para_start, para_end, tokens, len(tokens)
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
        self.deadline = time.perf_counter() + BUDGET
        # Articles whose file has gone: a short list (usually empty), passed as a parameter.
        self.where = "u.article_id NOT IN (SELECT value FROM json_each(?))"
        self.params: list[Any] = [_json_ids(search_reads.missing_article_ids(conn))]
        if q.sections:
            self.where += f" AND u.section IN ({','.join('?' * len(q.sections))})"
            self.params += q.sections
        if articles is not None and len(articles) > FEW_ARTICLES:
            self.where += " AND u.article_id IN (SELECT value FROM json_each(?))"
            self.params.append(_json_ids(articles))

    def _units(self, sql: str, params: list[Any]) -> dict[int, Candidate]:
        rows = self.conn.execute(sql, params).fetchall()
        return {r[0]: _candidate(r) for r in rows}

    # -- FTS5 ---------------------------------------------------------------------------------

    def indexed(self) -> dict[int, Candidate]:
        """Passages holding every word; if there are many, adjacent combinations too (the best
        ones may be past the first rows); if there are none, all words but one, then any."""
        musts = [quote(" ".join(e.words)) for e in self.elements if e.phrase]
        words = [e for e in self.elements if not e.phrase and e.variants]
        clauses = ["(" + " OR ".join(map(quote, e.variants)) + ")" for e in words]
        if not musts and not clauses:
            return {}
        if self.articles is not None and len(self.articles) <= FEW_ARTICLES:
            return self._scan()
        found = self._match(musts + clauses)
        if len(found) >= CANDIDATES and len(words) >= 2:
            found.update(self._match([*musts, _adjacent(words)], chunked=True))
        elif not found and len(clauses) >= 2:
            for i in range(len(clauses)):
                found.update(self._match(musts + clauses[:i] + clauses[i + 1 :]))
            if not found and len(clauses) >= 3:
                for clause in clauses:
                    found.update(self._match([*musts, clause]))
        return found

    def _match(self, clauses: list[str], *, chunked: bool = False) -> dict[int, Candidate]:
        """Up to CANDIDATES passages matching every clause. Past the time budget, nothing
        more is looked for; `chunked` scans the index in rowid slices to keep to it."""
        if time.perf_counter() > self.deadline:
            return {}
        sql = f"""SELECT {_COLS} FROM search_fts
                  JOIN search_units u ON u.id = search_fts.rowid
                  WHERE search_fts MATCH ? AND {self.where}"""
        match = " AND ".join(clauses)
        if not chunked:
            return self._units(sql + " LIMIT ?", [match, *self.params, CANDIDATES])
        found: dict[int, Candidate] = {}
        for first, last in self._slices():
            found.update(
                self._units(
                    sql + " AND search_fts.rowid BETWEEN ? AND ? LIMIT ?",
                    [match, *self.params, first, last, CANDIDATES - len(found)],
                )
            )
            if len(found) >= CANDIDATES or time.perf_counter() > self.deadline:
                break
        return found

    def _scan(self) -> dict[int, Candidate]:
        """The passages of a few articles holding every word and phrase, read without FTS5
        (a rowid-bounded FTS5 query per article costs more); if none, those holding some."""
        wanted = [set(e.variants) for e in self.elements if not e.phrase]
        phrases = [" " + " ".join(e.words) + " " for e in self.elements if e.phrase]
        full: list[tuple[Any, ...]] = []
        some: list[tuple[Any, ...]] = []
        for row in self._unit_rows():
            words = row[7]
            if phrases and not all(p in f" {words} " for p in phrases):
                continue
            tokens = set(words.split())
            held = sum(not tokens.isdisjoint(w) for w in wanted)
            (full if held == len(wanted) else some if held else []).append(row)
        return {r[0]: _candidate(r) for r in full or some}

    def _slices(self) -> list[tuple[int, int]]:
        top = self.conn.execute("SELECT max(id) FROM search_units").fetchone()[0] or 0
        return [(lo, lo + SLICE - 1) for lo in range(0, top + 1, SLICE)]

    # -- without FTS5 -----------------------------------------------------------------------

    def all_units(self) -> dict[int, Candidate]:
        """Every passage of the filtered articles (for searching inside one article)."""
        return {r[0]: _candidate(r) for r in self._unit_rows()}

    def _unit_rows(self) -> list[tuple[Any, ...]]:
        return self.conn.execute(
            f"""SELECT {_COLS} FROM search_units u
                WHERE u.article_id IN (SELECT value FROM json_each(?)) AND {self.where}""",
            [_json_ids(self.articles or set()), *self.params],
        ).fetchall()

    def titles(self) -> dict[int, Candidate]:
        """The title passages of the filtered articles."""
        ids = sorted(self.articles or set())[:1000]
        return self._units(
            f"""SELECT {_COLS} FROM search_units u
                WHERE u.section = 'title' AND u.article_id IN (SELECT value FROM json_each(?))
                AND {self.where}""",
            [_json_ids(ids), *self.params],
        )

    def highlighted(self) -> dict[int, Candidate]:
        """Passages overlapping a live highlight that passes the tag: and has: filters."""
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
                CROSS JOIN search_units u ON u.article_id = h.article_id
                     AND u.start < h."end" AND u."end" > h.start
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
            if not e.phrase:
                e.note_variants = notes.vocab.expand(e.words[0], prefix=e.prefix)
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
            f"""SELECT {_COLS} FROM search_units u
                WHERE u.article_id = ? AND u.start < ? AND u."end" > ? AND {self.where}
                ORDER BY u.start LIMIT 1""",
            [article_id, max(end, start + 1), start, *self.params],
        ).fetchone()
        return _candidate(row) if row else None


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
            if not e.phrase:
                for word in e.note_variants:
                    hits |= self.index.get(word, set())
            else:
                n = len(e.words)
                for i in self.index.get(e.words[0], ()):
                    words = self.entries[i][4]
                    if any(tuple(words[j : j + n]) == e.words for j in range(len(words))):
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
