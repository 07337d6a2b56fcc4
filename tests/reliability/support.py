"""Helpers shared by the reliability tests: the real `gpreader` in a subprocess, hostile bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ARTICLE = "000_457775139af1eb7c.txt"
REPO = Path(__file__).resolve().parents[2]

# Terminal controls that must never reach a terminal from text gpreader reads.
FORBIDDEN_CHARS = ("\x1b", "\x07", "\x9b")


def gpreader(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None, **kwargs
) -> subprocess.CompletedProcess[bytes]:
    """Run the real entry point in a subprocess; raw bytes out (the timeout is a hang guard)."""
    return subprocess.run(
        [sys.executable, "-m", "gpreader", *args],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


def assert_no_controls(data: bytes) -> None:
    """No ESC or BEL byte, and no 8-bit CSI: neither a stray 0x9B byte (0x9B inside a UTF-8
    sequence, e.g. in "┛", is fine) nor U+009B encoded as UTF-8."""
    for byte in (b"\x1b", b"\x07"):
        assert byte not in data, f"{byte!r} in output: {data[:2000]!r}"
    text = data.decode("utf-8", errors="surrogateescape")
    for char in (*FORBIDDEN_CHARS, "\udc9b"):
        assert char not in text, f"{char!r} in output: {text[:2000]!r}"


def one_line(stderr: bytes) -> str:
    """The single line of a clean error (no traceback)."""
    text = stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('holder', '1')")
print("locked", flush=True)
if sys.argv[2] == "stdin":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
print("released", flush=True)
"""


@contextmanager
def holding(db: Path, tmp_path: Path, how: str) -> Iterator[subprocess.Popen[bytes]]:
    """Another process holding the write lock: for `how` seconds, or until told on stdin."""
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout.readline() == b"locked\n", proc.stderr.read()
        yield proc
    finally:
        if proc.poll() is None and proc.stdin:
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
        proc.communicate(timeout=60)
    assert proc.returncode == 0
