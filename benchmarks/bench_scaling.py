"""The scaling table: import, database size, corpus check, search, first paint and export at
several corpus sizes, printed as Markdown (run by hand; the figures go in the README).

    .venv/bin/python benchmarks/bench_scaling.py --sizes 1000,10000 [--keep DIR]
        [--rows import,search,paint,export] [--runs 3] [--per-article 10]
        [--given "100000|import (CPU)|390 s (F4's run)" ...]

Each size N uses the generated corpus of `generate_corpus.py` (seed 7; built once under
DIR/corpus-N-7 and reused) and measures, each step in a child process of its own and each
by the benchmark script that owns it (nothing here re-implements a measurement):
- import: `bench_import.py CORPUS --db DIR/N.db` (a fresh import: CPU, wall, peak RSS, the
  database with its -wal, then the corpus check with nothing changed, full and quick);
- search: `bench_search.py`'s seeded query set and its query phase on that database (best of
  `--repeat` per query; p50 and p95 over the queries, wall, in one process);
- first paint: `bench_startup.first_paint` of `python -m gpreader` against a bare Textual app,
  interleaved, median of `--runs` (compile the bytecode first: `python -m compileall -q src`);
- export: `bench_export.build` adds `--per-article` highlights per article to a copy of the
  database (1-3 tags each, seeded), then `bench_export.run_child` exports each format once per
  run (CPU and the child's peak RSS; median CPU, highest RSS).
Sizes not run (100,000 takes hours here) get their cells from `--given SIZE|ROW|TEXT`, e.g.
figures another engineer measured, named as such. `--reuse` keeps an existing DIR/N.db (and
its import figures, saved beside it) instead of importing again. Each size's cells are saved
as DIR/N.cells.json; `--table-only` prints the table from them (with any `--given`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench_export  # noqa: E402  (the benchmark scripts are modules beside this one)
import bench_search  # noqa: E402
import bench_startup  # noqa: E402
from generate_corpus import generate  # noqa: E402

ROWS = ("import", "search", "paint", "export")
EXPORT_FORMATS = ("csv", "xlsx", "jsonl", "w3c", "qdpx")
Cells = dict[str, dict[int, str]]  # row label -> size -> cell


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def measure_import(corpus: Path, db: Path, reuse: bool) -> dict[str, str]:
    """A fresh import and the corpus checks, by bench_import.py (its output parsed)."""
    saved = db.with_suffix(".import.json")
    if reuse and db.exists() and saved.exists():
        found: dict[str, str] = json.loads(saved.read_text())
        return found
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    argv = [sys.executable, str(HERE / "bench_import.py"), str(corpus), "--db", str(db)]
    out = subprocess.run(argv, check=True, capture_output=True, text=True, env=_env()).stdout
    imported = re.search(r"import: (\d+) articles, ([\d.]+) s CPU, ([\d.]+) s wall", out)
    size = re.search(r"database: ([\d.]+) MB; peak RSS (\d+) MB", out)
    full = re.search(r"full check, nothing changed: median ([\d.]+) s wall, ([\d.]+) s CPU", out)
    quick = re.search(r"quick check, nothing changed: median ([\d.]+) s wall, ([\d.]+) s CPU", out)
    if not (imported and size and full and quick):
        raise SystemExit(f"bench_import.py printed what this script cannot read:\n{out}")
    found = {
        "import (CPU / wall / peak RSS)": (f"{imported[2]} s / {imported[3]} s / {size[2]} MB"),
        "database (with -wal)": f"{size[1]} MB",
        "corpus check, full (wall / CPU)": f"{full[1]} / {full[2]} s",
        "corpus check, quick (wall / CPU)": f"{quick[1]} / {quick[2]} s",
    }
    saved.write_text(json.dumps(found))
    return found


def measure_search(db: Path, repeat: int) -> dict[str, str]:
    """bench_search's seeded queries, timed by its query phase in a child."""
    queries = bench_search.make_queries(db, 7)
    timed = bench_search._run("queries", db=db, queries=queries, repeat=repeat)
    times = timed["times_ms"]
    p50, p95 = statistics.median(times), bench_search._percentile(times, 0.95)
    return {
        f"search p50 / p95 ({len(queries)} queries, wall)": f"{p50:.0f} / {p95:.0f} ms",
        "search, vocabulary load + first query (wall)": f"{timed['cold_ms']:.0f} ms",
    }


