"""KWIC from the analysis screen (`/`): `t` codes the hit, `T` codes every hit after a
confirmation as one change that one `u` takes back; the agreement tab and the timeline chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, OptionList, Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.analysis import AnalysisScreen
from gpreader.tui.screens.analysis_agreement import DisagreementsScreen
from gpreader.tui.screens.choose import ChoiceDialog
from gpreader.tui.screens.kwic import KwicScreen
from gpreader.tui.screens.tag_picker import TagPicker
from tests.app.conftest import SIZE, until
from tests.app.test_analysis_screen import open_analysis
from tests.unit.analysis_corpus import build


async def open_kwic(app: GPReaderApp, pilot: Any, query: str) -> KwicScreen:
    await open_analysis(app, pilot)
    await pilot.press("slash")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, KwicScreen)
    assert screen.query_one(Input).has_focus
    await pilot.press(*query, "enter")
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


def _dogs(store: AnnotationStore) -> set[tuple[str, int]]:
    return {(p, store.article(p).text.index("dogs")) for p in ("a.txt", "b.txt")}


def _tagged(store: AnnotationStore, tag: str) -> set[tuple[str, int, int]]:
    return {(h.article, h.start, h.end) for h in store.highlights() if tag in h.tags}


async def test_kwic_t_codes_the_hit(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_kwic(app, pilot, "dogs")
            assert {(x.article, x.start) for x in screen.shown_lines} == _dogs(store)
            assert all(x.keyword == "dogs" for x in screen.shown_lines)
            line = screen.shown_lines[screen.query_one(OptionList).highlighted or 0]
            await pilot.press("t")  # keys typed as a screen opens are held until it is ready
            await until(pilot, lambda: isinstance(app.screen, TagPicker), "the tag picker")
            await pilot.press(*"animals/dog", "enter")
            await until(pilot, lambda: app.screen is screen, "back on the KWIC screen")
            await until(pilot, lambda: bool(_tagged(store, "animals/dog")), "the hit tagged")
            assert _tagged(store, "animals/dog") == {(line.article, line.start, line.end)}
            made = next(h for h in store.highlights() if "animals/dog" in h.tags)
            assert made.coder == "carol" and made.exact == "dogs"


async def test_kwic_code_all_then_u_removes_all(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        before = {(h.id, h.tags) for h in store.highlights()}
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_kwic(app, pilot, "dogs")
            assert len(screen.shown_lines) == 2
            await pilot.press("T")
            await until(pilot, lambda: isinstance(app.screen, TagPicker), "the tag picker")
            await pilot.press(*"animals", "enter")
            await until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the confirmation")
            await pilot.press("enter")  # the safe choice comes first: cancel
            await until(pilot, lambda: app.screen is screen, "back on the KWIC screen")
            assert _tagged(store, "animals") == set()
            await pilot.press("T")
            await until(pilot, lambda: isinstance(app.screen, TagPicker), "the tag picker again")
            await pilot.press(*"animals", "enter")
            await until(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the confirmation")
            await pilot.press("down", "enter")  # confirm
            await until(pilot, lambda: bool(_tagged(store, "animals")), "every hit coded")
            coded = _tagged(store, "animals")
            assert {(p, s) for p, s, _ in coded} == _dogs(store)
            await pilot.press("u")  # one undo takes every one back
            await until(pilot, lambda: not _tagged(store, "animals"), "the coding undone")
            assert {(h.id, h.tags) for h in store.highlights()} == before


async def test_agreement_tab_and_its_disagreements(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="alice") as alice, AnnotationStore(db, coder="bob") as bob:
        alice.mark_coded("a.txt")
        bob.mark_coded("a.txt")
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_analysis(app, pilot)
            await pilot.press("left_square_bracket")  # matrix -> (wraps to) agreement
            await screen.workers.wait_for_complete()
            await pilot.pause()
            assert screen.coders == ("alice", "bob")
            grid = screen.query_one("#agreement-table", DataTable)
            assert grid.has_focus and screen.agreement_rows[0] == "(overall)"
            assert "policy/contract" in screen.agreement_rows
            status = str(screen.query_one("#agreement-status", Static).render())
            assert "alice, bob by sentence over 1 article" in status
            grid.move_cursor(row=screen.agreement_rows.index("policy/contract"))
            await pilot.press("enter")
            await pilot.pause()
            listing = app.screen
            assert isinstance(listing, DisagreementsScreen)
            # a.txt: alice coded "One cat sat." and "Two dogs ran." with it, bob did not
            assert [(d.article, d.coded_by) for d in listing.found] == [("a.txt", ("alice",))] * 2
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("U")  # sentence -> paragraph
            await screen.workers.wait_for_complete()
            await pilot.pause()
            assert screen.agreement is not None and screen.agreement.unit == "paragraph"


async def test_timeline_chart_draws_each_tag(tmp_path: Path) -> None:
    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_analysis(app, pilot)
            await pilot.press("right_square_bracket", "right_square_bracket")
            await pilot.pause()
            chart = str(screen.query_one("#timeline-chart", Static).render())
            for tag in ("policy/contract", "policy/funding", "tone/negative", "tone/positive"):
                assert tag in chart
            assert "2024-02" in chart and "2024-03" in chart and "█" in chart
            await pilot.press("v")
            await pilot.pause()
            assert not screen.query_one("#timeline-chart-box").display
            assert isinstance(app.screen, AnalysisScreen)


async def test_ctrl_k_on_the_search_screen_opens_kwic_of_the_query(tmp_path: Path) -> None:
    from gpreader.tui.screens.main import MainScreen
    from gpreader.tui.screens.search import SearchScreen

    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            await pilot.press(*"dogs")
            await pilot.press("ctrl+k")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, KwicScreen)
            assert screen.query_text == "dogs"
            await screen.workers.wait_for_complete()
            await pilot.pause()
            assert {(x.article, x.start) for x in screen.shown_lines} == _dogs(store)
            assert all(x.keyword == "dogs" for x in screen.shown_lines)
            at = next(i for i, x in enumerate(screen.shown_lines) if x.article == "b.txt")
            screen.query_one(OptionList).highlighted = at
            line = screen.shown_lines[at]
            await pilot.press("enter")  # the hit opens in the workbench
            await pilot.pause()
            main = app.screen
            assert isinstance(main, MainScreen)
            reader = main.focused_reader() or (main.active.reader if main.active else None)
            assert reader is not None and reader.article is not None
            assert reader.article.path == line.article


async def test_ctrl_k_with_an_empty_search_box_stays(tmp_path: Path) -> None:
    from gpreader.tui.screens.search import SearchScreen

    db, folder, _ = build(tmp_path)
    with AnnotationStore(db, coder="carol") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            await pilot.press("ctrl+k")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
