"""Keeping Python's cycle collector off the keys.

A full collection walks every object the collector tracks. With 10,000 library rows, a 5 MB
article's spans, blocks and layouts, and Textual's own widgets and caches alive, one full
collection stopped the UI thread for up to a second in the middle of a key press (measured with
benchmarks/bench_ui.py: its `gc` column). The data that lives for the whole session, or until
another article replaces it, holds no reference cycles, so it never needs the collector:
`settle` moves everything alive now out of its sight (`gc.freeze`). Such objects are still freed
the usual way (by reference counting) when they are let go; only a reference cycle alive at
the moment of freezing, and dropped later, would stay until the process ends.

The collector also runs less often once the workbench is up (`THRESHOLDS`): a key that opens a
dialog or moves the focus allocates tens of thousands of short-lived objects (strips, segments,
styles), and with Python's default thresholds the young collections and the full collections
they trigger took a large part of such a key's time (benchmarks/bench_ui.py, its `gc` column:
opening the export dialog 280 -> 135 ms median UI-thread CPU at 10,000 articles).

Even so, a middle-generation collection (190-700 ms with the thresholds above) still landed
inside keys now and then. Once keys come (`IdleCollector`, started by the first key), the
collections run from a timer while no key has come for IDLE seconds: what a key leaves behind
is collected after it, not during the next one. The automatic collector then runs only once
ALLOCATED_CAP objects are pending (keys held down without a pause).

Most of what the collector found after a key was Textual's own: `Strip.divide` keeps the list
`[strip]` in the strip's cache when the cut is the whole strip, so every line the compositor
drew whole became a reference cycle (the strip, its seven caches and their dicts) that only
the collector frees. `acyclic_strips` hands that list out without keeping it. A Textual upgrade
should re-check the method; tests/app/test_garbage.py fails if strips become garbage again.
"""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

from textual.strip import Strip

THRESHOLDS = (50_000, 50, 100)  # Python's defaults: 700 (2000 in 3.13), 10, 10
IDLE = 1.5  # seconds without a key (and no worker running) before the collector runs
TICK = 0.25  # seconds between looks
YOUNG = 20_000  # pending allocations worth a collection of the young generations
FULL_EVERY = 20  # young collections between two collections of everything not frozen
ALLOCATED_CAP = 500_000  # pending allocations collected even while keys come


def settle() -> None:
    """Move the objects alive now out of the cycle collector's sight, and let it run less
    often (see the module)."""
    gc.freeze()
    running = any(c.app is not None and c.app.is_running for c in _started)
    gc.set_threshold(ALLOCATED_CAP if running else THRESHOLDS[0], *THRESHOLDS[1:])


def acyclic_strips() -> None:
    """Make `Strip.divide` return a whole strip as `[strip]` without caching it in the strip
    (a reference cycle; see the module). Every other cut goes to Textual's own method."""
    divide = Strip.divide
    if getattr(divide, "acyclic", False):
        return

    def divide_acyclic(strip: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        length = strip.cell_length
        kept = [cut for cut in cuts if cut <= length]
        return [strip] if kept == [length] else divide(strip, kept)

    divide_acyclic.acyclic = True  # type: ignore[attr-defined]
    divide_acyclic.textual = divide  # type: ignore[attr-defined]
    setattr(Strip, "divide", divide_acyclic)  # noqa: B010 (mypy: a method assigned)


class IdleCollector:
    """Runs the cycle collector between keys rather than inside them (see the module)."""

    def __init__(self) -> None:
        self.last_key = time.monotonic()
        self.started = False
        self.young_runs = 0  # young collections since the last full one
        self.last_tick = 0.0
        self.app: Any = None

    def key(self, app: Any) -> None:
        """A key came: note when; the first one starts the timer on `app` (a Textual App)."""
        self.last_key = time.monotonic()
        if not self.started:
            self.started, self.app = True, app
            _started.add(self)
            gc.set_threshold(ALLOCATED_CAP, *THRESHOLDS[1:])
            app.set_interval(TICK, self.tick, name="idle-collector")

    def tick(self) -> int | None:
        """Collect if there is something to collect and the app is idle: no key for IDLE
        seconds, this look on time (a late one means the UI thread is busy), no worker running
        (its result is awaited); which generation ran, or None."""
        now = time.monotonic()
        on_time, self.last_tick = now - self.last_tick < 2 * TICK, now
        if not (on_time and now - self.last_key >= IDLE and gc.get_count()[0] >= YOUNG):
            return None
        if self.app is not None and any(w.is_running for w in self.app.workers):
            return None
        generation = 1
        if self.young_runs >= FULL_EVERY:
            generation, self.young_runs = 2, 0
        else:
            self.young_runs += 1
        gc.collect(generation)
        return generation


_started: weakref.WeakSet[IdleCollector] = weakref.WeakSet()  # settle keeps their threshold
