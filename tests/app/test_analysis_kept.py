"""The analysis screen is composed once per app and shown again by `A`: each showing looks as a
new screen would (the matrix tab, highlights by month, the cursor on the first number) and counts
the coding as it is then."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static, TabbedContent

from gpreader.analysis import load, matrix
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens import analysis as analysis_screen
from gpreader.tui.screens.analysis_tabs import TitleLine
from tests.app.test_analysis_screen import open_analysis
from tests.unit.analysis_corpus import ROWS, build


async def test_shown_again_as_new_with_the_coding_as_it_is(tmp_path: Path) -> None:
    db, folder, ids = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=(120, 36)) as pilot:
            first = await open_analysis(app, pilot)
            await pilot.press("n", "right_square_bracket", "right_square_bracket", "v")
            await first.workers.wait_for_complete()
            await pilot.pause()
            assert first.count == "articles"
            assert first.query_one(TabbedContent).active == "timeline"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not first

            store.delete_highlight(ids["h1"])  # counted in the matrix before: not now
            again = await open_analysis(app, pilot)
            assert again is first  # the same screen, shown again
            assert again.count == "highlights" and again.by == "month"
            assert again.query_one(TabbedContent).active == "matrix"
            grid = again.query_one("#matrix-table", DataTable)
            assert grid.has_focus and tuple(grid.cursor_coordinate) == (0, 1)  # as when new
            assert again.query_one("#timeline-chart-box").display  # `v` undone
            expected = matrix(load(store), by="month")
            shown = again.tables["matrix"]
            assert shown.cells == expected.cells and shown.total == expected.total
            assert ids["h1"] not in {h for i in range(len(ROWS)) for h in shown.behind(i, 0)}
            assert grid.row_count == len(ROWS) + 1
            title = str(again.query_one("#analysis-title", Static).render())
            assert "matrix: highlights by month" in title


async def test_a_long_count_shows_it_is_counting(tmp_path: Path, monkeypatch: Any) -> None:
    """While the numbers are long in coming (the first analysis after an upgrade fills the
    cache of where highlights fall) the screen says so, with the articles placed so far and
    for how long; the numbers take their place."""
    db, folder, _ = build(tmp_path)
    release = threading.Event()

    def slow_load(store: AnnotationStore, coder: Any = None, progress: Any = None) -> Any:
        progress(3, 10)  # the highlights of 3 of 10 articles placed so far
        release.wait(10)
        return load(store, coder=coder)

    monkeypatch.setattr(analysis_screen, "COUNTING_AFTER", 0.05)
    monkeypatch.setattr(analysis_screen.analysis, "load", slow_load)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("A")
            screen = app.screen
            assert isinstance(screen, analysis_screen.AnalysisScreen)
            title = screen.query_one("#analysis-title", TitleLine)
            for _ in range(100):
                await pilot.pause(0.05)
                if title.counting_since is not None:
                    break
            seen = set()
            for _ in range(16):  # the seconds go by
                seen.add(str(title.render()))
                await pilot.pause(0.1)
            placing = "Analysis: placing highlights, 3 of 10 articles… "
            assert all(text.startswith(placing) for text in seen), seen
            assert len(seen) > 1 and not screen.tables
            release.set()
            await screen.workers.wait_for_complete()
            await pilot.pause()
            assert screen.tables and title.counting_since is None and not title.auto_refresh
            assert screen.query_one("#matrix-table", DataTable).row_count == len(ROWS) + 1
            assert "matrix: highlights by month" in str(
                screen.query_one("#analysis-title", Static).render()
            )
