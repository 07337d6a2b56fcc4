"""The analysis screen (A): tables of the hand-built corpus; Enter on a cell lists exactly the
passages it counts, Enter on one opens it; M edits memos (of the article, of a row's tag)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, OptionList, TextArea

from gpreader.analysis import load, matrix
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.analysis import AnalysisScreen
from gpreader.tui.screens.analysis_passages import MemoDialog, PassagesScreen
from tests.app.conftest import SIZE, settle
from tests.unit.analysis_corpus import PC, ROWS, build


async def open_analysis(app: GPReaderApp, pilot: Any) -> AnalysisScreen:
    await settle(app, pilot)
    await pilot.press("A")
    screen = app.screen
    assert isinstance(screen, AnalysisScreen)
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_enter_on_a_cell_lists_exactly_the_passages_counted(tmp_path: Path) -> None:
    db, folder, ids = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        expected = matrix(load(store), by="month")
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_analysis(app, pilot)
            grid = screen.query_one("#matrix-table", DataTable)
            assert grid.row_count == len(ROWS) + 1  # and the totals row
            # policy/contract, 2024-02: h1 and h3
            grid.move_cursor(row=ROWS.index(PC), column=1 + expected.columns.index("2024-02"))
            await pilot.press("enter")
            await pilot.pause()
            listing = app.screen
            assert isinstance(listing, PassagesScreen)
            options = listing.query_one(OptionList)
            listed = {options.get_option_at_index(i).id for i in range(options.option_count)}
            assert listed == {ids["h1"], ids["h3"]}
            row, column = ROWS.index(PC), expected.columns.index("2024-02")
            assert listed == set(expected.behind(row, column))
            assert options.option_count == expected.cells[row][column]
            await pilot.press("enter")  # the first passage, in reading order: h1 in a.txt
            await pilot.pause()
            assert not isinstance(app.screen, (PassagesScreen, AnalysisScreen))
            column_now = app.main.active
            assert column_now is not None and column_now.path == "a.txt"
            assert column_now.reader.cursor_offset <= store.highlight(ids["h1"]).start + 1


async def test_tabs_rules_and_the_grand_total(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_analysis(app, pilot)
            await pilot.press("right_square_bracket")  # the co-occurrence tab
            await pilot.pause()
            grid = screen.query_one("#cooccur-table", DataTable)
            assert grid.has_focus
            await pilot.press("r", "r", "r")  # highlight -> overlap -> sentence -> paragraph
            await screen.workers.wait_for_complete()
            await pilot.pause()
            table = screen.tables["cooccur"]
            assert table.notes["rule"] == "paragraph" and table.total == 5
            # the grand total cell lists every counted passage
            grid.move_cursor(row=len(ROWS), column=len(ROWS) + 1)
            await pilot.press("enter")
            await pilot.pause()
            listing = app.screen
            assert isinstance(listing, PassagesScreen)
            assert listing.query_one(OptionList).option_count == 8


async def test_memo_keys_edit_article_and_tag_memos(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            app.open_at("b.txt", 0)
            await pilot.pause()
            await pilot.press("M")
            await pilot.pause()
            assert isinstance(app.screen, MemoDialog)
            app.screen.query_one(TextArea).insert("Beta: two coders")
            await pilot.press("ctrl+s")
            await pilot.pause()
            memo = store.memo("article", "b.txt")
            assert memo is not None and memo.text == "Beta: two coders" and memo.coder == "carol"
            screen = await open_analysis(app, pilot)
            grid = screen.query_one("#matrix-table", DataTable)
            grid.move_cursor(row=ROWS.index(PC), column=1)
            await pilot.press("M")
            await pilot.pause()
            assert isinstance(app.screen, MemoDialog)
            app.screen.query_one(TextArea).insert("Contract talk")
            await pilot.press("ctrl+s")
            await pilot.pause()
            tag_memo = store.memo("tag", PC)
            assert tag_memo is not None and tag_memo.text == "Contract talk"
