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

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from gpreader.analysis.coding import Coded, Coding, labeller, row_labels
from gpreader.analysis.table import Number, Table
from gpreader.errors import InvalidInputError

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


@dataclass(slots=True)
class _Unit:
    labels: frozenset[str]  # tags touching it
    near: frozenset[str]  # tags counted with it (its own, and for near:N those within N)
    members: list[tuple[str, frozenset[str]]]  # (highlight id, its labels) touching it


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
    coded = [(h, found) for h in coding.highlights if (found := labels(h))]
    units: list[_Unit] | None = None  # the highlight rule's units are the highlights
    if rule.kind == "highlight":
        kinds = Counter((ls, ls) for _, ls in coded)
    else:
        units = _units(coding, coded, rule)
        kinds = Counter((u.labels, u.near) for u in units)
    together: Counter[tuple[str, str]] = Counter()  # the cells
    both: Counter[tuple[str, str]] = Counter()  # units both touch (for the union)
    touched: Counter[str] = Counter()
    for (labelled, near), n in kinds.items():  # units alike are counted together
        for a in labelled:
            touched[a] += n
            for b in labelled:
                both[(a, b)] += n
        pairs = {(a, b) for a in labelled for b in near}
        for pair in pairs | {(b, a) for a, b in pairs}:
            together[pair] += n
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
    any_tag = sum(kinds.values())

    def behind(i: int, j: int) -> list[str]:
        a, b = rows[i], rows[j]
        if units is None:
            return [h.id for h, ls in coded if a in ls and b in ls]
        found: dict[str, None] = {}
        for u in units:
            if (a in u.labels and b in u.near) or (b in u.labels and a in u.near):
                found.update((hid, None) for hid, ls in u.members if a in ls or b in ls)
        return list(found)

    what = "units" if measure == "count" else "jaccard"
    notes = {"rule": rule.name, "measure": measure, "orphaned_excluded": coding.orphaned}
    notes["coder"] = coding.coder
    title = f"co-occurrence ({rule.name}, {measure})"
    return Table(title, what, rows, list(rows), cells, totals, list(totals), any_tag, notes, behind)


def _units(coding: Coding, coded: list[tuple[Coded, frozenset[str]]], rule: Rule) -> list[_Unit]:
    if rule.kind == "overlap":
        return _passages(coded)
    return _in_spans(coding, coded, "paragraph" if rule.kind == "paragraph" else "sentence", rule)


def _passages(coded: list[tuple[Coded, frozenset[str]]]) -> list[_Unit]:
    """Highlights joined by overlaps, per article."""
    units: list[_Unit] = []
    end: tuple[str, int] | None = None
    for h, ls in sorted(coded, key=lambda x: (x[0].article, x[0].start, x[0].end)):
        if end is not None and end[0] == h.article and h.start < end[1]:
            unit = units[-1]
            unit.labels = unit.near = unit.labels | ls
            unit.members.append((h.id, ls))
            end = (h.article, max(end[1], h.end))
        else:
            units.append(_Unit(ls, ls, [(h.id, ls)]))
            end = (h.article, h.end)
    return units


def _in_spans(
    coding: Coding, coded: list[tuple[Coded, frozenset[str]]], kind: str, rule: Rule
) -> list[_Unit]:
    """Sentences or paragraphs touched by the coded highlights (near:N: with the tags of the
    sentences within N)."""
    if coding.spans is None:
        raise InvalidInputError(f"the {kind} rule needs the articles' {kind}s")
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for path, s, e in coding.spans(kind, {h.article for h, _ in coded}):
        spans[path].append((s, e))
    starts = {path: [s for s, _ in found] for path, found in spans.items()}
    units: dict[tuple[str, int | str], _Unit] = {}
    for h, ls in coded:
        found = spans.get(h.article, [])
        i = max(bisect_right(starts.get(h.article, []), h.start) - 1, 0)
        keys: list[tuple[str, int | str]] = []
        while i < len(found) and found[i][0] < h.end:
            if found[i][1] > h.start:
                keys.append((h.article, i))
            i += 1
        for key in keys or [(OWN, h.id)]:
            unit = units.get(key)
            if unit is None:
                units[key] = _Unit(ls, ls, [(h.id, ls)])
            else:
                unit.labels = unit.near = unit.labels | ls
                unit.members.append((h.id, ls))
    if rule.kind == "near" and rule.distance > 0:
        for key, unit in units.items():
            if key[0] == OWN:
                continue
            path, at = key
            assert isinstance(at, int)  # a sentence's key
            for k in range(at - rule.distance, at + rule.distance + 1):
                other = units.get((path, k))
                if other is not None and not other.labels <= unit.near:
                    unit.near = unit.near | other.labels
    return list(units.values())
