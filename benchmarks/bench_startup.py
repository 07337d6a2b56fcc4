"""Time from starting gpreader to the first painted library, on the sample corpus and on a
generated corpus of N articles (default 10,000) that is already imported.

    .venv/bin/python benchmarks/bench_startup.py            # sample + 10,000 articles
    .venv/bin/python benchmarks/bench_startup.py --count 2000 --runs 5

Two measurements per corpus, each in a fresh process so imports are counted:
- headless: `App.run_test` until the library table holds every article (and one more
  refresh has been painted); the time includes importing gpreader.tui.app (Textual);
- terminal: the installed `gpreader` in a pseudo-terminal (pexpect) until the library's
  "N articles" line has been written to the terminal.
The corpus is copied from the sample articles with perturbed titles and sentences.
`--article-mb 5` also times opening a 5 MB article (cursor in the middle, first paint): wall
time, CPU of every thread and of the UI thread, and the full layouts, screen updates and footer
keys drawn meanwhile. `--article-only --keep DIR` does only that (reusing DIR's article and
database); with `--src OTHER/src` the other tree and this one take turns, run by run:

    .venv/bin/python benchmarks/bench_startup.py --article-only --keep /tmp/big5 --runs 5 \
        --src /path/to/base/src

`--versus-bare` instead times first paint against a bare Textual app, interleaved (bare,
then gpreader, in turn), on imported corpora given as LABEL=FOLDER=DB: wall time to the
painted library and CPU at the first frame, each as a ratio to the bare app's; with `--src`
another source tree (BASE's `src`) runs as well, in turn (bare, BASE, this). Compile the
bytecode of both trees first (`python -m compileall -q src BASE/src`):

    .venv/bin/python benchmarks/bench_startup.py --versus-bare --runs 7 --src BASE/src \
        samples=articles=/tmp/s.db 10k=/tmp/c10k=/tmp/c10k.db
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "articles"

HEADLESS = r"""
import asyncio, sys, time
t0 = time.perf_counter()
from pathlib import Path
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.store import AnnotationStore
imported = time.perf_counter() - t0
count = int(sys.argv[3])

async def main() -> None:
    store = AnnotationStore(Path(sys.argv[2]), coder="bench")
    app = GPReaderApp(store, Path(sys.argv[1]), config=Config(path=Path("/nonexistent.toml")))
    async with app.run_test(size=(120, 36)) as pilot:
        while True:
            library = app.main.library
            if library.loaded and library.table.row_count == count:
                break
            await pilot.pause(0.005)
        await pilot.pause()  # one more frame: the table is painted
        print(f"{imported:.3f} {time.perf_counter() - t0:.3f} {time.process_time():.3f}")
        await app.workers.wait_for_complete()

asyncio.run(main())
"""


BIG_ARTICLE = r"""
import asyncio, sys, threading, time
from pathlib import Path
from textual._compositor import Compositor
from textual.screen import Screen
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.store import AnnotationStore

counts = {"layouts": 0, "redraws": 0, "footer": 0}
counting = False
main_thread = threading.main_thread()

def counted(name, fn):  # count the calls made while the article opens
    def wrapper(*args, **kwargs):
        if counting and threading.current_thread() is main_thread:
            counts[name] += 1
        return fn(*args, **kwargs)
    return wrapper

reflow = Screen._refresh_layout
def refresh_layout(self, size=None, scroll=False):
    if counting and not scroll:
        counts["layouts"] += 1  # a full layout (not a scroll's reflow of the visible part)
    return reflow(self, size, scroll)
Screen._refresh_layout = refresh_layout
Compositor.render_update = counted("redraws", Compositor.render_update)
try:
    from textual.widgets._footer import FooterKey
    FooterKey.render = counted("footer", FooterKey.render)  # a footer key drawn
except ImportError:
    pass

async def main() -> None:
    global counting
    store = AnnotationStore(Path(sys.argv[2]), coder="bench")
    store.set_state("tui.layout", None)  # no article reopened at start (a run saves its own)
    app = GPReaderApp(store, Path(sys.argv[1]), config=Config(path=Path("/nonexistent.toml")))
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if sys.argv[3] == "idle":  # until the UI thread rests (the kept screens composed)
            for _ in range(400):
                before = time.thread_time()
                await pilot.pause(0.25)
                if time.thread_time() - before < 0.02:
                    break
        middle = len(store.article("big.txt").text) // 2
        started, cpu = time.perf_counter(), time.process_time()  # every thread's CPU
        ui = time.thread_time()  # the UI thread's (this one: the app runs in it)
        counting = True
        app.open_at("big.txt", middle)
        reader = app.main.columns[0].reader  # a big article is read and laid out in a worker
        while reader.pending is not None or reader.text_layout is None or reader.article is None:
            await pilot.pause(0.002)
        await pilot.pause()  # and painted
        opened, cpu = time.perf_counter() - started, time.process_time() - cpu
        ui = time.thread_time() - ui
        counting = False
        started = time.perf_counter()
        for _ in range(20):
            await pilot.press("space")
        paging = (time.perf_counter() - started) / 20
        print(f"{opened:.3f} {paging:.3f} {cpu:.3f} {ui:.3f}", *counts.values())

