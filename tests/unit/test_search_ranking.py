"""What search finds and in which order: exact before variants, word forms, short typos, many
completions, phrase fallback, -word, OR; and the same ranked list every time, under load."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.search import Hit, SearchIndex
from gpreader.search import candidates as search_candidates
from gpreader.search.index import fold_words
from gpreader.search.vocab import Vocabulary, max_edits, slip
from gpreader.store import AnnotationStore
from tests.conftest import shared_path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_search_quality.py"

ARTICLES = {
    "music.txt": "Piano night\n\nHoward Hughes played the piano at the club. "
    "The player Howard Hughes left early.\n",
    "council.txt": "Council budget\n\nThe council funded the new library last year. "
    "Critics said the library was a tax evasion and a waste.\n",
    "funding.txt": "Funding row\n\nFunding for the library is secure, the mayor said.\n",
    "minus.txt": "Cold\n\nIt was a chill minus ten at dawn. A chill mind is a calm mind. "
    + " ".join(
        f"The {w} was there."
        for w in ["mine", "mind", "mint", "minor", "mini", "mince", "miner", "mink", "minim"] * 3
    )
    + "\n",
    "time.txt": "Clocks\n\nTime flies when you read. The mayor of London spoke.\n",
    "watch.txt": "Oversight\n\nThe scheme will be overseen by a new independent watchdog. "
    "It was a big year for independent news media, the chief said.\n",
    "moods.txt": "Moods\n\nWe were very happy. I felt very very happy that spring.\n",
}


@pytest.fixture
def small(tmp_path: Path) -> Iterator[AnnotationStore]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = AnnotationStore(tmp_path / "a.db", coder="tester")
    library.refresh(store, folder)
    yield store
    store.close()


def _texts(hits: list[Hit]) -> list[str]:
    return [" ".join(fold_words(h.text)) for h in hits]


def test_an_exact_word_outranks_a_variant_in_order(small: AnnotationStore) -> None:
    texts = _texts(SearchIndex(small).search("played howard "))
    assert texts[0] == "howard hughes played the piano at the club"
    assert "the player howard hughes left early" in texts


def test_a_known_last_word_outranks_its_completions(small: AnnotationStore) -> None:
    """`independent new`, words remembered out of order: the passage with the word `new`
    comes before "independent news" (a completion, though in order and adjacent)."""
    texts = _texts(SearchIndex(small).search("independent new"))
    assert texts[0] == "the scheme will be overseen by a new independent watchdog"
    assert "it was a big year for independent news media the chief said" in texts
    vocab = SearchIndex(small)._vocabulary()
    assert vocab is not None
    assert vocab.expand("new", prefix=True)["news"] < vocab.expand("ne", prefix=True)["news"]


def test_one_passage_word_stands_for_one_query_word(small: AnnotationStore) -> None:
    """`vey very`: two words typed, so the passage with two `very` comes first (a single
    `very` no longer counts as both the typo and the exact word)."""
    texts = _texts(SearchIndex(small).search("vey very happy"))
    assert texts == ["i felt very very happy that spring"]  # the other holds only some
    texts = _texts(SearchIndex(small).search("happy very very"))
    assert texts[0] == "i felt very very happy that spring"


def test_a_seven_letter_word_gets_two_edits(small: AnnotationStore) -> None:
    texts = _texts(SearchIndex(small).search("lbirray "))  # two swaps in "library"
    assert texts and all("library" in t.split() for t in texts)
    assert max_edits("lbirray", known=False) == 2 and max_edits("lbirry", known=False) == 1


def test_a_long_known_word_gets_one_edit(small: AnnotationStore) -> None:
    """`library` is a corpus word: its variants are one edit away (no two-edit look-up)."""
    assert max_edits("library", known=True) == 1
    vocab = SearchIndex(small)._vocabulary()
    assert vocab is not None
    assert {d for d, _, _ in vocab.variants("library")} <= {1}
    texts = _texts(SearchIndex(small).search("library "))
    assert texts and all("library" in t.split() for t in texts)


def test_word_forms_match_below_exact_words(small: AnnotationStore) -> None:
    texts = _texts(SearchIndex(small).search("funding library "))
    assert texts[0].startswith("funding for the library")
    assert "the council funded the new library last year" in texts


def test_a_three_letter_typo_gets_one_edit(small: AnnotationStore) -> None:
    texts = _texts(SearchIndex(small).search("tme flies "))
    assert texts[0] == "time flies when you read"
    assert max_edits("tme", known=False) == 1 and max_edits("the", known=True) == 0


def test_the_last_word_completes_past_the_eight_most_frequent(small: AnnotationStore) -> None:
    vocab = SearchIndex(small)._vocabulary()
    assert vocab is not None
    assert "minus" in vocab.completions("min")
    assert len(vocab.source.starting("min", 1000) or []) > 9
    texts = _texts(SearchIndex(small).search("chill min"))
    assert "it was a chill minus ten at dawn" in texts


def test_completions_closest_first_and_bounded() -> None:
    vocab = Vocabulary({"minus": 1, "mind": 50, "mindful": 90, "mine": 5, "min": 9})
    assert vocab.completions("min") == ["mind", "mine", "minus", "mindful"]
    assert vocab.completions("min", limit=2) == ["mind", "mine"]


def test_a_word_matching_nothing_falls_back_to_the_phrase(small: AnnotationStore) -> None:
    texts = _texts(SearchIndex(small).search('zqxj "evasion and"'))
    assert texts and "tax evasion and a waste" in texts[0]


def test_minus_excludes_and_or_joins(small: AnnotationStore) -> None:
    index = SearchIndex(small)
    assert all("council" not in t for t in _texts(index.search("library -council ")))
    assert _texts(index.search("library -council "))
    found = _texts(index.search("piano OR evasion "))
    assert any("piano" in t for t in found) and any("evasion" in t for t in found)
    without = _texts(index.search('piano -"the piano" '))
    assert without == ["piano night"]  # the title; the sentence holds "the piano"


def test_typing_slips_are_the_likeliest_variants() -> None:
    assert slip("iwn", "win") and slip("radoi", "radio") and slip("tme", "time")
    assert slip("tiime", "time") and slip("scalw", "scale")
    assert not slip("xhe", "the") and not slip("abc", "xyz")
    vocab = Vocabulary({"in": 100, "inn": 99, "ion": 98, "win": 1})
    assert vocab.variants("iwn")[0][2] == "win"  # a swap before more frequent other edits


def test_no_clock_in_the_result_path() -> None:
    source = Path(search_candidates.__file__).parent
    for module in source.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "perf_counter" not in text and "time.time" not in text, module.name


# -- determinism ------------------------------------------------------------------------------


@contextmanager
def _machine_loaded(processes: int = 2) -> Iterator[None]:
    """Every core kept busy by other processes, as on a loaded machine. Processes, not
    threads: a thread spinning in Python would hold the GIL, and each SQLite call of the
    search would wait a switch interval to get it back (minutes for 150 queries)."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)
    ]
    try:
        time.sleep(0.2)  # started and spinning
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def test_the_same_query_gives_the_same_ranked_list_under_load(tmp_path: Path) -> None:
    corpus = shared_path("corpora", "bbc-news-2005")
    spec = importlib.util.spec_from_file_location("bench_search_quality", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    store = AnnotationStore(tmp_path / "bbc.db", coder="tester")
    library.refresh(store, corpus)
    queries = [item.query for item in bench.make_queries(store.db.conn, 150, 17)]
    index = SearchIndex(store)

    def ranked() -> list[list[tuple[str, int, float]]]:
        return [[(h.article, h.start, h.score) for h in index.search(q)] for q in queries]

    first = ranked()  # words looked up in SQL: the vocabulary is not loaded yet
    assert index._caches.vocabulary is None
    index.warm()  # the second pass uses the loaded vocabulary: the same lists expected
    with _machine_loaded():
        second = ranked()
    assert sum(1 for hits in first if hits) > 140
    differ = [q for q, a, b in zip(queries, first, second, strict=True) if a != b]
    assert differ == []
    store.close()


def test_expansions_are_kept_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word expanded again gets the same answer from memory; a caller changing the answer
    does not change the next one; past EXPANDED answers all are forgotten at once."""
    from gpreader.search import vocab as vocab_module

    words = {"minus": 1, "mind": 50, "mindful": 90, "mine": 5, "min": 9, "mist": 3}
    vocab = Vocabulary(words)
    first = vocab.expand("mins", prefix=True)
    first["intruder"] = 1.0
    assert vocab.expand("mins", prefix=True) == Vocabulary(dict(words)).expand("mins", prefix=True)
    assert "intruder" not in vocab.expand("mins", prefix=True)
    monkeypatch.setattr(vocab_module, "EXPANDED", 2)
    for word in ("mind", "mine", "mist"):
        vocab.expand(word)
    assert len(vocab._expanded) <= 2
