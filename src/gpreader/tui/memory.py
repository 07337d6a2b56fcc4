"""Keeping Python's cycle collector off the keys.

A full collection walks every object the collector tracks. With 10,000 library rows, a 5 MB
article's spans, blocks and layouts, and Textual's own widgets and caches alive, one full
collection stopped the UI thread for up to a second in the middle of a key press (measured with
benchmarks/bench_ui.py: its `gc` column). The data that lives for the whole session, or until
another article replaces it, holds no reference cycles, so it never needs the collector:
`settle` moves everything alive now out of its sight (`gc.freeze`). Such objects are still freed
the usual way (by reference counting) when they are let go; only a reference cycle alive at
the moment of freezing, and dropped later, would stay until the process ends.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Move the objects alive now out of the cycle collector's sight (see the module)."""
    gc.freeze()
