"""The real workbench in a pseudo-terminal: signals lose nothing saved, hostile text stays text.

(`gpreader` without a terminal exiting 2 quickly is covered by
tests/unit/test_cli.py::test_tui_without_a_terminal_exits_2_quickly.)
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from gpreader.store import AnnotationStore

from .terminal import Terminal, query, wait

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX terminals only")

LEAVE_ALT_SCREEN = b"\x1b[?1049l"


def _start(corpus: Path, db: Path, tmp_path: Path) -> Terminal:
    env = {"GPREADER_CONFIG": str(tmp_path / "none.toml"), "HOME": str(tmp_path)}
    return Terminal("--articles", str(corpus), "--db", str(db), env=env, cwd=tmp_path)


def _count(db: Path, sql: str = "SELECT count(*) FROM highlights") -> int:
    return query(db, sql)[0][0]


def _code_three_passages(term: Terminal, db: Path) -> None:
    """Open the first article; highlight, tag and annotate by keys, each one saved.

    Each step waits for what the screen shows first (keys typed into a dialog that is not
    open yet would go elsewhere)."""
    term.wait_for_text(" o Open")  # the library is drawn and has the focus
    mark = len(term.bytes)
    term.send("o")
    term.wait_for_text(" v Select", since=mark)  # the reader has the focus
    term.send("j", "j", "h")
    wait(lambda: _count(db) == 1, "the first highlight", term)
    mark = len(term.bytes)
    term.send("j", "t")
    term.wait_for_text("Enter apply", since=mark)
    term.send(*"signal/kept", "\r")
    wait(lambda: _count(db) == 2, "the tagged highlight", term)
    mark = len(term.bytes)
    term.send("j", "m")
    term.wait_for_text("Ctrl+S save", since=mark)
    term.send(*"a note typed before the signal", "\x13")  # ctrl+s
    wait(
        lambda: _count(db, "SELECT count(*) FROM highlights WHERE note != ''") == 1,
        "the note",
        term,
    )


def _assert_all_kept(db: Path, extra: int = 0) -> None:
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    with AnnotationStore(db) as store:
        found = store.highlights()
        assert len(found) == 3 + extra
        assert any(h.tags == ("signal/kept",) for h in found)
        assert any(h.note == "a note typed before the signal" for h in found)


def test_sigterm_ends_the_workbench_cleanly_and_loses_nothing_saved(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    db = loaded_store.path
    loaded_store.close()
    term = _start(corpus_dir, db, tmp_path)
    try:
        _code_three_passages(term, db)
        mark = len(term.bytes)
        term.signal(signal.SIGTERM)
        status = term.wait_exit()
    finally:
        term.kill()
    assert status == 0, (status, term.bytes[-800:])
    assert LEAVE_ALT_SCREEN in term.bytes[mark:]  # the terminal is given back
    _assert_all_kept(db)


@pytest.mark.parametrize("how", ["SIGHUP", "hangup"])
def test_hangup_ends_the_workbench_and_loses_nothing_saved(
    how: str, loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    """The terminal went away (kill -HUP, or its window closed): gpreader ends at once (the
    default action) and everything shown as saved is in the database."""
    db = loaded_store.path
    loaded_store.close()
    term = _start(corpus_dir, db, tmp_path)
    try:
        _code_three_passages(term, db)
        if how == "hangup":
            term.hang_up()
        else:
            term.signal(signal.SIGHUP)
        status = term.wait_exit()
    finally:
        term.kill()
    assert status in (0, -signal.SIGHUP), status
    _assert_all_kept(db)


def test_ctrl_c_neither_kills_nor_loses_anything(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    db = loaded_store.path
    loaded_store.close()
    term = _start(corpus_dir, db, tmp_path)
    try:
        _code_three_passages(term, db)
        term.send("\x03")  # ctrl+c: Textual 8 does not quit on it
        term.send("j", "h")  # still working
        wait(lambda: _count(db) == 4, "a highlight after ctrl+c", term)
        assert term.alive()
        term.signal(signal.SIGINT)  # kill -INT, as from another shell
        status = term.wait_exit()
    finally:
        term.kill()
    assert status in (0, 130)
    _assert_all_kept(db, extra=1)
