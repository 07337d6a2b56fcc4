"""The one worker style of the TUI, and the one piece of it that is shared.

Every worker is `@work(thread=True, exclusive=True, group=...)` on the node that owns it. It
opens its own AnnotationStore (sqlite3 connections are per-thread), calls a core function with a
`threading.Event` to cancel it, and posts `@dataclass` messages back; it never touches a widget.
Setting the event (quitting, closing the dialog, starting a newer run) makes the core function
stop at its next safe point and raise `gpreader.errors.Cancelled`.
"""

from __future__ import annotations

import time


class Throttle:
    """True at most every `seconds` (and always for the last report): keeps a worker from
    flooding the message queue with progress."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last = 0.0

    def __call__(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if done >= total or now - self._last >= self.seconds:
            self._last = now
            return True
        return False
