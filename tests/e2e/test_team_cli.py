"""End to end: two coders code the sample corpus in two databases with the real `gpreader`
command, one merges the other's work in, and `gpreader agreement --json` gives the figures
known by construction."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_terminal import gpreader_command

ARTICLE = "000_457775139af1eb7c.txt"
UNITS = 52  # headline and sentences of ARTICLE (the sample corpus is fixed)
SPEAKING = "Speaking at the Times Health Summit yesterday"
CONTRACT = "The GP contract for 2025/26 is likely"
PRODUCERS = "Not producers"


def _gpreader(corpus: Path, db: Path, coder: str, *args: str) -> str:
    env = {**os.environ, "GPREADER_ARTICLES": "", "GPREADER_DB": ""}
    done = subprocess.run(
        [gpreader_command(), "--articles", str(corpus), "--db", str(db), "--coder", coder, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_coders_merge_and_measure_agreement(corpus_dir: Path, tmp_path: Path) -> None:
    ben_corpus = tmp_path / "ben"  # Ben keeps the same texts under other names
    ben_corpus.mkdir()
    for f in corpus_dir.iterdir():
        shutil.copy(f, ben_corpus / f"ben-{f.name}")
    ana_db, ben_db = tmp_path / "ana.db", tmp_path / "ben.db"

    def ana(*args: str) -> str:
        return _gpreader(corpus_dir, ana_db, "ana", *args)

    def ben(*args: str) -> str:
        return _gpreader(ben_corpus, ben_db, "ben", *args)

    ana("annotate", ARTICLE, "--quote", SPEAKING, "--tag", "funding")
    ana("annotate", ARTICLE, "--quote", PRODUCERS, "--tag", "workforce")
    ana("done", ARTICLE)
    ben("annotate", f"ben-{ARTICLE}", "--quote", SPEAKING, "--tag", "funding")
    ben("annotate", f"ben-{ARTICLE}", "--quote", CONTRACT, "--tag", "funding")
    ben("done", f"ben-{ARTICLE}")

    merged = ana("merge", str(ben_db))
    assert "2 highlight(s) added" in merged
    assert "0 highlight(s) added" in ana("merge", str(ben_db))  # twice adds nothing

    report = json.loads(ana("agreement", "--coders", "ana,ben", "--unit", "sentence", "--json"))
    assert report["articles"] == 1 and report["missing"] == {"ana": 0, "ben": 0}
    n = UNITS
    funding, workforce = report["tags"]["funding"], report["tags"]["workforce"]
    # funding: one sentence both coded, one only Ben coded, the rest neither.
    assert funding["units"] == n
    assert funding["confusion"] == {"both": 1, "neither": n - 2, "only ben": 1}
    p_ana, p_ben = 1 / n, 2 / n
    expected = p_ana * p_ben + (1 - p_ana) * (1 - p_ben)
    observed = (n - 1) / n
    assert funding["percent_agreement"] == pytest.approx(observed, abs=1e-9)
    assert funding["cohen_kappa"] == pytest.approx((observed - expected) / (1 - expected))
    # Coincidences: o11 = 2, o10 = o01 = 1, o00 = 2(n - 2); alpha = 1 - (2n-1)/(3(2n-3)).
    assert funding["krippendorff_alpha"] == pytest.approx(1 - (2 * n - 1) / (3 * (2 * n - 3)))
    assert funding["alpha_u"] is not None and -1 <= funding["alpha_u"] <= 1
    # workforce: one sentence only Ana coded: no agreement beyond chance.
    assert workforce["confusion"] == {"neither": n - 1, "only ana": 1}
    assert workforce["cohen_kappa"] == pytest.approx(0.0, abs=1e-12)
    assert workforce["krippendorff_alpha"] == pytest.approx(0.0, abs=1e-12)
    assert report["overall"]["units"] == 2 * n

    assert "undid: merge" in ana("undo")
    command = [gpreader_command(), "--articles", str(corpus_dir), "--db", str(ana_db)]
    assert (
        "no coder named 'ben'"
        in subprocess.run(  # the merge, undone, took Ben out
            [*command, "agreement", "--coders", "ana,ben"],
            capture_output=True,
            text=True,
            check=False,
        ).stderr
    )
