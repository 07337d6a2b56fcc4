"""Time every key a user presses on gpreader's main screens, as handled on the UI thread, with
10,000 articles imported and a 5 MB article open (issue 9: every key in under 50 ms).

    .venv/bin/pip install -q -e '.[bench]'
    .venv/bin/python benchmarks/bench_ui.py                   # 10,000 articles and a 5 MB one
    .venv/bin/python benchmarks/bench_ui.py --articles 0      # the 5 sample articles instead
    .venv/bin/python benchmarks/bench_ui.py --reuse --repeat 10 --json ui.json
    .venv/bin/python benchmarks/bench_ui.py --reuse --repeat 2 --only "coding: h" \
        --profile "coding: h"     # only the rows holding "coding: h", under cProfile

The corpus comes from generate_corpus.py, plus one article of --article-mb MB; it is imported
into a database with 30 tags (nine with quick keys 1-9) and 2,000 highlights over 500 articles
(and 100 in the big article). `--reuse` keeps both; each run works on a fresh copy. A row
stops repeating (after 3 presses) once it has taken --row-seconds, setups included.

Method. The real GPReaderApp runs headless in this process (`App.run_test(size=(160, 50))`),
so its asyncio event loop, and with it every Textual handler, layout and paint, runs on this
process's main thread. A key's window is `await pilot.press(key)` then `await pilot.pause()`
(plus a settle time for keys whose work waits on a timer or a worker). Per press:
- cpu: `time.thread_time()` of the main thread over the window: everything the UI thread
  computed for the key (dispatch, action, message handlers, layout, the changed lines drawn),
  and neither worker threads nor sleeps. The least sensitive to a loaded machine.
- busy: wall time spent inside event-loop callbacks during the window (asyncio's Handle._run is
  wrapped): the same work by the clock, so it also counts time the thread was preempted or
  waiting for the GIL. Pilot sleeps at least 2 x 20 ms per press (wait_for_idle), so the wall
  time of `press` itself says nothing about a 50 ms budget; busy leaves those sleeps out.
- block: the longest single callback in the window: the longest time the UI could not react.
- paint: wall time from the press to the last screen update drawn in the window (until
  painted); rows whose result comes from a worker wait for the workers ("workers" settle).
- proc: CPU of every thread over the window (the work moved to workers counts here).
- gc: wall time of the cyclic garbage collector in the window; draws: screen updates drawn.
All include Pilot's own bookkeeping: the "idle: unbound key" row is that floor. Headless
Textual skips turning the screen update into escape codes; the bench does that step too
(CompositorUpdate.render_segments), so it is counted. Work in a thread worker (search) counts
only for its UI-thread part. A key is flagged OVER when the p95 of its cpu time exceeds 50 ms,
(busy) when only its p95 busy time does (a loaded machine, or the GIL held by a worker).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SAMPLES = HERE.parent / "articles"
BUDGET_MS = 50.0
PARENTS = ("policy", "workforce", "patients", "funding", "tone", "data")
CHILDREN = ("contract", "access", "dispute", "promise")
TAGS = [*PARENTS, *(f"{p}/{c}" for p in PARENTS for c in CHILDREN)]  # 30 tags

Action = str | Callable[[], Any]  # a key to press, or a function (sync or async) to call


# -- the corpus and its database --------------------------------------------------------------


def build_corpus(workdir: Path, articles: int, megabytes: float, seed: int) -> tuple[Path, str]:
    """The articles folder (generated, reused when it exists) and the big article's path."""
    from generate_corpus import Writer, generate

    root = generate(workdir / f"corpus-{articles}-{seed}", articles, seed)
    if articles == 0:  # the sample corpus: the five bundled articles
        (root / "samples").mkdir(exist_ok=True)
        for sample in SAMPLES.glob("*.txt"):
            shutil.copyfile(sample, root / "samples" / sample.name)
    big = root / "big" / f"big-{megabytes:g}mb.txt"
    if not big.exists():
        big.parent.mkdir(exist_ok=True)
        big.write_text(Writer(seed + 1).long_article(int(megabytes * 1_000_000)), "utf-8")
    return root, big.relative_to(root).as_posix()


