"""Time retrieval by code (search/codes.py) at scale (run by hand; numbers go in the notes).

    .venv/bin/python benchmarks/bench_retrieval.py [--articles 10000] [--highlights 100000]
                                                   [--repeat 3] [--keep DIR]

Setup (not timed) is bench_analysis.py's `build`: synthetic articles of 8 paragraphs of 4
sentences (packed spans) with an `outlet` attribute, then highlights at random places holding
their words, 1-3 of 20 nested tags each, by 3 coders, 1% deleted and 1% orphaned. With --keep
DIR the database is kept there and reused (a database bench_analysis.py kept serves too). Each
step prints the best of --repeat runs, wall-clock and CPU seconds (time.process_time: this
process only, whatever else runs on the machine).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from bench_analysis import build, timed  # run as a script: benchmarks/ is on the path

from gpreader.search.codes import Passages
from gpreader.store import AnnotationStore

QUERIES = [
    "tag:theme1",
    "tag:theme1/code2 tag:theme3",
    "tag:theme1 | tag:theme2 -tag:theme3",
    "coder:ann tag:theme0",
    "attr:outlet=pulse tag:theme4",
    "tag:theme0 overlaps tag:theme1",
    "tag:theme0 near:2 tag:theme1",
    "tag:theme0 in:paragraph tag:theme1",
    "contract tag:theme2",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "annotations.db"
    if not db.exists():
        started = time.perf_counter()
        build(db, args.articles, args.highlights)
        print(f"setup: {args.articles} articles, {args.highlights} highlights", end=" ")
        print(f"in {time.perf_counter() - started:.1f} s")
    try:
        with AnnotationStore(db) as store:
            passages = timed("load the live highlights", args.repeat, lambda: Passages(store))
            assert isinstance(passages, Passages)
            print(f"  {len(passages.every)} live highlights")
            for query in QUERIES:
                found = timed(query, args.repeat, lambda q=query: passages.ids(q))
                assert isinstance(found, set)
                print(f"  {len(found)} passages")
    finally:
        if args.keep is None:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
