"""Time a first import of a corpus folder into a fresh database (run by hand).

    .venv/bin/python benchmarks/bench_import.py CORPUS [--db PATH] [--space] [--stages]

Reports the CPU time of the process (user + system) and wall time of `sync.refresh`, the
database size after it (with its -wal), peak RSS, and then the time of a refresh with nothing
changed: the full corpus check (a stat of every file: reading commands, the workbench) and
the quick one (a stat of every folder: export, stats, search; see corpus.sync.refresh), wall
and CPU. `--check-only` skips the import and checks an existing `--db`. `--profile` writes
the top of a cProfile of the import (cumulative order) to a file. `--space` prints the
space of each table and index (dbstat) and the free pages. `--stages` prints the CPU time
of each part of the import (nested parts are inside their callers' figures), measured by
wrapping those functions (cheap next to cProfile's per-call cost). Other options: --help.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import resource
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gpreader.corpus import ingest, sync
from gpreader.search import index
from gpreader.store import AnnotationStore
from gpreader.store import spans as packed_spans

# (module, function, label): the parts `--stages` times, callers before what they call.
STAGES: tuple[tuple[Any, str, str], ...] = (
    (sync, "_hash", "read, decode, hash (files)"),
    (ingest, "convert_source", "  of which converting"),
    (ingest, "to_article", "parse (structure)"),
    (sync, "_write_article", "write articles, attributes, spans"),
    (packed_spans, "pack", "  of which packing spans"),
    (index, "index_articles", "index (units, FTS5 rows)"),
    (index, "unit_rows", "  of which units and their words"),
    (index, "count_words", "count words, merge FTS5"),
)


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
    parser.add_argument("--check-only", action="store_true", help="only time the checks")
    parser.add_argument("--stages", action="store_true", help="print CPU per part of the import")
    parser.add_argument(
        "--space", action="store_true", help="print the space of each table and index (dbstat)"
    )
    parser.add_argument(
        "--log", type=Path, help="append stage, files done, CPU s and RSS MB every 1,000 files"
    )
    args = parser.parse_args()
    if args.check_only:
        if args.db is None or not args.db.exists():
            parser.error("--check-only needs an existing --db")
        _checks(args.db, args.corpus)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if db.exists():
            parser.error(f"{db} exists; give a new path")
        store = AnnotationStore(db)
        stages = _timed_stages() if args.stages else None
        profiler = cProfile.Profile() if args.profile else None
        cpu, wall = _cpu(), time.perf_counter()
        if profiler:
            profiler.enable()
        report = sync.refresh(store, args.corpus, _logger(args.log) if args.log else None)
        if profiler:
            profiler.disable()
        cpu, wall = _cpu() - cpu, time.perf_counter() - wall
        store.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"import: {len(report.loaded)} articles, {cpu:.1f} s CPU, {wall:.1f} s wall")
        print(f"database: {_size(db) / 1e6:.1f} MB; peak RSS {rss:.0f} MB")
        for label, seconds in (stages or {}).items():
            print(f"  {label:38} {seconds:6.2f} s CPU")
        if args.space:
            _space(db)
        _checks(db, args.corpus)
        if profiler and args.profile:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            args.profile.write_text(out.getvalue())


def _space(db: Path) -> None:
    """MB per table and index (SQLite's dbstat), the largest first, and the free pages."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12"
        ).fetchall()
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    for name, size in rows:
        print(f"  {name:38} {size / 1e6:6.1f} MB")
    print(f"  {'(free pages)':38} {free * page / 1e6:6.1f} MB")


def _timed_stages() -> dict[str, float]:
    """Wrap the STAGES functions to add up their CPU time (process_time) by label."""
    spent: dict[str, float] = defaultdict(float)
    for module, name, label in STAGES:
        setattr(module, name, _timed(getattr(module, name), label, spent))
        spent[label] = 0.0
    return spent


def _timed(func: Callable[..., Any], label: str, spent: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    return timed


def _logger(log: Path) -> sync.Progress:
    """A progress callback appending a line every 1,000 files of each stage (a long run can
    be followed, and read when it is stopped): CPU so far and the current RSS."""
    started = _cpu()

    def progress(stage: str, done: int, total: int, path: str) -> None:
        if done % 1000 == 0 or done == total:
            with log.open("a") as out:
                out.write(
                    f"{time.strftime('%H:%M:%S')} {stage} {done}/{total} "
                    f"cpu {_cpu() - started:.1f} s rss {_rss_now():.0f} MB\n"
                )

    return progress


def _rss_now() -> float:
    """The resident set size now, in MB (Linux: /proc/self/statm)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def _checks(db: Path, corpus: Path, runs: int = 5) -> None:
    """Open + refresh with nothing changed, full and quick interleaved: median wall and CPU.
    First a refresh stamps the folders, as the import command does (if they are older than
    sync.RACY_NS: else every quick check is a full one)."""
    with AnnotationStore(db) as store:
        sync.refresh(store, corpus, stamp=True)
    timings: dict[str, list[tuple[float, float]]] = {"full": [], "quick": []}
    for _ in range(runs):
        for mode, found in timings.items():
            wall, cpu = time.perf_counter(), time.process_time()
            with AnnotationStore(db) as again:
                report = sync.refresh(again, corpus, quick=mode == "quick")
            found.append((time.perf_counter() - wall, time.process_time() - cpu))
            if report.loaded or report.updated or report.missing:
                raise SystemExit(f"the corpus changed during the {mode} check")
    for mode, found in timings.items():
        walls, cpus = sorted(w for w, _ in found), sorted(c for _, c in found)
        print(
            f"open + {mode} check, nothing changed: median {walls[runs // 2]:.3f} s wall, "
            f"{cpus[runs // 2]:.3f} s CPU (of {runs})"
        )


if __name__ == "__main__":
    main()
