"""The search's shortcuts give what the long way gives: one-edit look-ups that skip strings no
word begins with, candidates asked for unranked first, word forms stemmed in one call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.search import SearchIndex
from gpreader.search import candidates as search_candidates
from gpreader.search.candidates import Finder
from gpreader.search.edits import edits1, likely_edits1
from gpreader.search.engine import _elements
from gpreader.search.lexicon import MemoryWords
from gpreader.search.query import parse
from gpreader.search.vocab import Vocabulary, stem
from gpreader.store import AnnotationStore

LETTERS = "abcdeé1"
words = st.text(alphabet=LETTERS, min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.sets(words, min_size=1, max_size=60), words)
def test_likely_edits_find_every_word_one_edit_away(vocabulary: set[str], word: str) -> None:
    source = MemoryWords(dict.fromkeys(vocabulary, 1))
    alphabet = "".join(sorted(set(LETTERS) | set(word)))
    likely = likely_edits1(word, alphabet, source.heads)
    assert likely <= edits1(word, alphabet)
    assert likely & vocabulary == edits1(word, alphabet) & vocabulary


def test_likely_edits_skip_what_no_word_begins_with() -> None:
    source = MemoryWords({"contract": 3, "contrast": 1, "radio": 2})
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    likely = likely_edits1("contarct", alphabet, source.heads)
    assert "contract" in likely
    assert len(likely) < len(edits1("contarct", alphabet)) // 4
    long_word = "contractingxyz"  # past the prefix sets: bisected
    found = likely_edits1(long_word, alphabet, source.heads)
    assert found & {"contract", "contrast", "radio"} == set()


ARTICLES = {
    f"a{n}.txt": f"Title {n}\n\n"
    + " ".join(
        f"The council funded library {k} in {['may', 'june', 'july'][k % 3]}."
        f" A rare{n % 4} word stood {k}."
        for k in range(12)
    )
    + "\n"
    for n in range(8)
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnotationStore]:
    root = tmp_path_factory.mktemp("shortcuts")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    opened = AnnotationStore(root / "a.db", coder="tester")
    library.refresh(opened, folder)
    yield opened
    opened.close()


def _ranked(store: AnnotationStore, query: str, limit: int) -> set[int]:
    """The units the ranked (bm25) query alone gives: the long way."""
    index = SearchIndex(store)
    vocab = index._vocabulary(load=True)
    assert vocab is not None
    elements = _elements(parse(query), vocab)
    match = " AND ".join(e.fts() for e in elements)
    rows = store.db.conn.execute(
        """SELECT rowid FROM search_fts WHERE search_fts MATCH ?
           ORDER BY rank LIMIT ?""",
        [match, limit],
    ).fetchall()
    return {r[0] for r in rows}


@pytest.mark.parametrize("limit", [1, 5, 12, 96, 97, 1000])
@pytest.mark.parametrize("query", ["council library", "rare1 word", "july funded", "rare3 may"])
def test_unranked_candidates_first_are_the_ranked_ones(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch, query: str, limit: int
) -> None:
    monkeypatch.setattr(search_candidates, "CANDIDATES", limit)
    index = SearchIndex(store)
    vocab = index._vocabulary(load=True)
    assert vocab is not None
    q = parse(query)
    elements = _elements(q, vocab)
    finder = Finder(store.db.conn, q, elements, None, index._notes)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        found = finder._match(elements)
    finally:
        store.db.conn.set_trace_callback(None)
    ranked = _ranked(store, query, limit)
    assert set(found) == ranked
    bm25 = any("ORDER BY search_fts.rank" in s for s in statements)
    everything = _ranked(store, query, 10_000)
    assert bm25 == (len(everything) > limit)  # ranked only when more match than are kept


def test_word_forms_are_those_of_the_same_stem() -> None:
    vocab = Vocabulary({"fund": 2, "funded": 3, "funding": 5, "funds": 1, "fundamental": 4})
    assert vocab.forms("funding") == ["funded", "fund", "funds"]
    assert all(stem(w) == stem("funding") for w in vocab.forms("funding"))
