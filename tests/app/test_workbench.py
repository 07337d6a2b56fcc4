"""Columns, tag view, layout restore, keymap and config, small terminals, other instances,
the library and the command palette."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.help import HelpScreen
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.screens.tag_view import TagViewScreen
from gpreader.tui.screens.too_small import TooSmallScreen
from tests.app.conftest import SIZE, cursor_to_body, open_article, reader_of, settle, until


async def test_two_articles_side_by_side_and_tag_in_the_second(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.main.library
        first = library.current
        await pilot.press("enter")  # open the highlighted article in a column
        await pilot.pause()
        assert [c.path for c in app.main.columns] == [first]
        await pilot.press("shift+tab")  # back to the library
        assert app.screen.focused is library.table
        await pilot.press("j")
        second = library.current
        await pilot.press("O")  # open beside
        await pilot.pause()
        assert [c.path for c in app.main.columns] == [first, second]
        reader = reader_of(app)
        assert reader.path == second
        await cursor_to_body(pilot, reader)
        start, end = reader.cursor_range or (0, 0)
        await pilot.press("t", *"second", "enter")
        await pilot.pause()
        await pilot.press("tab")  # focus cycles: library, column 1, column 2, ...
        await pilot.press("ctrl+w")  # close the focused column
        await pilot.pause()
        assert len(app.main.columns) == 1
    [h] = loaded_store.highlights(tag="second")
    assert (h.article, h.start, h.end) == (second, start, end)
    assert loaded_store.highlights(first) == []


async def test_the_active_column_shows_it_without_restyling_the_readers(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "shift+tab", "j", "O")
        await until(pilot, lambda: len(app.main.columns) == 2, "two columns open")
        first, second = app.main.columns
        assert (first.active_shown, second.active_shown) == (False, True)
        restyled: list[object] = []
        for column in (first, second):
            column.reader.notify_style_update = lambda r=column.reader: restyled.append(r)  # type: ignore[method-assign]
        await pilot.press("shift+tab")  # back to the first column's reader
        await until(pilot, lambda: app.main.active is first, "the first column active")
        assert (first.active_shown, second.active_shown) == (True, False)
        # the focus leaving one reader and coming to the other restyles each once; the
        # active mark is on the column's header and status lines, not on the column
        assert sorted(map(id, restyled)) == sorted([id(first.reader), id(second.reader)])


async def test_at_most_four_columns(make_app: Callable[..., GPReaderApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paths = [r.path for r in app.main.library.rows]
        for path in paths:
            app.open_at(path, 0, new_column=True)
        await pilot.pause()
        assert len(app.main.columns) == 4
        await until(  # the notice is a message to the app: a loaded machine takes longer
            pilot,
            lambda: any("Four columns" in n.message for n in app._notifications),
            "the four-columns notice",
        )


async def test_tag_view_enter_jumps_to_the_passage(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "003_24c3c5c25ddb21cc.txt"
    text = loaded_store.article(path).text
    at = text.index("buyout")
    loaded_store.add_highlight(path, at, at + 6, tags=["people"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # some other article first
        await pilot.pause()
        await pilot.press("T")
        assert isinstance(app.screen, TagViewScreen)
        await pilot.press("enter")  # the tag: go to its passages
        await pilot.press("enter")  # the first passage: jump
        await pilot.pause()
        assert not isinstance(app.screen, TagViewScreen)
        reader = reader_of(app)
        assert reader.path == path
        start, end = reader.cursor_range or (0, 0)
        assert start <= at < end


async def test_layout_is_restored_on_the_next_start(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    paths = sorted(r.path for r in loaded_store.articles())[:2]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, paths[0])
        app.open_at(paths[1], 0, new_column=True)
        await pilot.pause()
        await pilot.press("j", "j", "j", "s")  # s does nothing in a reader
        offset = reader_of(app).cursor_offset
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert [c.path for c in again.main.columns] == paths
        reader = reader_of(again)
        assert (reader.path, reader.cursor_offset) == (paths[1], offset)


async def test_keymap_from_config_remaps_and_help_shows_it(
    make_app: Callable[..., GPReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "textual-light"\n[keymap]\n"code.tag" = "y"\n"nope.x" = "z"\n')
    from gpreader.tui.config import load_config

    app = make_app(config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-light"
        assert any("nope.x" in n.message for n in app._notifications)
        await open_article(app, pilot, "000_457775139af1eb7c.txt")
        await pilot.press("t")
        assert not isinstance(app.screen, TagPicker)
        await pilot.press("y")
        assert isinstance(app.screen, TagPicker)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(s.content) for s in app.screen.query(".help-section"))
        assert "code.tag" in shown and "reader.down" in shown and "library.open" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_a_broken_config_is_a_notification(
    make_app: Callable[..., GPReaderApp], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [unclosed")
    from gpreader.tui.config import load_config

    app = make_app(config=load_config(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-dark"
        assert any("not valid TOML" in n.message for n in app._notifications)


async def test_small_terminal_says_so_and_recovers(make_app: Callable[..., GPReaderApp]) -> None:
    app = make_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in str(app.screen.query_one("#too-small").content)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert app.main.library.loaded


async def test_another_instance_writing_shows_up(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "000_457775139af1eb7c.txt"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, path)
        with AnnotationStore(loaded_store.path, coder="colleague") as other:
            other.add_highlight(path, 300, 320, tags=["from-elsewhere"])
        for _ in range(30):
            await pilot.pause(0.1)
            if reader.highlights:
                break
        assert [h.tags for h in reader.highlights] == [("from-elsewhere",)]


async def test_search_and_export_keys_never_crash(make_app: Callable[..., GPReaderApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, "000_457775139af1eb7c.txt")
        for key in ("slash", "E"):
            await pilot.press(key)
            await pilot.pause()
            if app.screen is not app.main:
                await pilot.press("escape")
                await pilot.pause()
        assert app.is_running


async def test_command_palette_opens_an_article(make_app: Callable[..., GPReaderApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"Open: Major government", "enter")
        await pilot.pause(0.3)
        await pilot.pause()
        assert [c.path for c in app.main.columns] == ["003_24c3c5c25ddb21cc.txt"]


async def test_command_palette_forgives_a_typo_in_a_title(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"mjaor govenrment reveiw", "enter")
        await pilot.pause(0.3)
        await pilot.pause()
        assert [c.path for c in app.main.columns] == ["003_24c3c5c25ddb21cc.txt"]


def test_app_accepts_the_cli_signature(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    app = GPReaderApp(loaded_store, corpus_dir, notice="sample")
    assert app.notice == "sample" and isinstance(app.config, Config)


async def test_narrow_screen_folds_the_library_away_and_tab_brings_it_back(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        library = app.main.library
        paths = [r.path for r in library.rows][:2]
        await open_article(app, pilot, paths[0])
        assert library.display  # one column: the library stays
        app.open_at(paths[1], 0, new_column=True)
        await pilot.pause()
        assert not library.display  # two columns on 80 cells: folded away
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert library.display and library.table.has_focus
        await pilot.press("tab")
        await pilot.pause()
        assert not library.display
        await pilot.press("ctrl+w")
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert app.main.columns == [] and library.display and library.table.has_focus
        assert app.is_running


async def test_library_sorts_filters_as_you_type_and_counts_highlights(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        library = app.main.library
        assert library.sort_key == "date" and library.descending
        await pilot.press("s")  # date -> words
        assert library.sort_key == "words"
        words = [r.words for r in library.shown]
        assert words == sorted(words, reverse=True)
        await pilot.press("S")
        assert [r.words for r in library.shown] == sorted(words)
        await pilot.press("f", *"partnership")
        await pilot.pause()
        assert [r.path for r in library.shown] == ["002_1cf731f5e7a28a3f.txt"]
        await pilot.press("enter")  # from the filter box to the table
        assert library.table.has_focus
        await pilot.press("enter")  # open it
        await pilot.pause()
        reader = reader_of(app)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        assert library.shown[0].highlights == 1
        await pilot.press("shift+tab", "f", "escape")
        assert len(library.shown) == 5 and library.table.has_focus
        counts = {r.path: r.highlights for r in library.shown}
        assert counts == {r.path: r.highlights for r in library.rows}
        assert counts["002_1cf731f5e7a28a3f.txt"] == 1 and sum(counts.values()) == 1


async def test_quitting_during_a_first_import_stops_it_between_batches(
    tmp_path: Path, corpus_dir: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    for i in range(600):
        text = texts[i % len(texts)].replace("GP", f"GP{i}", 1)
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    with AnnotationStore(tmp_path / "many.db", coder="tester") as store:
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(1000):  # 10 s at most
                if app.refreshing:
                    break
                await pilot.pause(0.01)
            assert app.refreshing, "the refresh worker did not start within 10 s"
            await pilot.pause(0.2)
            await pilot.press("q")
        loaded = len(store.articles())
    from gpreader.corpus.sync import BATCH

    assert loaded < 600 and loaded % BATCH == 0  # stopped, and only whole batches written


async def test_a_hint_says_how_to_open_an_article_until_a_column_opens(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        hint = app.main.query_one("#empty-hint")
        assert app.main.columns == [] and hint.display
        assert "Enter or o opens" in str(hint.render()) and "?" in str(hint.render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.columns and not hint.display
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert app.main.columns == [] and hint.display
