"""Time a first import of a corpus folder into a fresh database (run by hand).

    .venv/bin/python benchmarks/bench_import.py CORPUS [--db PATH] [--profile OUT.txt]

Reports the CPU time of the process (user + system) and wall time of `sync.refresh`, the
database size after it (with its -wal), peak RSS, and then the time of a second refresh with
nothing changed (the corpus check every command pays). `--profile` writes the top of a
cProfile of the import (cumulative order) to a file.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import tempfile
import time
from pathlib import Path

from gpreader.corpus import sync
from gpreader.store import AnnotationStore


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _size(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--db", type=Path, help="database to create (default: a temporary one)")
    parser.add_argument("--profile", type=Path, help="write a cProfile summary here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if db.exists():
            parser.error(f"{db} exists; give a new path")
        store = AnnotationStore(db)
        profiler = cProfile.Profile() if args.profile else None
        cpu, wall = _cpu(), time.perf_counter()
        if profiler:
            profiler.enable()
        report = sync.refresh(store, args.corpus)
        if profiler:
            profiler.disable()
        cpu, wall = _cpu() - cpu, time.perf_counter() - wall
        store.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"import: {len(report.loaded)} articles, {cpu:.1f} s CPU, {wall:.1f} s wall")
        print(f"database: {_size(db) / 1e6:.1f} MB; peak RSS {rss:.0f} MB")
        checks = []
        for _ in range(3):
            start = time.perf_counter()
            with AnnotationStore(db) as again:
                sync.refresh(again, args.corpus)
            checks.append(time.perf_counter() - start)
        print(f"open + refresh with nothing changed: best {min(checks):.3f} s of 3")
        if profiler and args.profile:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            args.profile.write_text(out.getvalue())


if __name__ == "__main__":
    main()
