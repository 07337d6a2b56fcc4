"""Time the first analysis after the upgrade that made the cache of where highlights fall
(store/highlight_units.py): the cache emptied, then load + co-occurrence by sentence, which
fills it (run by hand; numbers go in the notes). It writes to DB: point it at a copy.

    PYTHONPATH=<checkout>/src .venv/bin/python benchmarks/bench_cold_fill.py DB
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from gpreader.analysis import cooccurrence, load
from gpreader.store import AnnotationStore


def main() -> None:
    with AnnotationStore(Path(sys.argv[1])) as store:
        with store.action() as conn:
            conn.execute("DELETE FROM highlight_units")
            conn.execute("DELETE FROM highlight_unit_articles")
        cpu, wall = time.process_time(), time.perf_counter()
        cooccurrence(load(store), "sentence")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"cold: load + co-occurrence sentence   cpu {cpu:.3f} s   wall {wall:.3f} s")


if __name__ == "__main__":
    main()
