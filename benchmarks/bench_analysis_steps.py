"""Time co-occurrence under every rule and the timeline as "the read" and "the step" apart
(run by hand; numbers go in the notes): the read is `load` plus the cache of where highlights
fall (`Coding.units()`, which a step would otherwise pay on first use), the step what comes
after. CPU seconds (time.process_time), best of --repeat, each repeat with a fresh read.

    PYTHONPATH=<checkout>/src .venv/bin/python benchmarks/bench_analysis_steps.py DB [--repeat 3]

DB: a database made by bench_analysis.py (--keep DIR: DIR/annotations.db) with its cache warm.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from gpreader.analysis import cooccurrence, load, timeline
from gpreader.analysis.coding import Coding
from gpreader.store import AnnotationStore

STEPS: list[tuple[str, Callable[[Coding], object]]] = [
    *(
        (f"co-occurrence {r}", lambda c, r=r: cooccurrence(c, r))
        for r in ("highlight", "overlap", "sentence", "paragraph", "near:2")
    ),
    ("co-occurrence sentence, jaccard", lambda c: cooccurrence(c, "sentence", measure="jaccard")),
    ("timeline by week", lambda c: timeline(c, by="week")),
    ("timeline by month", lambda c: timeline(c, by="month")),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'step':<34} {'read':>7} {'step':>7} {'sum':>7}   (CPU s, best of {args.repeat})")
    with AnnotationStore(args.db) as store:
        for label, step in STEPS:
            best: tuple[float, float] | None = None
            for _ in range(args.repeat):
                started = time.process_time()
                coding = load(store)
                if coding.units is not None:
                    coding.units()
                read = time.process_time() - started
                started = time.process_time()
                step(coding)
                spent = time.process_time() - started
                if best is None or read + spent < sum(best):
                    best = (read, spent)
            assert best is not None
            print(f"{label:<34} {best[0]:7.3f} {best[1]:7.3f} {sum(best):7.3f}")


if __name__ == "__main__":
    main()
