"""Retrieval by code from the command line: `highlights --query`, `export --query`, and
`search` with coder:, attr: and relations (on tests/unit/analysis_corpus.py)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.store import AnnotationStore
from tests.unit.analysis_corpus import build

Run = Callable[..., str]


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Run, dict[str, str]]:
    db, folder, ids = build(tmp_path)
    with AnnotationStore(db) as store:
        store.set_attributes(
            [("a.txt", "outlet", "Pulse"), ("b.txt", "published", datetime.date(2024, 3, 3))]
        )

    def run(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(cli, ["--articles", str(folder), "--db", str(db), *args])
        assert result.exit_code == expect, result.output
        return result.stdout

    return run, {v: k for k, v in ids.items()}


def test_highlights_query_lists_passages_with_context_as_json(corpus) -> None:
    run, name = corpus
    rows = json.loads(run("highlights", "--query", "tag:policy overlaps tag:tone", "--json"))
    assert [name[r["id"]] for r in rows] == ["h1", "h2", "h6", "h7"]
    h7 = rows[3]
    assert h7["text"] == "Six dogs" and h7["tags"] == ["policy/funding", "tone/positive"]
    assert h7["tag_coders"] == ["alice", "bob"]
    assert h7["context"] == "Five cats sat. Six dogs ran."
    assert h7["context"][h7["start"] - h7["context_start"] :].startswith("Six dogs")


def test_highlights_query_combines_with_article_and_tag(corpus) -> None:
    run, name = corpus
    rows = json.loads(run("highlights", "b.txt", "-q", "coder:bob", "--json"))
    assert [name[r["id"]] for r in rows] == ["h6", "h7"]
    rows = json.loads(run("highlights", "--tag", "tone", "-q", "attr:outlet=pulse", "--json"))
    assert [name[r["id"]] for r in rows] == ["h1", "h4"]


def test_highlights_query_text_output(corpus) -> None:
    run, _ = corpus
    lines = run("highlights", "--query", "tag:negative in:paragraph tag:contract").splitlines()
    assert len(lines) == 2
    assert "b.txt  31-44  [policy/contract, tone/negative]  bob" in lines[0]
    assert lines[1].strip() == "Five cats sat. Six dogs ran."


def test_export_query_writes_only_the_selected_passages(corpus, tmp_path: Path) -> None:
    run, name = corpus
    out = tmp_path / "out.jsonl"
    run("export", "-f", "jsonl", "-o", str(out), "--query", "tag:funding | coder:bob")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(name[r["highlight_id"]] for r in rows) == ["h10", "h2", "h4", "h6", "h7"]
    csv = tmp_path / "out.csv"
    run("export", "-o", str(csv), "-q", "attr:published>=2024-03 -tag:negative")
    text = csv.read_text(encoding="utf-8")
    assert "Six dogs" in text and "Five cats" not in text and "One cat" not in text


def test_search_evaluates_coder_attr_and_relations(corpus) -> None:
    run, _ = corpus

    def texts(query: str) -> set[str]:
        return {h["text"] for h in json.loads(run("search", query, "--json"))}

    assert texts("dogs coder:bob") == {"Six dogs ran."}
    assert texts("sat attr:outlet=pulse") == {"One cat sat."}
    assert texts("sat attr:published>=2024-03") == {"Five cats sat."}
    assert texts("tag:negative in:paragraph tag:contract") == {"Five cats sat."}
