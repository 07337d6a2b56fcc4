"""Time exporting many highlights (run by hand; numbers go in the notes, not in tests).

    .venv/bin/python benchmarks/bench_export.py [--highlights 100000] [--format csv] [--repeat 5]
                                                [--keep DIR]

Peak RSS is the whole process's: to see the export's alone, build once with --keep DIR, then
run again with the same --keep DIR (the database is reused, setup skipped), e.g. for xlsx:

    .venv/bin/python benchmarks/bench_export.py --keep /tmp/b --repeat 1 --format xlsx

For qdpx the archive is then read back as a stream and its selections counted (qdpx_summary).
Setup loads the sample corpus and bulk-inserts highlights straight through the store's
sqlite-utils database (not timed); then the export itself is timed, as the CLI runs it.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from gpreader.anchoring import quote_at
from gpreader.corpus import sync as library
from gpreader.export import ExportOptions, export
from gpreader.store import AnnotationStore

REPO = Path(__file__).resolve().parents[1]
TAGS = [f"theme{i}/code{j}" for i in range(5) for j in range(4)] + ['=odd, "quoted"', "£ 日本語 🎉"]
NOTES = ["", "", "", "a note", 'with "quotes", commas\nand a newline', "=SUM(1)", "-1", "NA"]


def build(db_path: Path, articles: Path, n: int, seed: int = 1) -> None:
    """A store with the sample corpus and `n` random highlights, 1-3 tags each."""
    rng = random.Random(seed)
    with AnnotationStore(db_path, coder="bench") as store:
        library.refresh(store, articles)
        for tag in TAGS:
            store.ensure_tag(tag)
        db = store.db
        tag_ids = {r["path"]: r["id"] for r in db.query("SELECT id, path FROM tags")}
        arts = list(db.query("SELECT id, text, sha256 FROM articles"))
        highlights, links = [], []
        for i in range(n):
            art = rng.choice(arts)
            text = art["text"]
            start = rng.randrange(0, len(text) - 200)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--format", default="csv")
    parser.add_argument("--repeat", type=int, default=5, help="timed exports (best, median shown)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="gpreader-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        db_path = work / "bench.db"
        if not db_path.exists():
            t0 = time.perf_counter()
            build(db_path, REPO / "articles", args.highlights)
            print(f"setup: {args.highlights} highlights in {time.perf_counter() - t0:.1f} s")
        out = work / f"export.{args.format}"
        walls, cpus = [], []
        with AnnotationStore(db_path) as store:
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                result = export(store, ExportOptions(format=args.format), out, force=True)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
        size = out.stat().st_size / 1e6
        print(
            f"export {args.format}: {result.highlights} highlights, {result.written} rows, "
            f"{size:.1f} MB; wall best {min(walls):.2f} s, "
            f"median {statistics.median(walls):.2f} s; "
            f"CPU best {min(cpus):.2f} s ({args.repeat} runs); "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        if args.format == "qdpx":
            print(qdpx_summary(out, result.highlights))
    finally:
        if args.keep is None:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
