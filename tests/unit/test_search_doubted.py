"""A query whose words as typed hold no passage together is searched again with its words
doubted: a known 3-letter word may be a slip (`ant` for `want`), a mistyped 5- or 6-letter
word may be two edits off; a query the words as typed answer is left as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.search import Hit, SearchIndex
from gpreader.search.index import fold_words
from gpreader.search.vocab import Vocabulary, max_edits
from gpreader.store import AnnotationStore

ARTICLES = {
    "report.txt": "Report\n\nThe ministers want to see the report before May.\n",
    "garden.txt": "Garden\n\nThe ant went to the river. See you soon. We see the sea.\n",
    "rugby.txt": "Rugby\n\nWilliams crossed to score the winning try for Wales.\n",
    "cricket.txt": "Cricket\n\nScore after one inning. Try again. Try it.\n",
}


def _store(tmp_path: Path, articles: dict[str, str]) -> AnnotationStore:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = AnnotationStore(tmp_path / "a.db", coder="tester")
    library.refresh(store, folder)
    return store


@pytest.fixture
def small(tmp_path: Path) -> Iterator[AnnotationStore]:
    store = _store(tmp_path, ARTICLES)
    yield store
    store.close()


def _texts(hits: list[Hit]) -> list[str]:
    return [" ".join(fold_words(h.text)) for h in hits]


def test_doubted_words_get_more_edits() -> None:
    assert max_edits("ant", known=True) == 0
    assert max_edits("ant", known=True, doubted=True) == 1
    assert max_edits("an", known=True, doubted=True) == 0
    assert max_edits("innimg", known=False) == 1
    assert max_edits("innimg", known=False, doubted=True) == 2
    assert max_edits("inning", known=True, doubted=True) == 1


def test_a_known_short_word_is_read_as_a_slip_when_nothing_holds_it(
    small: AnnotationStore,
) -> None:
    """`ant to see`: no passage holds `ant` with `see`, so `ant` may be `want`: the passage
    holding every word is found, and those holding only some (`the ant went to the river`)
    are dropped."""
    texts = _texts(SearchIndex(small).search("ant to see "))
    assert texts == ["the ministers want to see the report before may"]  # all words held


def test_a_known_short_word_is_taken_as_typed_when_a_passage_holds_it(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path, {**ARTICLES, "queen.txt": "Queen\n\nThe ant came to see the queen.\n"})
    texts = _texts(SearchIndex(store).search("ant to see "))
    store.close()
    assert texts == ["the ant came to see the queen"]  # `want` is not a variant of `ant`


def test_a_mistyped_word_two_edits_off_when_one_edit_finds_no_passage_with_all(
    small: AnnotationStore,
) -> None:
    """`innimg` is one edit from `inning` (no passage holds it with `score` and `try`) and
    two from `winning` (one passage does)."""
    texts = _texts(SearchIndex(small).search("score innimg try "))
    assert texts == ["williams crossed to score the winning try for wales"]


def test_doubted_search_gives_the_same_list_loaded_or_not(small: AnnotationStore) -> None:
    cold = [(h.article, h.start, h.score) for h in SearchIndex(small).search("ant to see ")]
    index = SearchIndex(small)
    index.warm()
    assert [(h.article, h.start, h.score) for h in index.search("ant to see ")] == cold


def test_a_completion_counts_as_typed(tmp_path: Path) -> None:
    """`ant to se`: a passage holds `ant`, `to` and a completion of `se` (`seen`, though
    `see` and `sea` complete it a little better): the words are not doubted, so `want to
    see` is not found."""
    queen = "Queen\n\nThe ant came to be seen by the queen. We see the sea.\n"
    store = _store(tmp_path, {**ARTICLES, "queen.txt": queen})
    texts = _texts(SearchIndex(store).search("ant to se"))
    store.close()
    assert texts == ["the ant came to be seen by the queen"]


def test_a_doubted_known_short_word_stands_only_for_slips() -> None:
    """`ant` doubted: `want` and `anti` (a letter left out) but not `and` or `art` (keys
    far from `t` and `n`), though they are one edit away too."""
    vocab = Vocabulary({"ant": 2, "want": 5, "anti": 1, "and": 100, "art": 3})
    assert {w for _, _, w in vocab.variants("ant", doubted=True)} == {"want", "anti"}
    assert vocab.variants("ant") == []
