"""Keys typed in one burst into the real workbench (one write to the terminal, as a fast
typist's keys arrive) reach the dialog they were meant for: none is lost or reordered."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from .terminal import Terminal, query, wait

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")


def test_a_burst_with_a_backspace_tags_exactly_what_was_typed(
    corpus_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "burst.db"
    env = {"GPREADER_CONFIG": str(tmp_path / "none.toml"), "HOME": str(tmp_path)}
    term = Terminal("--articles", str(corpus_dir), "--db", str(db), env=env, cwd=tmp_path)
    try:
        term.wait_for_library()
        mark = len(term.bytes)
        term.send("o")
        term.wait_for_text(" v Select", since=mark)
        term.send("jj")
        # one write: t opens the picker, the name has a typo fixed by a backspace, Enter applies
        term.send(b"tfundx\x7fing\r", pause=0)
        wait(lambda: query(db, "SELECT count(*) FROM highlights")[0][0] == 1, "the tag", term)
        assert query(db, "SELECT path FROM tags") == [("funding",)]
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.kill()
