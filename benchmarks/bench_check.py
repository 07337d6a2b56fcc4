"""The full corpus check with nothing changed (what `import`, `articles` and the workbench's
on-start refresh pay), against its floor: a bare walk with one stat per file.

    .venv/bin/python benchmarks/bench_check.py --articles /tmp/bench-f2/c100k \
        --db /tmp/bench-f7/s100k.db --runs 7 --src /work/wt/f7-base/src

Each measurement runs in a fresh process, interleaved (floor, then each source tree, in
turn): `floor` is `os.scandir` + `stat` of every file into a list (no comparison); `check`
is `corpus.sync.refresh(store, root)` on an already imported folder (the store opened
before the clock starts). Printed per variant: the median and range of wall time, of the
process's CPU time (every thread), and of the main thread's CPU time. `--src` adds another
source tree (an older commit's `src`) to compare; the database is only read when nothing
changed, so both may share it. `--stat-threads 1` adds this tree with the folders listed by
one thread (STAT_THREADS), to compare CPU and wall with the threaded walk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FLOOR = r"""
import os, sys, time
root = sys.argv[1]
w0, c0, t0 = time.perf_counter(), time.process_time(), time.thread_time()
found = []
pending = [root]
while pending:
    with os.scandir(pending.pop()) as scan:
        for entry in scan:
            if entry.is_dir():
                pending.append(entry.path)
            else:
                info = entry.stat()
                found.append((entry.path, info.st_size, info.st_mtime_ns))
print(len(found), time.perf_counter() - w0, time.process_time() - c0, time.thread_time() - t0)
"""

CHECK = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from gpreader.corpus import files, sync
from gpreader.store import AnnotationStore
if sys.argv[4]:
    files.STAT_THREADS = int(sys.argv[4])  # this tree only: how many threads list folders
with AnnotationStore(Path(sys.argv[2]), coder="bench", verify=False) as store:
    w0, c0, t0 = time.perf_counter(), time.process_time(), time.thread_time()
    report = sync.refresh(store, Path(sys.argv[1]))
    wall, cpu, thread = time.perf_counter() - w0, time.process_time() - c0, time.thread_time() - t0
    assert not (report.loaded or report.updated or report.missing), "the folder changed"
print(len(report.unchanged), wall, cpu, thread)
"""


def run(code: str, *args: str) -> tuple[int, float, float, float]:
    """(files, wall, process CPU, main-thread CPU) printed by one fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--src", type=Path, action="append", default=[])
    parser.add_argument(
        "--stat-threads", default="", help="this tree also with these thread counts: 1,3"
    )
    args = parser.parse_args()
    variants = {"floor (scandir+stat)": (FLOOR, str(args.articles))}
    where = (str(args.articles), str(args.db))
    variants["check, this tree"] = (CHECK, *where, str(REPO / "src"), "")
    for threads in filter(None, args.stat_threads.split(",")):
        variants[f"check, this tree, {threads} thread(s)"] = (
            CHECK,
            *where,
            str(REPO / "src"),
            threads,
        )
    for src in args.src:
        variants[f"check, src {src}"] = (CHECK, *where, str(src), "")
    results: dict[str, list[tuple[int, float, float, float]]] = {k: [] for k in variants}
    for code, *rest in variants.values():  # warm the page cache and the bytecode
        run(code, *rest)
    for _ in range(args.runs):
        for label, (code, *rest) in variants.items():
            results[label].append(run(code, *rest))
    print(f"load {os.getloadavg()[0]:.1f}; {args.runs} runs, interleaved; seconds")
    print(f"{'variant':<48} {'files':>7}  {'wall':>17}  {'CPU (all)':>17}  {'CPU (main)':>17}")
    for label, rows in results.items():
        cells = []
        for i in (1, 2, 3):
            values = [row[i] for row in rows]
            cells.append(f"{statistics.median(values):.3f} ({min(values):.2f}-{max(values):.2f})")
        print(f"{label:<48} {rows[0][0]:>7}  " + "  ".join(f"{c:>17}" for c in cells))


if __name__ == "__main__":
    main()
