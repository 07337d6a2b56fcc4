"""Full cycle collections while the user rests, not inside a key.

Measured with benchmarks/bench_ui.py at 10,000 articles with a 5 MB article open: a full
collection that the allocations of a layout key set off (K, H, L) took about as long as the
key's own work (K: 238 ms median UI-thread CPU with the collector on, 133 ms with it off).
memory.THRESHOLDS keeps automatic full collections from ever starting; this collector makes
them up while no key or mouse event has come for QUIET seconds, and only when something was
allocated since the last one. So that garbage cannot pile up under endless input, a full
collection runs anyway once OVERDUE seconds have passed without one.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

QUIET = 0.6  # seconds without input before collecting
TICK = 0.5  # seconds between checks
OVERDUE = 60.0  # seconds after which a full collection runs even under input
ALLOCATED = 2_000  # young objects allocated since the last collection that make one worth it


class IdleCollector:
    """Runs the cycle collector's full collections at rest (see the module)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.last_input = clock()
        self.last_full = clock()
        self.collections = 0  # how many full collections it ran (for tests)

    def start(self, app: Any) -> None:
        """Check every TICK seconds on `app`'s event loop."""
        app.set_interval(TICK, self.tick, name="idle collector")

    def input_seen(self) -> None:
        """A key or a mouse event came: the user is not resting."""
        self.last_input = self._clock()

    def due(self) -> bool:
        """Whether a full collection should run now."""
        now = self._clock()
        young, middle, _ = gc.get_count()
        if young < ALLOCATED and middle == 0:
            return False  # nothing much allocated since the last one
        return now - self.last_input >= QUIET or now - self.last_full >= OVERDUE

    def tick(self) -> None:
        if self.due():
            gc.collect()
            self.collections += 1
            self.last_full = self._clock()
