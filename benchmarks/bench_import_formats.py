"""Import speed by format: the same N articles as text files, Markdown files with front
matter, one CSV and one JSON Lines file, each imported into a fresh database (articles per
second), then imported again with nothing changed.

Articles are the sample articles, each made distinct by a numbered closing line.

    python benchmarks/bench_import_formats.py [--articles 2000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gpreader.corpus import sync
from gpreader.store import AnnotationStore

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "articles").glob("*.txt"))


def articles(n: int) -> list[tuple[str, str]]:
    """(title, text) pairs: the samples in turn, each with its own closing line."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    found = []
    for i in range(n):
        text = texts[i % len(texts)].rstrip("\n") + f"\n\nReference number {i}.\n"
        title = next(line for line in text.split("\n")[2:] if line.strip())
        found.append((title, text))
    return found


def write_text(out: Path, rows: list[tuple[str, str]]) -> None:
    for i, (_, text) in enumerate(rows):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")


def write_markdown(out: Path, rows: list[tuple[str, str]]) -> None:
    for i, (title, text) in enumerate(rows):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        head = f'---\ntitle: "{title.replace(chr(34), "")}"\ndate: 2024-02-{i % 28 + 1:02d}\n'
        head += f"publication: Pulse\nauthor: Writer {i % 50}\n---\n\n"
        (folder / f"{i:06d}.md").write_text(head + text, encoding="utf-8")


def write_csv(out: Path, rows: list[tuple[str, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "articles.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "title", "text", "date", "publication"])
        for i, (title, text) in enumerate(rows):
            writer.writerow([f"A{i}", title, text, f"2024-02-{i % 28 + 1:02d}", "Pulse"])


def write_jsonl(out: Path, rows: list[tuple[str, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "articles.jsonl").open("w", encoding="utf-8") as f:
        for i, (title, text) in enumerate(rows):
            line = {"id": f"A{i}", "headline": title, "body": text, "source": "Pulse"}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


FORMATS: dict[str, Callable[[Path, list[tuple[str, str]]], None]] = {
    "text": write_text,
    "markdown": write_markdown,
    "csv": write_csv,
    "jsonl": write_jsonl,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="write the corpora here (else a temp dir)")
    args = parser.parse_args()
    rows = articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        print(f"{args.articles} articles per format")
        print(f"{'format':<9} {'import s':>9} {'art/s':>8} {'again s':>8}")
        for name, write in FORMATS.items():
            folder = base / name
            write(folder, rows)
            with AnnotationStore(base / f"{name}.db") as store:
                started = time.perf_counter()
                report = sync.refresh(store, folder)
                took = time.perf_counter() - started
                assert len(report.loaded) == args.articles, (name, report.skipped[:3])
                started = time.perf_counter()
                again = sync.refresh(store, folder)
                second = time.perf_counter() - started
                assert not again.loaded and not again.updated
            print(f"{name:<9} {took:>9.2f} {args.articles / took:>8.0f} {second:>8.2f}")


if __name__ == "__main__":
    main()
