"""Team keys in the workbench: `D` marks the article done, `C` compares two coders side by
side, `n` steps to the next difference, `1` / `2` adopt a coding into the consensus coder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.compare import CompareScreen
from gpreader.tui.widgets.article_table import cell
from gpreader.tui.widgets.reader import coded_mark
from tests.app.conftest import SIZE, open_article, settle

PATH = "000_457775139af1eb7c.txt"


def _code_two(db_path: Path, store: AnnotationStore) -> tuple[str, str, str]:
    """Ana and Ben agree on one sentence; Ben alone codes another; they tag a third apart."""
    text = store.article(PATH).text
    spans = sorted((s.start, s.end) for s in store.article(PATH).spans if s.kind == "sentence")
    (a0, a1), (b0, b1), (c0, c1) = spans[0], spans[2], spans[4]
    with AnnotationStore(db_path, coder="ana") as ana, AnnotationStore(db_path, coder="ben") as ben:
        ana.add_highlight(PATH, a0, a1, tags=["funding"])
        ben.add_highlight(PATH, a0, a1, tags=["funding"])
        ben.add_highlight(PATH, b0, b1, tags=["workforce"])
        ana.add_highlight(PATH, c0, c1, tags=["funding"])
        ben.add_highlight(PATH, c0, c1, tags=["workforce"])
    return text[a0:a1], text[b0:b1], text[c0:c1]


def status(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-status", Static).content)


async def test_compare_steps_through_differences_and_adopts(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, db_path: Path
) -> None:
    _, only_ben, apart = _code_two(db_path, loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, PATH)
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.coders == ("ana", "ben")
        assert "1 agree, 2 differ" in status(screen)

        await pilot.press("n")
        assert "1/2: only ben" in status(screen)
        await pilot.press("1")  # ana coded nothing here: nothing is adopted
        assert not [h for h in loaded_store.highlights(PATH) if h.coder == "consensus"]
        await pilot.press("2")
        adopted = [h for h in loaded_store.highlights(PATH) if h.coder == "consensus"]
        assert [(h.exact, h.tags, h.tag_coders) for h in adopted] == [
            (only_ben, ("workforce",), ("consensus",))
        ]

        await pilot.press("n")
        assert "2/2: tags differ" in status(screen)
        await pilot.press("1")
        adopted = [h for h in loaded_store.highlights(PATH) if h.coder == "consensus"]
        assert sorted((h.exact, h.tags) for h in adopted) == sorted(
            [(only_ben, ("workforce",)), (apart, ("funding",))]
        )
        await pilot.press("n")  # wraps round to the first difference
        assert "1/2: only ben" in status(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)


async def test_d_marks_the_open_article_done_and_again_takes_it_back(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, PATH)
        await pilot.press("D")
        await settle(app, pilot)
        assert [(m.article, m.coder) for m in loaded_store.coded_marks()] == [(PATH, "tester")]
        table = app.main.library.table
        assert table.done == {PATH}
        row = next(r for r in table.rows if r.path == PATH)
        assert cell(row, "title", 20, PATH in table.done).startswith("✓ ")
        await pilot.press("D")
        await settle(app, pilot)
        assert loaded_store.coded_marks() == [] and table.done == frozenset()


async def test_compare_with_one_coder_says_so(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, PATH)
        await pilot.press("C")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)


async def test_c_shows_one_coder_then_the_next_then_all_and_the_gutter_names_them(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, db_path: Path
) -> None:
    _code_two(db_path, loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH)
        await pilot.pause()
        assert {h.coder for h in reader.highlights} == {"ana", "ben"}
        first = min(h.start for h in reader.highlights)
        assert coded_mark(reader.highlights, first, first + 5, by_coder=True) == "┃"
        only_ben = [h for h in reader.highlights if h.coder == "ben"]
        ben_alone = [
            h
            for h in only_ben
            if not any(
                o.coder == "ana" and o.start < h.end and h.start < o.end for o in reader.highlights
            )
        ]
        assert (
            coded_mark(reader.highlights, ben_alone[0].start, ben_alone[0].end, by_coder=True)
            == "b"
        )
        await pilot.press("c")
        await pilot.pause()
        assert {h.coder for h in reader.highlights} == {"ana"}
        await pilot.press("c")
        await pilot.pause()
        assert {h.coder for h in reader.highlights} == {"ben"}
        await pilot.press("c")
        await pilot.pause()
        assert {h.coder for h in reader.highlights} == {"ana", "ben"}


async def test_the_coder_shown_filters_the_tag_view_export_and_analysis(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, db_path: Path
) -> None:
    from textual.widgets import Input

    from gpreader.tui.screens.analysis import AnalysisScreen
    from gpreader.tui.screens.export import ExportScreen
    from gpreader.tui.screens.tag_view import TagViewScreen

    _code_two(db_path, loaded_store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, PATH)
        await pilot.press("c", "c")  # ben
        await pilot.pause()
        assert app.main.coder_view == frozenset({"ben"})
        app.main.action_tag_view("funding")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, TagViewScreen) and view.coder == frozenset({"ben"})
        await view.workers.wait_for_complete()
        await pilot.pause()
        shown = view._read["funding"]
        passages = [p.highlight for g in shown.groups for p in g.passages]
        assert len(passages) == 1 and passages[0].tag_coder("funding") == "ben"  # not ana's 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-coder", Input).value == "ben"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AnalysisScreen) and app.screen.coder == frozenset({"ben"})


async def test_w_shows_several_coders_and_everything_follows(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, db_path: Path
) -> None:
    """With three coders, `W` hides one: the columns, tag view, export and analysis show the
    other two; choosing "All coders" shows everyone again."""
    from textual.widgets import Input

    from gpreader.tui.screens.analysis import AnalysisScreen
    from gpreader.tui.screens.choose import ChoiceDialog
    from gpreader.tui.screens.export import ExportScreen
    from gpreader.tui.screens.tag_view import TagViewScreen

    _code_two(db_path, loaded_store)
    spans = sorted(
        (s.start, s.end) for s in loaded_store.article(PATH).spans if s.kind == "sentence"
    )
    with AnnotationStore(db_path, coder="cai") as cai:
        cai.add_highlight(PATH, *spans[6], tags=["funding"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, PATH)
        await pilot.press("W")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        ids = [key for key, _ in dialog.options]
        assert ids[1:] == ["ana", "ben", "cai"]
        for _ in range(ids.index("ben")):
            await pilot.press("j")
        await pilot.press("enter")  # ben hidden
        await pilot.pause()
        assert app.main.coder_view == frozenset({"ana", "cai"})
        assert {h.coder for h in reader.highlights} == {"ana", "cai"}
        app.main.action_tag_view("funding")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, TagViewScreen)
        await view.workers.wait_for_complete()
        await pilot.pause()
        passages = [p.highlight for g in view._read["funding"].groups for p in g.passages]
        assert sorted(p.tag_coder("funding") for p in passages) == ["ana", "ana", "cai"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-coder", Input).value == "ana, cai"
        assert app.screen._options().filters.coder == frozenset({"ana", "cai"})
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AnalysisScreen)
        assert app.screen.coder == frozenset({"ana", "cai"})
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("W")
        await pilot.pause()
        await pilot.press("enter")  # "All coders" comes first
        await pilot.pause()
        assert app.main.coder_view is None
        assert {h.coder for h in reader.highlights} == {"ana", "ben", "cai"}
