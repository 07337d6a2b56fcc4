"""Helpers shared by the reliability tests: the real `gpreader` in a subprocess, hostile bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ARTICLE = "000_457775139af1eb7c.txt"
REPO = Path(__file__).resolve().parents[2]

# Terminal control bytes that must never reach a terminal from text gpreader reads.
FORBIDDEN_BYTES = (b"\x1b", b"\x07", b"\x9b")
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
    """No ESC, BEL or 8-bit CSI byte, and no U+009B once decoded."""
    for byte in FORBIDDEN_BYTES:
        assert byte not in data, f"{byte!r} in output: {data[:2000]!r}"
    text = data.decode("utf-8", errors="replace")
    for char in FORBIDDEN_CHARS:
        assert char not in text, f"{char!r} in output: {text[:2000]!r}"


def one_line(stderr: bytes) -> str:
    """The single line of a clean error (no traceback)."""
    text = stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]
