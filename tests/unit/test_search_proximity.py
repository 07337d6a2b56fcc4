"""Order and closeness bonuses: measured on the words a passage matched in the window itself,
relative to the best match the corpus holds for a mistyped word, across stop words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.search import Hit, SearchIndex, rank
from gpreader.search.index import fold_words
from gpreader.store import AnnotationStore

ARTICLES = {
    "schools.txt": "Schools\n\nFunding rows: the council funded the new school.\n\n"
    "The council said its funding was secure.\n",
    "stand.txt": "Stand\n\nHe plans to stand once more at the next general election but refused to "
    "confirm he is setting up a new political party called veritas latin for truth.\n\n"
    "Election day: next week, a general stand.\n",
    "evidence.txt": "Evidence\n\nWe are investigating one of the complaints where some "
    "evidence was given to us she said.\n\nEvidence later given.\n",
    "voting.txt": "Voting\n\nApproximately 1.1m of the UK's 1.6m Muslims are of voting age.\n\n"
    "The chairman said the war in Iraq would be a significant factor affecting Muslims voting "
    "intentions.\n",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AnnotationStore]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    opened = AnnotationStore(tmp_path / "a.db", coder="tester")
    library.refresh(opened, folder)
    yield opened
    opened.close()


def _texts(hits: list[Hit]) -> list[str]:
    return [" ".join(fold_words(h.text)) for h in hits]


def test_the_bonus_counts_the_words_of_its_window(store: AnnotationStore) -> None:
    """`council funding`: "council funded" side by side is another word form, not the words
    typed, though "funding" occurs earlier in that passage: the passage with the words typed
    in order and closest together comes first."""
    texts = _texts(SearchIndex(store).search("council funding "))
    assert texts[0] == "the council said its funding was secure"
    assert "funding rows the council funded the new school" in texts


def test_a_mistyped_word_keeps_the_bonuses_of_its_best_match(store: AnnotationStore) -> None:
    """`eletcion` is no corpus word: "election" is the best it can match, so a passage with
    the words in order and together is not outranked by a short one with them scattered."""
    texts = _texts(SearchIndex(store).search("stand next general eletcion "))
    assert texts[0].startswith("he plans to stand once more at the next general election")
    assert "election day next week a general stand" in texts


def test_stop_words_between_matched_words_keep_them_adjacent(store: AnnotationStore) -> None:
    texts = _texts(SearchIndex(store).search("evidence given "))
    assert texts[0] == (
        "we are investigating one of the complaints where some evidence was given to us she said"
    )
    assert texts[1] == "evidence later given"
    stop_words = getattr(rank, "STOP_WORDS", frozenset())
    assert {"was", "the", "of", "to"} <= stop_words and "said" not in stop_words


def test_closeness_leaves_stop_words_out(store: AnnotationStore) -> None:
    """`muslims voting`: "muslims are of voting" is as close as "muslims voting" once stop
    words are left out, so the shorter passage comes first."""
    texts = _texts(SearchIndex(store).search("muslims voting "))
    assert texts[0] == "approximately 1 1m of the uks 1 6m muslims are of voting age"
    assert len(texts) == 2
