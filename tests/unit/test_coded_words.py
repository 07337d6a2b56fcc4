"""Coded words against a direct count: random texts with apostrophes, underscores, digits,
non-ASCII letters and long runs, random highlights cutting words anywhere, every cell of the
words matrix equal to the words (found over the whole text) the row's ranges touch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.analysis import matrix
from gpreader.analysis.coded_words import WORD
from gpreader.analysis.coding import ArticleInfo, Coded, Coding

TAGS = ["a", "a/x", "b"]
PIECES = [
    "ab",
    "don't",
    "’t",
    "'",
    "''",
    " ",
    "  ",
    "_",
    "x_y",
    "é",
    "12",
    ".",
    "-",
    "\n",
    "z" * 70,
]


@st.composite
def corpora(draw: st.DrawFn) -> tuple[Coding, dict[str, str]]:
    texts = {
        p: "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))
        for p in ("p1", "p2", "p3")
    }
    found = []
    for i in range(draw(st.integers(0, 20))):
        path = draw(st.sampled_from(sorted(texts)))
        size = len(texts[path])
        start = draw(st.integers(0, max(0, size - 1)))
        end = draw(st.integers(start, size + 5))  # (past the end too)
        tags = draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2))
        found.append(Coded(f"h{i}", path, start, end, tuple(sorted(tags))))
    articles = {
        "p1": ArticleInfo("p1", "", "2024-01-05"),
        "p2": ArticleInfo("p2", "", "2024-01-09"),
        "p3": ArticleInfo("p3", "", "2025-03-01"),
    }

    def read(ranges: list[tuple[str, int, int]]) -> list[str]:
        return [texts[p][s:e] for p, s, e in ranges]

    return Coding(found, articles, list(TAGS), texts=read), texts


def touched(text: str, ranges: list[tuple[int, int]]) -> set[int]:
    """The start of every word (over the whole text) one of `ranges` touches."""
    return {
        m.start() for m in WORD.finditer(text) for s, e in ranges if m.start() < e and m.end() > s
    }


@settings(max_examples=60, deadline=None)
@given(corpora(), st.sampled_from(["article", "month", "year"]))
def test_every_words_cell_equals_a_direct_count(
    corpus: tuple[Coding, dict[str, str]], by: str
) -> None:
    coding, texts = corpus
    t = matrix(coding, by=by, count="words")
    month = {"p1": "2024-01", "p2": "2024-01", "p3": "2025-03"}
    column = {
        "article": {p: p for p in texts},
        "month": month,
        "year": {p: v[:4] for p, v in month.items()},
    }[by]
    hs = coding.highlights
    for i, row in enumerate(t.rows):
        for j, col in enumerate(t.columns):
            direct = sum(
                len(
                    touched(
                        texts[p],
                        [(h.start, h.end) for h in hs if h.article == p and row in h.tags],
                    )
                )
                for p in texts
                if column[p] == col
            )
            assert t.cells[i][j] == direct, (row, col)
    for j, col in enumerate(t.columns):
        direct = sum(
            len(touched(texts[p], [(h.start, h.end) for h in hs if h.article == p]))
            for p in texts
            if column[p] == col
        )
        assert t.column_totals[j] == direct
    assert t.total == sum(t.column_totals)
