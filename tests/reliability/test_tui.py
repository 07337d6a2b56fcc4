"""The workbench (Pilot): odd sizes, wide and right-to-left text, a busy or full database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import TextArea

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.screens.too_small import TooSmallScreen
from gpreader.tui.widgets.reader import GUTTER, Reader

from .support import ARTICLE, holding


def _app(store: AnnotationStore, root: Path, tmp_path: Path) -> GPReaderApp:
    return GPReaderApp(store, root, config=Config(path=tmp_path / "none.toml"))


async def _settle(app: GPReaderApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _open(app: GPReaderApp, pilot: Any, path: str) -> Reader:
    app.open_at(path, 0)
    await pilot.pause()
    reader = app.screen.focused
    assert isinstance(reader, Reader), reader
    return reader


async def _to_body(pilot: Any, reader: Reader) -> None:
    assert reader.article is not None
    for _ in range(50):
        if reader.article.section_at(reader.cursor_offset) == "body":
            return
        await pilot.press("j")
    raise AssertionError("no body sentence")


def _errors(app: GPReaderApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


# -- sizes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(20, 5), (80, 24), (300, 100)])
async def test_any_size_works_or_says_it_is_too_small(
    size: tuple[int, int], loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    app = _app(loaded_store, corpus_dir, tmp_path)
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        app.open_at(ARTICLE, 0)
        await pilot.pause()
        await pilot.press("j", "j", "v", "shift+right", "escape", "tab", "j", "question_mark")
        await pilot.press("escape")
        await pilot.pause()
        small = size[0] < 60 or size[1] < 15
        assert isinstance(app.screen, TooSmallScreen) == small
        if small:
            assert "too small" in str(app.screen.query_one("#too-small").content)
        assert app.is_running


async def test_resizing_while_running_never_raises(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    app = _app(loaded_store, corpus_dir, tmp_path)
    sizes = [(300, 100), (20, 5), (80, 24), (1, 1), (59, 14), (60, 15), (200, 8), (120, 36)]
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        reader = await _open(app, pilot, ARTICLE)
        await _to_body(pilot, reader)
        await pilot.press("v", "j")
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.press("j", "shift+right")
            await pilot.pause()
            small = width < 60 or height < 15
            assert isinstance(app.screen, TooSmallScreen) == small, (width, height)
        await pilot.press("h")  # the selection survived every resize and still codes
        await pilot.pause()
        assert app.is_running
    assert len(loaded_store.highlights(ARTICLE)) == 1


# -- wide, combining and right-to-left text -----------------------------------------------------

MIXED = (
    "Emoji 👍🏽 and 👨‍👩‍👧 with cafe\u0301, Arabic مرحبا بالعالم, Hebrew שלום עולם, CJK 中文 "
    "日本 text and more words after it.\n\n"
    "日本 は 👍🏽 e\u0301 مرحبا and שלום here. Last sentence."
)


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[AnnotationStore, Path]:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "mixed.txt").write_text(f"Mixed scripts\n\n{MIXED}\n", encoding="utf-8")
    store = AnnotationStore(tmp_path / "mixed.db", coder="tester")
    library.refresh(store, folder)
    yield store, folder
    store.close()


async def test_selecting_nihon_by_keys_stores_exactly_it(mixed, tmp_path: Path) -> None:
    store, folder = mixed
    app = _app(store, folder, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        reader = await _open(app, pilot, "mixed.txt")
        assert reader.article is not None
        text = reader.article.text
        start = text.rindex("日本")
        for _ in range(200):  # down to the paragraph that begins with 日本
            if reader.cursor_offset == start:
                break
            assert reader.cursor_offset < start
            await pilot.press("j")
        assert reader.cursor_offset == start, f"200 presses of j stopped at {reader.cursor_offset}"
        await pilot.press("v")
        for _ in range(20):
            if reader.selected and text[slice(*reader.selected)] == "日本":
                break
            await pilot.press("shift+left")
        assert reader.selected == (start, start + 2)
        await pilot.press("h")
        await pilot.pause()
    [h] = store.highlights("mixed.txt")
    assert h.exact == "日本" and (h.start, h.end) == (start, start + 2)
    assert store.article("mixed.txt").text[h.start : h.end] == "日本"


async def test_selecting_nihon_with_the_mouse_stores_exactly_it(mixed, tmp_path: Path) -> None:
    """The cell of each character is counted independently (Rich cell widths: CJK and emoji
    two cells, combining marks none), so a drag over 日本 proves cells map to offsets."""
    store, folder = mixed
    app = _app(store, folder, tmp_path)
    async with app.run_test(size=(200, 36)) as pilot:
        await _settle(app, pilot)
        reader = await _open(app, pilot, "mixed.txt")
        assert reader.article is not None and reader.text_layout is not None
        text = reader.article.text
        start = text.index("日本")
        y = reader.text_layout.line_of(start)
        line = reader.text_layout.lines[y]
        assert line.start <= start and start + 2 <= line.end  # 日本 on one line, after the rest
        assert any(ch in text[line.start : start] for ch in "👍מ中\u0301")
        x0 = GUTTER + cell_len(text[line.start : start])
        x1 = x0 + cell_len("日本")
        await pilot.mouse_down(reader, offset=(x0, y))
        await pilot.hover(reader, offset=(x1, y))
        await pilot.mouse_up(reader, offset=(x1, y))
        assert reader.selected == (start, start + 2), text[slice(*(reader.selected or (0, 0)))]
        await pilot.press("h")
        await pilot.pause()
    [h] = store.highlights("mixed.txt")
    assert h.exact == "日本" and (h.start, h.end) == (start, start + 2)


# -- a busy or full database ---------------------------------------------------------------------


async def _note_dialog(app: GPReaderApp, pilot: Any, text: str) -> NoteDialog:
    await pilot.press("m")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, NoteDialog)
    dialog.query_one(TextArea).text = text  # as if typed or pasted
    return dialog


async def test_busy_database_keeps_the_note_in_the_dialog(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    impatient = AnnotationStore(loaded_store.path, coder="tester", busy_timeout=0.3)
    app = _app(impatient, corpus_dir, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        reader = await _open(app, pilot, ARTICLE)
        await _to_body(pilot, reader)
        dialog = await _note_dialog(app, pilot, "months of thinking")
        with holding(impatient.path, tmp_path, "stdin"):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is dialog and dialog.text == "months of thinking"
            assert any("busy" in m for m in _errors(app)), _errors(app)
            assert app.is_running
        await pilot.press("ctrl+s")  # the lock is gone: the same text saves
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
    impatient.close()
    [h] = loaded_store.highlights(ARTICLE)
    assert h.note == "months of thinking"


async def test_full_database_is_an_error_the_app_survives(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    kept = loaded_store.add_highlight(ARTICLE, 0, 20, tags=["earlier"], note="saved before")
    app = _app(loaded_store, corpus_dir, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        reader = await _open(app, pilot, ARTICLE)
        await _to_body(pilot, reader)
        conn = loaded_store.db.conn
        cap = conn.execute("PRAGMA max_page_count").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = "a note longer than the space left " * 3000
        dialog = await _note_dialog(app, pilot, big)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and dialog.text == big
        assert any("full" in m for m in _errors(app)), _errors(app)
        await pilot.press("escape", "escape")  # discard; keep working
        await pilot.press("j", "h")  # a small highlight still fits
        await pilot.pause()
        assert app.is_running
        assert loaded_store.highlight(kept.id).note == "saved before"
        conn.execute(f"PRAGMA max_page_count = {cap}")
        await _note_dialog(app, pilot, big)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
    notes = {h.note for h in loaded_store.highlights(ARTICLE)}
    assert {"saved before", big.strip()} <= notes
    assert loaded_store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
