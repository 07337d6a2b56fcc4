"""The command line: thin commands over the core, one-line errors, documented exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.store import AnnotationStore

ARTICLE = "000_457775139af1eb7c.txt"


@pytest.fixture
def run(corpus_dir: Path, db_path: Path):
    """Invoke gpreader in-process on the temporary corpus and database."""

    def invoke(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(
            cli,
            ["--articles", str(corpus_dir), "--db", str(db_path), *args],
            catch_exceptions=False,
        )
        assert result.exit_code == expect, result.output
        return result.stdout if expect == 0 else result.stderr

    return invoke


def _gpreader(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run the real entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "gpreader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


def test_annotate_then_stats_shows_the_tag(run, db_path: Path, corpus_dir: Path) -> None:
    out = run(
        "annotate",
        f"{corpus_dir}/{ARTICLE}",
        "--quote",
        "Might as well appoint Daffy Duck",
        "--tag",
        "tone/satire",
    )
    hid = out.strip()
    with AnnotationStore(db_path) as store:
        h = store.highlight(hid)
        assert (h.exact, h.tags) == ("Might as well appoint Daffy Duck", ("tone/satire",))
    stats = run("stats")
    assert "highlights  1" in stats and "tone/satire  1" in stats


def test_annotate_folds_typographic_quotes_and_picks_occurrences(run, db_path: Path) -> None:
    first = run("annotate", ARTICLE, "--quote", "I don't think").strip()
    second = run("annotate", ARTICLE, "--quote", "I don't think", "--occurrence", "2").strip()
    with AnnotationStore(db_path) as store:
        a, b = store.highlight(first), store.highlight(second)
    assert a.exact == b.exact == "I don’t think" and a.start < b.start


def test_annotate_errors_are_one_line_exit_1(run) -> None:
    assert "no article matches" in run("annotate", "zzz", "--quote", "x", expect=1)
    assert "quote not found" in run("annotate", ARTICLE, "--quote", "not in there", expect=1)


def test_articles_lists_and_json(run) -> None:
    table = run("articles")
    assert ARTICLE in table and "Labour promises collaborative GP contract" in table
    rows = json.loads(run("articles", "--json"))
    assert len(rows) == 5
    assert {"path", "title", "date", "words", "comments", "highlights"} <= rows[0].keys()


def test_options_also_work_after_the_subcommand(corpus_dir: Path, db_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["articles", "--json", "--articles", str(corpus_dir), "--db", str(db_path)]
    )
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 5


def test_environment_sets_paths(corpus_dir: Path, db_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GPREADER_ARTICLES", str(corpus_dir))
    monkeypatch.setenv("GPREADER_DB", str(db_path))
    result = CliRunner().invoke(cli, ["import"])
    assert result.exit_code == 0 and "5 loaded" in result.stdout
    assert db_path.exists()


def test_import_reports_skips(run, corpus_dir: Path) -> None:
    (corpus_dir / "bad.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d")
    out = run("import")
    assert "5 loaded" in out and "skipped bad.txt" in out


def test_import_of_nothing_fails(run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "no articles could be loaded" in run("import", str(tmp_path / "empty"), expect=1)


def test_tag_commands(run) -> None:
    run("annotate", ARTICLE, "--quote", "Daffy Duck", "--tag", "tone/satire")
    run("tags", "color", "tone/satire", "#00ff00")
    run("tags", "key", "tone/satire", "3")
    run("tags", "describe", "tone", "How it is said")
    listing = run("tags", "list")
    assert "tone/satire  #00FF00  key 3" in listing and "How it is said" in listing
    assert "use --force" in run("tags", "delete", "tone", expect=1)
    run("tags", "rename", "tone", "register")
    run("tags", "merge", "register/satire", "register")
    tags = json.loads(run("tags", "list", "--json"))
    assert [(t["path"], t["highlights"]) for t in tags] == [("register", 1)]
    run("tags", "delete", "register", "--force")
    assert "no tags yet" in run("tags")


def test_highlights_undo_purge_backup(run, tmp_path: Path) -> None:
    hid = run("annotate", ARTICLE, "--quote", "Daffy Duck").strip()
    assert hid[:8] in run("highlights", ARTICLE)
    assert "undid: highlight" in run("undo")
    assert run("highlights") == ""
    assert "redid: highlight" in run("redo")
    assert hid[:8] in run("highlights", ARTICLE)
    assert "nothing to redo" in run("redo")
    run("undo")
    assert "purged 1" in run("purge")
    assert "nothing to undo" in run("undo")
    out = tmp_path / "copy.db"
    run("backup", str(out))
    assert "exists" in run("backup", str(out), expect=1)
    run("backup", str(out), "--force")


def test_database_errors_exit_3_without_traceback(corpus_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database at all " * 50)
    proc = _gpreader("--articles", str(corpus_dir), "--db", str(bad), "stats")
    assert proc.returncode == 3
    assert str(bad) in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "how",
    ["stdin", "stdout", "dumb"],
)
def test_tui_without_a_terminal_exits_2_quickly(how: str, corpus_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "dumb" if how == "dumb" else "xterm-256color"}
    started = time.monotonic()
    proc = _gpreader(
        "--articles",
        str(corpus_dir),
        "--db",
        str(tmp_path / "a.db"),
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert proc.returncode == 2
    assert "needs an interactive terminal" in proc.stderr
    assert time.monotonic() - started < 30  # a hang guard, not a benchmark


def test_help_lists_every_command() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    for command in ("import", "articles", "annotate", "highlights", "tags", "stats", "backup"):
        assert command in out
