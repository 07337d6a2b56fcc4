"""The one highlight query's faster shapes: a read of every highlight names articles by id
(each article's path and title read once), and a read without quotes leaves the quote context out.
Each is held equal to the per-highlight read it replaces."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gpreader.models import HighlightRecord
from gpreader.store import AnnotationStore, HighlightFilter

ARTICLES = [("b.txt", "Bé title"), ("a.txt", None), ("c/d.txt", "🎉 third")]


def _store(tmp_path: Path) -> AnnotationStore:
    """Three articles (one untitled) and 90 highlights with quotes, scores and tags."""
    rng = random.Random(3)
    store = AnnotationStore(tmp_path / "s.db", coder="t")
    db = store.db
    for n, (path, title) in enumerate(ARTICLES, 1):
        db.execute(
            "INSERT INTO articles (id, path, sha256, text, title) VALUES (?, ?, ?, ?, ?)",
            [n * 7, path, f"sha{n}", "x" * 200, title],
        )
    for path in ("p", "p/q", "r"):
        store.ensure_tag(path)
    tags = [r[0] for r in db.execute("SELECT id FROM tags")]
    for n in range(90):
        start = rng.randrange(100)
        db.execute(
            'INSERT INTO highlights (id, article_id, start, "end", exact, prefix, suffix, '
            "article_sha256, score, created, coder, note) VALUES (?, ?, ?, ?, 'x', ?, ?, ?, ?, "
            "?, 'ann', ?)",
            [
                f"h{n:02d}",
                rng.choice([7, 14, 21]),
                start,
                start + rng.randint(1, 50),
                rng.choice(["", "pre"]),
                rng.choice([None, "suf"]),
                rng.choice([None, "sha"]),
                rng.choice([None, 0.5]),
                f"2024-0{1 + n % 3}",
                rng.choice(["", "a note"]),
            ],
        )
        for tag in rng.sample(tags, rng.randint(0, 3)):
            db.execute(
                "INSERT INTO highlight_tags (highlight_id, tag_id, coder) VALUES (?, ?, 'bob')",
                [f"h{n:02d}", tag],
            )
    db.conn.commit()
    return store


def _per_article(store: AnnotationStore, **kw: bool) -> list[HighlightRecord]:
    """Every highlight, read article by article (a narrow read: path and title from SQL)."""
    found: list[HighlightRecord] = []
    for path in sorted(p for p, _ in ARTICLES):
        found += store.highlight_records(HighlightFilter(article=path), **kw)
    return found


def test_a_broad_read_equals_the_reads_per_article(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        broad = list(store.highlight_records(HighlightFilter()))
        assert broad == _per_article(store)
        assert len(broad) == 90
        assert {r.title for r in broad} == {"Bé title", "", "🎉 third"}
        assert {r.prefix for r in broad} == {"", "pre"} and {r.score for r in broad} == {None, 0.5}
        assert store.highlights() == [
            store.highlight(r.id) for r in broad
        ]  # listing goes through it too


@pytest.mark.parametrize("selection", [HighlightFilter(), HighlightFilter(article="b.txt")])
def test_a_read_without_quotes_blanks_only_the_quote_fields(
    tmp_path: Path, selection: HighlightFilter
) -> None:
    with _store(tmp_path) as store:
        full = list(store.highlight_records(selection))
        light = list(store.highlight_records(selection, quotes=False))
    blanked = [r._replace(prefix="", suffix="", article_sha256="", score=None) for r in full]
    assert light == blanked
    assert any(r.prefix for r in full) and not any(r.prefix or r.score for r in light)
