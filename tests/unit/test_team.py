"""Coders finishing articles, reliability data from highlights, and the agreement report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.cli import cli
from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store import AnnotationStore
from gpreader.team import agreement
from gpreader.team.report import agreement_report

FIRST = "000_457775139af1eb7c.txt"
SECOND = "001_cf2217d43cbec0e3.txt"


def _coder(db_path: Path, name: str) -> AnnotationStore:
    return AnnotationStore(db_path, coder=name)


def _units(store: AnnotationStore, path: str) -> list[tuple[int, int]]:
    kinds = {"title", "heading", "sentence"}
    return sorted((s.start, s.end) for s in store.article(path).spans if s.kind in kinds)


@pytest.fixture
def pair(loaded_store: AnnotationStore, db_path: Path):
    ana, ben = _coder(db_path, "ana"), _coder(db_path, "ben")
    yield ana, ben
    ana.close()
    ben.close()


def test_marks_are_per_coder_and_can_be_taken_back(
    pair: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = pair
    assert ana.mark_coded(FIRST) is True
    assert ana.mark_coded(FIRST) is False  # already marked
    ben.mark_coded(SECOND)
    assert [(m.article, m.coder) for m in ana.coded_marks()] == [(FIRST, "ana"), (SECOND, "ben")]
    assert [m.article for m in ana.coded_marks("ben")] == [SECOND]
    assert ana.mark_coded(FIRST, done=False) is True
    assert [m.coder for m in ana.coded_marks()] == ["ben"]
    with pytest.raises(NotFoundError):
        ana.mark_coded("nope.txt")
    assert ana.coders() == ["ben"]  # a highlight or a mark makes a coder
    assert ana.highlights() == []  # marking makes no highlight


def test_sentence_agreement_counts_every_unit_by_construction(
    pair: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = pair
    units = _units(ana, FIRST)
    s0, s1, s2 = units[3], units[4], units[5]
    ana.add_highlight(FIRST, *s0, tags=["t"])
    ana.add_highlight(FIRST, *s1, tags=["t/child"])  # a child counts for its parent
    ben.add_highlight(FIRST, *s1, tags=["t"])
    ben.add_highlight(FIRST, *s2, tags=["t"])
    gone = ben.add_highlight(FIRST, *units[7], tags=["t"])
    ben.delete_highlight(gone.id)  # deleted: covers nothing
    ana.mark_coded(FIRST)
    ben.mark_coded(FIRST)

    report = agreement_report(ana, ["ana", "ben"], tags=["t"], unit="sentence")
    m = report.tags["t"]
    n = len(units)
    assert m.units == n
    assert m.confusion == {"both": 1, "neither": n - 3, "only ana": 1, "only ben": 1}
    observed = (n - 2) / n
    p = 2 / n  # each coder coded two units
    expected = p * p + (1 - p) * (1 - p)
    assert m.percent_agreement == pytest.approx(observed)
    assert m.cohen_kappa == pytest.approx((observed - expected) / (1 - expected))
    assert m.krippendorff_alpha is not None and m.fleiss_kappa is not None
    assert report.articles == 1 and report.missing == {"ana": 0, "ben": 0}


def test_an_unmarked_article_is_missing_data_not_uncoded(
    pair: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = pair
    first, second = _units(ana, FIRST), _units(ana, SECOND)
    ana.add_highlight(FIRST, *first[3], tags=["t"])
    ben.add_highlight(FIRST, *first[3], tags=["t"])
    ana.add_highlight(SECOND, *second[3], tags=["t"])  # ben never finished SECOND
    ana.mark_coded(FIRST)
    ben.mark_coded(FIRST)
    ana.mark_coded(SECOND)

    report = agreement_report(ana, ["ana", "ben"], unit="sentence")
    m = report.tags["t"]
    assert m.units == len(first)  # SECOND's units have one value only: not pairable
    assert m.percent_agreement == 1.0 and m.krippendorff_alpha == pytest.approx(1.0)
    assert report.articles == 1 and report.missing == {"ana": 0, "ben": 0}


def test_char_unit_weights_cover_the_text_and_alpha_u_sees_extent(
    pair: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = pair
    ana.add_highlight(FIRST, 100, 160, tags=["t"])
    ben.add_highlight(FIRST, 110, 160, tags=["t"])
    ana.mark_coded(FIRST)
    ben.mark_coded(FIRST)
    length = len(ana.article(FIRST).text)
    m = agreement_report(ana, ["ana", "ben"], unit="char").tags["t"]
    assert m.units == length
    assert m.confusion == {"both": 50, "neither": length - 60, "only ana": 10}
    assert m.alpha_u == pytest.approx(
        agreement.unitizing_alpha(0, length, [[(100, 160, "t")], [(110, 160, "t")]], "t")
    )
    assert m.alpha_u is not None and 0 < m.alpha_u < 1


def test_a_tag_applied_by_the_other_coder_counts_for_that_coder(
    pair: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, ben = pair
    units = _units(ana, FIRST)
    h = ana.add_highlight(FIRST, *units[3], tags=["t"])
    ben.tag_highlight(h.id, ["u"])  # ben applied u to ana's highlight
    ana.mark_coded(FIRST)
    ben.mark_coded(FIRST)
    report = agreement_report(ana, ["ana", "ben"], unit="sentence")
    assert report.tags["u"].confusion["only ben"] == 1
    assert report.tags["t"].confusion["only ana"] == 1


def test_report_refuses_what_cannot_be_measured(
    pair: tuple[AnnotationStore, AnnotationStore],
) -> None:
    ana, _ = pair
    with pytest.raises(InvalidInputError, match="two different coders"):
        agreement_report(ana, ["ana", "ana"])
    with pytest.raises(InvalidInputError, match="gpreader done"):
        agreement_report(ana, ["ana", "ben"])


rows = st.lists(
    st.tuples(
        st.lists(st.one_of(st.none(), st.sampled_from("xyz")), min_size=3, max_size=3),
        st.integers(1, 4),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=100, deadline=None)
@given(rows)
def test_weights_equal_repeating_rows(weighted: list[tuple[list[str | None], int]]) -> None:
    table = [row for row, _ in weighted]
    weights = [w for _, w in weighted]
    repeated = [row for row, w in weighted for _ in range(w)]
    for measure in (
        agreement.percent_agreement,
        agreement.fleiss_kappa,
        agreement.krippendorff_alpha,
    ):
        got, want = measure(table, weights), measure(repeated)
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert got == pytest.approx(want, abs=1e-9)
    pairs = [row[:2] for row in table]
    got, want = (
        agreement.cohen_kappa(pairs, weights),
        agreement.cohen_kappa([row[:2] for row in repeated]),
    )
    assert got == pytest.approx(want, abs=1e-9) if want is not None else got is None


@pytest.fixture
def run(corpus_dir: Path, db_path: Path) -> Callable[..., str]:
    """Invoke gpreader in-process on the temporary corpus and database."""

    def invoke(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(
            cli, ["--articles", str(corpus_dir), "--db", str(db_path), *args]
        )
        assert result.exit_code == expect, result.output
        return result.stdout if expect == 0 else result.stderr

    return invoke


def test_cli_done_coders_and_agreement(run: Callable[..., str], tmp_path: Path) -> None:
    run("annotate", FIRST, "--quote", "GP", "--tag", "t", "--coder", "ana")
    run("annotate", FIRST, "--quote", "GP", "--tag", "t", "--coder", "ben")
    assert run("coders") == "ana\nben\n"
    assert run("coders", "--json") == '[\n  "ana",\n  "ben"\n]\n'
    assert "marked" in run("done", FIRST, "--coder", "ana")
    assert "already marked" in run("done", FIRST, "--coder", "ana")
    assert "no article is marked" in run("agreement", "--coders", "ana,ben", expect=1)
    run("done", FIRST, "--coder", "ben")
    listed = json.loads(run("done", "--list", "--json"))
    assert [(m["coder"], m["article"]) for m in listed] == [("ana", FIRST), ("ben", FIRST)]

    report = json.loads(run("agreement", "--coders", "ana,ben", "--json"))
    for figures in (report["overall"], report["tags"]["t"]):
        assert set(figures) >= {
            "units",
            "percent_agreement",
            "cohen_kappa",
            "fleiss_kappa",
            "krippendorff_alpha",
            "alpha_u",
        }
    assert report["tags"]["t"]["percent_agreement"] == 1.0
    assert "reliable" in run("agreement", "--coders", "ana,ben")
    assert "no coder named 'zed'" in run("agreement", "--coders", "ana,zed", expect=1)

    md, sheet = tmp_path / "r.md", tmp_path / "r.xlsx"
    run("agreement", "--coders", "ana,ben", "-o", str(md))
    assert "| t | " in md.read_text() and "Krippendorff" in md.read_text()
    run("agreement", "--coders", "ana,ben", "-o", str(sheet))
    cells = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
    assert cells[0][:3] == ("tag", "units", "percent_agreement")
    assert cells[2][0] == "t" and cells[2][2] == 1.0
    assert "exists" in run("agreement", "--coders", "ana,ben", "-o", str(md), expect=1)
    assert "unmarked" in run("done", FIRST, "--undo", "--coder", "ben")


def test_configured_coder_records_but_does_not_filter_export(
    corpus_dir: Path, db_path: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('coder = "ana"\n')
    env = {"GPREADER_CONFIG": str(config), "GPREADER_CODER": ""}
    common = ["--articles", str(corpus_dir), "--db", str(db_path)]
    runner = CliRunner()
    made = runner.invoke(cli, [*common, "annotate", FIRST, "--quote", "GP"], env=env)
    assert made.exit_code == 0, made.output
    other = [*common, "annotate", FIRST, "--quote", "GP", "--coder", "ben"]
    assert runner.invoke(cli, other, env=env).exit_code == 0
    listed = runner.invoke(cli, [*common, "export", "-f", "jsonl", "-o", "-"], env=env)
    assert sorted(json.loads(line)["coder"] for line in listed.stdout.splitlines()) == [
        "ana",
        "ben",
    ]
    only = runner.invoke(cli, [*common, "export", "-f", "jsonl", "-o", "-", "--coder", "ben"])
    assert [json.loads(line)["coder"] for line in only.stdout.splitlines()] == ["ben"]
