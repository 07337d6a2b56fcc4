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
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 50, 100)  # Python's defaults: 700 (2000 in 3.13), 10, 10


def settle() -> None:
    """Move the objects alive now out of the cycle collector's sight, and let it run less
    often (see the module)."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
