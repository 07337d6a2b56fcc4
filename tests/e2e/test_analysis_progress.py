"""End to end: the first analysis after the upgrade (the cache of where highlights fall is
empty) shows its filling as a progress line on the terminal, then the table; the next one
shows none."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect

from gpreader.cli.analysis_commands import FILL_STAGE
from tests.e2e.test_terminal import ANSI, TIMEOUT, gpreader_command
from tests.unit.analysis_corpus import build


def _run(folder: Path, db: Path, tmp_path: Path) -> str:
    """`gpreader cooccur --rule sentence` in a real pty: everything it wrote."""
    env = {**os.environ, "GPREADER_CONFIG": str(tmp_path / "config.toml"), "TERM": "xterm"}
    child = pexpect.spawn(
        gpreader_command(),
        ["--articles", str(folder), "--db", str(db), "cooccur", "--rule", "sentence"],
        env=env,
        dimensions=(40, 160),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return ANSI.sub("", child.before or "")


def test_the_first_analysis_shows_the_cache_fill_and_the_next_does_not(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    first = _run(folder, db, tmp_path)
    assert FILL_STAGE in first and "3/3" in first  # three articles hold highlights
    assert "policy/contract" in first.split(FILL_STAGE)[-1]  # the table after the bar
    again = _run(folder, db, tmp_path)
    assert FILL_STAGE not in again and "policy/contract" in again
