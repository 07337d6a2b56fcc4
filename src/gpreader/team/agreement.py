"""Agreement between coders: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Pure functions over a reliability table: one row per unit, one column per coder, each cell
the value the coder gave the unit or None when the coder did not code it (missing data, as
Krippendorff defines it: not "coded with nothing"). A measure that does not apply, or that is
undefined on the data (no variation at all, too few units), is None.

Sources of the formulas:
- Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
  Psychological Measurement 20(1), 37-46.
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
  Bulletin 76(5), 378-382.
- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
  Communication, University of Pennsylvania (nominal alpha through the coincidence matrix).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from fractions import Fraction
from itertools import combinations

Table = Sequence[Sequence[Hashable | None]]
"""Rows are units, columns coders; None where a coder gave no value."""
Weights = Sequence[float] | None
"""How many units each row stands for (characters of one stretch of text); None: one each."""


def _weighted(table: Table, weights: Weights) -> list[tuple[Sequence[Hashable | None], float]]:
    if weights is None:
        return [(row, 1.0) for row in table]
    return list(zip(table, weights, strict=True))


def pairable(table: Table, weights: Weights = None) -> list[tuple[list[Hashable], float]]:
    """Each unit's values and weight, dropping missing values and units left with fewer than
    two."""
    units = [([v for v in row if v is not None], w) for row, w in _weighted(table, weights)]
    return [(values, w) for values, w in units if len(values) >= 2 and w > 0]


def percent_agreement(table: Table, weights: Weights = None) -> float | None:
    """The share of agreeing pairs among all pairs of values given to the same unit.

    With two coders and no missing data this is the share of units they agree on.
    """
    agreeing = pairs = 0.0
    for values, weight in pairable(table, weights):
        for first, second in combinations(values, 2):
            pairs += weight
            agreeing += weight * (first == second)
    return agreeing / pairs if pairs else None


def cohen_kappa(table: Table, weights: Weights = None) -> float | None:
    """Cohen's kappa for exactly two coders, over the units both coded."""
    rows = _weighted(table, weights)
    if any(len(row) != 2 for row, _ in rows):
        return None
    both = [(row[0], row[1], w) for row, w in rows if None not in (row[0], row[1]) and w > 0]
    n = sum(w for _, _, w in both)
    if not n:
        return None
    observed = sum(w for first, second, w in both if first == second) / n
    firsts: defaultdict[Hashable, float] = defaultdict(float)
    seconds: defaultdict[Hashable, float] = defaultdict(float)
    for first, second, w in both:
        firsts[first] += w
        seconds[second] += w
    expected = sum(firsts[value] * seconds[value] for value in firsts) / (n * n)
    if expected == 1:
        return None  # both coders used one and the same value throughout: undefined
    return (observed - expected) / (1 - expected)


def fleiss_kappa(table: Table, weights: Weights = None) -> float | None:
    """Fleiss' kappa over the units every coder coded (it needs the same number per unit)."""
    complete = [
        (list(row), w) for row, w in _weighted(table, weights) if row and None not in row and w > 0
    ]
    categories = list(dict.fromkeys(value for row, _ in complete for value in row))
    tallies = [(Counter(row), w) for row, w in complete]
    return fleiss_kappa_counts(
        [[tally[value] for value in categories] for tally, _ in tallies], [w for _, w in tallies]
    )


def fleiss_kappa_counts(counts: Sequence[Sequence[int]], weights: Weights = None) -> float | None:
    """Fleiss' kappa from a units x categories table of how many raters chose each category.

    Every row sums to the number of raters; column k counts the same category in every row.
    """
    rows = [list(row) for row in counts]
    sizes = [1.0] * len(rows) if weights is None else list(weights)
    if not rows:
        return None
    raters = sum(rows[0])
    if raters < 2 or any(sum(row) != raters or len(row) != len(rows[0]) for row in rows):
        return None
    units = sum(sizes)
    agreement = (
        sum(
            w * (sum(n * n for n in row) - raters) / (raters * (raters - 1))
            for row, w in zip(rows, sizes, strict=True)
        )
        / units
    )
    totals = [0.0] * len(rows[0])
    for row, w in zip(rows, sizes, strict=True):
        for k, n in enumerate(row):
            totals[k] += w * n
    shares = [total / (units * raters) for total in totals]
    expected = sum(share * share for share in shares)
    if expected == 1:
        return None  # every rater chose the same category for every unit: undefined
    return (agreement - expected) / (1 - expected)


def krippendorff_alpha(table: Table, weights: Weights = None) -> float | None:
    """Krippendorff's alpha for nominal values, any number of coders, missing data allowed.

    Through the coincidence matrix: each unit with m >= 2 values adds 1/(m - 1) for every
    ordered pair of values from different coders; alpha = 1 - (n - 1) * (disagreeing
    coincidences) / (sum over c != k of n_c * n_k).
    """
    coincidences: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for values, size in pairable(table, weights):
        weight = size / (len(values) - 1)
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidences[first, second] += weight
    marginals: defaultdict[Hashable, float] = defaultdict(float)
    for (first, _), count in coincidences.items():
        marginals[first] += count
    n = sum(marginals.values())
    disagreeing = sum(count for (c, k), count in coincidences.items() if c != k)
    total = sum(marginals.values())
    by_chance = total * total - sum(count * count for count in marginals.values())
    if by_chance == 0:
        return None  # one value only: no variation, alpha undefined
    return 1 - (n - 1) * disagreeing / by_chance


