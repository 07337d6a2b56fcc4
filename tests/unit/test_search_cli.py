"""`gpreader search`: text, JSON, and JSON lines from standard input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli

A004 = "004_b8ee73ebef15a597.txt"


@pytest.fixture
def run(corpus_dir: Path, db_path: Path):
    def invoke(*args: str, stdin: str | None = None, expect: int = 0) -> str:
        result = CliRunner().invoke(
            cli, ["--articles", str(corpus_dir), "--db", str(db_path), "search", *args], input=stdin
        )
        assert result.exit_code == expect, result.output
        return result.stdout

    return invoke


def test_json_results_have_the_documented_fields(run, corpus_dir: Path) -> None:
    hits = json.loads(run("its about integraton", "--json", "--limit", "3"))
    assert 1 <= len(hits) <= 3
    top = hits[0]
    assert {"article", "title", "section", "start", "end", "text", "score"} <= top.keys()
    assert top["article"] == A004 and top["section"] == "body"
    text = (corpus_dir / A004).read_text(encoding="utf-8")
    assert text[top["start"] : top["end"]] == top["text"]
    assert "it’s about integration" in top["text"]


def test_text_output_shows_score_place_and_snippet(run) -> None:
    out = run("partnersip model", "--limit", "2")
    lines = out.splitlines()
    assert len(lines) == 4
    assert "partnership model" in lines[1].lower()
    assert lines[0].split()[1].endswith(".txt")


def test_limit_is_respected(run) -> None:
    assert len(json.loads(run("contract", "--json", "--limit", "4"))) == 4


def test_stdin_json_writes_one_line_per_query(run) -> None:
    queries = ["contarct", "", '"a lot to be optimistic"', "NEAR( AND *", "in:comments contract"]
    out = run("--stdin", "--json", stdin="\n".join(queries) + "\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == queries
    assert all(isinstance(line["elapsed_ms"], float | int) for line in lines)
    assert lines[0]["results"] and lines[1]["results"] == []
    assert all("a lot to be optimistic" in r["text"] for r in lines[2]["results"])
    assert {r["section"] for r in lines[4]["results"]} == {"comments"}


def test_stdin_text_mode_heads_each_query(run) -> None:
    out = run("--stdin", stdin="contract\npartnership\n")
    heads = [line for line in out.splitlines() if line.startswith("# ")]
    assert len(heads) == 2 and heads[0].startswith("# contract  (")


def test_no_match_is_not_an_error(run) -> None:
    assert run("qqqqqqqqzzzz") == ""


def test_query_or_stdin_is_required(run) -> None:
    run(expect=2)
    run("contract", "--stdin", expect=2)


def test_filters_that_mean_nothing_are_named_on_stderr(corpus_dir: Path, db_path: Path) -> None:
    args = ["--articles", str(corpus_dir), "--db", str(db_path), "search"]
    result = CliRunner().invoke(cli, [*args, "integration has:nothing", "--json"])
    assert result.exit_code == 0, result.output
    assert "note: has:nothing means nothing here (ignored)" in result.stderr
    assert json.loads(result.stdout)  # the words are still searched
    result = CliRunner().invoke(cli, [*args, "integration coder:ann", "--json"])
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr  # coder: is evaluated: nobody called ann coded here
    assert json.loads(result.stdout) == []
