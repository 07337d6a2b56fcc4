"""Acceptance (issues 9 and 10): text poisoned straight into a database never reaches a
terminal raw, whichever way gpreader shows it.

A database is built with the real CLI, then escape sequences, C1 controls, bidi overrides and
isolates and zero-width characters are written into it with sqlite3 (titles, article text, tag
paths and descriptions, notes, coder names, quotes). The store is made to hand rows back
verbatim (a `sitecustomize` in the subprocesses, monkeypatch in-process), as it will once its
per-row cleaning is gone: what is tested is each output path's own use of text.safe_to_show.

- CLI commands run with stdout and stderr on pseudo-terminals; the bytes hold no ESC at all
  (but for the bold and underline click itself puts around search matches) and none of the
  unsafe code points. `--json` output still parses, to the very characters stored.
- The workbench: a Pilot test reads every segment drawn on each screen (reader, annotations,
  `/` search, tag view, note dialog); the real app in a pty must not write the payloads.
"""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from gpreader.store import annotations as store_module
from gpreader.store import texts
from gpreader.text import is_safe_to_show
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.screens.search import SearchScreen
from gpreader.tui.screens.tag_view import TagViewScreen
from gpreader.tui.widgets.reader import Reader

from .support import ARTICLE, gpreader
from .terminal import GUARD, Terminal

OSC_TITLE = "\x1b]0;pwned\x07"
CSI_CLEAR = "\x1b[2J"
CSI_8BIT = "\u009b31m"
NEL = "\u0085"
RLO = "\u202e"
LRI = "\u2066"
ZWSP = "\u200b"
BOM = "\ufeff"
POISON = OSC_TITLE + CSI_CLEAR + CSI_8BIT + NEL + RLO + LRI + ZWSP + BOM
UNSAFE = ("\x1b", "\x07", "\u009b", "\u0085", RLO, LRI, ZWSP, BOM)

QUERY = "appoint Daffy Duck"
# Replaced in the article text by a string of the same length (offsets stay valid), just
# before the passage QUERY finds.
ORIGINAL = "No plan. No idea. Might as well appoint"
POISONED = (POISON + " well appoint").rjust(len(ORIGINAL), ".")
# Click's own bold + underline around a search match on a terminal: the only escape codes a
# CLI command writes.
CLICK_MARKS = (b"\x1b[1m\x1b[4m", b"\x1b[0m")

VERBATIM_STORE = """\
import gpreader.store.annotations as _annotations

if hasattr(_annotations, "_shown_row"):  # the store hands rows back as stored
    _annotations._shown_row = lambda row: row
"""


# -- the poisoned database --------------------------------------------------------------------


@pytest.fixture
def poisoned(corpus_dir: Path, db_path: Path, tmp_path: Path) -> dict[str, str]:
    """A database coded with the real CLI, then poisoned; the environment for subprocesses
    that makes the store return rows verbatim."""
    run = lambda *args: gpreader("--articles", str(corpus_dir), "--db", str(db_path), *args)  # noqa: E731
    made = run("--coder", "alice", "annotate", ARTICLE, "--quote", "Daffy Duck",
               "--tag", "policy/x", "--note", "a plain note")  # fmt: skip
    assert made.returncode == 0, made.stderr
    made = run("annotate", ARTICLE, "--quote", "hand-to-hand combat", "--tag", "policy/x")
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(db_path)
    texts.register(conn)
    with conn:
        sql = "SELECT gp_text(text) FROM articles WHERE path = ?"
        text = conn.execute(sql, [ARTICLE]).fetchone()[0]
        assert text.count(ORIGINAL) == 1 and len(POISONED) == len(ORIGINAL)
        conn.execute(
            "UPDATE articles SET title = ?, text = ? WHERE path = ?",
            [f"Title {POISON}", texts.pack(text.replace(ORIGINAL, POISONED)), ARTICLE],
        )
        conn.execute("UPDATE tags SET description = ?", [f"d {POISON}"])
        conn.execute("UPDATE tags SET path = ? WHERE path = 'policy/x'", [f"policy/x{POISON}"])
        conn.execute("UPDATE highlights SET note = ?, coder = ?", [f"n {POISON}", f"c {POISON}"])
        conn.execute(  # the second quote is gone from the text: listed as an orphan
            "UPDATE highlights SET exact = ?, status = 'orphaned' WHERE exact = ?",
            [f"e {POISON}", "hand-to-hand combat"],
        )
    conn.close()
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(VERBATIM_STORE)
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "articles": str(corpus_dir), "db": str(db_path)}


def _assert_clean(data: bytes, what: object) -> None:
    """No ESC or BEL byte, no unsafe code point (nor a stray C1 byte)."""
    for byte in (b"\x1b", b"\x07"):
        assert byte not in data, (what, byte, data[:3000])
    text = data.decode("utf-8", errors="surrogateescape")
    found = [c for c in text if c in UNSAFE or 0xDC80 <= ord(c) <= 0xDC9F]
    assert not found, (what, found[:8], text[:3000])


