"""The coded corpus as analysis sees it: live highlights with their tags, the articles they are
in, and the columns (article, period, attribute) they fall in.

    coding = load(store)                       # or from_records(...) for an export's selection
    column = column_of("month", coding)        # ArticleInfo -> "2024-02"

What counts (the same everywhere in analysis): a highlight that is not deleted, not orphaned
(its offsets no longer point at its words; `Coding.orphaned` says how many were left out) and
carries at least one tag. A highlight counts once, however many coders tagged it; with a
coder, only the tags that coder applied are seen.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from itertools import compress, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError
from gpreader.gc_pause import without_gc
from gpreader.models import Coders, coder_set
from gpreader.store import analysis_reads as reads
from gpreader.store import coding_cache
from gpreader.store.coding_cache import Cached
from gpreader.store.highlight_units import Progress as UnitProgress
from gpreader.store.highlight_units import units as cached_units

if TYPE_CHECKING:
    from gpreader.store import AnnotationStore

T = TypeVar("T")
NO_DATE = "(no date)"
NO_VALUE = "(none)"
PERIODS = ("week", "month", "year")
SAVE_AFTER = 500  # highlights changed since the cache's entry: keep it again (fewer: patched
# on each load, cheaper than writing the entry)

SpanSource = Callable[[str, Iterable[str]], dict[str, tuple[list[int], list[int]]]]
TextSource = Callable[[list[tuple[str, int, int]]], list[str]]
# each counted highlight's sentences, paragraphs and words as index ranges in its article
# (lo, hi for each kind, in the order of `Coding.columns`): store/highlight_units.py
UnitSource = Callable[[], tuple[list[int], ...]]


@dataclass(frozen=True, slots=True)
class Coded:
    """One counted highlight: where it is and its tags (each once, by path)."""

    id: str
    article: str
    start: int
    end: int
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ArticleInfo:
    """What a column is made from. `attributes` (publication, author, ...) are the article's
    attributes (importers' and the user's); `date` is its `date` attribute when that parses as
    a date, else the date the article was read with."""

    path: str
    title: str
    date: str | None
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Columns:
    """The counted highlights column by column (index k is one highlight, in one order): what
    every analysis reads, without a Python object per highlight."""

    ids: Sequence[str]
    articles: Sequence[str]
    starts: Sequence[int]
    ends: Sequence[int]
    tags: Sequence[tuple[str, ...]]

    @classmethod
    def of(cls, highlights: Sequence[Coded]) -> Columns:
        """The columns of `highlights` (each read in a C loop)."""
        get = [list(map(attrgetter(f.name), highlights)) for f in fields(Coded)]
        return cls(*get)


class CodedList(Sequence[Coded]):
    """The highlights of `columns` as Coded, made on first use (analysis reads the columns)."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self._made: list[Coded] | None = None

    def _objects(self) -> list[Coded]:
        if self._made is None:
            c = self.columns
            self._made = coded_objects(len(c.ids), (c.ids, c.articles, c.starts, c.ends, c.tags))
        return self._made

    def __len__(self) -> int:
        return len(self.columns.ids)

    @overload
    def __getitem__(self, index: int) -> Coded: ...
    @overload
    def __getitem__(self, index: slice) -> list[Coded]: ...
    def __getitem__(self, index: int | slice) -> Coded | list[Coded]:
        return self._objects()[index]

    def __iter__(self) -> Iterator[Coded]:
        return iter(self._objects())


@dataclass
class Coding:
    """Everything an analysis reads, loaded once. `spans` reads the sentence or paragraph spans
    of articles (path -> (starts, ends) in text order) and `texts` text ranges, on demand
    (None: not available, e.g. in tests without a store); `units` where each highlight falls
    (sentences, paragraphs, words), read from the store's cache instead of texts and spans
    when given. `columns` holds the highlights column by column (made from `highlights`
    when not given)."""

    highlights: Sequence[Coded]
    articles: dict[str, ArticleInfo]
    tags: list[str]
    colors: dict[str, str] = field(default_factory=dict)
    orphaned: int = 0
    coder: str | None = None
    spans: SpanSource | None = None
    texts: TextSource | None = None
    units: UnitSource | None = None
    _columns: Columns | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def columns(self) -> Columns:
        """The highlights column by column (worked out once)."""
        if self._columns is None:
            hs = self.highlights
            self._columns = hs.columns if isinstance(hs, CodedList) else Columns.of(hs)
        return self._columns


