"""Benchmark corpus search: index build, query latency, memory; brute-force rapidfuzz baseline.

    .venv/bin/pip install -q -e '.[bench]'
    .venv/bin/python benchmarks/bench_search.py --articles 10000

Generates (or reuses) a synthetic corpus, imports it into a fresh database the way
`gpreader import` does (timed, index included), times a rebuild of the index alone, adds
highlights with tags and notes, then times a fixed, seeded set of queries (one to five
words, a third with typos, some quoted, some with filters). Each phase runs in its own
process so that its peak memory (ru_maxrss) is its own. The baseline scans every passage
with rapidfuzz (`process.extract`, partial_ratio) for a sample of the same queries.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TAGS = ("policy/contract", "policy/funding", "workforce/burnout", "workforce", "patients/access")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -- phases (each in its own process) ------------------------------------------------------


def phase_build(corpus: Path, db: Path, seed: int, rebuild: bool = True) -> dict:
    from gpreader.corpus import sync as library
    from gpreader.search import index as search_index
    from gpreader.store import AnnotationStore

    started = time.perf_counter()
    store = AnnotationStore(db, coder="bench")
    report = library.refresh(store, corpus)
    imported = time.perf_counter() - started
    rss_import = _rss_mb()
    conn = store.db.conn
    started = time.perf_counter()
    if rebuild:
        with store.action():
            conn.execute("UPDATE search_meta SET value = 'rebuild' WHERE key = 'version'")
            search_index.sync(conn)
    rebuilt = time.perf_counter() - started if rebuild else None
    rng = random.Random(seed)
    paths = [a.path for a in store.articles()]
    for n in range(300):
        article = store.article(rng.choice(paths))
        sentence = rng.choice(article.sentences)
        note = f"note {n}: worth coding as {rng.choice(('dispute', 'promise', 'complaint'))}"
        store.add_highlight(
            article.path,
            sentence.start,
            sentence.end,
            tags=[rng.choice(TAGS)],
            note=note if n % 3 == 0 else "",
        )
    stats = search_index.stats(conn)
    return {
        "articles": len(report.loaded),
        "import_s": imported,
        "index_rebuild_s": rebuilt,
        "rss_import_mb": rss_import,
        "rss_mb": _rss_mb(),
        "db_mb": db.stat().st_size / 2**20,
        **stats,
    }


def make_queries(db: Path, seed: int) -> list[str]:
    """A fixed set of queries drawn (seeded) from the indexed corpus."""
    from gpreader.store import AnnotationStore

    rng = random.Random(seed)
    store = AnnotationStore(db, coder="bench")
    paths = [a.path for a in store.articles()]
    queries: list[str] = []

    def words(section: str = "body") -> tuple[list[str], str]:
        while True:
            article = store.article(rng.choice(paths))
            units = [s for s in article.sentences if s.section == section]
            if units:
                s = rng.choice(units)
                found = [w for w in article.text[s.start : s.end].split() if w.strip("‘’.,?!–")]
                found = [w.strip("‘’.,?!") for w in found]
                if len(found) >= 5:
                    return found, article.title

    def typo(word: str) -> str:
        if len(word) < 5:
            return word
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice(("swap", "drop", "sub"))
        if kind == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if kind == "drop":
            return word[:i] + word[i + 1 :]
        return word[:i] + rng.choice("aeioustrn") + word[i + 1 :]

    for n in range(60):
        size = 1 + n % 5
        found, title = words("comments" if n % 7 == 3 else "body")
        start = rng.randrange(0, len(found) - size + 1)
        chosen = found[start : start + size]
        if n % 3 == 1:  # a third with a typo (longest word)
            longest = max(range(len(chosen)), key=lambda i: len(chosen[i]))
            chosen[longest] = typo(chosen[longest])
        text = " ".join(chosen)
        if n % 10 == 4 and size >= 2:
            text = f'"{text}"'
        elif n % 10 == 6:
            text += " in:comments" if n % 7 == 3 else " in:body"
        elif n % 10 == 8:
            text += ' article:"' + " ".join(title.split()[:2]) + '"'
        elif n % 20 == 9:
            text = f"tag:{rng.choice(TAGS)} {chosen[0]}"
        elif n % 20 == 19:
            text = f"has:note {chosen[0]}"
        elif n % 10 == 2 and len(chosen[-1]) > 4:
            text = text[:-2]  # still typing the last word
        queries.append(text)
    queries += ["the", "health secretary", "contract", "partnersip model", "tag:workforce"]
    return queries


def phase_queries(db: Path, queries: list[str], repeat: int) -> dict:
    from gpreader.search import SearchIndex
    from gpreader.store import AnnotationStore

    store = AnnotationStore(db, coder="bench")
    started = time.perf_counter()
    index = SearchIndex(store)
    index.warm()  # loads the vocabulary once per index (the search screen does it as it opens)
    index.search("warm up", limit=50)
    cold = time.perf_counter() - started
    times, counts = [], []
    for q in queries:
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            hits = index.search(q, limit=50)
            best = min(best, time.perf_counter() - started)
        times.append(best * 1000)
        counts.append(len(hits))
    return {"cold_ms": cold * 1000, "times_ms": times, "hits": counts, "rss_mb": _rss_mb()}


def phase_baseline(db: Path, queries: list[str]) -> dict:
    from rapidfuzz import fuzz, process

    from gpreader.search.index import fold_words
    from gpreader.store import AnnotationStore

    store = AnnotationStore(db, coder="bench")
    started = time.perf_counter()
    texts = {i: t for i, t in store.db.execute("SELECT id, gp_text(text) FROM articles")}
    passages = [
        texts[a][s:e].lower()
        for a, s, e in store.db.execute('SELECT article_id, start, "end" FROM search_units')
    ]
    load = time.perf_counter() - started
    times = []
    for q in queries:
        plain = " ".join(fold_words(q))
        started = time.perf_counter()
        process.extract(plain, passages, scorer=fuzz.partial_ratio, limit=50)
        times.append((time.perf_counter() - started) * 1000)
    return {"load_s": load, "passages": len(passages), "times_ms": times, "rss_mb": _rss_mb()}


# -- driver ---------------------------------------------------------------------------------


def _run(phase: str, **kwargs: object) -> dict:
    encoded = json.dumps(kwargs, default=str)
    args = [sys.executable, __file__, "--phase", phase, "--phase-args", encoded]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _summary(times: list[float]) -> str:
    return (
        f"p50 {statistics.median(times):7.1f} ms   p95 {_percentile(times, 0.95):7.1f} ms   "
        f"max {max(times):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark gpreader search.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gpreader-bench"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best is kept)")
    parser.add_argument(
        "--baseline",
        type=int,
        default=None,
        help="queries timed with the brute-force scan (default: all up to 20,000 articles, else 5)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--skip-rebuild", action="store_true", help="do not time a rebuild")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse an earlier run's database and build times"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--phase-args", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        kw = json.loads(args.phase_args)
        if args.phase == "build":
            result = phase_build(
                Path(kw["corpus"]), Path(kw["db"]), int(kw["seed"]), kw.get("rebuild", True)
            )
        elif args.phase == "queries":
            result = phase_queries(Path(kw["db"]), kw["queries"], int(kw["repeat"]))
        else:
            result = phase_baseline(Path(kw["db"]), kw["queries"])
        print(json.dumps(result))
        return

    from generate_corpus import generate

    folder = args.workdir / f"corpus-{args.articles}-{args.seed}"
    corpus = generate(folder, args.articles, args.seed)
    db = args.workdir / f"bench-{args.articles}.db"
    saved = db.with_suffix(".build.json")
    if args.reuse and saved.exists():
        build = json.loads(saved.read_text())
    else:
        for old in db.parent.glob(db.name + "*"):
            old.unlink()
        print(f"building the index of {args.articles} articles ...", file=sys.stderr)
        build = _run("build", corpus=corpus, db=db, seed=args.seed, rebuild=not args.skip_rebuild)
        saved.write_text(json.dumps(build))
    queries = make_queries(db, args.seed)
    print(f"timing {len(queries)} queries ...", file=sys.stderr)
    timed = _run("queries", db=db, queries=queries, repeat=args.repeat)
    sample = (
        args.baseline
        if args.baseline is not None
        else (len(queries) if args.articles <= 20_000 else 5)
    )
    base = _run("baseline", db=db, queries=queries[:sample]) if sample else None

    print(
        f"\ngpreader search benchmark: {args.articles} articles, {build['units']} passages, "
        f"{build['words']} distinct words, database {build['db_mb']:.0f} MB"
    )
    print(
        f"import (like `gpreader import`, index included): {build['import_s']:.1f} s, "
        f"peak RSS {build['rss_import_mb']:.0f} MB"
    )
    if build["index_rebuild_s"] is not None:
        print(f"index rebuild alone:                             {build['index_rebuild_s']:.1f} s")
    print(f"first search in a process (vocabulary not loaded): {timed['cold_ms']:.0f} ms")
    print(
        f"indexed search, {len(queries)} queries:  {_summary(timed['times_ms'])}   "
        f"peak RSS {timed['rss_mb']:.0f} MB"
    )
    if base:
        print(
            f"brute-force scan, {sample} queries:  {_summary(base['times_ms'])}   "
            f"peak RSS {base['rss_mb']:.0f} MB (loading {base['load_s']:.1f} s)"
        )
    slow = sorted(zip(timed["times_ms"], queries, timed["hits"], strict=True), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q!r} {t:.1f} ms ({n} hits)" for t, q, n in slow))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"build": build, "queries": queries, "search": timed, "baseline": base}, indent=2
            )
        )


if __name__ == "__main__":
    main()