def build_database(root: Path, db: Path, big: str, seed: int) -> dict[str, Any]:
    """Import the folder, add the tags and highlights; what was built (for the report)."""
    from gpreader.corpus import sync
    from gpreader.store import AnnotationStore

    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    started = time.perf_counter()
    with AnnotationStore(db, coder="bench") as store:
        sync.refresh(store, root)
        imported = time.perf_counter() - started
        for path in TAGS:
            store.ensure_tag(path)
        for key, path in enumerate(TAGS[6:15], start=1):
            store.update_tag(path, quick_key=key)
        rng = random.Random(seed)
        paths = sorted(a.path for a in store.articles() if a.path != big)
        chosen = rng.sample(paths, min(500, len(paths)))
        texts = {p: store.article(p) for p in chosen}
        with store.action():  # one transaction: thousands of fsyncs would take minutes
            for n in range(2000):
                article = texts[rng.choice(chosen)]
                span = rng.choice(article.sentences)
                tags = rng.sample(TAGS, rng.choice((0, 1, 1, 2)))
                note = f"note {n}" if n % 4 == 0 else ""
                store.add_highlight(article.path, span.start, span.end, tags=tags, note=note)
            sentences = store.article(big).sentences
            for n in range(100):
                span = sentences[n * len(sentences) // 100 + 1]
                store.add_highlight(big, span.start, span.end, tags=[TAGS[n % len(TAGS)]])
        count = len(store.articles())
    return {"articles": count, "import_s": round(imported, 1), "highlights": 2100, "tags": 30}


# -- measuring ----------------------------------------------------------------------------------


class LoopMeter:
    """Wall time spent inside event-loop callbacks while `active` (see the docstring)."""

    def __init__(self) -> None:
        self.active = False
        self.busy = 0.0
        self.block = 0.0
        self._original = asyncio.events.Handle._run

    def install(self) -> None:
        original, meter = self._original, self

        def timed_run(handle: asyncio.events.Handle) -> None:
            if not meter.active:
                return original(handle)
            started = time.perf_counter()
            try:
                return original(handle)
            finally:
                spent = time.perf_counter() - started
                meter.busy += spent
                meter.block = max(meter.block, spent)

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]

    def uninstall(self) -> None:
        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]


class PaintMeter:
    """Screen updates drawn while `active`: how many, and when the last one was."""

    def __init__(self) -> None:
        self.active = False
        self.count = 0
        self.last = 0.0

    def painted(self) -> None:
        if self.active:
            self.count += 1
            self.last = time.perf_counter()


class GcMeter:
    """Wall time the cyclic garbage collector ran while `active` (in any thread: it stops
    them all)."""

    def __init__(self) -> None:
        self.active = False
        self.spent = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.active:
            took = time.perf_counter() - self._started
            self.spent += took
            if os.environ.get("BENCH_GC_LOG"):  # which generation ran, and for how long
                print(f"    gc gen {info['generation']}: {took * 1000:.1f} ms", file=sys.stderr)

    def install(self) -> None:
        gc.callbacks.append(self)

    def uninstall(self) -> None:
        gc.callbacks.remove(self)


@dataclass
class Samples:
    section: str
    label: str
    cpu: list[float] = field(default_factory=list)
    busy: list[float] = field(default_factory=list)
    block: list[float] = field(default_factory=list)
    paint: list[float] = field(default_factory=list)
    proc: list[float] = field(default_factory=list)
    gc: list[float] = field(default_factory=list)
    renders: list[int] = field(default_factory=list)


@dataclass
class Step:
    """One row of the table: `keys` are timed (each press is one sample) after `setup` and
    before `teardown`, which are not."""

    section: str
    label: str
    keys: list[str]
    setup: list[Action] = field(default_factory=list)
    teardown: list[Action] = field(default_factory=list)
    settle: float | str = 0.0  # seconds to wait inside the window, or "workers"


