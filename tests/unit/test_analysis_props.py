"""Properties of the analysis tables over random highlight sets (no store: a Coding built
directly, with text made of numbered words so coded words can be counted by hand)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.analysis import cooccurrence, matrix
from gpreader.analysis.coding import ArticleInfo, Coded, Coding

TAGS = ["a", "a/x", "a/y", "b", "c/z"]
ARTICLES = {
    "p1": ArticleInfo("p1", "One", "2024-01-05"),
    "p2": ArticleInfo("p2", "Two", "2024-02-10"),
    "p3": ArticleInfo("p3", "Three", None),
}
WORD = 4  # every word is "wNN " (4 characters): word k covers [4k, 4k + 3)
TEXT = "".join(f"w{k:02d} " for k in range(40))


def texts(ranges: list[tuple[str, int, int]]) -> list[str]:
    return [TEXT[s:e] for _, s, e in ranges]


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    n = draw(st.integers(0, 25))
    found = []
    for i in range(n):
        start = draw(st.integers(0, 150))
        end = draw(st.integers(start + 1, 160))
        tags = draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=3))
        found.append(
            Coded(f"h{i}", draw(st.sampled_from(sorted(ARTICLES))), start, end, tuple(sorted(tags)))
        )
    return Coding(found, dict(ARTICLES), list(TAGS), texts=texts)


def covered_words(ranges: list[tuple[int, int]]) -> int:
    return len({k for s, e in ranges for k in range(40) if WORD * k < e and WORD * k + 3 > s})


@settings(max_examples=100, deadline=None)
@given(codings(), st.integers(0, 1))
def test_same_highlight_cooccurrence_is_symmetric_and_bounded(coding: Coding, depth: int) -> None:
    t = cooccurrence(coding, "highlight", depth=depth)
    n = len(t.rows)
    for i in range(n):
        assert t.cells[i][i] == t.row_totals[i]
        for j in range(n):
            assert t.cells[i][j] == t.cells[j][i]
            assert t.cells[i][j] <= min(t.cells[i][i], t.cells[j][j])
            assert len(t.behind(i, j)) == t.cells[i][j]
    assert t.total == len(coding.highlights)


@settings(max_examples=100, deadline=None)
@given(codings(), st.sampled_from(["article", "month", "year"]), st.integers(0, 1))
def test_matrix_totals_equal_direct_counts(coding: Coding, by: str, depth: int) -> None:
    hs = coding.highlights
    t = matrix(coding, by=by, depth=depth)
    assert t.total == len(hs)
    assert sum(t.column_totals) == len(hs)  # each highlight is in one column
    for i, row in enumerate(t.rows):
        direct = [h for h in hs if any(fold_ok(tag, row, depth) for tag in h.tags)]
        assert t.row_totals[i] == len(direct)
        assert sum(len(t.behind(i, j)) for j in range(len(t.columns))) == len(direct)
    articles = matrix(coding, by=by, count="articles", depth=depth)
    assert articles.total == len({h.article for h in hs})
    words = matrix(coding, by=by, count="words", depth=depth)
    per_article = {
        p: covered_words([(h.start, h.end) for h in hs if h.article == p]) for p in ARTICLES
    }
    assert words.total == sum(per_article.values())
    for i, row in enumerate(words.rows):
        direct_words = sum(
            covered_words(
                [
                    (h.start, h.end)
                    for h in hs
                    if h.article == p and any(fold_ok(tag, row, depth) for tag in h.tags)
                ]
            )
            for p in ARTICLES
        )
        assert words.row_totals[i] == direct_words


def fold_ok(tag: str, row: str, depth: int) -> bool:
    return ("/".join(tag.split("/")[:depth]) if depth else tag) == row


@settings(max_examples=100, deadline=None)
@given(codings(), st.sampled_from(["overlap", "highlight"]), st.sampled_from(["count", "jaccard"]))
def test_cooccurrence_is_symmetric_under_every_unit_rule(
    coding: Coding, rule: str, measure: str
) -> None:
    t = cooccurrence(coding, rule, measure=measure)
    for i in range(len(t.rows)):
        for j in range(len(t.rows)):
            assert t.cells[i][j] == t.cells[j][i]
            if measure == "jaccard":
                assert 0 <= t.cells[i][j] <= 1
