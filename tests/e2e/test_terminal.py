"""End to end: the installed `gpreader` in a real pseudo-terminal, driven by keys."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from gpreader.store import AnnotationStore

TIMEOUT = 90  # seconds per step: CI machines can be slow
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P^_].*?(?:\x07|\x1b\\)|\x1b.")


def gpreader_command() -> str:
    """The `gpreader` script of this environment."""
    beside = Path(sys.executable).with_name("gpreader")
    found = str(beside) if beside.exists() else shutil.which("gpreader")
    if not found:
        pytest.fail("the gpreader command is not installed (pip install -e .)")
    return found


def screen_text(child: pexpect.spawn) -> str:
    raw = child.before if isinstance(child.before, str) else ""
    return ANSI.sub("", raw)[-2000:]


def wait_for(child: pexpect.spawn, pattern: str | type[pexpect.EOF], what: str) -> None:
    try:
        child.expect(pattern, timeout=TIMEOUT)
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        pytest.fail(
            f"gpreader did not show {what} ({type(exc).__name__}); last output:\n"
            f"{screen_text(child)}"
        )


def spawn_gpreader(corpus_dir: Path, db: Path, tmp_path: Path) -> pexpect.spawn:
    """The real `gpreader` on `corpus_dir` and `db` as coder `e2e`, in a 120x36 pty (its screen
    logged to tmp_path/screen.log), with no user config."""
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "GPREADER_CONFIG": str(tmp_path / "config.toml"),
        "GPREADER_ARTICLES": "",
        "GPREADER_DB": "",
    }
    env.pop("TEXTUAL", None)
    child = pexpect.spawn(
        gpreader_command(),
        ["--articles", str(corpus_dir), "--db", str(db), "--coder", "e2e"],
        env=env,
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=TIMEOUT,
    )
    child.logfile_read = (tmp_path / "screen.log").open("w", encoding="utf-8")
    return child


def test_tag_a_passage_by_keyboard_quit_and_find_it_in_the_database(
    corpus_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "e2e.db"
    child = spawn_gpreader(corpus_dir, db, tmp_path)
    try:
        wait_for(child, r"5\s+articles", "the library with the five sample articles")
        child.send("\r")  # open the highlighted article in a column
        wait_for(child, r"sentence\s+1\s+of", "the article in a reading column")
        child.send("jj")  # down to a body sentence
        wait_for(child, r"sentence\s+3\s+of", "the cursor on the third sentence")
        child.send("t")
        wait_for(child, r"Tab\s+add\s+another", "the tag picker")
        child.send("e2e/keyboard")
        wait_for(child, r"new\s+tag", "the typed tag in the picker")
        child.send("\r")
        wait_for(child, r"m\s+adds\s+a\s+note", "the new highlight under the cursor")
        child.send("q")
        wait_for(child, pexpect.EOF, "the end of the program after q")
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, f"gpreader exited with {child.exitstatus} / {child.signalstatus}"
    with AnnotationStore(db, coder="check") as store:
        found = store.highlights(tag="e2e/keyboard")
        assert len(found) == 1, f"expected one highlight with the tag, found {found}"
        assert found[0].coder == "e2e" and found[0].exact.strip()
