"""Retrieval by code: which passages (live highlights) a query selects.

    passages = Passages(store)
    passages.select("tag:policy overlaps tag:tone coder:ann attr:date>=2024-01")  -> [Passage]
    passages.ids(parse("tag:A | tag:B"))   -> {highlight id, ...}

A passage is a live highlight (deleted and orphaned ones are left out, as analysis/ counts).
Every term of the query grammar (search/query.py) is evaluated here, per highlight, and the
terms are joined by AND:

    word, "a phrase"     in the highlight's text or note (folded; the last word typed: prefix)
    tag:A                a tag of the highlight is A or under A; `tag:A tag:B`: both on it
    coder:NAME           NAME made the highlight or applied one of its tags; and then tag:
                         filters count only the tags NAME applied (as analysis does)
    attr:KEY OP VALUE    the highlight's article meets the condition (store/attributes.py)
    article:TEXT         the article's title or path holds every word of TEXT
    in:body|comments|title  the section the highlight starts in
    has:note             the highlight has a note (has:highlight: every highlight)
    A | B, -A            union; complement within the passages
    A overlaps B         highlights of A overlapping one of B (one highlight carrying both
                         tags overlaps itself)
    A near:N B           highlights of A within N sentences of one of B (near:0: a shared
                         sentence; a highlight in no sentence, a title, is near nothing)
    A in:paragraph B     highlights of A sharing a paragraph with one of B
    in:memos             selects no highlight: memos are searched by corpus search

The database is read once per `Passages` (store/retrieval_reads.py); the spans of an article
are read when a relation or a section filter first needs them. How corpus search applies a
query's code and attr: filters to its own passages is in search/code_filters.py (re-exported
here: `article_filter`, `coded_ranges`).
"""

from __future__ import annotations

import copy
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from gpreader.models import Coders, coder_set
from gpreader.search.code_filters import article_filter, attribute_articles, coded_ranges
from gpreader.search.index import fold_words
from gpreader.search.query import (
    HAS,
    SECTIONS,
    AnyOf,
    Filter,
    Node,
    Not,
    Phrase,
    Query,
    Related,
    Word,
    parse,
)
from gpreader.store import retrieval_reads as reads

if TYPE_CHECKING:
    from gpreader.store import AnnotationStore

__all__ = ["Passage", "Passages", "article_filter", "attribute_articles", "coded_ranges"]

_BLOCKS = ("title", "paragraph", "heading", "furniture", "comment_header")


class Passage(NamedTuple):
    """A live highlight, as retrieval by code lists it (a tuple: 100,000 are made at once)."""

    id: str
    article: str  # article path
    title: str
    start: int
    end: int
    text: str  # text[start:end] of the article
    note: str
    coder: str  # who made the highlight
    tags: tuple[str, ...]  # tag paths, sorted
    tag_coders: tuple[str, ...]  # who applied each of `tags`
    article_id: int = 0


class _Ranges:
    """Sorted, disjoint ranges (sentences or paragraphs), found by bisecting."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = _disjoint(ranges)
        self.starts = [s for s, _ in self.ranges]
        self.ends = [e for _, e in self.ranges]

    def touched(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last range that [start, end) touches, or None."""
        lo = bisect_right(self.ends, start)
        hi = bisect_left(self.starts, max(end, start + 1))
        return (lo, hi - 1) if lo < hi else None


@dataclass
class _Layout:
    """One article's sentences, paragraphs and section blocks."""

    sentences: _Ranges
    paragraphs: _Ranges
    blocks: list[tuple[int, int, str]]

    def section(self, offset: int) -> str:
        return next((sec for s, e, sec in self.blocks if s <= offset < e), "body")


Row = tuple[str, int, int, int, str, str, str]  # id, article id, start, end, coder, note, text


