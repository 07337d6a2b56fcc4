"""Time the store reads the UI makes (run by hand; numbers go in the notes, not in tests).

    .venv/bin/python benchmarks/bench_store_reads.py [--articles 10000] [--big-mb 3] [--repeat 5]

Setup (not timed) writes a synthetic library straight into a fresh database: `--articles`
small articles, each with one highlight tagged `theme`, and one article of `--big-mb` MB with a
span per sentence. Then it times what the TUI asks the store for: the library, the change check
of an open column (hash only, and the whole article as before), and the tag view's passages.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gpreader import reading
from gpreader.store import AnnotationStore

SENTENCE = "The practice said the contract would change how partners work together. "


def build(store: AnnotationStore, n: int, big_mb: float) -> str:
    """`n` small articles with a tagged highlight each, and one big one; the big one's path."""
    small = SENTENCE * 70  # about 5 KB, like a news article
    big = SENTENCE * int(big_mb * 1e6 / len(SENTENCE))
    conn = sqlite3.connect(store.path)  # a connection of its own: setup only
    with conn:
        rows = [
            (f"a{i:05d}.txt", hashlib.sha256(f"{i}".encode()).hexdigest(), f"Title {i}", small)
            for i in range(n)
        ]
        rows.append(("big.txt", hashlib.sha256(big.encode()).hexdigest(), "Big", big))
        conn.executemany(
            """INSERT INTO articles (path, sha256, title, text, size, mtime_ns, encoding,
                   words, comments, missing) VALUES (?, ?, ?, ?, 0, 0, 'utf-8', 100, 0, 0)""",
            rows,
        )
        big_id = conn.execute("SELECT id FROM articles WHERE path = 'big.txt'").fetchone()[0]
        step = len(SENTENCE)
        conn.executemany(
            """INSERT INTO spans (article_id, seq, kind, section, start, "end")
               VALUES (?, ?, 'sentence', 'body', ?, ?)""",
            [(big_id, i, i * step, (i + 1) * step) for i in range(len(big) // step)],
        )
    conn.close()
    for i in range(n):
        store.add_highlight(f"a{i:05d}.txt", 4, 30, tags=["theme"])
    return "big.txt"


def timed(label: str, repeat: int, call: Callable[[], object]) -> None:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    best, median = min(times) * 1000, statistics.median(times) * 1000
    print(f"{label:<44} best {best:8.1f} ms   median {median:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--big-mb", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="gpreader-bench-") as work,
        AnnotationStore(Path(work) / "bench.db", coder="bench") as store,
    ):
        big = build(store, args.articles, args.big_mb)
        r = args.repeat
        timed(f"articles() ({args.articles} rows)", r, store.articles)
        if hasattr(store, "article_sha256"):  # absent before the store door
            timed(
                f"article_sha256() ({args.big_mb:g} MB article)",
                r,
                lambda: store.article_sha256(big),
            )
        timed(f"article() ({args.big_mb:g} MB article)", r, lambda: store.article(big))
        timed(
            f"tag_passages() ({args.articles} passages)",
            r,
            lambda: reading.tag_passages(store, "theme"),
        )


if __name__ == "__main__":
    main()
