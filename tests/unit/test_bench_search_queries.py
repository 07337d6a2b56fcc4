"""The known-item query generator of benchmarks/bench_search_quality.py (set 2): 2-5 content
words as remembered (function words on top, 5 words at most), never shared by hundreds."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gpreader.corpus import sync as library
from gpreader.search.index import fold_words
from gpreader.store import AnnotationStore

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_search_quality.py"
NOUNS = [
    "council",
    "budget",
    "library",
    "mayor",
    "critics",
    "pension",
    "election",
    "voters",
    "museum",
    "harbour",
]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_search_quality", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    return bench


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    rng = random.Random(5)
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(8):
        sentences = [
            " ".join(
                [rng.choice(NOUNS), "of the", rng.choice(NOUNS), "in", rng.choice(NOUNS)]
                + [rng.choice(NOUNS) + str(rng.randrange(99)) for _ in range(4)]
            ).capitalize()
            + "."
            for _ in range(12)
        ]
        (folder / f"a{n}.txt").write_text(f"Title {n}\n\n" + " ".join(sentences) + "\n")
    s = AnnotationStore(tmp_path / "a.db", coder="tester")
    library.refresh(s, folder)
    return s


def test_set_two_remembers_content_words(store: AnnotationStore) -> None:
    bench = _bench()
    items = bench.make_queries(store.db.conn, 120, 3, 2)
    function = bench.STOP | bench.FUNCTION_WORDS
    for item in items:
        remembered = item.remembered.split()
        assert item.shared <= bench.Generator.SHARED_MAX
        assert set(remembered) <= set(item.words.split())
        if item.kind != "quoted":
            content = [w for w in remembered if w not in function and not w.isdigit()]
            assert 2 <= len(content) <= 5 and len(remembered) <= 5, item
            assert len(fold_words(item.query.replace('"', " "))) == len(remembered)


def test_set_one_is_kept_for_comparison(store: AnnotationStore) -> None:
    """Session 5's generator cut the remembered words to n after adding function words:
    some of its queries end in one (set 2's do not, outside quoted runs)."""
    bench = _bench()
    function = bench.STOP | bench.FUNCTION_WORDS
    old = bench.make_queries(store.db.conn, 300, 3, 1)
    new = bench.make_queries(store.db.conn, 300, 3, 2)
    assert any(i.remembered.split()[-1] in function for i in old if i.kind != "quoted")
    assert not any(i.remembered.split()[-1] in function for i in new if i.kind != "quoted")


def test_a_twin_answers_only_outside_the_strict_figure() -> None:
    bench = _bench()
    item = bench.KnownItem("q", "exact", "b.txt", 10, 20, "the same words")
    twin_first = [("a.txt", 0, 9, "the same words"), ("b.txt", 10, 20, "the same words")]
    assert bench._rank(item, twin_first) == 1
    assert bench._rank(item, twin_first, strict=True) == 2
    near_twin = [("a.txt", 0, 9, "the same word"), ("b.txt", 12, 30, "x")]
    assert bench._rank(item, near_twin) == bench._rank(item, near_twin, strict=True) == 2
