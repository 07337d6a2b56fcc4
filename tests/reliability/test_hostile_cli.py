"""Hostile text never reaches the terminal as control codes through the CLI.

Article text, file and folder names, notes, tag names and descriptions, coder names and
arguments echoed in errors: stdout and stderr carry no ESC, BEL or 8-bit CSI (byte 0x9B or
U+009B); the characters show as U+FFFD instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from gpreader.store import texts

from .support import ARTICLE, assert_no_controls, gpreader

OSC_TITLE = "\x1b]0;title\x07"
OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"
CSI_CLEAR = "\x1b[2J"
CSI_8BIT = "\u009b31m"
OSC_LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = OSC_TITLE + OSC_CLIPBOARD + CSI_CLEAR + CSI_8BIT + OSC_LINK

ARTICLE_TEXT = (
    f"Headline {OSC_TITLE} news\n\n"
    f"The minister said {OSC_CLIPBOARD} that the {CSI_CLEAR} contract {CSI_8BIT} was "
    f"agreed, see {OSC_LINK} for more.\n\nA second paragraph about GP pay.\n"
)
# A cp1252 file (0xE9 makes it invalid UTF-8): 0x9B is "›" there; raw ESC and BEL are controls.
CP1252_BYTES = b"Caf\xe9 \x9b31m headline\n\nBody \x1b]0;pwned\x07 text \x1b[2J here.\n"


@pytest.fixture
def hostile(corpus_dir: Path, db_path: Path):
    """A corpus with hostile text and hostile names; a function running gpreader on it."""
    (corpus_dir / "hostile.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (corpus_dir / "cp1252.txt").write_bytes(CP1252_BYTES)
    root = os.fsencode(corpus_dir)
    for name in (b"name\x1b]0;pwn\x07.txt", "c1\u009b2J.txt".encode(), b"caf\xe9.txt"):
        with open(root + b"/" + name, "w") as f:
            f.write("Named badly\n\nBut a fine body.\n")
    os.mkdir(root + b"/dir\x1b[2J")
    with open(root + b"/dir\x1b[2J/inner.txt", "w") as f:
        f.write("Inner\n\nText.\n")

    def run(*args: str | bytes, expect: int = 0) -> tuple[str, str]:
        proc = gpreader("--articles", str(corpus_dir), "--db", str(db_path), *args)
        assert_no_controls(proc.stdout)
        assert_no_controls(proc.stderr)
        assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
        assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
        return proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")

    return run


def test_import_and_articles_show_hostile_text_and_names_as_replacement_chars(hostile) -> None:
    out, _ = hostile("import")
    assert "7 loaded" in out  # five samples, hostile.txt, cp1252.txt
    skipped = [line for line in out.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 4, out  # three files and one folder with unusable names
    assert all("rename it" in line for line in skipped), skipped
    assert any("name\ufffd]0;pwn\ufffd.txt" in line for line in skipped)
    assert any("caf\ufffd.txt" in line for line in skipped)
    listing, _ = hostile("articles")
    assert "Headline \ufffd]0;title\ufffd news" in listing
    assert "Café ›31m headline" in listing  # 0x9B in cp1252 is a harmless "›"
    rows = json.loads(hostile("articles", "--json")[0])
    assert {r["path"] for r in rows} >= {"hostile.txt", "cp1252.txt"}
    article = next(r for r in rows if r["path"] == "hostile.txt")
    assert article["title"] == "Headline \ufffd]0;title\ufffd news"


def test_highlights_notes_tags_and_coders_are_shown_safely(hostile) -> None:
    hostile("import")
    hid, _ = hostile(
        "--coder",
        f"eve{OSC_TITLE}",
        "annotate",
        "hostile.txt",
        "--quote",
        "The minister said",
        "--note",
        f"note {HOSTILE}",
        "--tag",
        f"tone/{CSI_CLEAR}evil{CSI_8BIT}",
    )
    hostile("annotate", "hostile.txt", "--quote", "contract", "--note", os.fsdecode(b"\xff\xfe"))
    hostile("tags", "add", f"x{OSC_LINK}", "--description", f"d {HOSTILE}")
    hostile("tags", "describe", "tone", f"{OSC_CLIPBOARD} described")
    for args in (
        ("highlights",),
        ("highlights", "--json"),
        ("highlights", "hostile.txt"),
        ("tags", "list"),
        ("tags", "list", "--json"),
        ("stats",),
        ("stats", "--json"),
        ("search", "minister contract"),
        ("search", "minister", "--json"),
        ("export", "-o", "-"),
        ("export", "-f", "md", "-o", "-"),
        ("export", "-f", "jsonl", "-o", "-"),
    ):
        hostile(*args)
    found = json.loads(hostile("highlights", "--json")[0])
    first = next(h for h in found if h["id"] == hid.strip())
    assert first["note"].startswith("note \ufffd]0;title\ufffd\ufffd]52;c;")
    assert first["coder"] == "eve\ufffd]0;title\ufffd"
    assert first["tags"] == ["tone/\ufffd[2Jevil\ufffd31m"]
    assert any(h["note"] == "\ufffd\ufffd" for h in found)  # undecodable argument bytes


def test_errors_echo_hostile_arguments_safely(hostile, tmp_path: Path) -> None:
    hostile("import")
    _, err = hostile("annotate", f"nope{OSC_TITLE}", "--quote", "x", expect=1)
    assert "no article matches" in err
    _, err = hostile("annotate", "hostile.txt", "--quote", f"absent {HOSTILE}", expect=1)
    assert "quote not found" in err
    _, err = hostile("tags", "delete", f"none{CSI_CLEAR}", expect=1)
    assert "no tag" in err
    missing = tmp_path / f"gone{OSC_CLIPBOARD}"
    proc = gpreader("--db", str(tmp_path / "x.db"), "import", str(missing))
    assert proc.returncode != 0
    assert_no_controls(proc.stdout + proc.stderr)
    proc = gpreader("--articles", str(tmp_path), "--db", str(tmp_path / f"d{OSC_TITLE}"), "stats")
    assert_no_controls(proc.stdout + proc.stderr)


def poison(db: Path) -> None:
    """Escape codes written straight into a database, as a shared or hand-edited file may hold."""
    conn = sqlite3.connect(db)
    texts.register(conn)
    with conn:
        conn.execute("UPDATE highlights SET note = ?, coder = ?", [f"n{HOSTILE}", f"c{OSC_TITLE}"])
        conn.execute("UPDATE tags SET description = ?", [f"d{HOSTILE}"])
        conn.execute("UPDATE tags SET path = ? WHERE path = 'x'", [f"x{CSI_CLEAR}{CSI_8BIT}"])
        (text,) = conn.execute(
            "SELECT gp_text(text) FROM articles WHERE path = ?", [ARTICLE]
        ).fetchone()
        conn.execute(
            "UPDATE articles SET title = ?, text = ? WHERE path = ?",
            [f"T{OSC_TITLE}", texts.pack(text.replace("Daffy", f"D{CSI_CLEAR}")), ARTICLE],
        )  # same length: offsets hold
        conn.execute(
            "UPDATE highlights SET exact = ?, status = ?", [f"e{OSC_LINK}", f"s{CSI_8BIT}"]
        )


def test_a_poisoned_database_is_shown_safely(corpus_dir: Path, db_path: Path) -> None:
    def run(*args: str) -> bytes:
        proc = gpreader("--articles", str(corpus_dir), "--db", str(db_path), *args)
        assert proc.returncode == 0, proc.stderr
        assert b"Traceback" not in proc.stderr
        return proc.stdout + proc.stderr

    run("annotate", ARTICLE, "--quote", "Daffy Duck", "--tag", "x")
    poison(db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE articles SET date = ?", [f"2{CSI_CLEAR}"])
    conn.close()
    for args in (
        ("articles",),
        ("articles", "--json"),
        ("highlights",),
        ("highlights", "--json"),
        ("tags", "list"),
        ("tags", "list", "--json"),
        ("stats",),
        ("stats", "--json"),
    ):
        assert_no_controls(run(*args))
    # JSON is data: the stored characters come through, as \u escapes (no raw control byte
    # reached the terminal above), and parse back to what the database holds.
    shown = json.loads(run("highlights", "--json"))
    assert shown[0]["note"].startswith("n\x1b]0;title\x07")
    assert shown[0]["tags"] == ["x\x1b[2J\x9b31m"]