class Bench:
    """Drives the app through the steps and keeps the samples."""

    def __init__(self, app: Any, pilot: Any, profile: str | None, only: list[str]) -> None:
        self.app, self.pilot = app, pilot
        self.only = only
        self.meter = LoopMeter()
        self.paints = PaintMeter()
        self.gc = GcMeter()
        self.results: dict[str, Samples] = {}
        self.profile = profile
        self.profiler = cProfile.Profile() if profile else None

    async def act(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, str):
                await self.pilot.press(action)
            else:
                result = action()
                if isinstance(result, Awaitable):
                    await result
            await self.pilot.pause()

    async def press(self, step: Step, key: str) -> None:
        name = f"{step.section}: {step.label}"
        profiling = self.profiler is not None and self.profile in name  # type: ignore[operator]
        self.meter.busy = self.meter.block = self.gc.spent = 0.0
        self.paints.count = 0
        self.meter.active = self.paints.active = self.gc.active = True
        if profiling:
            self.profiler.enable()  # type: ignore[union-attr]
        proc, started = time.process_time(), time.perf_counter()
        self.paints.last = started
        cpu = time.thread_time()
        await self.pilot.press(key)
        if step.settle == "workers":
            await self.app.workers.wait_for_complete()
        elif step.settle:
            await asyncio.sleep(float(step.settle))
        await self.pilot.pause()
        cpu = time.thread_time() - cpu
        proc = time.process_time() - proc
        if profiling:
            self.profiler.disable()  # type: ignore[union-attr]
        self.meter.active = self.paints.active = self.gc.active = False
        samples = self.results.setdefault(name, Samples(step.section, step.label))
        samples.cpu.append(cpu * 1000)
        samples.busy.append(self.meter.busy * 1000)
        samples.block.append(self.meter.block * 1000)
        samples.paint.append((self.paints.last - started) * 1000)
        samples.proc.append(proc * 1000)
        samples.gc.append(self.gc.spent * 1000)
        samples.renders.append(self.paints.count)

    async def run(self, steps: list[Step], repeat: int, row_seconds: float) -> None:
        """Each step `repeat` times, or fewer (at least 3) once a row has taken `row_seconds`
        of wall time, setups included: a slow key on a loaded machine could take an hour."""
        self.meter.install()
        self.gc.install()
        try:
            for step in steps:
                name = f"{step.section}: {step.label}"
                if step.section != "floor" and self.only and not any(o in name for o in self.only):
                    continue
                print(f"  {step.section}: {step.label}", file=sys.stderr)
                started = time.perf_counter()
                for n in range(repeat):
                    if n >= 3 and time.perf_counter() - started > row_seconds:
                        break
                    await self.act(step.setup)
                    for key in step.keys:
                        await self.press(step, key)
                    await self.act(step.teardown)
                done = self.results.get(name)
                if done is not None:  # progress, and what was measured if the run is cut short
                    cpu = statistics.median(done.cpu)
                    print(f"    n={len(done.cpu)} cpu median {cpu:.1f} ms", file=sys.stderr)
        finally:
            self.meter.uninstall()
            self.gc.uninstall()


