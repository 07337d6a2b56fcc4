"""The cycle collector's work done while the user rests, not inside a key.

Measured with benchmarks/bench_ui.py at 10,000 articles with a 5 MB article open: collections
set off by a key's own allocations took about as long as its work (K: 238 ms median UI-thread
CPU with the collector on, 133 ms with it off). The costly ones walk the middle generation,
which grows between them to millions of objects. So at rest (no key or mouse event for QUIET
seconds) the young and middle generations are collected while they are small, and the full
collection, which memory.THRESHOLDS keeps from starting by itself, runs at rest at most once
per FULL_EVERY seconds. A full collection made at rest walks every object not frozen and can
take long enough that the first key after a pause waits for it: made every rest, it cost more
keys than it saved (the bench's gc column), hence the rarity. Under endless input a full
collection still runs once OVERDUE seconds have passed, so that garbage cannot pile up.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

QUIET = 1.0  # seconds without input before collecting
TICK = 0.5  # seconds between checks
FULL_EVERY = 60.0  # seconds at least between full collections made at rest
OVERDUE = 300.0  # seconds after which a full collection runs even under input
ALLOCATED = 2_000  # young objects allocated since the last collection that make one worth it


class IdleCollector:
    """Runs the cycle collector at rest (see the module)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.last_input = clock()
        self.last_full = clock()
        self.collections = 0  # how many collections it ran (for tests)
        self.full_collections = 0  # how many of them were full

    def start(self, app: Any) -> None:
        """Check every TICK seconds on `app`'s event loop."""
        app.set_interval(TICK, self.tick, name="idle collector")

    def input_seen(self) -> None:
        """A key or a mouse event came: the user is not resting."""
        self.last_input = self._clock()

    def due(self) -> int | None:
        """The generation to collect now (2: a full collection), or None."""
        now = self._clock()
        if now - self.last_full >= OVERDUE:
            return 2
        if now - self.last_input < QUIET:
            return None
        if now - self.last_full >= FULL_EVERY:
            return 2
        young, middle, _ = gc.get_count()
        return 1 if young >= ALLOCATED or middle > 0 else None

    def tick(self) -> None:
        generation = self.due()
        if generation is None:
            return
        gc.collect(generation)
        self.collections += 1
        if generation == 2:
            self.full_collections += 1
            self.last_full = self._clock()
