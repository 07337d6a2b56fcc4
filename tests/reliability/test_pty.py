"""The real workbench in a pseudo-terminal: signals lose nothing saved, hostile text stays text.

(`gpreader` without a terminal exiting 2 quickly is covered by
tests/unit/test_cli.py::test_tui_without_a_terminal_exits_2_quickly.)
"""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from gpreader.anchoring import find_quote
from gpreader.store import AnnotationStore

from .support import ARTICLE
from .terminal import Terminal, query, wait
from .test_hostile_cli import poison

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
    term.wait_for_library()
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


def test_sigterm_ends_the_workbench_cleanly_even_with_sigint_ignored(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    """A workbench started from a script in the background ignores SIGINT; SIGTERM must still
    give the terminal back and exit at once (issue: trust, item 17)."""
    db = loaded_store.path
    loaded_store.close()
    env = {"GPREADER_CONFIG": str(tmp_path / "none.toml"), "HOME": str(tmp_path)}
    term = Terminal(
        "--articles", str(corpus_dir), "--db", str(db), env=env, cwd=tmp_path, ignore_sigint=True
    )
    try:
        term.wait_for_library()
        mark = len(term.bytes)
        started = time.monotonic()
        term.signal(signal.SIGTERM)
        status = term.wait_exit()
        took = time.monotonic() - started
    finally:
        term.kill()
    assert status == 0, (status, term.bytes[-800:])
    assert took < 3, took  # not the grace timer's os._exit
    assert LEAVE_ALT_SCREEN in term.bytes[mark:]


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


# -- hostile text reaches the terminal as text ----------------------------------------------------

TITLE = "\x1b]0;pwned-title\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"
CLEAR = "\x1b[2J"
CSI_8BIT = "\u009b31m"
LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
# Sequences only the hostile text could have put there (Textual writes CSI codes of its own,
# but never these); after U+FFFD replaced the ESC, "]0;pwned-title" is harmless text.
PAYLOADS = (
    b"\x1b]0;pwned-title",
    b"\x1b]52;c;cm0gLXJmIH4K",
    b"\x1b]8;;http://evil",
    b"\x1b[2J",
)  # (BEL is not checked on its own: Textual ends its OSC 22 pointer-shape codes with it)


def _assert_inert(output: bytes) -> None:
    for payload in PAYLOADS:
        assert payload not in output, payload
    # No C1 control (8-bit CSI 0x9B, OSC 0x9D, ...): neither as a character nor a stray byte.
    text = output.decode("utf-8", errors="surrogateescape")
    c1 = [c for c in text if 0x80 <= ord(c) <= 0x9F or 0xDC80 <= ord(c) <= 0xDC9F]
    assert not c1, c1[:5]


def test_hostile_text_notes_and_tags_reach_the_terminal_as_replacement_chars(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        f"Headline {TITLE} news\n\nThe minister said {CLIPBOARD} that the {CLEAR} contract "
        f"{CSI_8BIT} was agreed, see {LINK} for more.\n\nA second paragraph about GP pay.\n",
        encoding="utf-8",
    )
    db = tmp_path / "hostile.db"
    term = _start(corpus, db, tmp_path)
    try:
        term.wait_for_library()
        mark = len(term.bytes)
        term.send("o")
        term.wait_for_text(" v Select", since=mark)
        term.wait_for_text("minister said")
        term.send("j", "j", "m")  # a note pasted by the user
        term.wait_for_text("Ctrl+S save", since=mark)
        mark = len(term.bytes)
        term.paste(f"note {TITLE}{CLIPBOARD}{CLEAR}{CSI_8BIT}{LINK} end")
        term.wait_for_text(" end", since=mark)  # the whole paste is in the box: now save
        term.send("\x13")
        wait(lambda: query(db, "SELECT note FROM highlights"), "the note", term)
        mark = len(term.bytes)
        term.send("t")  # a tag name pasted by the user
        term.wait_for_text("Enter apply", since=mark)
        mark = len(term.bytes)
        term.paste(f"evil{TITLE}{CLEAR}")
        term.wait_for_text("pwned-title", since=mark)
        term.send("\r")
        wait(lambda: query(db, "SELECT path FROM tags"), "the tag", term)
        mark = len(term.bytes)
        term.send("k", "j")  # back over the highlight: its note and tag are listed
        term.wait_for_text("\ufffd]52;c;", since=mark)
        term.send("\x11")  # ctrl+q
        assert term.wait_exit() == 0
    finally:
        term.kill()
    _assert_inert(term.bytes)
    shown = term.text()
    assert "Headline \ufffd]0;pwned-title\ufffd news" in shown  # drawn, as text
    # What a paste delivers is up to Textual (it turns ESC into "^"); stored, it holds no
    # control character either way.
    [(note,)] = query(db, "SELECT note FROM highlights")
    [(tag,)] = query(db, "SELECT path FROM tags")
    assert "]0;pwned-title" in note and "evil" in tag
    for stored in (note, tag):
        assert not [
            c for c in stored if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)
        ]


def test_a_poisoned_database_reaches_the_terminal_as_text(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    """Escape codes written straight into the database (a file shared by a colleague, say):
    titles, article text, notes, tags, coders and descriptions are drawn inert."""
    db = loaded_store.path
    quote = find_quote(loaded_store.article(ARTICLE).text, "Daffy Duck")
    assert quote is not None
    loaded_store.add_highlight(ARTICLE, *quote, tags=["x"], note="plain")
    loaded_store.close()
    poison(db)
    conn = sqlite3.connect(db)  # a drawable highlight: sane status, quote matching the text
    with conn:
        conn.execute("UPDATE highlights SET status = 'anchored', exact = 'D\x1b[2J Duck'")
    conn.close()
    term = _start(corpus_dir, db, tmp_path)
    try:
        term.wait_for_library()
        mark = len(term.bytes)
        term.send("o")
        term.wait_for_text(" v Select", since=mark)
        term.send("]")  # to the highlight: its note and tags are listed
        term.wait_for_text("n\ufffd]0;title", since=mark)
        mark = len(term.bytes)
        term.send("T")  # the tag view: tag paths and descriptions
        term.wait_for_text("\ufffd[2J", since=mark)
        term.send("\x11")
        assert term.wait_exit() == 0
    finally:
        term.kill()
    _assert_inert(term.bytes)
