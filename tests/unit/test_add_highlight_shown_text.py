"""add_highlight with the text the caller shows (`shown_text`): the same highlight as when the
quote is read from the database, and the stale-article check stays exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.errors import InvalidInputError, StaleArticleError
from gpreader.store import AnnotationStore

TEXT = "Ünïcode ‘quotes’ — 🙂 and more words\n" * 6


@pytest.fixture
def typed(store: AnnotationStore, tmp_path: Path) -> AnnotationStore:
    folder = tmp_path / "typed"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, "utf-8")
    library.refresh(store, folder)
    return store


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_the_shown_text_gives_the_highlight_the_database_would(
    typed: AnnotationStore, data: st.DataObject
) -> None:
    article = typed.article("a.txt")
    n = len(article.text)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, n))
    read = typed.add_highlight("a.txt", start, end, expected_sha256=article.sha256)
    given_text = typed.add_highlight(
        "a.txt", start, end, expected_sha256=article.sha256, shown_text=article.text
    )
    fields = ("start", "end", "exact", "prefix", "suffix", "article_sha256", "status")
    assert [getattr(given_text, f) for f in fields] == [getattr(read, f) for f in fields]
    assert given_text.exact == article.text[start:end]


def test_a_range_past_the_end_is_refused_with_the_shown_text(typed: AnnotationStore) -> None:
    article = typed.article("a.txt")
    n = len(article.text)
    with pytest.raises(InvalidInputError):
        typed.add_highlight(
            "a.txt", n - 2, n + 1, expected_sha256=article.sha256, shown_text=article.text
        )


def test_a_shown_text_of_an_older_version_saves_nothing(
    typed: AnnotationStore, tmp_path: Path
) -> None:
    old = typed.article("a.txt")
    (tmp_path / "typed" / "a.txt").write_text("A new first line.\n" + TEXT, "utf-8")
    library.refresh(typed, tmp_path / "typed")
    with pytest.raises(StaleArticleError, match="nothing was saved"):
        typed.add_highlight("a.txt", 0, 5, expected_sha256=old.sha256, shown_text=old.text)
    assert typed.highlights("a.txt") == []


def test_without_a_hash_the_shown_text_is_not_trusted(typed: AnnotationStore) -> None:
    h = typed.add_highlight("a.txt", 0, 7, shown_text="Something else entirely here")
    assert h.exact == TEXT[:7]
