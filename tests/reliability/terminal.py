"""The real `gpreader` workbench in a pseudo-terminal, for end-to-end reliability tests."""

from __future__ import annotations

import os
import re
import select
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ptyprocess

GUARD = 45.0  # seconds: a hang guard, never a benchmark
# CSI and OSC sequences: removed to read the text drawn between them.
_SEQUENCES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]"
)


def _default_hangup() -> None:
    """In the child: SIGHUP as a terminal's program has it, even when these tests run under
    `nohup` (which ignores it, and an ignored signal stays ignored across exec)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


class Terminal:
    """`python -m gpreader ARGS` in a 120x36 pty; every byte it writes is kept."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        ignore_sigint: bool = False,
    ):
        full_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "PYTHONUTF8": "1",
            **(env or {}),
        }
        full_env.pop("TEXTUAL", None)
        command = [sys.executable, "-m", "gpreader", *args]
        if ignore_sigint:  # as a job a script starts in the background has it
            command = ["sh", "-c", 'trap "" INT; exec "$0" "$@"', *command]
        self.proc = ptyprocess.PtyProcess.spawn(
            command,
            env=full_env,
            cwd=str(cwd) if cwd else None,
            dimensions=(36, 120),
            preexec_fn=_default_hangup,
        )
        self.output = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self.proc.fd], [], [], 0.1)
                data = os.read(self.proc.fd, 65536) if ready else b""
            except OSError:  # EIO: the program ended and the pty closed
                return
            if ready and not data:
                return
            with self._lock:
                self.output.extend(data)

    @property
    def bytes(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def send(self, *keys: str | bytes, pause: float = 0.05) -> None:
        for key in keys:
            self.proc.write(key.encode() if isinstance(key, str) else key)
            time.sleep(pause)

    def paste(self, text: str) -> None:
        """Bracketed paste, as a terminal sends pasted text."""
        self.send(b"\x1b[200~" + text.encode() + b"\x1b[201~")

    def text(self, since: int = 0) -> str:
        """What was drawn since byte `since`, with the escape sequences taken out."""
        return _SEQUENCES.sub(b"", self.bytes[since:]).decode("utf-8", errors="replace")

    def wait_for_text(self, needle: str, since: int = 0) -> None:
        wait(lambda: needle in self.text(since), f"{needle!r} on the screen", self)

    def wait_for_library(self) -> None:
        """Until the library has the focus and lists its articles (`o` then opens one: before
        the list is filled it has nothing to open)."""
        self.wait_for_text(" o Open")
        listed = re.compile(r"[1-9][0-9,]* articles · by")
        wait(lambda: listed.search(self.text()) is not None, "the articles listed", self)

    def signal(self, signum: int) -> None:
        os.kill(self.proc.pid, signum)

    def hang_up(self) -> None:
        """The terminal goes away (its window is closed): the pty's master side is closed."""
        self._stop.set()
        self._reader.join(timeout=5)
        self.proc.fileobj.close()

    def wait_exit(self) -> int:
        """The exit status (negative: killed by that signal)."""
        deadline = time.monotonic() + GUARD
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.proc.pid, os.WNOHANG)
            if pid:
                self.proc.terminated = True
                self._reader.join(timeout=5)
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"gpreader did not exit: {self.bytes[-500:]!r}")

    def alive(self) -> bool:
        return self.proc.isalive()

    def kill(self) -> None:
        if self.proc.isalive():
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def wait(condition: Callable[[], Any], what: str, term: Terminal | None = None) -> Any:
    deadline = time.monotonic() + GUARD
    while time.monotonic() < deadline:
        if value := condition():
            return value
        if term is not None and not term.alive():
            break
        time.sleep(0.05)
    tail = term.bytes[-1500:] if term else b""
    raise AssertionError(f"timed out waiting for {what}; screen tail: {tail!r}")


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Read the database from outside, as another process would."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