def measure_paint(corpus: Path, db: Path, runs: int) -> dict[str, str]:
    """First paint of the workbench against a bare Textual app, interleaved (wall): until the
    library says how many articles it holds (the generator may write more files than asked)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        count = conn.execute("SELECT count(*) FROM articles WHERE missing = 0").fetchone()[0]
    env = {"GPREADER_CONFIG": "/nonexistent.toml", "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "gpreader", "--articles", str(corpus), "--db", str(db)]
    bare, ours = [], []
    label = f"first paint (median of {runs}, wall; x bare Textual app)"
    for _ in range(runs):
        bare.append(
            bench_startup.first_paint(
                [sys.executable, "-c", bench_startup.BARE], "bare app ready", env
            )[0]  # the wall time
        )
        try:
            ours.append(bench_startup.first_paint(command, rf"{count:,}\s+articles", env)[0])
        except Exception as exc:  # pexpect's TIMEOUT or EOF: said in the table
            return {label: f"not measured ({type(exc).__name__} waiting for '{count:,} articles')"}
    ratio = statistics.median(ours) / statistics.median(bare)
    return {label: f"{statistics.median(ours):.2f} s ({ratio:.2f}x)"}


def measure_export(
    corpus: Path, db: Path, work: Path, per_article: int, count: int, runs: int, formats: list[str]
) -> dict[str, str]:
    """Exports of `per_article` x `count` highlights, each format in a child of its own."""
    highlights = per_article * count
    coded = work / f"{count}-coded-{highlights}.db"
    if not coded.exists():
        shutil.copyfile(db, coded)
        argv = [
            sys.executable,
            str(HERE / "bench_export.py"),
            "--build",
            str(highlights),
            "--db",
            str(coded),
            "--articles",
            str(corpus),
        ]
        subprocess.run(argv, check=True, env=_env())
    found: dict[str, str] = {}
    for fmt in formats:
        done = [
            bench_export.run_child(REPO / "src", coded, fmt, work / f"export-{count}.{fmt}")
            for _ in range(runs)
        ]
        cpu = statistics.median(r["cpu"] for r in done)
        rss = max(r["rss_mb"] for r in done)
        found[f"export {fmt}, {per_article} highlights/article (CPU / peak RSS)"] = (
            f"{cpu:.2f} s / {rss:.0f} MB"
        )
    return found


def table(cells: Cells, sizes: list[int]) -> str:
    """The Markdown table: a row per measurement, a column per size."""
    lines = ["| | " + " | ".join(f"{n:,} articles" for n in sizes) + " |"]
    lines.append("|---|" + "---|" * len(sizes))
    for label, by_size in cells.items():
        lines.append(f"| {label} | " + " | ".join(by_size.get(n, "") for n in sizes) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes to run")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/bench-scaling"))
    parser.add_argument("--rows", default=",".join(ROWS), help=f"of {', '.join(ROWS)}")
    parser.add_argument("--formats", default=",".join(EXPORT_FORMATS))
    parser.add_argument("--runs", type=int, default=3, help="first paints and exports per size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per search query (best)")
    parser.add_argument("--per-article", type=int, default=10, help="highlights per article")
    parser.add_argument("--reuse", action="store_true", help="reuse DIR/N.db and its import")
    parser.add_argument("--given", action="append", default=[], metavar="SIZE|ROW|TEXT")
    parser.add_argument(
        "--table-only", action="store_true", help="print the cells saved by earlier runs"
    )
    args = parser.parse_args()
    rows = args.rows.split(",")
    sizes = [int(n) for n in args.sizes.split(",") if n]
    args.keep.mkdir(parents=True, exist_ok=True)
    cells: Cells = {}
    started = os.getloadavg()[0]
    for count in sizes:
        db = args.keep / f"{count}.db"
        saved = args.keep / f"{count}.cells.json"
        if args.table_only:
            for label, value in json.loads(saved.read_text()).items():
                cells.setdefault(label, {})[count] = value
            continue
        corpus = generate(args.keep / f"corpus-{count}-7", count, 7, quiet=True)
        measured: dict[str, str] = {}
        t0 = time.perf_counter()
        if "import" in rows or not db.exists():
            measured |= measure_import(corpus, db, args.reuse)
        if "search" in rows:
            measured |= measure_search(db, args.repeat)
        if "paint" in rows:
            measured |= measure_paint(corpus, db, args.runs)
        if "export" in rows:
            formats = args.formats.split(",")
            measured |= measure_export(
                corpus, db, args.keep, args.per_article, count, args.runs, formats
            )
        earlier = json.loads(saved.read_text()) if saved.exists() else {}
        saved.write_text(json.dumps(earlier | measured, indent=1))  # rows run now replace
        for label, value in measured.items():
            cells.setdefault(label, {})[count] = value
        print(f"{count} articles measured in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    for given in args.given:
        size, label, text = given.split("|", 2)
        cells.setdefault(label, {})[int(size)] = text
        sizes = sorted({*sizes, int(size)})
    print(f"load average: {started:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    print(table(cells, sizes))


if __name__ == "__main__":
    main()