def count_escape_codes(app: Any, paints: PaintMeter) -> None:
    """Headless Textual skips turning a screen update into escape codes: do it, to count it;
    and note each update drawn (`paints`)."""
    from textual._compositor import CompositorUpdate

    display = app._display

    def render_too(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        if renderable is not None:  # None: nothing was drawn
            paints.painted()

    app._display = render_too


# -- what a user presses --------------------------------------------------------------------------


def steps_for(app: Any, big: str) -> list[Step]:
    """Every key of normal use on the reader, coding, columns, dialogs and the library."""
    main = app.main
    text_length = len(main.store.article(big).text)
    middle = text_length // 2

    def reader() -> Any:
        return main.active.reader

    def to_middle() -> None:
        reader().go_to(middle)
        reader().focus()

    def reopen_big() -> None:
        app.open_at(big, middle)
        reader().focus()

    def focus_reader() -> None:
        reader().focus()

    def focus_library() -> None:
        main.library.table.focus()

    def library_middle() -> None:
        main.library.table.move_cursor(len(main.library.shown) // 2)
        focus_library()

    def library_on_big() -> None:
        rows = [r.path for r in main.library.shown]
        main.library.table.move_cursor(rows.index(big))
        focus_library()

    def set_search() -> None:
        main.search_query = "contract"

    def r(label: str, keys: list[str], **kw: Any) -> Step:
        return Step("reader (5 MB article)", label, keys, **kw)

    def c(label: str, keys: list[str], **kw: Any) -> Step:
        return Step("coding", label, keys, **kw)

    def s(label: str, keys: list[str], **kw: Any) -> Step:
        return Step("screens", label, keys, **kw)

    def lib(label: str, keys: list[str], **kw: Any) -> Step:
        return Step("library (all articles)", label, keys, **kw)

    typed = list("contract")
    return [
        Step("floor", "idle: unbound key", ["f12"], setup=[to_middle]),
        r("j / k", ["j", "k"], setup=[to_middle]),
        r("down / up", ["down", "up"]),
        r("} / {", ["}", "{"]),
        r("space", ["space"], setup=[to_middle]),
        r("pageup", ["pageup"], setup=[to_middle]),
        r(
            "w / e / b / 0 / $ (word cursor)",
            ["w", "e", "b", "0", "dollar_sign"],
            setup=[to_middle],
        ),
        r("G (from the middle)", ["G"], setup=[to_middle]),
        r("g (from the middle)", ["g"], setup=[to_middle]),
        r("] / [", ["]", "["], setup=[to_middle]),
        r("v", ["v"], setup=[to_middle], teardown=["escape"]),
        r("j / } extending a selection", ["j", "}"], setup=[to_middle, "v"], teardown=["escape"]),
        r(
            "shift+right / shift+left",
            ["shift+right", "shift+right", "shift+left"],
            setup=[to_middle],
            teardown=["escape"],
        ),
        r("escape (clear selection)", ["escape"], setup=[to_middle, "v", "j"]),
        r(
            "n / N (last search in article)",
            ["n", "N"],
            setup=[to_middle, set_search],
            settle="workers",
        ),
        c("h highlight", ["h"], setup=[to_middle], teardown=["u"]),
        c("1 / 5 / 9 quick tag", ["1"], setup=[to_middle], teardown=["u"]),
        c("1 / 5 / 9 quick tag", ["5"], setup=[to_middle], teardown=["u"]),
        c("1 / 5 / 9 quick tag", ["9"], setup=[to_middle], teardown=["u"]),
        c("t (open tag picker)", ["t"], setup=[to_middle], teardown=["escape"]),
        c("tag picker: typing", list("polcon"), setup=[to_middle, "t"], teardown=["escape"]),
        c("tag picker: enter", ["enter"], setup=[to_middle, "t", "p", "o"], teardown=["u"]),
        c("m (open note dialog)", ["m"], setup=[to_middle], teardown=["escape"]),
        c("escape (close note dialog)", ["escape"], setup=[to_middle, "m"]),
        c("- (remove-tag choice)", ["minus"], setup=[to_middle, "1"], teardown=["escape", "x"]),
        c("enter (remove the tag)", ["enter"], setup=[to_middle, "1", "minus"], teardown=["x"]),
        c("x delete", ["x"], setup=[to_middle, "h"]),
        c("u undo", ["u"], setup=[to_middle, "h"]),
        s("tab / shift+tab", ["tab", "shift+tab"], setup=[focus_reader]),
        s("L (library off / on)", ["L", "L"], setup=[focus_reader]),
        s("H (annotations off / on)", ["H", "H"], setup=[focus_reader]),
        s("T (open tag view)", ["T"], setup=[focus_reader], teardown=["escape"], settle="workers"),
        s(
            "tag view: j k down up",
            ["j", "k", "down", "down", "up"],
            setup=["T"],
            teardown=["escape"],
            settle="workers",
        ),
        s("tag view: tab", ["tab"], setup=["T"], teardown=["escape"]),
        s(
            "tag view: enter on a tag",
            ["enter"],
            setup=["T", "down"],
            teardown=["escape"],
            settle="workers",
        ),
        s("tag view: escape", ["escape"], setup=["T"]),
        s(
            "tag view: enter on a passage (opens it)",
            ["enter"],
            setup=["T", "tab"],
            teardown=[reopen_big],
            settle="workers",
        ),
        s(
            "/ (open search)",
            ["slash"],
            setup=[focus_reader],
            teardown=["escape"],
            settle="workers",
        ),
        s("search: typing", typed, setup=["slash"], teardown=["escape"], settle="workers"),
        s("search: escape", ["escape"], setup=["slash", "c", "o", "n"]),
        s("? (open help)", ["question_mark"], setup=[focus_reader], teardown=["escape"]),
        s("help: escape", ["escape"], setup=["question_mark"]),
        s(
            "ctrl+p (open palette)",
            ["ctrl+p"],
            setup=[focus_reader],
            teardown=["escape"],
            settle=0.1,
        ),
        s("palette: typing", list("open"), setup=["ctrl+p"], teardown=["escape"], settle=0.1),
        lib("j / k", ["j", "k"], setup=[library_middle]),
        lib("pagedown / pageup", ["pagedown", "pageup"], setup=[library_middle]),
        lib("G / g", ["G", "g"], setup=[library_middle]),
        lib("s (next sort)", ["s"], setup=[focus_library]),
        lib("S (reverse)", ["S"], setup=[focus_library]),
        lib("f (to the filter box)", ["f"], setup=[focus_library], teardown=["escape"]),
        lib("filter: typing", typed, setup=[focus_library, "f"], teardown=["escape"], settle=0.25),
        lib(
            "filter: escape (clears)", ["escape"], setup=[focus_library, "f", "c", "o"], settle=0.25
        ),
        lib(
            "o (open a small article)",
            ["o"],
            setup=[library_middle],
            teardown=[reopen_big],
            settle="workers",
        ),
        lib(
            "o on the 5 MB article",
            ["o"],
            setup=[library_middle, "o", library_on_big],
            teardown=[to_middle],
            settle="workers",
        ),
        lib(
            "O (open beside)",
            ["O"],
            setup=[library_middle],
            teardown=["ctrl+w", reopen_big],
            settle="workers",
        ),
        lib(
            "ctrl+w (close column)",
            ["ctrl+w"],
            setup=[library_middle, "O", focus_reader],
            teardown=[reopen_big],
        ),
        c("ctrl+r redo", ["ctrl+r"], setup=[to_middle, "h", "u"], teardown=["u"]),
        s("K (legend off / on)", ["K", "K"], setup=[focus_reader]),
        s("c (coders shown: one coder says so)", ["c"], setup=[focus_reader]),
        s("D (mark done / not done)", ["D", "D"], setup=[focus_reader]),
        s("E (open export)", ["E"], setup=[focus_reader], teardown=["escape"]),
        s("export: escape (E)", ["escape"], setup=[focus_reader, "E"]),
        s("a (open attributes)", ["a"], setup=[focus_reader], teardown=["escape"]),
        s("attributes: escape", ["escape"], setup=[focus_reader, "a"]),
        s("A (open analysis)", ["A"], setup=[focus_reader], teardown=["escape"], settle="workers"),
        s("analysis: escape", ["escape"], setup=[focus_reader, "A"]),
    ]


# -- running and reporting ----------------------------------------------------------------------


async def drive(
    root: Path,
    db: Path,
    big: str,
    repeat: int,
    row_seconds: float,
    profile: str | None,
    only: list[str],
) -> Bench:
    from gpreader.store import AnnotationStore
    from gpreader.tui.app import GPReaderApp
    from gpreader.tui.config import Config

    store = AnnotationStore(db, coder="bench")
    app = GPReaderApp(store, root, config=Config(path=Path("/nonexistent/config.toml")))
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()  # the start-up refresh of the folder
        await pilot.pause()
        bench = Bench(app, pilot, profile, only)
        count_escape_codes(app, bench.paints)
        app.open_at(big, len(store.article(big).text) // 2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.main.active.reader.focus()
        await pilot.pause()
        await prebuilt(app, pilot)
        await bench.run(steps_for(app, big), repeat, row_seconds)
        await app.workers.wait_for_complete()
    return bench


async def prebuilt(app: Any, pilot: Any, seconds: float = 30.0) -> None:
    """Wait until the screens the workbench composes while idle after its start (screens/
    prepare.py) are composed, as a user finds them who looks at the workbench for a second or
    two before the first key: else that composing runs inside the first rows' presses."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screens = [s for s in app._installed_screens.values() if not callable(s)]
        if len(screens) >= 7 and all(s.is_mounted for s in screens):  # see prepare.prepare
            await pilot.pause(0.3)  # the collector settled after the last one
            return
        await pilot.pause(0.1)
    print("the idle prebuild did not finish: first presses include it", file=sys.stderr)


async def drive_bare(repeat: int) -> Bench:
    """The floor of opening a screen: a bare Textual App (one Static) at the same size pushing
    an empty ModalScreen, and a ModalScreen holding a full-size OptionList of 40 two-line
    options, measured the same way (escape codes counted too)."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding, BindingType
    from textual.screen import ModalScreen
    from textual.widgets import OptionList, Static

    class Empty(ModalScreen[None]):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    class Listing(Empty):
        def compose(self) -> ComposeResult:
            yield OptionList(*(f"option {n}\nits second line" for n in range(40)))

    class Bare(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("m", "push_screen('empty')", "Empty"),
            Binding("l", "push_screen('listing')", "Listing"),
        ]
        SCREENS = {"empty": Empty, "listing": Listing}  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield Static("a bare Textual app")

    app = Bare()
    async with app.run_test(size=(160, 50)) as pilot:
        bench = Bench(app, pilot, None, [])
        count_escape_codes(app, bench.paints)
        bare = "bare Textual"
        await bench.run(
            [
                Step("floor", "idle: unbound key (bare app)", ["f12"]),
                Step(bare, "open an empty ModalScreen", ["m"], teardown=["escape"]),
                Step(bare, "open a ModalScreen with an OptionList", ["l"], teardown=["escape"]),
            ],
            repeat,
            30.0,
        )
    return bench


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(results: dict[str, Samples]) -> list[dict[str, Any]]:
    """Median, p95 and max per row; net_p95 is the cpu p95 less the floor's median cpu (what
    Pilot itself costs per press), and is what the 50 ms budget is checked against."""
    floor = next((s for s in results.values() if s.section == "floor"), None)
    floor_cpu = statistics.median(floor.cpu) if floor else 0.0
    rows = []
    for s in results.values():
        row: dict[str, Any] = {"section": s.section, "key": s.label, "n": len(s.cpu)}
        for name, values in (("cpu", s.cpu), ("busy", s.busy)):
            row[f"{name}_median"] = statistics.median(values)
            row[f"{name}_p95"] = percentile(values, 0.95)
            row[f"{name}_max"] = max(values)
        row["block_max"] = max(s.block)
        row["proc_median"] = statistics.median(s.proc)
        row["paint_median"] = statistics.median(s.paint)
        row["paint_p95"] = percentile(s.paint, 0.95)
        row["gc_max"] = max(s.gc)
        row["renders_median"] = statistics.median(s.renders)
        row["net_p95"] = max(0.0, row["cpu_p95"] - floor_cpu)
        row["cpu_samples"] = [round(v, 1) for v in s.cpu]  # in press order: which was slow
        over = s.section != "floor" and row["net_p95"] > BUDGET_MS
        row["flag"] = "OVER" if over else ("(busy)" if row["busy_p95"] > BUDGET_MS else "")
        rows.append(row)
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'section':<22} {'key':<40} {'n':>3} {'cpu med':>7} {'p95':>6} {'max':>6} "
        f"{'net p95':>7}  {'busy med':>8} {'p95':>6} {'max':>6} {'block':>6}  "
        f"{'proc':>6} {'paint':>6} {'p95':>6} {'gc':>5} {'draws':>5}"
    )
    print(head + "\n" + "-" * len(head))
    for r in rows:
        print(
            f"{r['section']:<22} {r['key']:<40} {r['n']:>3} {r['cpu_median']:>7.1f} "
            f"{r['cpu_p95']:>6.1f} {r['cpu_max']:>6.1f} {r['net_p95']:>7.1f}  "
            f"{r['busy_median']:>8.1f} {r['busy_p95']:>6.1f} {r['busy_max']:>6.1f} "
            f"{r['block_max']:>6.1f}  {r['proc_median']:>6.1f} {r['paint_median']:>6.1f} "
            f"{r['paint_p95']:>6.1f} {r['gc_max']:>5.0f} {r['renders_median']:>5.1f} {r['flag']}"
        )
    over = [f"{r['section']}: {r['key']}" for r in rows if r["flag"] == "OVER"]
    print(
        f"\nms per press. net p95 = cpu p95 - the floor's median cpu. "
        f"OVER (net p95 > {BUDGET_MS:.0f} ms): {len(over)} of {len(rows) - 1} rows\n"
        "proc: CPU of every thread (workers too), median. paint: wall time from the press to "
        "the last screen update drawn in its window (until painted), median and p95. gc: the "
        "longest time the garbage collector ran in one press. draws: screen updates per press."
    )


def profile_report(profiler: cProfile.Profile, label: str) -> None:
    print(
        f"\ncProfile of {label!r} (main thread, every timed press; the timings above include "
        "cProfile's overhead): gpreader's functions by cumulative time, then all by own time"
    )
    profiler.create_stats()
    if not profiler.stats:  # type: ignore[attr-defined]
        print("no row matched --profile")
        return
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats("src/gpreader/", 25)
    stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="0: the 5 sample articles")
    parser.add_argument("--article-mb", type=float, default=5.0, help="size of the big article")
    parser.add_argument("--repeat", type=int, default=20, help="presses of each key")
    parser.add_argument(
        "--row-seconds", type=float, default=30.0, help="stop repeating a row (after 3) past this"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gpreader-bench-ui"
    )
    parser.add_argument("--reuse", action="store_true", help="reuse the database built before")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--bare", action="store_true", help="also time a bare Textual app opening screens"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="rows whose 'section: key' holds this"
    )
    parser.add_argument(
        "--profile", metavar="KEY", help="cProfile the rows whose 'section: key' holds this"
    )
    parser.add_argument(
        "--profile-out", type=Path, help="also save the cProfile stats here (for pstats)"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    root, big = build_corpus(args.workdir, args.articles, args.article_mb, args.seed)
    db = args.workdir / f"ui-{args.articles}-{args.article_mb:g}mb.db"
    built = db.with_suffix(".json")
    if not (args.reuse and db.exists() and built.exists()):
        print(f"importing {root} ...", file=sys.stderr)
        built.write_text(json.dumps(build_database(root, db, big, args.seed)))
    info = json.loads(built.read_text())
    # one copy per process: other sizes, and other people's runs, may go on beside it
    run_db = db.with_name(f"run-{os.getpid()}-" + db.name)
    with closing(sqlite3.connect(db)) as kept, closing(sqlite3.connect(run_db)) as copy:
        kept.backup(copy)  # the keys write: every run starts from the same database, which
        # stays as it was built (a newer tree migrates its copy; an older one can still run)
    size = (root / big).stat().st_size / 1_000_000
    print(f"timing {args.repeat} presses per key ...", file=sys.stderr)
    try:
        bench = asyncio.run(
            drive(root, run_db, big, args.repeat, args.row_seconds, args.profile, args.only)
        )
    finally:
        for old in args.workdir.glob(run_db.name + "*"):
            old.unlink()
    if args.bare:
        bare = asyncio.run(drive_bare(args.repeat))
        bench.results.update({k: v for k, v in bare.results.items() if v.section != "floor"})
    rows = summarise(bench.results)
    print(
        f"\ngpreader UI keys: {info['articles']:,} articles (one of {size:.1f} MB, open), "
        f"{info['highlights']:,} highlights, {info['tags']} tags; 160x50 headless; "
        f"{args.repeat} presses per key"
    )
    print_table(rows)
    if bench.profiler is not None:
        profile_report(bench.profiler, args.profile or "")
        if args.profile_out:
            bench.profiler.dump_stats(args.profile_out)
    if args.json:
        args.json.write_text(json.dumps({"corpus": info, "big_mb": size, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
