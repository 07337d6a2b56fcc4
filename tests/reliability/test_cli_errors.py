"""One line on stderr, never a traceback, for every way a command can fail (issue: trust, 14).

Run as root, permission checks are bypassed; these tests drop the capabilities that do so
(`setpriv`), so a read-only folder is read-only for gpreader too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.support import ARTICLE, gpreader, one_line

NEEDS_UNPRIVILEGED = pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="running as root without setpriv: permissions cannot be enforced",
)


def unprivileged(*args: str) -> subprocess.CompletedProcess[bytes]:
    """`gpreader ARGS` with file permissions enforced even when run as root."""
    command = [sys.executable, "-m", "gpreader", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(
        command,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONUTF8": "1"},
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def read_only(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.fixture
def imported(corpus_dir: Path, db_path: Path) -> list[str]:
    """The common options, over an imported corpus."""
    base = ["--articles", str(corpus_dir), "--db", str(db_path)]
    assert gpreader(*base, "import").returncode == 0
    return base


@NEEDS_UNPRIVILEGED
def test_a_new_database_in_a_read_only_folder(corpus_dir: Path, read_only: Path) -> None:
    done = unprivileged("--articles", str(corpus_dir), "--db", str(read_only / "a.db"), "stats")
    assert done.returncode == 3
    assert "a.db" in one_line(done.stderr)


def test_a_database_path_under_a_regular_file(corpus_dir: Path, tmp_path: Path) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("not a folder")
    done = gpreader("--articles", str(corpus_dir), "--db", str(plain / "a.db"), "stats")
    assert done.returncode == 3
    assert "file.txt" in one_line(done.stderr)


@NEEDS_UNPRIVILEGED
def test_a_database_in_an_unreadable_folder(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "closed"
    folder.mkdir()
    folder.chmod(0)
    try:
        done = unprivileged("--articles", str(corpus_dir), "--db", str(folder / "a.db"), "stats")
    finally:
        folder.chmod(0o755)
    assert done.returncode == 3
    one_line(done.stderr)


@NEEDS_UNPRIVILEGED
def test_export_and_backup_into_a_read_only_folder(imported: list[str], read_only: Path) -> None:
    for args in (["export", "-o", str(read_only / "x.csv")], ["backup", str(read_only / "b.db")]):
        done = unprivileged(*imported, *args)
        assert done.returncode == 1, done.stderr
        assert str(read_only) in one_line(done.stderr)


def test_stdout_on_a_full_disk(imported: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    for args in (["articles"], ["export", "-o", "-"], ["stats", "--json"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "gpreader", *imported, *args],
                stdout=full,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                timeout=60,
            )
        assert done.returncode == 1, (args, done.stderr)
        assert "space" in one_line(done.stderr).lower()


def test_a_huge_occurrence_number(imported: list[str]) -> None:
    done = gpreader(*imported, "annotate", ARTICLE, "--quote", "the", "--occurrence", "9" * 20)
    assert done.returncode in (1, 2)
    one_line(done.stderr)


def test_a_coder_name_that_is_not_utf8(imported: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gpreader", *imported, "export", "-o", "-", "--coder", b"c\xff"],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr


def test_undo_over_a_malformed_journal_row(imported: list[str], db_path: Path) -> None:
    added = gpreader(*imported, "--coder", "me", "annotate", ARTICLE, "--quote", "Daffy Duck")
    assert added.returncode == 0, added.stderr
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE journal SET change = 'garbage', before = 'garbage'")
    conn.close()
    done = gpreader(*imported, "--coder", "me", "undo")
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