Segment = tuple[int, int, Hashable]
"""A unit one coder marked on the continuum: start, end (exclusive) and its category."""


def unitizing_alpha(
    begin: int, end: int, coders: Sequence[Sequence[Segment]], category: Hashable | None = None
) -> float | None:
    """Krippendorff's unitizing alpha (alpha-u) over a continuum [begin, end).

    Each coder's segments of a category divide the continuum into units and the gaps
    between them; observed disagreement sums, over pairs of coders and each unit or gap of
    one that intersects a unit or gap of the other, the squared distance of their ends
    (unit against unit) or the unit's squared length (a unit inside the other's gap);
    expected disagreement is what the same units and gaps give placed at random.
    Krippendorff, K. (2004). Measuring the reliability of qualitative text analysis data.
    Quality & Quantity 38, 787-800; and Content Analysis (2004), section 12.4. With no
    `category`, every category's disagreements are averaged (the book's overall alpha-u).
    Overlapping segments of one coder and category are merged first.
    """
    categories = [category] if category is not None else _categories(coders)
    if len(coders) < 2 or end <= begin or not categories:
        return None
    observed = expected = Fraction(0)
    for value in categories:
        sections = [_sections(begin, end, coder, value) for coder in coders]
        observed += _observed(sections, end - begin)
        expected += _expected(sections, end - begin)
    if expected == 0:
        return None
    return float(1 - observed / expected)


_Section = tuple[int, int, bool]  # start, end, is a unit (False: a gap)


def _categories(coders: Sequence[Sequence[Segment]]) -> list[Hashable]:
    return list(dict.fromkeys(value for coder in coders for _, _, value in coder))


def _sections(begin: int, end: int, segments: Sequence[Segment], value: Hashable) -> list[_Section]:
    """The coder's units of one category, merged where they overlap, and the gaps between."""
    units: list[list[int]] = []
    for start, stop, category in sorted(segments, key=lambda s: (s[0], s[1])):
        start, stop = max(start, begin), min(stop, end)
        if category != value or start >= stop:
            continue
        if units and start < units[-1][1]:
            units[-1][1] = max(units[-1][1], stop)
        else:
            units.append([start, stop])
    sections: list[_Section] = []
    position = begin
    for start, stop in units:
        if start > position:
            sections.append((position, start, False))
        sections.append((start, stop, True))
        position = stop
    if position < end:
        sections.append((position, end, False))
    return sections


def _distance(first: _Section, second: _Section) -> int:
    """delta squared between two intersecting sections of different coders."""
    (b1, e1, unit1), (b2, e2, unit2) = first, second
    if unit1 and unit2:
        return (b1 - b2) ** 2 + (e1 - e2) ** 2
    if unit1 and not unit2 and b2 <= b1 and e1 <= e2:
        return (e1 - b1) ** 2
    if unit2 and not unit1 and b1 <= b2 and e2 <= e1:
        return (e2 - b2) ** 2
    return 0


def _observed(sections: list[list[_Section]], length: int) -> Fraction:
    coders = len(sections)
    total = 0
    for i in range(coders):
        for j in range(i + 1, coders):
            total += sum(
                _distance(first, second)
                for first, second in _intersecting(sections[i], sections[j])
            )
    return Fraction(2 * total, coders * (coders - 1) * length * length)


def _intersecting(first: list[_Section], second: list[_Section]) -> list[tuple[_Section, _Section]]:
    """Every pair of sections, one from each list, that share at least one position."""
    pairs: list[tuple[_Section, _Section]] = []
    i = j = 0
    while i < len(first) and j < len(second):
        a, b = first[i], second[j]
        if a[0] < b[1] and b[0] < a[1]:
            pairs.append((a, b))
        if a[1] <= b[1]:
            i += 1
        else:
            j += 1
    return pairs


def _expected(sections: list[list[_Section]], length: int) -> Fraction:
    coders = len(sections)
    units = [e - b for coder in sections for b, e, is_unit in coder if is_unit]
    gaps = sorted((e - b for coder in sections for b, e, is_unit in coder if not is_unit))
    count = len(units)
    numerator = Fraction(0)
    for size in units:
        within = Fraction((count - 1) * (2 * size**3 - 3 * size**2 + size), 3)
        placed = size * size * sum(gap - size + 1 for gap in gaps if gap >= size)
        numerator += within + placed
    denominator = coders * length * (coders * length - 1) - sum(s * (s - 1) for s in units)
    if denominator == 0:
        return Fraction(0)
    return Fraction(2, length) * numerator / denominator