asyncio.run(main())
"""


def big_article(
    work: Path, megabytes: float, runs: int, *, idle: bool = True, src: Path | None = None
) -> None:
    """Open a generated article of `megabytes` MB in the middle, once the workbench is idle
    (else right after the first paint, while kept screens are composed in the background).
    With `src` (another checkout's `src`), that tree and this one take turns, run by run."""
    root = work / "big"
    root.mkdir(exist_ok=True)
    db = work / "big-article.db"
    if not (root / "big.txt").exists() or not db.exists():
        sample = (SAMPLE / sorted(p.name for p in SAMPLE.glob("*.txt"))[3]).read_text("utf-8")
        body = "\n\n".join(sample.split("\n\n")[4:40])
        parts, n = [sample], 0
        while sum(len(p) for p in parts) < megabytes * 1_000_000:
            parts.append(body.replace(" GP ", f" GP{n} "))
            n += 1
        (root / "big.txt").write_text("\n\n".join(parts), encoding="utf-8")
        db.unlink(missing_ok=True)
        subprocess.run(
            [gpreader(), "import", str(root), "--db", str(db)], check=True, capture_output=True
        )
    trees = {"this": REPO / "src"} if src is None else {"other": src, "this": REPO / "src"}
    found: dict[str, list[list[float]]] = {side: [] for side in trees}
    for _ in range(runs):
        for side, tree in trees.items():
            out = subprocess.run(
                [sys.executable, "-c", BIG_ARTICLE, str(root), str(db), "idle" if idle else "now"],
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONPATH": str(tree)},
            )
            if out.returncode:
                sys.exit(f"{side} failed:\n{out.stderr}")
            found[side].append([float(x) for x in out.stdout.split()])
    size = (root / "big.txt").stat().st_size / 1_000_000
    when = "once the workbench is idle" if idle else "right after the first paint"
    print(f"\nA {size:.1f} MB article ({runs} runs), opened {when}")
    for side, tree in trees.items():
        columns = list(zip(*found[side], strict=True))
        print(f" {side} ({tree})")
        print("  " + report("open in the middle, to first paint", list(columns[0])))
        print("  " + report("its CPU time (process_time: every thread)", list(columns[2])))
        print("  " + report("its UI-thread CPU time (thread_time)", list(columns[3])))
        print(
            "  " + report("one page down (space), headless incl. pilot overhead", list(columns[1]))
        )
        layouts, redraws, footer = (statistics.median(c) for c in columns[4:7])
        print(
            f"  per open (median): {layouts:.0f} full layouts, {redraws:.0f} screen updates "
            f"drawn, {footer:.0f} footer keys drawn"
        )


def generate(folder: Path, count: int) -> None:
    """`count` articles made from the samples, each with its own title and sentences."""
    samples = sorted(SAMPLE.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = texts[i % len(texts)]
        lines = text.split("\n")
        for j, line in enumerate(lines):  # the first substantial line is the title
            if len(line) > 40:
                lines[j] = f"{line} (part {i})"
                break
        extra = f"\n\nThis is note {i} on practice {i % 97} in area {i % 13}.\n"
        body = "\n".join(lines).replace(" GP ", f" GP{i % 7} ", 1) + extra
        (folder / f"{i:05d}_{samples[i % len(samples)].stem[:12]}.txt").write_text(
            body, encoding="utf-8"
        )


def gpreader() -> str:
    beside = Path(sys.executable).with_name("gpreader")
    return str(beside) if beside.exists() else shutil.which("gpreader") or "gpreader"


def headless(root: Path, db: Path, count: int) -> tuple[float, ...]:
    out = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(root), str(db), str(count)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GPREADER_CONFIG": "/nonexistent.toml"},
    ).stdout.split()
    return tuple(map(float, out))


def terminal(root: Path, db: Path, count: int) -> float:
    import pexpect

    started = time.perf_counter()
    child = pexpect.spawn(
        gpreader(),
        ["--articles", str(root), "--db", str(db)],
        env={**os.environ, "TERM": "xterm-256color", "GPREADER_CONFIG": "/nonexistent.toml"},
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=120,
    )
    child.expect(rf"{count:,}\s+articles".replace(",", r","))
    elapsed = time.perf_counter() - started
    time.sleep(0.5)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


BARE = r"""
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("bare app ready")

Bare().run()
"""


FIRST_FRAME_CPU = r"""
import os, sys, time
import textual.app

display = textual.app.App._display

def library_shown(app):  # gpreader's library holds its rows (the bare app: any frame)
    main = getattr(app, "main", None)
    try:
        return main is None or main.library.loaded
    except Exception:  # not mounted yet
        return False

def displayed(self, screen, renderable):  # the process's CPU at its first frame, and at
    display(self, screen, renderable)  # the first frame drawn with the library's rows, once
    if renderable is None or getattr(textual.app, "_painted_cpu", None):
        return
    now = time.process_time()
    if not getattr(textual.app, "_first_cpu", None):
        textual.app._first_cpu = now
    if library_shown(self):
        textual.app._painted_cpu = now
        with open(os.environ["GPREADER_BENCH_CPU"], "w") as out:
            out.write(f"{textual.app._first_cpu} {now}")

textual.app.App._display = displayed
sys.argv[0] = "gpreader"
if sys.argv[1:] == ["--bare"]:
    exec(compile(os.environ["GPREADER_BENCH_BARE"], "bare", "exec"))
else:
    from gpreader.cli import main
    main()
"""


def first_paint(
    command: list[str], expect: str, env: dict[str, str], cpu_file: Path | None = None
) -> tuple[float, float, float]:
    """Seconds from spawning `command` in a pseudo-terminal to `expect` on its screen, and
    (with `cpu_file`, which FIRST_FRAME_CPU writes) the process's CPU at its first frame and
    at the first frame drawn with the library's rows (the bare app: its first frame)."""
    import pexpect

    if cpu_file is not None:
        cpu_file.unlink(missing_ok=True)
        env = {**env, "GPREADER_BENCH_CPU": str(cpu_file), "GPREADER_BENCH_BARE": BARE}
    started = time.perf_counter()
    child = pexpect.spawn(
        command[0],
        command[1:],
        env={**os.environ, "TERM": "xterm-256color", **env},
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=300,
    )
    child.expect(expect)
    elapsed = time.perf_counter() - started
    time.sleep(0.3)
    child.sendcontrol("q")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    found = cpu_file.read_text().split() if cpu_file is not None and cpu_file.exists() else []
    first, painted = (float(found[0]), float(found[1])) if found else (0.0, 0.0)
    return elapsed, first, painted


def versus_bare(corpora: list[str], runs: int, src: Path | None) -> None:
    """First paint of gpreader over a bare Textual app, interleaved, median of `runs`: wall
    time to the painted library (to "N articles"), CPU time (process_time, every thread,
    interpreter start excluded) at the first frame, and CPU time at the first frame drawn
    with the library's rows (steadier than wall time on a loaded machine), each as a ratio
    to the bare app's (at its first frame). With `src` (another checkout's `src`, BASE),
    that tree runs too, in turn: bare, other, this."""
    trees = {"this": REPO / "src"} if src is None else {"other": src, "this": REPO / "src"}
    cpu_file = Path(tempfile.mkdtemp(prefix="gpreader-bench-")) / "cpu"
    probe = [sys.executable, "-c", FIRST_FRAME_CPU]
    for spec in corpora:
        label, folder, db = spec.split("=")
        count = len([p for p in Path(folder).rglob("*") if re.search(r"\.(txt|md)$", p.name)])
        found: dict[str, list[tuple[float, float, float]]] = {"bare": []}
        found.update({side: [] for side in trees})
        for _ in range(runs):
            env = {"GPREADER_CONFIG": "/nonexistent.toml"}
            found["bare"].append(first_paint([*probe, "--bare"], "bare app ready", env, cpu_file))
            for side, tree in trees.items():
                env["PYTHONPATH"] = str(tree)
                command = [*probe, "--articles", folder, "--db", db]
                found[side].append(first_paint(command, rf"{count:,}\s+articles", env, cpu_file))
        bare_wall = statistics.median(w for w, _, _ in found["bare"])
        bare_cpu = statistics.median(c for _, c, _ in found["bare"])
        print(
            f"{label} ({count:,} articles, {runs} interleaved runs, load {os.getloadavg()[0]:.1f})"
        )
        print("  " + report("bare Textual app to first paint", [w for w, _, _ in found["bare"]]))
        print(
            "  "
            + report("bare Textual app, CPU at its first frame", [c for _, c, _ in found["bare"]])
        )
        for side, tree in trees.items():
            walls, cpus, painted = (list(column) for column in zip(*found[side], strict=True))
            print(
                f"  {side} ({tree}): ratio {statistics.median(walls) / bare_wall:.2f} (wall), "
                f"{statistics.median(cpus) / bare_cpu:.2f} (CPU at the first frame), "
                f"{statistics.median(painted) / bare_cpu:.2f} (CPU at the painted library)"
            )
            print("    " + report("gpreader to painted library", walls))
            print("    " + report("gpreader CPU at its first frame", cpus))
            print("    " + report("gpreader CPU at the painted library", painted))


def cpu_versus(corpora: list[str], runs: int, src: Path) -> None:
    """CPU time (process_time: the interpreter's start excluded, every thread) from start to
    the painted library, headless, of this tree and of `src` (another checkout), interleaved."""
    for spec in corpora:
        label, folder, db = spec.split("=")
        count = len([p for p in Path(folder).rglob("*") if re.search(r"\.(txt|md)$", p.name)])
        found: dict[str, list[float]] = {"other": [], "this": []}
        for _ in range(runs):
            for side, tree in (("other", src), ("this", REPO / "src")):
                argv = [sys.executable, "-c", HEADLESS, folder, db, str(count)]
                env = {**os.environ, "GPREADER_CONFIG": "/nonexistent.toml"}
                env["PYTHONPATH"] = str(tree)
                out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env)
                found[side].append(float(out.stdout.split()[2]))
        print(f"{label} ({count:,} articles, {runs} interleaved runs), CPU to painted library:")
        for side, tree in (("other", src), ("this", REPO / "src")):
            print("  " + report(f"{side} ({tree})", found[side]))


