"""Time opening the analysis screen (A) over a big coded corpus (run by hand; numbers go in the
notes, not in tests).

    .venv/bin/python benchmarks/bench_analysis_screen.py --keep /tmp/bench-a3 [--repeat 3] \
        [--again] [--settle]

The database is bench_analysis.py's (built there with the same --articles/--highlights when
--keep names a folder without one). Each run pushes a new AnalysisScreen in a headless Textual
app (160x50) (with --again: shows one, closes it with Escape, then shows the screen `A` would
show next, the same one reset where the code keeps it) and waits until its first tab shows
numbers (the tables' worker has posted and the screen has filled them). It prints the UI
thread's CPU time over that (time.thread_time on the thread running the event loop: what a key
would wait behind), the wall-clock time to the numbers, and the CPU time of the whole process
(the worker reading and computing included). Of the UI thread's figure it also prints two parts:
the CPU until the pushed screen is mounted and the loop idle again (composing, styling and the
first frame, before any number arrives), and the cyclic garbage collector's passes that ran on
the UI thread (a full pass over every object the process holds, due when the worker has made
many long-lived objects: it lands on whichever thread allocates next, so it varies from run to
run). The workbench itself freezes what it holds once it is up and raises the collector's
thresholds (tui/memory.settle); with --settle each run does the same before the push, as the
workbench would have.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import statistics
import threading
import time
from pathlib import Path

from bench_analysis import build  # run as a script: benchmarks/ is on the path
from textual.app import App
from textual.widgets import DataTable

from gpreader.store import AnnotationStore
from gpreader.tui import memory
from gpreader.tui.screens.analysis import AnalysisScreen

POLL = 0.05  # seconds between looks at the screen (each look costs the UI thread ~0.1 ms)


class UiCollections:
    """CPU seconds the cyclic garbage collector spent on the main (UI) thread."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if phase == "start":
            self._started = time.thread_time()
        else:
            self.seconds += time.thread_time() - self._started


async def idle_rate() -> float:
    """The UI thread's CPU seconds per second in an idle app (Textual's timers, and this
    script's polling): the floor under the figure above, given per second of wall time."""
    app: App[None] = App()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        ui, wall = time.thread_time(), time.perf_counter()
        while time.perf_counter() - wall < 2:
            await asyncio.sleep(POLL)
        return (time.thread_time() - ui) / (time.perf_counter() - wall)


async def shown(app: App[None], screen: AnalysisScreen) -> None:
    """Until the screen shows its numbers."""
    while not screen.tables:
        await asyncio.sleep(POLL)


def next_screen(
    app: App[None], store: AnnotationStore, last: AnalysisScreen | None
) -> AnalysisScreen:
    """The screen `A` shows: the last one reset when the code keeps it (installed, as `A`
    installs it, so that closing it keeps its widgets), else a new one."""
    if last is not None and hasattr(last, "reset"):
        last.reset(None)
        return last
    screen = AnalysisScreen(store)
    if hasattr(screen, "reset"):
        app.install_screen(screen, "analysis")
    return screen


async def open_once(
    store: AnnotationStore, again: bool, settle: bool, profiler: cProfile.Profile | None = None
) -> tuple[float, ...]:
    """(UI-thread CPU, wall, process CPU, UI-thread CPU until composed, UI-thread GC) seconds
    from the push to the numbers shown; with `again`, of the second showing (the first one
    shown, closed, and the screen shown again as `A` would); with `settle`, under the
    workbench's collector policy (tui/memory.settle: what is alive frozen, high thresholds)."""
    app: App[None] = App()
    collections = UiCollections()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        if settle:
            memory.settle()
        screen = None
        if again:
            screen = next_screen(app, store, None)
            app.push_screen(screen)
            await shown(app, screen)
            await pilot.press("escape")  # closed as the user closes it
            await pilot.pause()
        gc.callbacks.append(collections)
        if profiler is not None:
            profiler.enable()
        ui, wall, cpu = time.thread_time(), time.perf_counter(), time.process_time()
        screen = next_screen(app, store, screen)
        app.push_screen(screen)
        await pilot.pause()
        composed = time.thread_time() - ui
        await shown(app, screen)
        grid = screen.query_one("#matrix-table", DataTable)
        assert grid.row_count > 1, "the matrix shows no numbers"
        await pilot.pause()  # the frame with the numbers drawn
        ui = time.thread_time() - ui
        if profiler is not None:
            profiler.disable()
        gc.callbacks.remove(collections)
        return (
            ui,
            time.perf_counter() - wall,
            time.process_time() - cpu,
            composed,
            collections.seconds,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--again", action="store_true", help="time the second showing in an app (A again)"
    )
    parser.add_argument(
        "--settle", action="store_true", help="the workbench's collector policy (tui/memory)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the UI thread over the timed windows"
    )
    args = parser.parse_args()
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    args.keep.mkdir(parents=True, exist_ok=True)
    db = args.keep / "annotations.db"
    if not db.exists():
        build(db, args.articles, args.highlights)
    runs = []
    with AnnotationStore(db) as store:
        highlights = store.conn.execute("SELECT count(*) FROM highlights").fetchone()[0]
        for _ in range(args.repeat):
            runs.append(asyncio.run(open_once(store, args.again, args.settle, profiler)))
    floor = asyncio.run(idle_rate())
    ui, wall, cpu, composed, collected = (sorted(column) for column in zip(*runs, strict=True))
    which = ("shown again" if args.again else "first shown") + (", settled" if args.settle else "")
    print(f"analysis screen {which}, {highlights} highlights, {args.repeat} runs (median, max):")
    figures = {
        "UI-thread CPU to numbers": ui,
        "wall to numbers": wall,
        "process CPU to numbers": cpu,
        "UI CPU until composed": composed,
        "UI-thread GC passes": collected,
    }
    for label, values in figures.items():
        print(f"  {label:<25} {statistics.median(values):6.3f} s  {values[-1]:6.3f} s")
    each = " ".join(f"{r[0]:.3f}/{r[4]:.3f}" for r in runs)
    print(f"  each run, UI CPU/GC       {each}")
    print(f"  idle app's UI-thread CPU  {floor * 1000:6.1f} ms per second of wall time")
    if profiler is not None:
        print("cProfile of the UI thread over the timed windows (its overhead included above)")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