class Passages:
    """The live highlights of one database, and the evaluation of queries over them. The
    highlights are kept as the rows read; a `Passage` is made for each one selected."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        conn = store.conn
        self.names = {i: (path, title) for i, path, title in reads.article_names(conn)}
        self.tag_paths = dict(reads.tag_paths(conn))
        names = self.names
        self.rows: dict[str, Row] = {r[0]: r for r in reads.live_highlights(conn) if r[1] in names}
        self.applications = reads.tag_applications(conn)
        self.every = frozenset(self.rows)
        self._layouts: dict[int, _Layout] = {}
        self._coders: frozenset[str] = frozenset()  # tag: counts only these coders' tags

    @cached_property
    def tagged(self) -> dict[int, list[tuple[str, str]]]:
        """Tag id -> (highlight id, who applied the tag) of each application."""
        found: dict[int, list[tuple[str, str]]] = {}
        for hid, tag_id, coder in self.applications:
            found.setdefault(tag_id, []).append((hid, coder))
        return found

    @cached_property
    def titles(self) -> dict[int, set[str]]:
        """The folded words of each article's title and path (for article: filters)."""
        return {i: set(fold_words(f"{t} {p}")) for i, (p, t) in self.names.items()}

    # -- entry points ---------------------------------------------------------------------------

    @property
    def all(self) -> list[Passage]:
        """Every passage, in reading order."""
        return self.select(Query())

    def select(self, query: str | Query, coder: Coders = None) -> list[Passage]:
        """The passages `query` selects, in reading order; `coder` (one or several): as if
        `coder:A | coder:B` were typed too (the workbench's coder view)."""
        chosen = self.ids(query, coder)
        applied: dict[str, list[tuple[str, str]]] = {h: [] for h in chosen}
        for hid, tag_id, who in self.applications:
            if hid in applied:
                applied[hid].append((self.tag_paths[tag_id], who))
        found = []
        for hid in chosen:
            _, article_id, start, end, coder_, note, text = self.rows[hid]
            path, title = self.names[article_id]
            tags = sorted(applied[hid])
            found.append(
                Passage(
                    hid,
                    path,
                    title,
                    start,
                    end,
                    text,
                    note,
                    coder_,
                    tuple(t for t, _ in tags),
                    tuple(c or coder_ for _, c in tags),
                    article_id,
                )
            )
        found.sort(key=lambda p: (p.article, p.start, p.end, p.id))
        return found

    def ids(self, query: str | Query, coder: Coders = None) -> set[str]:
        """The ids of the passages `query` selects (every passage for an empty query)."""
        q = parse(query) if isinstance(query, str) else query
        nodes = list(q.nodes)
        coders = [c.casefold() for c in q.coders]
        names = coder_set(coder)
        if names is not None:
            if not names:
                return set()
            nodes.append(AnyOf(tuple(Filter("coder", name) for name in sorted(names))))
            coders.extend(name.casefold() for name in names)
        self._coders = frozenset(coders)
        nodes.sort(key=lambda n: isinstance(n, Word | Phrase))  # words last: over fewer
        chosen = set(self.every)
        for node in nodes:
            if not chosen:
                break
            chosen &= self._eval(node, chosen)
        return chosen

    def bound(self, store: AnnotationStore) -> Passages:
        """These passages, evaluating over `store` (another connection to the same database,
        a worker thread's): what was read is shared, not read again."""
        if store is self.store:
            return self
        self.tagged  # noqa: B018 - made once here, not once per copy
        other = copy.copy(self)
        other.store = store
        return other

    def ranges(self, query: str | Query, coder: Coders = None) -> list[tuple[int, int, int]]:
        """(article id, start, end) of the selected passages (what corpus search restricts
        its passages to)."""
        rows = self.rows
        return [rows[h][1:4] for h in self.ids(query, coder)]

    def context(self, passage: Passage) -> tuple[int, int]:
        """The range shown around a passage: the paragraphs it touches (else the passage)."""
        layout = self._layout(passage.article_id)
        paragraphs = layout.paragraphs
        found = paragraphs.touched(passage.start, passage.end)
        if found is None:
            return passage.start, passage.end
        first, last = paragraphs.ranges[found[0]], paragraphs.ranges[found[1]]
        return min(first[0], passage.start), max(last[1], passage.end)

    # -- evaluation -----------------------------------------------------------------------------

    def _eval(self, node: Node, within: Iterable[str] | None = None) -> set[str]:
        """The ids of the passages one term selects (words: looked for `within` these)."""
        if isinstance(node, Not):
            return set(self.every - self._eval(node.node))
        if isinstance(node, AnyOf):
            found: set[str] = set()
            for option in node.options:
                found |= self._eval(option)
            return found
        if isinstance(node, Related):
            return self._related(node)
        if isinstance(node, Word | Phrase):
            rows = self.rows
            return {h for h in (self.every if within is None else within) if _holds(node, rows[h])}
        return self._filter(node)

    def _filter(self, f: Filter) -> set[str]:
        value = f.value.casefold()
        rows = self.rows.values()
        if f.key == "tag":
            found: set[str] = set()
            by_id, coders = self.rows, self._coders
            for tag_id in _tag_ids(self.tag_paths, f.value):
                for hid, c in self.tagged.get(tag_id, ()):
                    row = by_id.get(hid)  # None: deleted or orphaned
                    if row is not None and (not coders or (c or row[4]).casefold() in coders):
                        found.add(hid)
            return found
        if f.key == "coder":
            applied = {h for h, _, c in self.applications if c.casefold() == value}
            return {r[0] for r in rows if r[4].casefold() == value} | (applied & self.every)
        if f.key == "has":
            if HAS.get(value) == "note":
                return {r[0] for r in rows if r[5].strip()}
            return self._everything()  # has:highlight: every passage
        if f.key == "attr":
            articles = attribute_articles(self.store, f)
            return {r[0] for r in rows if r[1] in articles}
        if f.key == "article":
            words = fold_words(f.value)
            titles = self.titles
            return {r[0] for r in rows if _title_holds(titles.get(r[1], set()), words)}
        if f.key == "in" and value in SECTIONS:
            section = SECTIONS[value]
            return {r[0] for r in rows if self._layout(r[1]).section(r[2]) == section}
        if f.key == "in" and value in ("memos", "memo"):
            return set()
        return self._everything()  # a filter that means nothing (listed by Query.unwired)

    def _everything(self) -> set[str]:
        return set(self.every)

    def _related(self, node: Related) -> set[str]:
        """The passages of the left filter standing in the relation to one of the right's."""
        left, right = self._eval(node.left), self._eval(node.right)
        rows = self.rows
        by_article: dict[int, list[str]] = {}
        for hid in right:
            by_article.setdefault(rows[hid][1], []).append(hid)
        if node.relation == "overlaps":
            return {
                hid
                for hid in left
                if any(_overlap(rows[hid], rows[o]) for o in by_article.get(rows[hid][1], ()))
            }
        at = self._units(node.relation, left | right)  # the sentences/paragraphs each touches
        limit = node.distance if node.relation == "near" else 0
        found = set()
        for hid in left:
            one = at[hid]
            if one is None:
                continue
            for other in by_article.get(rows[hid][1], ()):
                two = at[other]
                if two is not None and max(0, two[0] - one[1], one[0] - two[1]) <= limit:
                    found.add(hid)
                    break
        return found

    def _units(self, relation: str, ids: set[str]) -> dict[str, tuple[int, int] | None]:
        """The first and last sentence (`near`) or paragraph each highlight touches."""
        found = {}
        for hid in ids:
            _, article_id, start, end = self.rows[hid][:4]
            layout = self._layout(article_id)
            ranges = layout.sentences if relation == "near" else layout.paragraphs
            found[hid] = ranges.touched(start, end)
        return found

    def _layout(self, article_id: int) -> _Layout:
        found = self._layouts.get(article_id)
        if found is None:
            spans = reads.article_spans(self.store.conn, [article_id])[article_id]
            found = self._layouts[article_id] = _Layout(
                _Ranges((s.start, s.end) for s in spans if s.kind == "sentence"),
                _Ranges((s.start, s.end) for s in spans if s.kind == "paragraph"),
                [(s.start, s.end, s.section) for s in spans if s.kind in _BLOCKS],
            )
        return found


