"""Time the analysis core: loading the coding, the code matrix, co-occurrence, the timeline
(run by hand; numbers go in the notes, not in tests). --cold empties the cache of where
highlights fall (store/highlight_units.py) first and times the first analysis after it.

    .venv/bin/python benchmarks/bench_analysis.py [--articles 10000] [--highlights 100000]
                                                  [--repeat 3] [--keep DIR] [--with-load]
                                                  [--only "matrix"] [--after-write] [--cold]

Setup (not timed) writes synthetic articles straight into a fresh database: 8 paragraphs of 4
sentences each, with their paragraph and sentence spans and a date spread over 2023-2024; and
an `outlet` attribute; then highlights at random places (within a sentence, or across two)
holding their words, 1-3 of 20 nested tags each, by 3 coders, 1% deleted and 1% orphaned
(bench_retrieval.py builds its corpus with this `build` too). With --keep DIR the database is
kept there and reused by the next run with the same DIR; --with-load times every step with
the read included (the acceptance figure: each under 1 s at 100,000 highlights). To compare
with an older checkout, run this file with PYTHONPATH=<that checkout>/src. Each step prints
the best of --repeat runs, in wall-clock and CPU seconds (time.process_time: this process
only, whatever else runs).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

from gpreader.analysis import cooccurrence, load, matrix, timeline
from gpreader.analysis.coding import Coding
from gpreader.models import Span
from gpreader.store import AnnotationStore
from gpreader.store import spans as packed_spans

TAGS = [f"theme{i}/code{j}" for i in range(5) for j in range(4)]
WORDS = [
    "the",
    "GP",
    "contract",
    "would",
    "bring",
    "more",
    "reform",
    "for",
    "practices",
    "and",
    "patients",
    "across",
    "England",
]


def _article(rng: random.Random) -> tuple[str, list[tuple[str, int, int]]]:
    """Text and its spans: (kind, start, end) for paragraphs and sentences."""
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    at = 0
    for _ in range(8):
        para_start = at
        for s in range(4):
            sentence = " ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + "."
            if s:
                parts.append(" ")
                at += 1
            spans.append(("sentence", at, at + len(sentence)))
            parts.append(sentence)
            at += len(sentence)
        spans.append(("paragraph", para_start, at))
        parts.append("\n\n")
        at += 2
    return "".join(parts), spans


def build(db_path: Path, articles: int, highlights: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with AnnotationStore(db_path, coder="bench") as store:  # creates the schema
        for tag in TAGS:
            store.ensure_tag(tag)
    conn = sqlite3.connect(db_path)
    tag_ids = dict(conn.execute("SELECT path, id FROM tags").fetchall())
    sentences: list[tuple[int, int, int]] = []
    texts: dict[int, str] = {}
    with conn:
        for i in range(articles):
            text, spans = _article(rng)
            day = f"{2023 + i % 2}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
            cursor = conn.execute(
                """INSERT INTO articles (path, sha256, title, date, text, size, mtime_ns,
                   encoding, words, comments, missing) VALUES (?, ?, ?, ?, ?, 0, 0, 'utf-8',
                   ?, 0, 0)""",
                [f"a{i:05d}.txt", uuid.uuid4().hex, f"Title {i}", day, text, len(text.split())],
            )
            aid = cursor.lastrowid
            assert aid is not None
            packed_spans.write(conn, [(aid, [Span(k, s, e, "body") for k, s, e in spans])])
            conn.execute(
                """INSERT INTO article_attributes (article_id, key, kind, value, number, origin)
                   VALUES (?, 'outlet', 'text', ?, NULL, 'user')""",
                [aid, rng.choice(["Pulse", "BMJ", "Guardian"])],
            )
            texts[aid] = text
            sentences += [(aid, s, e) for kind, s, e in spans if kind == "sentence"]
        rows, links = [], []
        for n in range(highlights):
            aid, s, e = rng.choice(sentences)
            start = rng.randrange(s, e - 3)
            end = min(
                e + (rng.randint(0, 60) if rng.random() < 0.2 else 0), start + rng.randint(3, 80)
            )
            hid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            status = "orphaned" if n % 100 == 7 else "anchored"
            deleted = "2024-01-01T00:00:00+00:00" if n % 100 == 3 else None
            coder = rng.choice(["ann", "bob", "chloé"])
            rows.append((hid, aid, start, end, texts[aid][start:end], coder, status, deleted))
            for tag in rng.sample(TAGS, rng.randint(1, 3)):
                links.append((hid, tag_ids[tag], coder))
        conn.executemany(
            """INSERT INTO highlights (id, article_id, start, "end", exact, coder, status,
               deleted, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '')""",
            rows,
        )
        conn.executemany(
            "INSERT INTO highlight_tags (highlight_id, tag_id, coder) VALUES (?, ?, ?)", links
        )
    conn.close()


def timed(label: str, repeat: int, call: Callable[[], object]) -> object:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"{label:<44} wall {min(walls):6.3f} s   cpu {min(cpus):6.3f} s")
    return result


def _cooccur(coding: Coding, rule: str) -> object:
    return cooccurrence(coding, rule)


def _with_load(store: AnnotationStore, step: Callable[[Coding], object]) -> Callable[[], object]:
    return lambda: step(load(store))


def _after_write(store: AnnotationStore, repeat: int) -> None:
    cpus = []
    for _ in range(repeat):
        with store.action() as conn:
            conn.execute(
                """UPDATE highlights SET deleted = deleted
                   WHERE rowid = (SELECT min(rowid) FROM highlights)"""
            )
        cpu = time.process_time()
        load(store)
        cpus.append(time.process_time() - cpu)
    print(f"{'load after one highlight written':<44} {'':13}   cpu {min(cpus):6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument(
        "--with-load", action="store_true", help="time each step with the read (load) in it"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="time only the steps whose label holds this text (repeatable; load is always timed)",
    )
    parser.add_argument(
        "--after-write",
        action="store_true",
        help="also time a load right after one highlight was written (an UPDATE that changes "
        "nothing but fires the m013 triggers): the first analysis after coding something",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="first empty the cache of where highlights fall (m011), then time the first "
        "analysis that needs it (what a user waits for once after the upgrade)",
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-analysis-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "annotations.db"
    if not db.exists():
        started = time.perf_counter()
        build(db, args.articles, args.highlights)
        print(
            f"setup: {args.articles} articles, {args.highlights} highlights "
            f"in {time.perf_counter() - started:.1f} s"
        )
    try:
        with AnnotationStore(db) as store:
            if args.cold:
                with store.action() as conn:
                    conn.execute("DELETE FROM highlight_units")
                    conn.execute("DELETE FROM highlight_unit_articles")
                timed(
                    "cold: load + co-occurrence sentence",
                    1,
                    lambda: _cooccur(load(store), "sentence"),
                )
            coding = timed("load (store reads, one snapshot)", args.repeat, lambda: load(store))
            assert isinstance(coding, Coding)
            print(
                f"  {len(coding.highlights)} counted highlights, "
                f"{coding.orphaned} orphaned left out"
            )
            if args.after_write:
                _after_write(store, args.repeat)
            r = args.repeat
            steps: list[tuple[str, Callable[[Coding], object]]] = [
                ("matrix by article, highlights", lambda c: matrix(c, by="article")),
                ("matrix by month, highlights", lambda c: matrix(c, by="month")),
                (
                    "matrix by month, articles, folded",
                    lambda c: matrix(c, by="month", count="articles", depth=1),
                ),
                ("matrix by article, articles", lambda c: matrix(c, count="articles")),
                ("matrix by year, words", lambda c: matrix(c, by="year", count="words")),
                ("matrix by article, words", lambda c: matrix(c, by="article", count="words")),
            ]
            for rule in ("highlight", "overlap", "sentence", "paragraph", "near:2"):
                steps.append((f"co-occurrence {rule}", partial(_cooccur, rule=rule)))
            steps.append(("timeline by week", lambda c: timeline(c, by="week")))
            for label, step in steps:
                if args.only and not any(text in label for text in args.only):
                    continue
                if args.with_load:  # the figure a user waits for: the read included
                    timed(f"load + {label}", r, _with_load(store, step))
                else:
                    timed(label, r, partial(step, coding))
            if not args.with_load:
                timed("load + matrix by article", r, lambda: matrix(load(store), by="article"))
    finally:
        if args.keep is None:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
