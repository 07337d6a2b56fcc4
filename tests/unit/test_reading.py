"""reading.py: blocks, units, motions, words, highlight lookup, tag ranking, library order."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from gpreader import reading
from gpreader.corpus.files import load_article
from gpreader.models import Article, ArticleSummary, Highlight, Span
from gpreader.store import AnnotationStore
from gpreader.text import trim_range

SAMPLE = Path(__file__).resolve().parents[2] / "articles"


def article(text: str, spans: tuple[Span, ...] = ()) -> Article:
    return Article("a.txt", "x", text, "utf-8", "t", None, 0, 0, spans)


def highlight(
    start: int, end: int, *, status: str = "anchored", tags: tuple[str, ...] = ()
) -> Highlight:
    return Highlight(
        id=f"{start}-{end}",
        article="a.txt",
        start=start,
        end=end,
        exact="",
        prefix="",
        suffix="",
        article_sha256="x",
        status=status,
        tags=tags,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def sample() -> Article:
    return load_article(SAMPLE, "003_24c3c5c25ddb21cc.txt")


def test_blocks_cover_every_displayed_span_in_order_without_overlap(sample: Article) -> None:
    shown = reading.blocks(sample)
    assert [b.kind for b in shown][:3] == ["furniture", "title", "furniture"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(shown))
    kinds = {b.kind for b in shown}
    assert {"title", "paragraph", "comment_header", "furniture"} <= kinds
    headers = [b for b in shown if b.kind == "comment_header"]
    assert headers and all(b.author and b.date for b in headers)


def test_text_no_span_covers_becomes_paragraphs() -> None:
    text = "Title\n\nfirst line\n  second line  \n"
    shown = reading.blocks(article(text, (Span("title", 0, 5, "title"),)))
    assert [(text[b.start : b.end], b.kind) for b in shown] == [
        ("Title", "title"),
        ("first line", "paragraph"),
        ("second line", "paragraph"),
    ]


def test_units_are_sentences_plus_the_title(sample: Article) -> None:
    units = reading.units(sample, reading.blocks(sample))
    sentences = [(s.start, s.end) for s in sample.sentences]
    title = next(s for s in sample.spans if s.kind == "title")
    assert set(sentences) <= set(units)
    assert (title.start, title.end) in units
    assert units == sorted(units)


def test_unit_at_finds_the_unit_or_the_next_one() -> None:
    starts, ends = [0, 10, 20], [5, 15, 25]
    assert reading.unit_at(starts, ends, 3) == 0
    assert reading.unit_at(starts, ends, 7) == 1  # in a gap: the next unit
    assert reading.unit_at(starts, ends, 99) == 2
    assert reading.unit_at([], [], 3) == -1


def _block_of(shown: list[reading.Block], offset: int) -> int:
    """Index of the last block starting at or before `offset` (the test's own oracle)."""
    return max((i for i, b in enumerate(shown) if b.start <= offset), default=0)


def test_paragraph_moves_like_vim(sample: Article) -> None:
    shown = reading.blocks(sample)
    units = reading.units(sample, shown)
    i = next(i for i, (s, _) in enumerate(units) if sample.section_at(s) == "body")
    nxt = reading.paragraph_move(shown, units, i, 1)
    assert _block_of(shown, units[nxt][0]) > _block_of(shown, units[i][0])
    assert reading.paragraph_move(shown, units, nxt, -1) == i
    inside = next(
        j
        for j in range(1, len(units))
        if _block_of(shown, units[j][0]) == _block_of(shown, units[j - 1][0])
    )
    first = inside - 1
    while first > 0 and _block_of(shown, units[first - 1][0]) == _block_of(shown, units[inside][0]):
        first -= 1
    assert reading.paragraph_move(shown, units, inside, -1) == first
    assert reading.paragraph_move(shown, units, len(units) - 1, 1) == len(units) - 1


def test_grapheme_start_keeps_combining_marks_and_flags_whole() -> None:
    text = "cafe\u0301 🇬🇧 naïve 医生"
    assert reading.grapheme_start(text, 4) == 3  # not between e and its accent
    assert reading.grapheme_start(text, 7) == 6  # not inside the flag


def test_trim_range() -> None:
    assert trim_range("  ab  ", 0, 6) == (2, 4)
    assert trim_range("    ", 0, 4) is None


def test_highlight_lookup_prefers_exact_then_smallest_containing() -> None:
    big, small, other = highlight(0, 50), highlight(10, 20), highlight(30, 40)
    orphan = highlight(12, 14, status="orphaned")
    hs = [big, small, other, orphan]
    assert reading.exact_highlight(hs, 10, 20) is small
    assert reading.exact_highlight(hs, 12, 14) is None
    assert reading.highlight_under(hs, 12, 14) is small
    assert reading.highlight_under(hs, 35, 60) is big  # overlaps most
    assert reading.highlight_under([small, other], 35, 60) is other
    assert reading.highlight_under(hs, 60, 70) is None
    assert reading.adjacent_highlight(hs, 10, 1) is other
    assert reading.adjacent_highlight(hs, 10, -1) is big
    assert reading.adjacent_highlight(hs, 30, 1) is None
    assert reading.drawable(hs, 45) == [small, other]


def test_tag_passages_group_by_article_with_context(loaded_store: AnnotationStore) -> None:
    paths = [a.path for a in loaded_store.articles()]
    for path in (paths[1], paths[0], paths[1]):
        text = loaded_store.article(path).text
        at = text.index("GP", 200)
        loaded_store.add_highlight(path, at, at + 2, tags=["policy/contract"])
    loaded_store.add_highlight(paths[2], 300, 310, tags=["other"])
    groups = reading.tag_passages(loaded_store, "policy")
    assert [g.article for g in groups] == [paths[0], paths[1]]
    assert [len(g.passages) for g in groups] == [1, 2]
    p = groups[0].passages[0]
    assert p.highlight.exact == "GP" and p.before and p.after
    assert "\n" not in p.before + p.after
    assert groups[0].title == loaded_store.article(paths[0]).title


def summary(path: str, title: str, date: str | None, words: int, hl: int = 0) -> ArticleSummary:
    return ArticleSummary(path, title, date, words, 0, hl)


def test_filter_and_sort_articles() -> None:
    rows = [
        summary("b.txt", "GP contract talks", "2024-02-01", 500, 2),
        summary("a.txt", "Primary care funding", None, 900),
        summary("c.txt", "Contract reform", "2023-01-01", 100, 5),
    ]
    assert [r.path for r in reading.filter_articles(rows, "contract")] == ["b.txt", "c.txt"]
    assert [r.path for r in reading.filter_articles(rows, "gp talks")] == ["b.txt"]
    assert [r.path for r in reading.filter_articles(rows, "2023")] == ["c.txt"]
    by_date = reading.sort_articles(rows, "date", descending=True)
    assert [r.path for r in by_date] == ["b.txt", "c.txt", "a.txt"]  # undated last
    assert [r.path for r in reading.sort_articles(rows, "date")] == ["c.txt", "b.txt", "a.txt"]
    assert next(r.path for r in reading.sort_articles(rows, "highlights", True)) == "c.txt"
    assert next(r.path for r in reading.sort_articles(rows, "title")) == "c.txt"
    with pytest.raises(ValueError):
        reading.sort_articles(rows, "colour")


def test_clip() -> None:
    assert reading.clip("a\n b   c", 10) == "a b c"
    assert reading.clip("abcdefghij", 5) == "abcd…"