@without_gc
def load(
    store: AnnotationStore, coder: Coders = None, progress: UnitProgress | None = None
) -> Coding:
    """The store's coded corpus, read from one consistent snapshot; with `coder` (one or
    several), only the tags they applied. The live highlights and their tag sets come from
    store/coding_cache.py, only the highlights changed since it was kept read again (all
    when there is no entry, or many changed). Every per-highlight step runs in C loops (map,
    zip, compress) and the highlights stay columns (no object per highlight): at 100,000
    highlights a Python loop or an object per row was most of the read. `progress(done,
    total)`: the articles worked out while the cache of where highlights fall is filled
    (once, after the upgrade that made it: store/highlight_units.py), on the first
    analysis that needs it."""
    entry = coding_cache.key(coder_set(coder))
    with store.snapshot() as conn:
        now, seen = coding_cache.changes(conn), coding_cache.stamp(conn)
        found = coding_cache.read(conn, entry, now)
        if found is None:
            coded = _read_coded(conn, coder)
        elif found[1]:  # highlights changed since it was kept: only those read again
            coded = _patched(conn, coder, *found)
        else:
            coded = found[0]
        article_rows = reads.article_rows(conn)
        tag_rows = reads.tag_rows(conn)
        attribute_rows = reads.attribute_rows(conn)
    if found is None or len(found[1]) > SAVE_AFTER:
        coding_cache.save(store, entry, now, coded, seen)
    paths = {i: path for i, path, _, _ in article_rows}
    names = {i: path for i, path, _ in tag_rows}
    tagged = list(map((-1).__ne__, coded.set_of))
    used = set(coded.set_of)  # a patched entry may keep sets no highlight has any more
    named = [
        tuple(sorted({names[t] for t in tag_set})) if n in used else ()
        for n, tag_set in enumerate(coded.sets)
    ]
    columns = Columns(
        list(compress(coded.ids, tagged)),
        list(map(paths.__getitem__, compress(coded.article_ids, tagged))),
        list(compress(coded.starts, tagged)),
        list(compress(coded.ends, tagged)),
        list(map(named.__getitem__, compress(coded.set_of, tagged))),
    )
    values: dict[int, dict[str, str]] = {}
    for article_id, key, value in attribute_rows:
        values.setdefault(article_id, {})[key] = value
    articles = {}
    for i, p, t, d in article_rows:
        attributes = values.get(i, {})
        dated = attributes.get("date")
        articles[p] = ArticleInfo(p, t, dated if parse_date(dated) else d, attributes)
    live = (coded.rowids, coded.article_ids, coded.starts, coded.ends)
    return Coding(
        highlights=CodedList(columns),
        articles=articles,
        tags=[p for _, p, _ in tag_rows],
        colors={p: c for _, p, c in tag_rows},
        orphaned=coded.orphaned,
        coder=None if coder is None else ", ".join(sorted(coder_set(coder) or ())),
        spans=lambda kind, paths: _read(store, lambda conn: reads.span_ranges(conn, kind, paths)),
        texts=lambda ranges: _read(store, lambda conn: reads.range_texts(conn, ranges)),
        units=_once(lambda: _units(store, tagged, *live, progress)),
    )


def _read_coded(conn: sqlite3.Connection, coder: Coders) -> Cached:
    """Every live highlight and its set of tags (by `coder`), read from the tables."""
    applied = reads.tag_sets(conn, coder)
    rows = reads.live_highlights(conn)
    return coding_cache.made(rows, applied, reads.orphaned_count(conn, coder))


def _patched(conn: sqlite3.Connection, coder: Coders, kept: Cached, changed: set[str]) -> Cached:
    """`kept` with the highlights `changed` read again from the tables."""
    applied = reads.tag_sets(conn, coder, changed)
    rows = reads.live_highlights(conn, changed)
    orphaned = reads.orphaned_count(conn, coder)
    return coding_cache.patched(kept, changed, rows, applied, orphaned)


@without_gc
def _units(
    store: AnnotationStore,
    tagged: list[bool],
    rowids: Sequence[int],
    article_ids: Sequence[int],
    starts: Sequence[int],
    ends: Sequence[int],
    progress: UnitProgress | None,
) -> tuple[list[int], ...]:
    """Where each counted highlight falls (every live highlight's rowid, article, start and
    end; `tagged`: which are counted), from the store's cache."""
    found = cached_units(store, rowids, article_ids, starts, ends, progress=progress)
    return tuple(list(compress(c, tagged)) for c in found)


def _once(read: Callable[[], T]) -> Callable[[], T]:
    """`read`, called on first use only."""
    got: list[T] = []

    def once() -> T:
        if not got:
            got.append(read())
        return got[0]

    return once


# Coded's slots in the order of its fields: `coded_objects` fills them without Coded(...)
_SLOTS: tuple[Any, ...] = tuple(vars(Coded)[f.name] for f in fields(Coded))


