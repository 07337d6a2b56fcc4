"""What watching the articles folder costs at 100,000 files (issue 11: "cheap at 100,000 files").

    .venv/bin/python benchmarks/bench_watch.py                    # 100,000 files in 1,000 folders
    .venv/bin/python benchmarks/bench_watch.py --files 20000 --folders 200 --keep /tmp/tree

For each way of watching (inotify through watchfiles, and the folder poller used when inotify
is unavailable) it reports: the wall time from start until a new file is reported (includes
setting up the watches), the CPU time of the whole process over a quiet `--idle` seconds (what
watching costs while nothing changes), and the delay between writing a file and the report.
Files are empty: watching never reads them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from gpreader.corpus.watch import FolderPoller, FolderWatcher


def make_tree(root: Path, files: int, folders: int) -> None:
    per = max(files // folders, 1)
    for f in range(folders):
        folder = root / f"f{f // 100:02d}" / f"d{f:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(per):
            (folder / f"{n:05d}.txt").touch()


def measure(root: Path, inotify: bool, idle: float) -> dict[str, float]:
    seen = threading.Event()
    problems: list[str] = []
    watcher = FolderWatcher(
        root, on_change=seen.set, on_problem=problems.append, inotify=inotify, poll_every=2.0
    )
    started = time.perf_counter()
    watcher.start()
    while watcher.mode == "stopped":
        time.sleep(0.01)
    if inotify:
        time.sleep(1.0)  # the watches are being added: give it a moment before the first write
    probe = root / "f00" / "d0000" / "probe-1.txt"
    probe.touch()
    seen.wait(120)
    ready = time.perf_counter() - started
    seen.clear()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    time.sleep(idle)
    idle_cpu = time.process_time() - cpu0
    idle_wall = time.perf_counter() - wall0
    written = time.perf_counter()
    (root / "f00" / "d0000" / "probe-2.txt").touch()
    seen.wait(60)
    delay = time.perf_counter() - written
    watcher.stop()
    if problems:
        print("  problems:", problems)
    return {
        "start until first report (s)": ready,
        "CPU while idle (% of one core)": 100 * idle_cpu / idle_wall,
        "write to report (s)": delay,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--folders", type=int, default=1_000)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the tree here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="gpreader-watch-"))
    try:
        if not any(root.glob("f*")):
            started = time.perf_counter()
            make_tree(root, args.files, args.folders)
            print(
                f"made {args.files:,} files in {args.folders:,} folders: "
                f"{time.perf_counter() - started:.1f} s"
            )
        poller_started = time.perf_counter()
        poller = FolderPoller(root)
        listed = time.perf_counter() - poller_started
        rounds_started = time.process_time()
        for _ in range(10):
            poller.changed()
        per_round = (time.process_time() - rounds_started) / 10
        print(
            f"folder poller: {len(poller.folders):,} folders listed in {listed * 1000:.0f} ms; "
            f"one round of stats {per_round * 1000:.1f} ms CPU"
        )
        for inotify in (True, False):
            print(
                "inotify" if inotify else "polling",
                {k: round(v, 3) for k, v in measure(root, inotify, args.idle).items()},
            )
            for probe in root.glob("f00/d0000/probe-*"):
                os.remove(probe)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
