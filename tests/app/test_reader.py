"""The reader: motions, mouse selection, wide characters, orphans, the annotations panel,
hostile stored text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle


async def test_mouse_drag_selects(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "000_457775139af1eb7c.txt"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, path)
        layout = reader.text_layout
        assert layout is not None
        y = next(i for i, line in enumerate(layout.lines) if line.kind == "paragraph")
        line = layout.lines[y]
        await pilot.mouse_down(reader, offset=(2 + 4, y))
        await pilot.hover(reader, offset=(2 + 15, y))
        await pilot.mouse_up(reader, offset=(2 + 15, y))
        text = reader.article.text if reader.article else ""
        dragged = (line.start + 4, line.start + 15)
        # whole words: the words cut by the drag are taken whole
        start = next(i for i in range(dragged[0], -1, -1) if not text[i - 1 : i].isalnum())
        end = next(i for i in range(dragged[1], len(text) + 1) if not text[i : i + 1].isalnum())
        assert reader.selected == (start, end)
        await pilot.press("h")
        await pilot.pause()
    [h] = loaded_store.highlights(path)
    assert (h.start, h.end) == (start, end) and h.exact == text[start:end]


async def test_wide_characters_emoji_and_combining_marks_select_and_highlight(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "intl"
    folder.mkdir()
    body = "Le me\u0301decin 医生 a dit 👍🏽 bonjour. Deuxième phrase ici."
    (folder / "intl.txt").write_text(f"Un titre sans point\n\n{body}\n", encoding="utf-8")
    from gpreader.corpus import sync as library

    with AnnotationStore(tmp_path / "intl.db", coder="tester") as store:
        library.refresh(store, folder)
        app = GPReaderApp(store, folder, config=Config(path=tmp_path / "none.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            reader = await open_article(app, pilot, "intl.txt")
            await cursor_to_body(pilot, reader)
            text = reader.article.text if reader.article else ""
            start = reader.cursor_offset
            assert text[start:].startswith("Le me\u0301decin")
            await pilot.press("v", "e", "e", "e", "e", "e")  # from "Le" to "👍🏽", word by word
            await pilot.press("t", *"langue", "enter")
            await pilot.pause()
        [h] = store.highlights("intl.txt")
        assert h.exact == "Le me\u0301decin 医生 a dit 👍🏽"
        assert (h.start, h.end) == (start, start + len(h.exact))


async def test_motion_keys(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "003_24c3c5c25ddb21cc.txt"
    sentences = loaded_store.article(path).sentences
    loaded_store.add_highlight(path, sentences[10].start, sentences[10].end, tags=["a"])
    loaded_store.add_highlight(path, sentences[20].start, sentences[20].end, tags=["b"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, path)
        assert reader.cursor == 0
        await pilot.press("right_curly_bracket")
        after_paragraph = reader.cursor
        assert after_paragraph > 0
        await pilot.press("left_curly_bracket")
        assert reader.cursor == 0
        await pilot.press("right_square_bracket")
        assert reader.cursor_offset == sentences[10].start
        await pilot.press("right_square_bracket")
        assert reader.cursor_offset == sentences[20].start
        await pilot.press("left_square_bracket")
        assert reader.cursor_offset == sentences[10].start
        await pilot.press("G")
        assert reader.cursor == len(reader.units) - 1
        assert reader.scroll_offset.y > 0
        await pilot.press("g")
        assert reader.cursor == 0 and reader.scroll_offset.y == 0
        await pilot.press("space")
        assert reader.scroll_offset.y > 0 and reader.cursor > 0
        await pilot.press("pageup")
        assert reader.scroll_offset.y == 0
        await pilot.press("k")  # at the top: stays
        assert reader.cursor == 0


async def test_orphaned_highlights_are_listed_apart(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    path = "002_1cf731f5e7a28a3f.txt"
    text = loaded_store.article(path).text
    victim = loaded_store.article(path).sentences[6]
    quote = text[victim.start : victim.end]
    loaded_store.add_highlight(path, victim.start, victim.end, tags=["gone"])
    file = corpus_dir / path
    file.write_text(file.read_text(encoding="utf-8").replace(quote, "Rewritten."), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the start-up refresh re-anchors: the passage is gone
        await open_article(app, pilot, path)
        from textual.widgets import OptionList

        from gpreader.tui.widgets.annotations import AnnotationsPanel

        panel = app.main.query_one(AnnotationsPanel)
        assert panel.display

        def prompts() -> list[str]:
            return [str(o.prompt) for o in panel.query_one(OptionList).options]

        for _ in range(50):  # the panel is filled from messages: wait (at most 5 s) for it
            if any("Orphaned (1)" in p for p in prompts()):
                break
            await pilot.pause(0.1)
        assert any("Orphaned (1)" in p for p in prompts()), prompts()
        assert any(quote[:30] in p.replace("\n", " ") for p in prompts())
        assert any("orphaned" in n.message for n in app._notifications)


async def test_a_poisoned_database_cannot_write_escapes_or_markup(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "000_457775139af1eb7c.txt"
    evil = "\x1b]0;pwned\x07\x1b[2J [bold]x[/"
    db = loaded_store.db
    db.execute("UPDATE articles SET title = ? WHERE path = ?", [evil, path])
    text = loaded_store.article(path).text
    db.execute("UPDATE articles SET text = ? WHERE path = ?", [evil + text[len(evil) :], path])
    db.execute("INSERT INTO tags (path, color) VALUES (?, ?)", ["[red]tag[/", "#FF0000"])
    db.conn.commit()
    loaded_store.add_highlight(path, 0, 20, tags=["[red]tag[/"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, path)
        await pilot.press("t", "escape", "T", "escape")
        await pilot.pause()
        drawn = [
            seg.text
            for widget in (reader, app.main.library.table)
            for y in range(widget.size.height)
            for seg in widget.render_line(y)
        ]
        assert drawn and not any("\x1b" in t or "\x07" in t for t in drawn)
        assert app.is_running


async def test_enter_in_the_annotations_panel_moves_the_cursor_there(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    path = "003_24c3c5c25ddb21cc.txt"
    sentences = loaded_store.article(path).sentences
    loaded_store.add_highlight(path, sentences[5].start, sentences[5].end, tags=["a"])
    loaded_store.add_highlight(path, sentences[30].start, sentences[30].end, tags=["b"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, path)
        await pilot.press("tab")  # library -> reader -> annotations: from the reader, one tab
        from textual.widgets import OptionList

        assert isinstance(app.screen.focused, OptionList)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.focused is reader
        assert reader.cursor_offset == sentences[30].start


async def test_hiding_a_panel_and_showing_it_again_reuses_the_layout(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, "003_24c3c5c25ddb21cc.txt")
        await pilot.press("j", "j", "j")
        cursor, first = reader.cursor, reader.text_layout
        assert first is not None
        await pilot.press("L")
        await pilot.pause()
        assert reader.text_layout is not None and reader.text_layout.width != first.width
        await pilot.press("L")
        await pilot.pause()
        assert reader.text_layout is first and reader.cursor == cursor
        other = await open_article(app, pilot, "004_b8ee73ebef15a597.txt")
        assert other is reader and reader.article is not None and reader.text_layout is not None
        assert reader.text_layout is not first and reader.text_layout.text == reader.article.text