# -- CLI commands on a terminal -----------------------------------------------------------------


def _on_terminal(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> tuple[bytes, bytes, int]:
    """`gpreader ARGS` with stdout and stderr each on a pseudo-terminal (stdin: a pipe)."""
    out_master, out_slave = os.openpty()
    err_master, err_slave = os.openpty()
    command = ["--articles", env["articles"], "--db", env["db"], *args]
    proc = subprocess.Popen(
        [sys.executable, "-m", "gpreader", *command],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=out_slave,
        stderr=err_slave,
        env={**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": env["PYTHONPATH"]},
    )
    os.close(out_slave)
    os.close(err_slave)
    if stdin is not None and proc.stdin is not None:
        proc.stdin.write(stdin.encode("utf-8"))
        proc.stdin.close()
    got = {out_master: bytearray(), err_master: bytearray()}
    open_fds = set(got)
    deadline = time.monotonic() + GUARD
    while open_fds and time.monotonic() < deadline:
        ready, _, _ = select.select(list(open_fds), [], [], 0.1)
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the slave side closed, the program ended
                data = b""
            if data:
                got[fd].extend(data)
            else:
                open_fds.discard(fd)
        if not ready and proc.poll() is not None and not _pending(open_fds):
            break
    for fd in got:
        os.close(fd)
    code = proc.wait(timeout=GUARD)
    return bytes(got[out_master]), bytes(got[err_master]), code


def _pending(fds: set[int]) -> bool:
    return bool(fds) and bool(select.select(list(fds), [], [], 0)[0])


TEXT_COMMANDS = [
    ("search", QUERY),
    ("articles",),
    ("highlights",),
    ("highlights", ARTICLE),
    ("stats",),
    ("tags", "list"),
    ("export", "-o", "-"),
    ("export", "-f", "md", "-o", "-"),
    ("export", "-f", "jsonl", "-o", "-"),
]


def test_cli_commands_on_a_terminal_write_no_escape_and_no_unsafe_character(
    poisoned: dict[str, str],
) -> None:
    for args in TEXT_COMMANDS:
        out, err, code = _on_terminal(poisoned, *args)
        assert code == 0, (args, out, err)
        if args[0] == "search":
            assert out.count(CLICK_MARKS[0]) >= 1, out  # the match is marked: a real result
            for mark in CLICK_MARKS:
                out = out.replace(mark, b"")
        _assert_clean(out, args)
        _assert_clean(err, args)
        assert b"]0;pwned" in out, (args, out)  # the poisoned values are shown, inert


def test_search_stdin_echoes_each_query_safely(poisoned: dict[str, str]) -> None:
    queries = f"{POISON} {QUERY}\nminister {RLO}contract{ZWSP}\n"
    out, err, code = _on_terminal(poisoned, "search", "--stdin", stdin=queries)
    assert code == 0, (out, err)
    for mark in CLICK_MARKS:
        out = out.replace(mark, b"")
    _assert_clean(out, "search --stdin")
    _assert_clean(err, "search --stdin")
    shown = out.decode("utf-8")
    assert "# \ufffd]0;pwned\ufffd\ufffd[2J" in shown  # the echoed query, inert
    assert "# minister \ufffdcontract\ufffd" in shown


@pytest.mark.parametrize(
    "args",
    [
        ("search", QUERY, "--json"),
        ("articles", "--json"),
        ("highlights", "--json"),
        ("stats", "--json"),
        ("tags", "list", "--json"),
    ],
)
def test_json_on_a_terminal_escapes_every_unsafe_character_and_keeps_the_data(
    poisoned: dict[str, str], args: tuple[str, ...]
) -> None:
    out, err, code = _on_terminal(poisoned, *args)
    assert code == 0, (args, out, err)
    _assert_clean(out, args)
    _assert_clean(err, args)
    data = json.loads(out.decode("utf-8"))
    # The store handed the values back verbatim and JSON carries them exactly: escaped, not
    # replaced.
    assert any(POISON in text for text in _strings(data)), data


def _strings(data: Any) -> list[str]:
    """Every string in parsed JSON, keys and values."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def test_search_stdin_json_lines_escape_the_query(poisoned: dict[str, str]) -> None:
    out, err, code = _on_terminal(
        poisoned, "search", "--stdin", "--json", stdin=f"{QUERY} {POISON}\n"
    )
    assert code == 0, (out, err)
    _assert_clean(out, "search --stdin --json")
    [line] = [json.loads(x) for x in out.decode("utf-8").splitlines() if x.strip()]
    assert line["query"] == f"{QUERY} {POISON}"
    assert any(POISON in text for text in _strings(line["results"]))


# -- the workbench (Pilot): every segment drawn ----------------------------------------------------


def _drawn(app: GPReaderApp) -> str:
    """Every character the active screen draws, as its compositor renders it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def _assert_drawn_safely(app: GPReaderApp, where: str) -> str:
    drawn = _drawn(app)
    found = [c for c in drawn if c in UNSAFE or not is_safe_to_show(c)]
    assert not found, (where, found[:8], drawn)
    return drawn


async def _settle(app: GPReaderApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await app.screen.workers.wait_for_complete()
    await pilot.pause()


async def test_the_workbench_draws_no_unsafe_character(
    poisoned: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_shown_row", lambda row: row, raising=False)
    with store_module.AnnotationStore(Path(poisoned["db"]), coder="tester") as store:
        assert store.article(ARTICLE).title == f"Title {POISON}"  # verbatim, as stored
        app = GPReaderApp(store, Path(poisoned["articles"]), config=Config(tmp_path / "no.toml"))
        async with app.run_test(size=(140, 40)) as pilot:
            await _settle(app, pilot)
            await pilot.press("slash", *QUERY)
            await _settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, SearchScreen) and screen.hits
            assert any(POISON in h.title for h in screen.hits)
            drawn = _assert_drawn_safely(app, "/ screen")
            assert "Title \ufffd]0;pwned" in drawn
            await pilot.press("enter")
            await _settle(app, pilot)
            reader = app.screen.focused
            assert isinstance(reader, Reader) and reader.path == ARTICLE
            drawn = _assert_drawn_safely(app, "reader")
            assert "\ufffd]0;pwned\ufffd\ufffd[2J" in drawn  # the text, the header
            reader.go_to(store.highlights(ARTICLE)[0].start)
            await _settle(app, pilot)
            drawn = _assert_drawn_safely(app, "reader on the highlight")
            assert "n \ufffd]0;pwned" in drawn  # the note in the annotations panel / status
            await pilot.press("m")
            await _settle(app, pilot)
            assert isinstance(app.screen, NoteDialog)
            _assert_drawn_safely(app, "note dialog")
            await pilot.press("escape")
            await _settle(app, pilot)
            await pilot.press("T")
            await _settle(app, pilot)
            assert isinstance(app.screen, TagViewScreen)
            drawn = _assert_drawn_safely(app, "tag view")
            assert "x\ufffd]0;pwned" in drawn
            await pilot.press("escape")
            await _settle(app, pilot)
            notes = [(n.title, n.message) for n in app._notifications]
            for title, message in notes:
                assert not [c for c in title + message if c in UNSAFE], notes


# -- the real workbench in a pseudo-terminal -----------------------------------------------------

PAYLOADS = (b"\x1b]0;pwned", b"\x1b[2J")


def test_the_real_workbench_writes_no_payload_to_the_terminal(
    poisoned: dict[str, str], tmp_path: Path
) -> None:
    env = {
        "GPREADER_CONFIG": str(tmp_path / "none.toml"),
        "HOME": str(tmp_path),
        "PYTHONPATH": poisoned["PYTHONPATH"],
    }
    args = ("--articles", poisoned["articles"], "--db", poisoned["db"])
    term = Terminal(*args, env=env, cwd=tmp_path)
    try:
        term.wait_for_library()
        mark = len(term.bytes)
        term.send("/")
        term.wait_for_text("Search the corpus", since=mark)
        term.send(*QUERY)
        term.wait_for_text("Title \ufffd]0;pwned", since=mark)
        mark = len(term.bytes)
        term.send("\r")  # open the passage found: the poisoned text is on the screen
        term.wait_for_text("\ufffd[2J", since=mark)
        mark = len(term.bytes)
        term.send("]")  # to the highlight: its note and tags are listed
        term.wait_for_text("n \ufffd]0;pwned", since=mark)
        term.send("\x11")  # ctrl+q
        assert term.wait_exit() == 0
    finally:
        term.kill()
    output = term.bytes
    for payload in PAYLOADS:
        assert payload not in output, payload
    text = output.decode("utf-8", errors="surrogateescape")
    found = [
        c for c in text if c in UNSAFE[2:] or 0x80 <= ord(c) <= 0x9F or 0xDC80 <= ord(c) <= 0xDC9F
    ]
    assert not found, found[:8]


def test_the_tui_helpers_make_every_part_safe_and_keep_the_styles() -> None:
    from textual.content import Content

    from gpreader.tui.widgets.shown import assemble, safe_content, shown, styled

    built = assemble(("T" + POISON, "bold"), " · ", Content.styled(f"n{RLO}x", "italic"))
    assert (
        built.plain == "T" + "\ufffd]0;pwned\ufffd\ufffd[2J\ufffd31m" + "\ufffd" * 5 + " · n\ufffdx"
    )
    assert [(s.start, s.end, s.style) for s in built.spans] == [
        (0, 1 + len(POISON), "bold"),
        (len(built.plain) - 3, len(built.plain), "italic"),
    ]
    assert styled(f"a{ZWSP}", "dim").plain == "a\ufffd"
    assert shown(f"a{LRI}b") == "a\ufffdb"
    unsafe = Content.assemble(("x" + BOM, "bold"))
    assert safe_content(unsafe).plain == "x\ufffd"
    assert safe_content(unsafe).spans == unsafe.spans
    plain = Content("fine")
    assert safe_content(plain) is plain
