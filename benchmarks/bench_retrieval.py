"""Time retrieval by code (search/codes.py) at scale (run by hand; numbers go in the notes).

    .venv/bin/python benchmarks/bench_retrieval.py [--articles 10000] [--highlights 100000]
                                                   [--repeat 3] [--keep DIR]

Setup (not timed) writes synthetic articles straight into a fresh database: 8 paragraphs of
4 sentences each (packed spans), then highlights at random places, 1-3 of 20 nested tags each,
by 3 coders, 1% deleted and 1% orphaned, and an attribute per article. With --keep DIR the
database is kept there and reused. Each step prints the best of --repeat runs, wall-clock and
CPU seconds (time.process_time: this process only, whatever else runs on the machine).
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
from pathlib import Path

from gpreader.models import Span
from gpreader.search.codes import Passages
from gpreader.store import AnnotationStore
from gpreader.store import spans as packed_spans

TAGS = [f"theme{i}/code{j}" for i in range(5) for j in range(4)]
WORDS = "the GP contract would bring more reform for practices and patients across England"
QUERIES = [
    "tag:theme1",
    "tag:theme1/code2 tag:theme3",
    "tag:theme1 | tag:theme2 -tag:theme3",
    "coder:ann tag:theme0",
    "attr:outlet=pulse tag:theme4",
    "tag:theme0 overlaps tag:theme1",
    "tag:theme0 near:2 tag:theme1",
    "tag:theme0 in:paragraph tag:theme1",
    "contract tag:theme2",
]


def _article(rng: random.Random) -> tuple[str, list[Span]]:
    words = WORDS.split()
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for _ in range(8):
        para_start = at
        for s in range(4):
            sentence = " ".join(rng.choices(words, k=rng.randint(8, 20))).capitalize() + "."
            if s:
                parts.append(" ")
                at += 1
            spans.append(Span("sentence", at, at + len(sentence), "body"))
            parts.append(sentence)
            at += len(sentence)
        spans.append(Span("paragraph", para_start, at, "body"))
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
    with conn:
        for i in range(articles):
            text, spans = _article(rng)
            cursor = conn.execute(
                """INSERT INTO articles (path, sha256, title, date, text, size, mtime_ns,
                   encoding, words, comments, missing) VALUES (?, ?, ?, NULL, ?, 0, 0,
                   'utf-8', ?, 0, 0)""",
                [f"a{i:05d}.txt", uuid.uuid4().hex, f"Title {i}", text, len(text.split())],
            )
            aid = cursor.lastrowid
            assert aid is not None
            packed_spans.write(conn, [(aid, spans)])
            conn.execute(
                """INSERT INTO article_attributes (article_id, key, kind, value, number, origin)
                   VALUES (?, 'outlet', 'text', ?, NULL, 'user')""",
                [aid, rng.choice(["Pulse", "BMJ", "Guardian"])],
            )
            sentences += [(aid, s.start, s.end) for s in spans if s.kind == "sentence"]
        rows, links = [], []
        for n in range(highlights):
            aid, s, e = rng.choice(sentences)
            start = rng.randrange(s, e - 3)
            end = min(e + (rng.randint(0, 60) if rng.random() < 0.2 else 0), start + 80)
            hid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            status = "orphaned" if n % 100 == 7 else "anchored"
            deleted = "2024-01-01T00:00:00+00:00" if n % 100 == 3 else None
            coder = rng.choice(["ann", "bob", "chloé"])
            rows.append((hid, aid, start, end, "the contract", coder, status, deleted))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "annotations.db"
    if not db.exists():
        started = time.perf_counter()
        build(db, args.articles, args.highlights)
        print(f"setup: {args.articles} articles, {args.highlights} highlights", end=" ")
        print(f"in {time.perf_counter() - started:.1f} s")
    try:
        with AnnotationStore(db) as store:
            passages = timed("load the live highlights", args.repeat, lambda: Passages(store))
            assert isinstance(passages, Passages)
            print(f"  {len(passages.every)} live highlights")
            for query in QUERIES:
                found = timed(query, args.repeat, lambda q=query: passages.ids(q))
                assert isinstance(found, set)
                print(f"  {len(found)} passages")
    finally:
        if args.keep is None:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
