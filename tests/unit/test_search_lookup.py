"""Looking words up in SQL (search_vocab) gives what the loaded vocabulary gives, so a search
before the vocabulary is loaded returns the same ranked list as one after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.search import SearchIndex
from gpreader.search.lexicon import MemoryWords, StoredWords, _varints, stored_total
from gpreader.search.vocab import Vocabulary
from gpreader.store import AnnotationStore

TEXTS = {
    "contracts.txt": "Contract talks\n\nThe contract negotiations were contracted out. "
    "Contractors contracting again; the contractual terms of contracts were signed.\n",
    "radio.txt": "Radio days\n\nBBC Radio 4 said the radios were rated. A radical ratio "
    "of listeners preferred the radio drama of Bradford and Radley.\n",
    "greek.txt": "Λόγος\n\nΟ λόγος και ο λογοθέτης μίλησαν για τον λογαριασμό και τα λόγια.\n",
    "mix.txt": "Mixed\n\nThe minister minimised the mining minutes in the ministry of mines, "
    "a minimal mint minus the minority mind.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnnotationStore]:
    root = tmp_path_factory.mktemp("lookup")
    folder = root / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    opened = AnnotationStore(root / "a.db", coder="tester")
    library.refresh(opened, folder)
    yield opened
    opened.close()


def _sources(store: AnnotationStore) -> tuple[MemoryWords, StoredWords]:
    conn = store.db.conn
    rows = conn.execute("SELECT word, freq FROM search_vocab").fetchall()
    total = stored_total(conn)
    return MemoryWords(dict(rows), total=total), StoredWords(conn, total)


def test_the_stored_total_is_the_vocabulary_s_sum(store: AnnotationStore) -> None:
    conn = store.db.conn
    (summed,) = conn.execute("SELECT sum(freq) FROM search_vocab").fetchone()
    assert stored_total(conn) == summed > 0


def test_varints_read_sqlite_s_format() -> None:
    assert _varints(bytes([0x05, 0x81, 0x00, 0xFF, 0x7F])) == [5, 128, 0x3FFF]
    assert _varints(bytes([0xA2, 0xBD, 0x75])) == [564_981]
    assert _varints(bytes([0xFF] * 8 + [0x01])) == [(2**56 - 1) << 8 | 1]


def test_both_sources_answer_alike(store: AnnotationStore) -> None:
    memory, stored = _sources(store)
    words = ["contract", "radio", "nope", "λόγος", "λογοσ", ""]
    assert memory.counts(words) == stored.counts(words)
    assert memory.counts(words)["radio"] >= 2
    for prefix in ("con", "rad", "min", "λογ", "x", ""):
        assert memory.starting(prefix, 3) == stored.starting(prefix, 3)
        assert memory.starting(prefix, 1000) == stored.starting(prefix, 1000)
        assert memory.completions(prefix, 5, 1000) == stored.completions(prefix, 5, 1000)
        assert (
            memory.completions(prefix, 5, 2)
            == stored.completions(prefix, 5, 2)
            == (
                []
                if len(memory.starting(prefix, 1000) or []) > 2
                else memory.completions(prefix, 5, 2)
            )
        )
    assert memory.starting("con", 3) is None  # more than 3 words start so
    assert memory.starting_any(["con", "rad", "ra"]) == stored.starting_any(["con", "rad", "ra"])


TERMS = [
    "contract",  # exact, with forms
    "contarct",  # a swap
    "contracs",  # one left out
    "conttracting",  # two edits in a long word
    "radoi",  # a swap in a short word
    "rdio",  # a letter left out
    "min",  # completions
    "λογος",  # another script, folded
    "λογοσ",
    "xyzzy",
]


@pytest.mark.parametrize("term", TERMS)
def test_a_term_expands_alike_from_either_source(store: AnnotationStore, term: str) -> None:
    memory, stored = _sources(store)
    for prefix in (False, True):
        assert Vocabulary(memory).expand(term, prefix=prefix) == Vocabulary(stored).expand(
            term, prefix=prefix
        )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet="acdeilmnorst", min_size=1, max_size=11), st.booleans())
def test_any_term_expands_alike_from_either_source(
    store: AnnotationStore, term: str, prefix: bool
) -> None:
    memory, stored = _sources(store)
    loaded, looked_up = Vocabulary(memory), Vocabulary(stored)
    assert loaded.expand(term, prefix=prefix) == looked_up.expand(term, prefix=prefix)
    assert loaded.rarity(term) == looked_up.rarity(term)


def test_a_search_before_and_after_loading_gives_the_same_list(store: AnnotationStore) -> None:
    index = SearchIndex(store)
    queries = ["contarct negotations", "radoi drama", "contracts", "minis", '"the radio" brad']
    before = [index.search(q) for q in queries]
    assert index._caches.vocabulary is None  # searching did not load the whole vocabulary
    index.warm()
    assert index._caches.vocabulary is not None
    assert [index.search(q) for q in queries] == before
    assert all(before[:4])


def test_the_first_search_reads_no_whole_vocabulary(store: AnnotationStore) -> None:
    statements: list[str] = []
    with AnnotationStore(store.path, verify=False) as fresh:
        fresh.db.conn.set_trace_callback(statements.append)
        assert SearchIndex(fresh).search("contarct")
        fresh.db.conn.set_trace_callback(None)
    assert not [s for s in statements if "FROM search_vocab ORDER BY word" in s]
    assert not [s for s in statements if "sum(freq)" in s]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40) | st.sampled_from(["contarct radoi", "λογο", '"the radio" x']))
def test_any_query_ranks_alike_before_and_after_loading(store: AnnotationStore, query: str) -> None:
    cold, warm = SearchIndex(store), SearchIndex(store)
    warm.warm()
    assert cold.search(query) == warm.search(query)
    assert cold._caches.vocabulary is None
