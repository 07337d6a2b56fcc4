"""Import speed per format: articles per second and CPU time (run by hand; numbers go in the
notes, not in tests).

    .venv/bin/python benchmarks/bench_importers.py [--fixtures ../shared/fixtures]
                                                   [--pages 10000] [--repeat 1]
                                                   [--folder /tmp/bench-i3 --reuse]

Every file in the ingest fixture folders goes through the importer the registry chooses for
it (`repeat` times); the table gives, per source format, files, articles, CPU seconds and
articles per CPU second. With --pages N it then writes N web pages into a temporary folder
(the fixture pages, each copy made distinct by a numbered paragraph) and imports them all,
reading each file from disk as sync does: the "10,000 web pages" figure of issue 14.
With --folder the pages are written there (and kept); --reuse imports an existing set as is.
With --table-rows N a CSV and a JSONL of N articles each go through the container path.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from gpreader.corpus.importers import Skipped, choose
from gpreader.corpus.ingest import convert_source

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


def _write_pages(fixtures: Path, folder: Path, count: int) -> None:
    """Write `count` distinct web pages made from the fixture pages into `folder`."""
    pages = [
        p.read_bytes()
        for name in FOLDERS
        for p in sorted((fixtures / name / "html").glob("*.html"))
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        page = pages[i % len(pages)].replace(
            b"</body>", f"<p>Copy {i} of the page for the benchmark.</p></body>".encode(), 1
        )
        (folder / f"page{i:05d}.html").write_bytes(page)


def _import_folder(folder: Path, every: int = 500) -> None:
    """Import every page in `folder` and print articles per CPU second (and, every `every`
    pages, the running figures, so a run stopped early still says what it measured)."""
    paths = sorted(folder.glob("*.html"))
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    imported = 0
    for done, path in enumerate(paths, 1):
        imported += _import(path)[1]
        if done % every == 0 and done < len(paths):
            cpu = time.process_time() - started_cpu
            print(f"  {done} pages: {imported} articles, {cpu:.1f} s CPU", flush=True)
    cpu = time.process_time() - started_cpu
    wall = time.perf_counter() - started_wall
    print(
        f"{len(paths)} web pages: {imported} articles, {cpu:.1f} s CPU "
        f"({imported / cpu:.1f} art/s), {wall:.1f} s wall",
        flush=True,
    )


def many_pages(fixtures: Path, count: int, folder: Path | None, reuse: bool) -> None:
    """Import `count` generated web pages (kept in `folder` when given, reused with `reuse`)."""
    if folder is not None:
        if not (reuse and len(list(folder.glob("*.html"))) >= count):
            _write_pages(fixtures, folder, count)
        _import_folder(folder)
        return
    with tempfile.TemporaryDirectory() as tmp:
        _write_pages(fixtures, Path(tmp), count)
        _import_folder(Path(tmp))


def table_rows(count: int) -> None:
    """A CSV and a JSONL export of `count` articles (a scraped collection), converted whole:
    the container path, rows read one by one."""
    body = "General practice funding fell again this year, say the practices. " * 12
    csv_text = "title,text,date,publication\n" + "".join(
        f'"Article {i}","{body} Row {i}.",2024-02-{i % 28 + 1:02d},Pulse\n' for i in range(count)
    )
    jsonl_text = "".join(
        json.dumps({"title": f"Article {i}", "text": f"{body} Row {i}.", "source": "Pulse"}) + "\n"
        for i in range(count)
    )
    for name, text in (("rows.csv", csv_text), ("rows.jsonl", jsonl_text)):
        data = text.encode()
        started = time.process_time()
        source = convert_source(name, data)
        cpu = time.process_time() - started
        articles = len(source.articles)
        print(
            f"{name}: {len(data) / 2**20:.1f} MB, {articles} articles, {cpu:.2f} s CPU "
            f"({articles / cpu:.0f} art/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixtures", type=Path, default=REPO.parent / "shared" / "fixtures")
    parser.add_argument("--pages", type=int, default=0, help="also import N generated web pages")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--folder", type=Path, help="write the generated pages here and keep them")
    parser.add_argument("--reuse", action="store_true", help="reuse the pages in --folder")
    parser.add_argument("--skip-formats", action="store_true", help="only the web pages")
    parser.add_argument("--table-rows", type=int, default=0, help="also a CSV/JSONL of N rows")
    args = parser.parse_args()
    if not args.skip_formats:
        per_format(args.fixtures, args.repeat)
    if args.table_rows:
        table_rows(args.table_rows)
    if args.pages:
        many_pages(args.fixtures, args.pages, args.folder, args.reuse)


if __name__ == "__main__":
    main()
