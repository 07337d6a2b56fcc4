"""`/` with code queries on the hand-built corpus (tests/unit/analysis_corpus.py): the results are
exactly the passages holding the selected highlights, Enter opens one; the coder view (`c`)
filters them; a memo hit opens the memo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Select, TextArea

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.analysis_passages import MemoDialog
from gpreader.tui.screens.search import SearchScreen
from tests.app.conftest import SIZE, reader_of, settle
from tests.unit.analysis_corpus import build


async def _search(app: GPReaderApp, pilot: Any, query: str) -> SearchScreen:
    await pilot.press("slash")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_code_query_lists_exactly_its_passages_and_enter_opens_one(
    tmp_path: Path,
) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = await _search(app, pilot, "tag:negative in:paragraph tag:contract")
            # h6 ("Five cats sat", bob) is the one policy/contract passage sharing a paragraph
            # with a tone/negative one; h4 shares its paragraph only with the deleted h5
            assert [(h.article, h.text) for h in screen.hits] == [("b.txt", "Five cats sat.")]
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, SearchScreen)
            reader = reader_of(app)
            assert reader.path == "b.txt"
            start, end = reader.cursor_range or (0, 0)
            assert store.article("b.txt").text[start:end] == "Five cats sat."


async def test_the_coder_view_filters_the_code_filters_of_search(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = await _search(app, pilot, "tag:tone/positive")
            everyone = {(h.article, h.text) for h in screen.hits}
            assert everyone == {
                ("a.txt", "One cat sat."),
                ("b.txt", "Six dogs ran."),
                ("c.txt", "Seven owls hooted."),
            }
            await pilot.press("escape")
            await pilot.pause()
            main = app.screen
            for _ in range(5):  # all, then each coder in turn
                if main.coder_view == frozenset({"bob"}):  # type: ignore[attr-defined]
                    break
                await pilot.press("c")
                await pilot.pause()
            assert main.coder_view == frozenset({"bob"})  # type: ignore[attr-defined]
            screen = await _search(app, pilot, "")  # the last query comes back
            assert {(h.article, h.text) for h in screen.hits} == {("b.txt", "Six dogs ran.")}


async def test_a_memo_hit_opens_the_memo(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        store.set_memo("tag", "policy/contract", "Contracts between practices and the board.")
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = await _search(app, pilot, "in:memos board")
            assert [(h.via, h.note) for h in screen.hits] == [("memo:tag", "policy/contract")]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MemoDialog)
            assert app.screen.query_one(TextArea).text.startswith("Contracts between")


async def test_the_export_dialog_takes_a_code_query(tmp_path: Path) -> None:
    from textual.app import App
    from textual.widgets import Input

    from gpreader.tui.screens.export import ExportScreen

    db, folder, ids = build(tmp_path)
    out = tmp_path / "overlaps.jsonl"

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ExportScreen(db, folder))

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format", Select).value = "jsonl"
        await pilot.pause()
        screen.query_one("#export-path", Input).value = str(out)
        screen.query_one("#export-query", Input).value = "tag:funding overlaps tag:contract"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["highlight_id"] for r in rows] == [ids["h2"]]  # not h7: h8 is orphaned
