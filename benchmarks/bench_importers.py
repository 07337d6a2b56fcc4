"""Import speed per format: articles per second and CPU time (run by hand; numbers go in the
notes, not in tests).

    .venv/bin/python benchmarks/bench_importers.py [--fixtures ../shared/fixtures]
                                                   [--pages 10000] [--repeat 1]

Every file in the ingest fixture folders goes through the importer the registry chooses for
it (`repeat` times); the table gives, per source format, files, articles, CPU seconds and
articles per CPU second. With --pages N it then writes N web pages into a temporary folder
(the fixture pages, each copy made distinct by a numbered paragraph) and imports them all,
reading each file from disk as sync does: the "10,000 web pages" figure of issue 14.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from gpreader.corpus.importers import Skipped, choose

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("ingest", "ingest-more")


def _import(path: Path) -> tuple[str, int]:
    """The source format and the number of articles one file gives (0 when skipped)."""
    data = path.read_bytes()
    importer = choose(path.name, data[:8192])
    if importer is None:
        return "unclaimed", 0
    try:
        conversion = importer.convert(data, path.name)
    except Skipped:
        return importer.name, 0
    return conversion.source_format, len(conversion.documents)


def per_format(fixtures: Path, repeat: int) -> None:
    """CPU time and articles per second for every format in the fixtures."""
    files: dict[str, int] = defaultdict(int)
    articles: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    paths = [
        path
        for folder in FOLDERS
        for path in sorted((fixtures / folder).glob("*/*"))
        if path.name != "expected.json"
        and (path.suffix != ".txt" or path.parent.name == "news-db")  # not pdf's layout text
    ]
    for _ in range(repeat):
        for path in paths:
            started = time.process_time()
            fmt, count = _import(path)
            seconds[fmt] += time.process_time() - started
            files[fmt] += 1
            articles[fmt] += count
    print(f"{'format':<10}{'files':>7}{'articles':>10}{'CPU s':>9}{'art/s':>9}")
    for fmt in sorted(files):
        rate = articles[fmt] / seconds[fmt] if seconds[fmt] else 0.0
        print(f"{fmt:<10}{files[fmt]:>7}{articles[fmt]:>10}{seconds[fmt]:>9.2f}{rate:>9.1f}")


def many_pages(fixtures: Path, count: int) -> None:
    """Write `count` distinct web pages from the fixture pages, then import them all."""
    pages = [
        p.read_bytes()
        for folder in FOLDERS
        for p in sorted((fixtures / folder / "html").glob("*.html"))
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):
            page = pages[i % len(pages)].replace(
                b"</body>", f"<p>Copy {i} of the page for the benchmark.</p></body>".encode(), 1
            )
            (folder / f"page{i:05d}.html").write_bytes(page)
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        imported = sum(_import(path)[1] for path in sorted(folder.iterdir()))
        cpu = time.process_time() - started_cpu
        wall = time.perf_counter() - started_wall
    print(
        f"{count} web pages: {imported} articles, {cpu:.1f} s CPU ({imported / cpu:.1f} art/s), "
        f"{wall:.1f} s wall"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixtures", type=Path, default=REPO.parent / "shared" / "fixtures")
    parser.add_argument("--pages", type=int, default=0, help="also import N generated web pages")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    per_format(args.fixtures, args.repeat)
    if args.pages:
        many_pages(args.fixtures, args.pages)


if __name__ == "__main__":
    main()
