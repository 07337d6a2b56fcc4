"""Co-occurrence under the unit rules (counted by analysis/unit_counts.py) equals a count
straight from the definitions in analysis/cooccur.py, over random highlights on articles
with sentences (gaps between them: a highlight there is a unit of its own), paragraphs, and
overlapping highlights."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.analysis import cooccurrence
from gpreader.analysis.coding import ArticleInfo, Coded, Coding, labeller, row_labels

TAGS = ["a", "a/x", "a/y", "b", "c/z"]
PATHS = ["p1", "p2", "p3"]
SIZE = {"sentence": (20, 18), "paragraph": (60, 58)}  # every 20 chars, 18 long; paragraphs


def spans_of(kind: str, paths: Iterable[str]) -> dict[str, tuple[list[int], list[int]]]:
    step, length = SIZE[kind]
    return {p: ([k * step for k in range(8)], [k * step + length for k in range(8)]) for p in paths}


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    found = []
    for i in range(draw(st.integers(0, 30))):
        start = draw(st.integers(0, 170))
        end = draw(st.integers(start + 1, 175))
        tags = draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=3))
        found.append(Coded(f"h{i}", draw(st.sampled_from(PATHS)), start, end, tuple(sorted(tags))))
    articles = {p: ArticleInfo(p, p, None) for p in PATHS}
    return Coding(found, articles, list(TAGS), spans=spans_of)


def expected(coding: Coding, rule: str, depth: int) -> tuple[list[list[int]], int]:
    """The cells and the total, from the definitions."""
    rows = row_labels(coding, (), depth)
    labels = labeller(rows, False, depth)
    hs = list(coding.highlights)
    own: dict[object, set[str]] = {}
    kind, near = ("paragraph", 0) if rule == "paragraph" else ("sentence", 0)
    if rule.startswith("near:"):
        near = int(rule[5:])
    for k, h in enumerate(hs):
        if rule == "overlap":  # the first of its chain of overlapping highlights
            group = {k}
            while True:
                more = {
                    j
                    for j, o in enumerate(hs)
                    for g in group
                    if o.article == hs[g].article and o.start < hs[g].end and hs[g].start < o.end
                }
                if more <= group:
                    break
                group |= more
            units: list[object] = [("passage", min(group))]
        else:
            starts, ends = spans_of(kind, [h.article])[h.article]
            units = [(h.article, i) for i in range(8) if ends[i] > h.start and starts[i] < h.end]
            units = units or [("own", k)]
        for u in units:
            own.setdefault(u, set()).update(labels(h.tags))
    own = {u: ls for u, ls in own.items() if ls}

    def near_of(u: object) -> set[str]:
        out = set(own[u])
        if near and isinstance(u, tuple) and u[0] in PATHS:
            for v, ls in own.items():
                if isinstance(v, tuple) and v[0] == u[0] and abs(v[1] - u[1]) <= near:
                    out |= ls
        return out

    spread = {u: near_of(u) for u in own}
    cells = [
        [
            sum(
                1
                for u in own
                if (a in own[u] and b in spread[u]) or (b in own[u] and a in spread[u])
            )
            for b in rows
        ]
        for a in rows
    ]
    return cells, len(own)


@settings(max_examples=200, deadline=None)
@given(
    codings(),
    st.sampled_from(["overlap", "sentence", "paragraph", "near:1", "near:2"]),
    st.integers(0, 1),
)
def test_unit_rules_count_what_the_definitions_count(coding: Coding, rule: str, depth: int) -> None:
    table = cooccurrence(coding, rule, depth=depth)
    cells, total = expected(coding, rule, depth)
    assert table.cells == cells
    assert table.total == total
    assert table.row_totals == [cells[i][i] for i in range(len(cells))]