def coded_objects(n: int, columns: Iterable[Iterable[Any]]) -> list[Coded]:
    """`n` Coded from their fields' columns (in field order), every loop in C: made empty,
    each slot set by its descriptor (a frozen dataclass' __init__ per row cost 0.5 s at
    100,000 highlights)."""
    made = list(map(object.__new__, repeat(Coded, n)))
    for slot, column in zip(_SLOTS, columns, strict=True):
        deque(map(slot.__set__, made, column), maxlen=0)
    return made


def _read(store: AnnotationStore, read: Callable[[sqlite3.Connection], T]) -> T:
    """One read through the store's connection, from a consistent snapshot."""
    with store.snapshot() as conn:
        return read(conn)


def fold(path: str, depth: int) -> str:
    """`path` cut to its first `depth` segments (0: the path itself)."""
    return "/".join(path.split("/")[:depth]) if depth > 0 else path


def row_labels(coding: Coding, tags: Sequence[str] = (), depth: int = 0) -> list[str]:
    """The rows of a table: the tags asked for (each standing for its subtree), in the order
    given; else every tag of the codebook cut to `depth` segments, in path order."""
    if tags:
        return list(dict.fromkeys(tagging.normalize(t) for t in tags))
    used = {t for tags in set(coding.columns.tags) for t in tags}
    return sorted({fold(t, depth) for t in {*coding.tags, *used}})


def labeller(
    rows: Sequence[str], explicit: bool, depth: int
) -> Callable[[tuple[str, ...]], frozenset[str]]:
    """a highlight's tags -> the row labels it counts under: with rows named explicitly, each
    row whose subtree holds one of its tags; else its tags cut to `depth`. Worked out once per
    distinct set of tags (highlights share a few hundred at most)."""
    wanted = set(rows)
    known: dict[tuple[str, ...], frozenset[str]] = {}

    def of(tags: tuple[str, ...]) -> frozenset[str]:
        if explicit:
            return frozenset(r for r in rows if any(tagging.in_subtree(t, r) for t in tags))
        return frozenset(f for f in (fold(t, depth) for t in tags) if f in wanted)

    def labels(tags: tuple[str, ...]) -> frozenset[str]:
        found = known.get(tags)
        if found is None:
            found = known[tags] = of(tags)
        return found

    return labels


# -- columns ------------------------------------------------------------------------------------


def column_of(by: str, coding: Coding) -> Callable[[ArticleInfo], str]:
    """ArticleInfo -> its column: `article` (the path), `week` (`2024-W06`), `month`
    (`2024-02`), `year`, or the value of an article attribute of that name."""
    if by == "article":
        return lambda a: a.path
    if by in PERIODS:  # each date worked out once (10,000 articles share a few hundred)
        periods: dict[str | None, str] = {}

        def of(a: ArticleInfo) -> str:
            found = periods.get(a.date)
            if found is None:
                found = periods[a.date] = period(a.date, by)
            return found

        return of
    if not any(by in a.attributes for a in coding.articles.values()):
        known = sorted({k for a in coding.articles.values() for k in a.attributes})
        also = f", or an attribute: {', '.join(known)}" if known else ""
        raise InvalidInputError(
            f"no article has an attribute {by!r}; use article, week, month or year{also}"
        )
    return lambda a: a.attributes.get(by) or NO_VALUE


def attribute_columns(coding: Coding) -> list[str]:
    """The article attributes a table can be split by (publication, author, ...): every key
    some article has, but the title, date and word count (one value per article, or a period)."""
    keys = {k for a in coding.articles.values() for k in a.attributes}
    return sorted(keys - {"title", "date", "words"})


def parse_date(value: str | None) -> date | None:
    """An article's ISO date (a bare `2024-02` or `2024` is its first day), or None when it
    has none or it does not parse."""
    if not value:
        return None
    text = value[:10]
    if len(text) == 7:
        text += "-01"
    elif len(text) == 4:
        text += "-01-01"
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def period(value: str | None, by: str) -> str:
    """The week, month or year of an ISO date; NO_DATE without one."""
    day = parse_date(value)
    if day is None:
        return NO_DATE
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year:04d}-{day.month:02d}" if by == "month" else f"{day.year:04d}"


def period_range(first: str, last: str, by: str) -> list[str]:
    """Every period from `first` to `last` inclusive (so a chart shows the empty ones)."""
    if by == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    if by == "month":
        y, m = int(first[:4]), int(first[5:7])
        out = []
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    day = date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    end = date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
    out = []
    while day <= end:
        year, week, _ = day.isocalendar()
        out.append(f"{year}-W{week:02d}")
        day += timedelta(days=7)
    return out
