"""Time exporting many highlights, each export in a child process of its own (run by hand;
numbers go in the notes, not in tests).

    .venv/bin/python benchmarks/bench_export.py [--highlights 100000] [--formats csv,xlsx,w3c]
                                                [--repeat 3] [--keep DIR] [--before SRC]
                                                [--articles CORPUS] [--profile FORMAT]

Two shapes: the default spreads the highlights over the five sample articles (the cost per
highlight); `--articles CORPUS` builds on another corpus instead, e.g. 100,000 highlights over
10,000 articles (`generate_corpus.py`, or copy bench_scaling.py's `10000-coded-100000.db` to
`DIR/bench.db` and pass its corpus), where the cost per article shows. `--profile FORMAT`
exports once in this process under cProfile (CPU time) and prints where the time goes.

For qdpx the archive is then read back as a stream and its selections counted (qdpx_summary).
Setup loads the sample corpus and bulk-inserts highlights straight through the store's
sqlite-utils database (not timed); `--keep DIR` builds there once and reuses it. Each timed
export runs in a fresh child process, as the CLI runs it, which reports the export's CPU and
wall time and its own peak RSS (`ru_maxrss`), and the RSS it had before exporting (the
interpreter and imports). `--before SRC` names the `src` folder of another checkout (e.g.
`git archive 4e88575 src | tar -x -C /tmp/base`, then `--before /tmp/base/src`): each
format is then exported by both, interleaved (before, after, before, ...), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TAGS = [f"theme{i}/code{j}" for i in range(5) for j in range(4)] + ['=odd, "quoted"', "£ 日本語 🎉"]
NOTES = ["", "", "", "a note", 'with "quotes", commas\nand a newline', "=SUM(1)", "-1", "NA"]
FORMATS = ("csv", "jsonl", "xlsx", "w3c")
# Floors, measured by the same children (`--formats records,openpyxl-floor`): reading the
# highlights through the store's one query and nothing else (run by both sides with
# `--before`: it is the store's code); openpyxl's write-only mode
# writing as many rows of the same 14 strings and numbers (no store, no other work).
FLOORS = ("records", "openpyxl-floor")
FLOOR_ROWS = 200_549  # rows the 100,000-highlight xlsx has (one per tag)


def build(db_path: Path, articles: Path, n: int, seed: int = 1) -> None:
    """A store with the sample corpus and `n` random highlights, 1-3 tags each."""
    from gpreader.anchoring import quote_at
    from gpreader.corpus import sync as library
    from gpreader.store import AnnotationStore

    rng = random.Random(seed)
    with AnnotationStore(db_path, coder="bench") as store:
        library.refresh(store, articles)
        for tag in TAGS:
            store.ensure_tag(tag)
        db = store.db
        tag_ids = {r["path"]: r["id"] for r in db.query("SELECT id, path FROM tags")}
        arts = list(db.query("SELECT id, gp_text(text) AS text, sha256 FROM articles"))
        highlights, links = [], []
        for i in range(n):
            art = rng.choice(arts)
            text = art["text"]
            start = rng.randrange(0, max(len(text) - 200, 1))
            end = start + rng.randint(5, 180)
            quote = quote_at(text, start, end)
            hid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            stamp = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+00:00"
            highlights.append(
                {
                    "id": hid,
                    "article_id": art["id"],
                    "start": start,
                    "end": end,
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "article_sha256": art["sha256"],
                    "note": rng.choice(NOTES),
                    "coder": rng.choice(["ann", "bob", "chloé"]),
                    "created": stamp,
                    "updated": stamp,
                    "status": "anchored",
                }
            )
            for tag in rng.sample(TAGS, rng.randint(1, 3)):
                links.append({"highlight_id": hid, "tag_id": tag_ids[tag]})
        with store.action():
            db["highlights"].insert_all(highlights, batch_size=5000)
            db["highlight_tags"].insert_all(links, batch_size=5000)


def qdpx_summary(out: Path, highlights: int) -> str:
    """Read the exported project back as a stream (iterparse) and check it carries every
    highlight once: the streaming writer must not lose or repeat any."""
    selections = 0
    with zipfile.ZipFile(out) as archive, archive.open("project.qde") as qde:
        size = archive.getinfo("project.qde").file_size
        for _, element in ET.iterparse(qde):
            if element.tag.endswith("}PlainTextSelection"):
                selections += 1
            element.clear()
    status = "ok" if selections == highlights else f"MISMATCH (expected {highlights})"
    return f"qdpx: project.qde {size / 1e6:.1f} MB unpacked, {selections} selections {status}"


def floor(db_path: Path, fmt: str, out: Path) -> tuple[int, int]:
    """A floor (see FLOORS): (highlights, rows written)."""
    if fmt == "records":
        from gpreader.export.common import ExportData, read_snapshot
        from gpreader.store import AnnotationStore

        with AnnotationStore(db_path) as store, read_snapshot(store):
            n = sum(1 for _ in ExportData(store).records())
        out.write_bytes(b"")
        return n, n
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("highlights")
    row = [str(uuid.UUID(int=1)), "003_article.txt", "A title", "body", "theme1/code2", 1234]
    row += [1300, "a quoted passage " * 5, "a note", "ann", "2024-05-01 10:00:00"]
    row += ["2024-05-01 10:00:00", "anchored", "ann"]
    for _ in range(FLOOR_ROWS):
        sheet.append(row)
    book.save(out)
    return 0, FLOOR_ROWS


def profile(db_path: Path, fmt: str, out: Path, articles: Path) -> None:
    """One export in this process under cProfile, timed in CPU seconds; the top functions."""
    import cProfile
    import pstats

    from gpreader.export import ExportOptions, export
    from gpreader.store import AnnotationStore

    profiler = cProfile.Profile(time.process_time)
    with AnnotationStore(db_path) as store:
        profiler.enable()
        export(store, ExportOptions(format=fmt), out, force=True, articles_root=articles)
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def child(db_path: Path, fmt: str, out: Path, articles: Path) -> None:
    """One export, measured from inside the process that runs it; a JSON line on stdout."""
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before any import
    if fmt in FLOORS:
        wall, cpu = time.perf_counter(), time.process_time()
        highlights, written = floor(db_path, fmt, out)
    else:
        from gpreader.export import ExportOptions, export
        from gpreader.store import AnnotationStore

        with AnnotationStore(db_path) as store:
            wall, cpu = time.perf_counter(), time.process_time()
            options = ExportOptions(format=fmt)
            result = export(store, options, out, force=True, articles_root=articles)
        highlights, written = result.highlights, result.written
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        json.dumps(
            {
                "cpu": cpu,
                "wall": wall,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "start_rss_mb": before_rss / 1024,
                "highlights": highlights,
                "written": written,
                "mb": out.stat().st_size / 1e6,
            }
        )
    )


def run_child(
    src: Path, db_path: Path, fmt: str, out: Path, articles: Path = REPO / "articles"
) -> dict[str, float]:
    """Export once in a child process importing gpreader from `src`."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    argv = [sys.executable, __file__, "--child", fmt, "--db", str(db_path), "--out", str(out)]
    argv += ["--articles", str(articles)]
    done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=3, help="exports per format and side")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--before", type=Path, help="another checkout's src folder to compare")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--articles",
        type=Path,
        default=REPO / "articles",
        help="the corpus to build on and export from (default: the five samples)",
    )
    parser.add_argument("--profile", help="profile one export of this format (in --keep DIR)")
    args = parser.parse_args()
    if args.build:
        build(args.db, args.articles, args.build)
        return
    if args.child:
        child(args.db, args.child, args.out, args.articles)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="gpreader-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sides = {"after": REPO / "src"}
    if args.before is not None:
        sides = {"before": args.before.resolve(), **sides}
    try:
        db_path = work / "bench.db"
        if not db_path.exists():
            t0 = time.perf_counter()
            # in a child: a child's peak RSS (ru_maxrss) starts at its parent's at fork
            argv = [sys.executable, __file__, "--build", str(args.highlights), "--db", str(db_path)]
            argv += ["--articles", str(args.articles)]
            subprocess.run(argv, check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
            print(f"setup: {args.highlights} highlights in {time.perf_counter() - t0:.1f} s")
        if args.profile:
            profile(db_path, args.profile, work / f"profile.{args.profile}", args.articles)
            return
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for _ in range(args.repeat):
            for fmt in args.formats.split(","):
                for side, src in sides.items():
                    if fmt == "openpyxl-floor" and side == "before":
                        continue  # no store code: the same on both sides
                    out = work / f"export-{side}.{fmt}"
                    measured = run_child(src, db_path, fmt, out, args.articles)
                    runs.setdefault((fmt, side), []).append(measured)
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
        for (fmt, side), found in runs.items():
            cpus = [r["cpu"] for r in found]
            walls = [r["wall"] for r in found]
            print(
                f"{fmt:6} {side:6}: {found[0]['highlights']:.0f} highlights, "
                f"{found[0]['written']:.0f} written, {found[0]['mb']:.1f} MB; "
                f"CPU median {statistics.median(cpus):.2f} s (best {min(cpus):.2f}); "
                f"wall median {statistics.median(walls):.2f} s; "
                f"peak RSS {max(r['rss_mb'] for r in found):.0f} MB "
                f"(at start {found[0]['start_rss_mb']:.0f} MB; {len(found)} runs)"
            )
            if fmt == "qdpx" and side == "after":
                print(qdpx_summary(work / "export-after.qdpx", int(found[0]["highlights"])))
    finally:
        if args.keep is None:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
