"""Co-occurrence: tag x tag, counting the passages where both apply under a rule.

Each rule cuts the coded text into units, and a tag applies to a unit when one of its
highlights touches it:

- `highlight`: the unit is a highlight (both tags on the same highlight);
- `overlap`: the unit is a passage of highlights joined by overlaps (a chain of overlapping
  highlights is one passage; highlights that only touch are not joined);
- `sentence`, `paragraph`: the unit is a sentence or paragraph of the article (a highlight
  touching none, such as one in a title, is a unit by itself);
- `near:N`: the unit is a sentence; it counts for A and B when A touches it and B touches a
  sentence at most N sentences away in the same article, or the other way round (`near:0`
  is `sentence`).

The cell (A, B) counts such units; the diagonal (A, A) counts the units A touches. Measure
`jaccard`: the count divided by the units either tag touches. Rows and columns are the same
tags; a row's total is its units, the grand total every unit any tag touches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, count, repeat
from operator import add, ge

from gpreader.analysis import unit_counts
from gpreader.analysis.coding import Coding, Columns, labeller, row_labels
from gpreader.analysis.table import Number, Table
from gpreader.errors import InvalidInputError
from gpreader.gc_pause import without_gc

RULES = ("highlight", "overlap", "sentence", "paragraph", "near:N")
MEASURES = ("count", "jaccard")
OWN = "\0own"  # the unit key of a highlight outside every span (no path holds a NUL)


@dataclass(frozen=True)
class Rule:
    """A parsed rule: its kind and, for `near`, the distance in sentences."""

    kind: str
    distance: int = 0

    @property
    def name(self) -> str:
        return f"near:{self.distance}" if self.kind == "near" else self.kind


def parse_rule(text: str) -> Rule:
    """`highlight`, `overlap`, `sentence`, `paragraph` or `near:N` (N >= 0)."""
    value = text.strip().lower()
    if value in ("highlight", "overlap", "sentence", "paragraph"):
        return Rule(value)
    if value.startswith("near:") and value[5:].isdigit():
        return Rule("near", int(value[5:]))
    raise InvalidInputError(f"rule one of {', '.join(RULES)}, not {text!r}")


@without_gc
def cooccurrence(
    coding: Coding,
    rule: Rule | str = "highlight",
    *,
    measure: str = "count",
    tags: Sequence[str] = (),
    depth: int = 0,
) -> Table:
    """The tag x tag table under `rule`, measured by `count` or `jaccard`."""
    rule = parse_rule(rule) if isinstance(rule, str) else rule
    if measure not in MEASURES:
        raise InvalidInputError(f"measure one of {', '.join(MEASURES)}, not {measure!r}")
    rows = row_labels(coding, tags, depth)
    labels = labeller(rows, bool(tags), depth)
    bits = _Bits(rows)
    made: list[_Units] = []  # the units behind the cells (none: the highlight rule's)
    together: Counter[tuple[str, str]] = Counter()  # the cells
    both: Counter[tuple[str, str]] = Counter()  # units both touch (for the union)
    touched: Counter[str] = Counter()
    if rule.kind == "highlight":
        any_tag = 0
        for tag_set, n in Counter(coding.columns.tags).items():
            labelled = bits.names(bits.mask(labels(tag_set)))  # highlights alike together
            any_tag += n if labelled else 0
            for a in labelled:
                touched[a] += n
                for b in labelled:
                    both[(a, b)] += n
                    together[(a, b)] += n
    else:
        labelled_as = {t: labels(t) for t in set(coding.columns.tags)}
        where = coding.units() if coding.units and rule.kind != "overlap" else None
        made.append(_Units(coding, labelled_as, where, rule, bits))
        counts = _counted(made[0])
        for i, a in enumerate(rows):
            touched[a] = counts.both[i][i]
            for j, b in enumerate(rows):
                together[(a, b)], both[(a, b)] = counts.together[i][j], counts.both[i][j]
        any_tag = counts.units
    cells: list[list[Number]] = []
    for a in rows:
        line: list[Number] = []
        for b in rows:
            n = together[(a, b)]
            if measure == "jaccard":
                union = touched[a] + touched[b] - both[(a, b)]
                line.append(round(n / union, 4) if union else 0.0)
            else:
                line.append(n)
        cells.append(line)
    totals: list[Number] = [touched[r] for r in rows]

    def behind(i: int, j: int) -> list[str]:
        a, b = rows[i], rows[j]
        if not made:
            cols = coding.columns
            return [k for k, t in zip(cols.ids, cols.tags, strict=True) if {a, b} <= labels(t)]
        return made[0].behind(bits.bit[a], bits.bit[b])

    what = "units" if measure == "count" else "jaccard"
    notes = {"rule": rule.name, "measure": measure, "orphaned_excluded": coding.orphaned}
    notes["coder"] = coding.coder
    title = f"co-occurrence ({rule.name}, {measure})"
    return Table(title, what, rows, list(rows), cells, totals, list(totals), any_tag, notes, behind)


class _Bits:
    """Row labels as bits of an int: a set of labels is one int, unions are `|`."""

    def __init__(self, rows: Sequence[str]) -> None:
        self.rows = list(rows)
        self.bit = {label: 1 << k for k, label in enumerate(self.rows)}
        self._masks: dict[frozenset[str], int] = {}
        self._names: dict[int, list[str]] = {}

    def mask(self, labels: frozenset[str]) -> int:
        found = self._masks.get(labels)
        if found is None:
            found = self._masks[labels] = sum(self.bit[label] for label in labels)
        return found

    def names(self, mask: int) -> list[str]:
        found = self._names.get(mask)
        if found is None:
            found = self._names[mask] = [r for r in self.rows if mask & self.bit[r]]
        return found


@dataclass(frozen=True)
class _Coded:
    """The highlights under some row, column by column, with the row labels each counts
    under."""

    ids: list[str]
    articles: list[str]
    starts: list[int]
    ends: list[int]
    labels: list[frozenset[str]]
    units: tuple[list[int], ...] | None = None  # where each falls (Coding.units), if known

    @classmethod
    def of(
        cls,
        columns: Columns,
        labels: list[frozenset[str]],
        units: Sequence[Sequence[int]] | None = None,
    ) -> _Coded:
        """Those of `columns` with some label (`labels`: each highlight's)."""
        some = list(map(bool, labels))
        return cls(
            list(compress(columns.ids, some)),
            list(compress(columns.articles, some)),
            list(compress(columns.starts, some)),
            list(compress(columns.ends, some)),
            list(compress(labels, some)),
            None if units is None else tuple(list(compress(u, some)) for u in units),
        )


class _Units:
    """The units of a rule other than `highlight`, by an int key, and the labels touching each
    (`labels`, a mask). Which highlights touch each unit is worked out again only when asked
    (`behind`: the passages behind a cell)."""

    def __init__(
        self,
        coding: Coding,
        labelled_as: dict[tuple[str, ...], frozenset[str]],
        where: Sequence[Sequence[int]] | None,
        rule: Rule,
        bits: _Bits,
    ) -> None:
        self.coding, self.labelled_as, self.where = coding, labelled_as, where
        self.rule, self.bits = rule, bits
        self.spans: dict[str, tuple[list[int], list[int]]] = {}  # read once: kept for behind
        if rule.kind != "overlap" and where is None:
            if coding.spans is None:
                raise InvalidInputError(f"the {self.kind} rule needs the articles' {self.kind}s")
            self.spans = coding.spans(self.kind, set(self.coded.articles))
        self._labels: dict[int, int] | None = None

    @cached_property
    def coded(self) -> _Coded:
        """The highlights with some label, column by column (made when first asked: the
        cells are counted from the columns)."""
        found = list(map(self.labelled_as.__getitem__, self.coding.columns.tags))
        return _Coded.of(self.coding.columns, found, self.where)

    @property
    def labels(self) -> dict[int, int]:
        """Each unit's key -> the labels touching it, as a mask (worked out when first asked:
        only `behind` needs it)."""
        if self._labels is None:
            self._labels = labels = dict[int, int]()
            got = labels.get  # the hot loop: locals
            mask_of = {ls: self.bits.mask(ls) for ls in set(self.coded.labels)}
            for ls, keys in zip(self.coded.labels, self.keys, strict=True):
                m = mask_of[ls]
                for key in keys:
                    labels[key] = got(key, 0) | m
        return self._labels

    def _near(self) -> dict[int, int]:
        """Each unit's key -> the labels counted with it (its own; for near:N, those of the
        sentences within N)."""
        if self.rule.kind != "near" or self.rule.distance == 0:
            return self.labels
        near, d, got = {}, self.rule.distance, self.labels.get
        for key, m in self.labels.items():
            if key >= 0:  # a sentence's key (a highlight outside every sentence: < 0)
                for k in range(key - d, key + d + 1):
                    m |= got(k, 0)  # keys of one article's sentences are consecutive
            near[key] = m
        return near

    @cached_property
    def keys(self) -> list[range]:
        """The keys of the units each coded highlight touches, in the order of `coded`
        (worked out when first asked: the cells are counted from unit_counts' own keys)."""
        if self.rule.kind == "overlap":
            return _passages(self.coded)
        if self.coded.units is not None:
            at = 0 if self.kind == "sentence" else 2
            lo, hi = self.coded.units[at], self.coded.units[at + 1]
            return _in_units(self.coded.articles, lo, hi, self.rule.distance)
        return _in_spans(self.spans, self.coded, self.rule.distance)

    def _assigned(self) -> Iterator[tuple[str, frozenset[str], range]]:
        """Each coded highlight's id and labels with the keys of the units it touches."""
        c = self.coded
        return zip(c.ids, c.labels, self.keys, strict=True)

    @property
    def kind(self) -> str:
        return "paragraph" if self.rule.kind == "paragraph" else "sentence"

    def behind(self, a: int, b: int) -> list[str]:
        """The highlights with label a or b in the units counted in the cell (a, b)."""
        near = self._near()
        counted = {
            key
            for key, m in self.labels.items()
            if (m & a and near[key] & b) or (m & b and near[key] & a)
        }
        found: dict[str, None] = {}
        for hid, ls, keys in self._assigned():
            if self.bits.mask(ls) & (a | b) and any(k in counted for k in keys):
                found[hid] = None
        return list(found)


def _counted(units: _Units) -> unit_counts.Counts:
    """The cells of `units` (a row label's index in `bits.rows` is its index in the cells),
    counted by unit_counts from each highlight's run of unit keys, straight from the
    columns (the highlights with no label dropped there)."""
    rule, rows, cols = units.rule, units.bits.rows, units.coding.columns
    number = {label: k for k, label in enumerate(rows)}
    distinct = list(dict.fromkeys(ls for ls in units.labelled_as.values() if ls))
    set_no = {ls: n for n, ls in enumerate(distinct)}
    of_tags = {t: set_no.get(ls, -1) for t, ls in units.labelled_as.items()}
    width = max(1, (len(rows) + 63) // 64)
    masks = unit_counts.masks_of([frozenset(map(number.__getitem__, s)) for s in distinct], width)
    article_no: defaultdict[str, int] = defaultdict(count().__next__)  # numbered in one pass
    articles = list(map(article_no.__getitem__, cols.articles))
    sets = list(map(of_tags.__getitem__, cols.tags))
    gap = rule.distance if rule.kind == "near" else 0
    if rule.kind == "overlap":
        first, last, sets_of = unit_counts.passage_keys(articles, cols.starts, cols.ends, sets)
    elif units.where is not None:
        at = 0 if units.kind == "sentence" else 2
        lo, hi = units.where[at], units.where[at + 1]
        first, last, sets_of = unit_counts.unit_keys(articles, lo, hi, gap, sets)
    else:  # keys from the spans read (no cache): a negative key is a unit of its own
        keys = units.keys
        first, last = unit_counts.apart([k.start for k in keys], [k.stop for k in keys], gap)
        sets_of = unit_counts.numbers([set_no[ls] for ls in units.coded.labels])
    return unit_counts.count(first, last, sets_of, masks, len(rows), gap)


def _passages(coded: _Coded) -> list[range]:
    """Highlights joined by overlaps, per article: each highlight's passage key, in the
    order of `coded` (sorted by article number, start and end: tuples of ints)."""
    number = {a: n for n, a in enumerate(dict.fromkeys(coded.articles))}
    articles = list(map(number.__getitem__, coded.articles))
    starts, ends = coded.starts, coded.ends
    places = list(zip(articles, starts, ends, strict=True))
    keys = [0] * len(places)
    key, article, reach = -1, -1, 0
    for i in sorted(range(len(places)), key=places.__getitem__):
        if articles[i] == article and starts[i] < reach:
            if ends[i] > reach:
                reach = ends[i]
        else:
            key, article, reach = key + 1, articles[i], ends[i]
        keys[i] = key
    return list(map(range, keys, map((1).__add__, keys)))


def _in_spans(
    spans: dict[str, tuple[list[int], list[int]]], coded: _Coded, gap: int
) -> list[range]:
    """The keys of the sentences or paragraphs (`spans`: path -> starts, ends) each highlight
    touches, in the order of `coded`: consecutive ints within an article, articles `gap` + 1
    apart (so near:N never reaches across); a highlight touching none (one in a title) is a
    unit of its own, with a negative key. Spans of one kind do not overlap: starts and ends
    are in order. The highlights are sorted by article and each article's bisected in C
    loops."""
    articles = coded.articles
    order = sorted(range(len(articles)), key=articles.__getitem__)  # by article, in C
    in_order = list(map(articles.__getitem__, order))
    starts_of = list(map(coded.starts.__getitem__, order))
    ends_of = list(map(coded.ends.__getitem__, order))
    los: list[int] = []
    his: list[int] = []
    base = 0
    none: tuple[list[int], list[int]] = ([], [])
    for path in dict.fromkeys(in_order):
        a, b = bisect_left(in_order, path), bisect_right(in_order, path)
        starts, ends = spans.get(path, none)
        los.extend(map(base.__add__, map(bisect_right, repeat(ends), starts_of[a:b])))
        his.extend(map(base.__add__, map(bisect_left, repeat(starts), ends_of[a:b])))
        base += len(starts) + gap + 1
    keys: list[range] = list(map(range, los, his))
    for own, i in enumerate(compress(range(len(los)), map(ge, los, his)), start=1):
        keys[i] = range(-own, 1 - own)  # touching no span: a unit of its own
    back = sorted(range(len(order)), key=order.__getitem__)  # back in the order of `coded`
    return list(map(keys.__getitem__, back))


def _in_units(articles: list[str], lo: list[int], hi: list[int], gap: int) -> list[range]:
    """The keys of the sentences or paragraphs each highlight touches, from where it falls in
    its article (`lo`, `hi`: indices of that article's spans): an article's keys follow the
    last one a highlight there touches, `gap` + 1 apart (so near:N never reaches across); a
    highlight touching none is a unit of its own, with a negative key."""
    top: dict[str, int] = {}
    for article, end in zip(articles, hi, strict=True):
        if end > top.get(article, 0):
            top[article] = end
    base: dict[str, int] = {}
    at = 0
    for article, end in top.items():
        base[article] = at
        at += end + gap + 1
    bases = list(map(base.get, articles, repeat(0)))
    keys: list[range] = list(map(range, map(add, bases, lo), map(add, bases, hi)))
    for own, i in enumerate(compress(range(len(lo)), map(ge, lo, hi)), start=1):
        keys[i] = range(-own, 1 - own)  # touching no span: a unit of its own
    return keys
