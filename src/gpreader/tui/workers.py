"""The one worker style of the TUI, and the one piece of it that is shared.

Every worker is `@work(thread=True, exclusive=True, group=...)` on the node that owns it. It
opens its own AnnotationStore (sqlite3 connections are per-thread), calls a core function with a
`threading.Event` to cancel it, and posts `@dataclass` messages back; it never touches a widget.
Setting the event (quitting, closing the dialog, starting a newer run) makes the core function
stop at its next safe point and raise `gpreader.errors.Cancelled`.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from gpreader.errors import Cancelled

T = TypeVar("T")


def call_cancellable(
    fn: Callable[..., T],
    *args: Any,
    cancel: threading.Event,
    progress: Callable[..., None] | None = None,
    **kwargs: Any,
) -> T:
    """`fn(*args, progress=progress, cancel=cancel, **kwargs)`.

    Transition: until the core function takes `cancel` itself (corpus.sync.refresh and
    export.export gain it on the store-door branch), the event is checked before each progress
    report instead, raising the same `Cancelled`. Remove this fallback once merged.
    """
    if "cancel" in inspect.signature(fn).parameters:
        return fn(*args, progress=progress, cancel=cancel, **kwargs)

    def checked(*report: Any) -> None:
        if cancel.is_set():
            raise Cancelled("cancelled")
        if progress is not None:
            progress(*report)

    return fn(*args, progress=checked, **kwargs)


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