def _tag_ids(paths: dict[int, str], value: str) -> set[int]:
    """Tags whose path holds `value` as whole segments (`contract`, `policy/contract`), and
    their children: the rule corpus search uses."""
    wanted = "/" + "/".join(p.strip().casefold() for p in value.split("/") if p.strip()) + "/"
    if wanted == "//":
        return set()
    return {i for i, path in paths.items() if wanted in "/" + path.casefold() + "/"}


def _overlap(a: Row, b: Row) -> bool:
    """Whether two highlights (of one article) overlap; an empty one as one character."""
    return a[2] < max(b[3], b[2] + 1) and b[2] < max(a[3], a[2] + 1)


def _holds(node: Word | Phrase, row: Row) -> bool:
    """Whether a highlight's text or note holds a word (as a prefix while typed) or phrase."""
    for text in (row[6], row[5]):
        words = fold_words(text)
        if isinstance(node, Word):
            if node.text in words or (node.prefix and any(w.startswith(node.text) for w in words)):
                return True
        else:
            n = len(node.words)
            if any(tuple(words[i : i + n]) == node.words for i in range(len(words) - n + 1)):
                return True
    return False


def _title_holds(title: set[str], words: list[str]) -> bool:
    """Every word in the title's words (the last one also as a prefix)."""
    if not words:
        return False
    *whole, last = words
    return all(w in title for w in whole) and (
        last in title or any(t.startswith(last) for t in title)
    )


def _disjoint(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges sorted, nested ones dropped (so starts and ends both ascend for bisecting)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out