def report(name: str, runs: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(runs):.2f} s (min {min(runs):.2f}, max {max(runs):.2f})"
    )


def bench(label: str, root: Path, db: Path, count: int, runs: int) -> None:
    imports, firsts = [], []
    for _ in range(runs):
        imported, first = headless(root, db, count)[:2]
        imports.append(imported)
        firsts.append(first)
    ptys = [terminal(root, db, count) for _ in range(runs)]
    print(f"\n{label} ({count:,} articles, {runs} runs each)")
    print("  " + report("import gpreader.tui.app (Textual)", imports))
    print("  " + report("headless start to painted library (incl. import)", firsts))
    print("  " + report("real `gpreader` in a terminal to painted library", ptys))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Build the corpus here (and keep it).")
    parser.add_argument(
        "--article-mb", type=float, default=0, help="Also open an article this big."
    )
    parser.add_argument(
        "--article-only", action="store_true", help="only open the big article (--keep reuses)"
    )
    parser.add_argument(
        "--open-at-once",
        action="store_true",
        help="open the big article right after the first paint (not once the UI is idle)",
    )
    parser.add_argument("--versus-bare", nargs="+", metavar="LABEL=FOLDER=DB")
    parser.add_argument("--src", type=Path, help="run gpreader from this source tree")
    parser.add_argument(
        "--cpu-versus", nargs="+", metavar="LABEL=FOLDER=DB", help="CPU to paint vs --src"
    )
    args = parser.parse_args()
    if args.cpu_versus:
        cpu_versus(args.cpu_versus, args.runs, args.src)
        return
    if args.versus_bare:
        versus_bare(args.versus_bare, args.runs, args.src)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="gpreader-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.article_only:
            big_article(
                work, args.article_mb or 5, args.runs, idle=not args.open_at_once, src=args.src
            )
            return
        sample_db = work / "sample.db"
        subprocess.run(
            [gpreader(), "import", str(SAMPLE), "--db", str(sample_db)],
            check=True,
            capture_output=True,
        )
        bench("Sample corpus", SAMPLE, sample_db, len(list(SAMPLE.glob("*.txt"))), args.runs)

        root, db = work / "articles", work / "big.db"
        if not db.exists():
            started = time.perf_counter()
            generate(root, args.count)
            print(f"\ngenerated {args.count:,} articles in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            subprocess.run(
                [gpreader(), "import", str(root), "--db", str(db)], check=True, capture_output=True
            )
            print(f"`gpreader import`: {time.perf_counter() - started:.1f} s")
        count = len([p for p in root.iterdir() if re.search(r"\.(txt|md)$", p.name)])
        bench("Generated corpus", root, db, count, args.runs)
        if args.article_mb:
            big_article(work, args.article_mb, args.runs, idle=not args.open_at_once)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
