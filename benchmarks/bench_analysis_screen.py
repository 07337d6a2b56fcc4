"""Time opening the analysis screen (A) over a big coded corpus (run by hand; numbers go in the
notes, not in tests).

    .venv/bin/python benchmarks/bench_analysis_screen.py --keep /tmp/bench-a3 [--repeat 3]

The database is bench_analysis.py's (built there with the same --articles/--highlights when
--keep names a folder without one). Each run pushes a new AnalysisScreen in a headless Textual
app (160x50) and waits until its first tab shows numbers (the tables' worker has posted and
the screen has filled them). It prints the UI thread's CPU time over that (time.thread_time on
the thread running the event loop: what a key would wait behind), the wall-clock time to the
numbers, and the CPU time of the whole process (the worker reading and computing included).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from bench_analysis import build  # run as a script: benchmarks/ is on the path
from textual.app import App
from textual.widgets import DataTable

from gpreader.store import AnnotationStore
from gpreader.tui.screens.analysis import AnalysisScreen

POLL = 0.05  # seconds between looks at the screen (each look costs the UI thread ~0.1 ms)


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


async def open_once(store: AnnotationStore) -> tuple[float, float, float]:
    """(UI-thread CPU, wall, process CPU) seconds from the push to the numbers shown."""
    app: App[None] = App()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        ui, wall, cpu = time.thread_time(), time.perf_counter(), time.process_time()
        screen = AnalysisScreen(store)
        app.push_screen(screen)
        while not screen.tables:
            await asyncio.sleep(POLL)
        grid = screen.query_one("#matrix-table", DataTable)
        assert grid.row_count > 1, "the matrix shows no numbers"
        await pilot.pause()  # the frame with the numbers drawn
        return (
            time.thread_time() - ui,
            time.perf_counter() - wall,
            time.process_time() - cpu,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    db = args.keep / "annotations.db"
    if not db.exists():
        build(db, args.articles, args.highlights)
    runs = []
    with AnnotationStore(db) as store:
        highlights = store.conn.execute("SELECT count(*) FROM highlights").fetchone()[0]
        for _ in range(args.repeat):
            runs.append(asyncio.run(open_once(store)))
    floor = asyncio.run(idle_rate())
    ui, wall, cpu = (sorted(column) for column in zip(*runs, strict=True))
    print(f"analysis screen, {highlights} highlights, {args.repeat} runs (median, max):")
    print(f"  UI-thread CPU to numbers  {statistics.median(ui):6.3f} s  {ui[-1]:6.3f} s")
    print(f"  wall to numbers           {statistics.median(wall):6.3f} s  {wall[-1]:6.3f} s")
    print(f"  process CPU to numbers    {statistics.median(cpu):6.3f} s  {cpu[-1]:6.3f} s")
    print(f"  idle app's UI-thread CPU  {floor * 1000:6.1f} ms per second of wall time")


if __name__ == "__main__":
    main()
