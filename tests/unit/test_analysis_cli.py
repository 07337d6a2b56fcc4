"""`gpreader matrix`, `cooccur`, `timeline`, `kwic` and `memo` on the hand-built corpus."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gpreader.cli import cli
from tests.unit.analysis_corpus import PC, PF, ROWS, TN, TP, build


@pytest.fixture
def run(tmp_path: Path):
    db, folder, _ = build(tmp_path)

    def invoke(*args: str, expect: int = 0, env: dict[str, str] | None = None) -> str:
        result = CliRunner().invoke(
            cli, ["--articles", str(folder), "--db", str(db), *args], env=env
        )
        assert result.exit_code == expect, (result.output, result.exception)
        return result.stdout if expect == 0 else result.stderr

    return invoke


def test_matrix_json_is_rows_columns_cells_unit_totals(run) -> None:
    data = json.loads(run("matrix", "--json"))
    assert data["rows"] == ROWS and data["columns"] == ["a.txt", "b.txt", "c.txt"]
    assert data["cells"][ROWS.index(PC)] == [2, 1, 0]
    assert data["unit"] == "highlights" and data["total"] == 8
    assert data["column_totals"] == [4, 2, 2] and data["orphaned_excluded"] == 1


def test_matrix_by_month_in_percent_of_columns(run) -> None:
    data = json.loads(run("matrix", "--by", "month", "--percent", "column", "--json"))
    assert data["columns"] == ["(no date)", "2024-02", "2024-03"]
    assert data["cells"][ROWS.index(PC)] == [0.0, 50.0, 50.0]
    assert data["unit"] == "% of column (highlights)"


def test_matrix_of_one_coder(run) -> None:
    data = json.loads(run("matrix", "--coder", "bob", "--count", "articles", "--json"))
    assert data["columns"] == ["a.txt", "b.txt"] and data["total"] == 2


def test_matrix_csv_and_text(run) -> None:
    rows = list(csv.reader(io.StringIO(run("matrix", "--depth", "1", "--csv"))))
    assert rows == [
        ["", "a.txt", "b.txt", "c.txt", "total"],
        ["policy", "3", "2", "1", "6"],
        ["tone", "2", "2", "1", "5"],
        ["total", "4", "2", "2", "8"],
    ]
    text = run("matrix", "--depth", "1")
    assert "policy" in text and "orphaned excluded: 1" in text


def test_matrix_to_xlsx_has_typed_cells(run, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    run("matrix", "-o", str(out))
    sheet = load_workbook(out)["table"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [None, "a.txt", "b.txt", "c.txt", "total"]
    assert values[ROWS.index(PC) + 1] == [PC, 2, 1, 0, 3]
    assert run("matrix", "-o", str(out), expect=1).startswith("gpreader:")  # exists: --force


def test_cooccur_rules_and_errors(run) -> None:
    data = json.loads(run("cooccur", "--rule", "paragraph", "--json"))
    assert data["rule"] == "paragraph"
    assert data["cells"][ROWS.index(PC)][ROWS.index(PF)] == 2
    jaccard = json.loads(run("cooccur", "--measure", "jaccard", "--json"))
    assert jaccard["cells"][ROWS.index(PC)][ROWS.index(TN)] == 0.25
    assert "rule one of" in run("cooccur", "--rule", "nearby", expect=1)


def test_timeline_json_and_svg(run, tmp_path: Path) -> None:
    plot = tmp_path / "t.svg"
    data = json.loads(
        run(
            "timeline",
            "--tag",
            "policy",
            "--tag",
            TP,
            "--by",
            "week",
            "--plot",
            str(plot),
            "--json",
        )
    )
    assert data["columns"] == ["2024-W06", "2024-W07", "2024-W08", "2024-W09"]
    assert data["cells"] == [[3, 0, 0, 2], [1, 0, 0, 1]] and data["undated"] == 2
    svg = plot.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "2024-W07" in svg and "tone/positive" in svg
    assert "--tag policy --tag tone/positive --by week" in svg  # the query, in the caption
    assert ".png" in run("timeline", "--plot", str(tmp_path / "t.gif"), expect=1)


def test_timeline_png(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib", reason="the plot extra (gpreader[plot]) is not installed")
    plot = tmp_path / "t.png"
    run("timeline", "--tag", "policy", "--by", "week", "--plot", str(plot))
    assert plot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and plot.stat().st_size > 5000
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the extra were missing
    message = run("timeline", "--plot", str(tmp_path / "u.png"), expect=1)
    assert "gpreader[plot]" in message and not (tmp_path / "u.png").exists()


def test_kwic_aligns_the_keyword(run) -> None:
    text = run("kwic", "dogs", "--width", "12")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 2
    assert {line.index("dogs") for line in lines} == {12}
    data = json.loads(run("kwic", "dogs", "--sort", "left", "--json"))
    assert [(x["article"], x["keyword"]) for x in data["lines"]] == [
        ("b.txt", "dogs"),  # "Six" < "Two"
        ("a.txt", "dogs"),
    ]
    assert data["lines"][1]["left"].endswith("Two ") and data["lines"][1]["right"] == " ran."


def test_memo_set_print_and_edit(run, tmp_path: Path) -> None:
    assert run("memo", "project") == ""  # "no project memo yet" goes to stderr
    run("memo", "project", "--set", "Question: framing")
    assert run("memo", "project") == "Question: framing\n"
    run("memo", "tag", PC, "--set", "Contract talk")
    data = json.loads(run("memo", "tag", PC, "--json"))
    assert data["text"] == "Contract talk" and data["target"] == PC
    run("memo", "article", "Alpha", "--set", "First article")  # a title prefix
    assert run("memo", "article", "a.txt") == "First article\n"
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Edited memo\\n" > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    run("memo", "project", "--edit", env={"EDITOR": str(editor), "VISUAL": str(editor)})
    assert run("memo", "project") == "Edited memo\n"
    assert "project memo takes no target" in run("memo", "project", "x", expect=2)
    assert "no tag" in run("memo", "tag", "nope", expect=1)


def test_markdown_report_has_timeline_cooccurrence_and_memos(run, tmp_path: Path) -> None:
    run("memo", "project", "--set", "Why: *framing*")
    run("memo", "tag", PC, "--set", "Contract talk")
    run("memo", "article", "b.txt", "--set", "Beta memo")
    out = tmp_path / "r.md"
    run("export", "-f", "md", "-o", str(out))
    report = out.read_text(encoding="utf-8")
    assert "## Project memo\n\nWhy: \\*framing\\*\n" in report
    over_time = report.split("## Codes over time", 1)[1].split("\n## ", 1)[0]
    assert "(2 in undated articles left out)" in over_time
    assert f"| {PC} | 2 | 1 | 3 |" in over_time
    assert "| Total | 4 | 2 | 6 |" in over_time
    together = report.split("## Co-occurrence", 1)[1].split("\n## ", 1)[0]
    assert f"| Tag | {PC} | {PF} | {TN} | {TP} | Total |" in together
    assert f"| {PC} | 3 | 0 | 1 | 1 | 3 |" in together
    assert "1 orphaned highlight(s) are not counted" in together
    memos = report.split("## Memos", 1)[1]
    assert "### Tag: policy/contract\n\nContract talk" in memos
    assert "### Article: Beta title here\n\nBeta memo" in memos


def test_jsonl_export_ends_with_the_memos(run, tmp_path: Path) -> None:
    run("memo", "project", "--set", "P")
    run("memo", "tag", PC, "--set", "T")
    out = tmp_path / "r.jsonl"
    run("export", "-f", "jsonl", "-o", str(out))
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 11  # 9 live highlights (the orphan included, as exports do), 2 memos
    assert [(x["kind"], x["target"], x["text"]) for x in lines if x.get("record") == "memo"] == [
        ("project", "", "P"),
        ("tag", PC, "T"),
    ]
    tagged = out.with_name("t.jsonl")
    run("export", "-f", "jsonl", "--tag", "tone", "-o", str(tagged))
    memos = [json.loads(x) for x in tagged.read_text(encoding="utf-8").splitlines()]
    assert [x["kind"] for x in memos if x.get("record") == "memo"] == ["project"]
