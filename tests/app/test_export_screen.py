"""The export dialog, driven with Pilot on a minimal host app (not the main workbench)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from textual.app import App
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from gpreader.store import AnnotationStore
from gpreader.tui.screens.export import ExportScreen

ARTICLE = "003_24c3c5c25ddb21cc.txt"
UNSET = object()


class Host(App[None]):
    """Pushes the export screen at start and keeps what it dismisses with."""

    def __init__(self, db_path: Path, root: Path) -> None:
        super().__init__()
        self.db_path, self.root = db_path, root
        self.result: object = UNSET

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(self.db_path, self.root), self._done)

    def _done(self, result: Path | None) -> None:
        self.result = result


def _coded(store: AnnotationStore) -> list[str]:
    ids = [
        store.add_highlight(ARTICLE, 300, 340, tags=["policy/contract", "tone"], note='a, "b"').id,
        store.add_highlight(ARTICLE, 500, 530, tags=["tone"], note="=1+1").id,
        store.add_highlight("000_457775139af1eb7c.txt", 400, 420).id,
    ]
    return ids


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


async def _export(app: Host, pilot, **fields: str) -> None:
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    for widget_id, value in fields.items():
        screen.query_one(f"#{widget_id}", Input).value = value
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_export_screen_writes_a_csv(loaded_store, corpus_dir: Path, db_path, tmp_path):
    ids = _coded(loaded_store)
    out = tmp_path / "out.csv"
    app = Host(db_path, corpus_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        screen.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        await _export(app, pilot, **{"export-path": str(out)})
    assert app.result == out
    rows = _rows(out)
    assert [r["highlight_id"] for r in rows] == sorted(
        [ids[2], ids[0], ids[0], ids[1]], key=[ids[2], ids[0], ids[1]].index
    )
    assert {r["note"] for r in rows} == {'a, "b"', "'=1+1", ""}


async def test_export_screen_filters_and_csv_switches(loaded_store, corpus_dir, db_path, tmp_path):
    _coded(loaded_store)
    out = tmp_path / "tone.csv"
    app = Host(db_path, corpus_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        app.screen.query_one("#excel", Checkbox).value = True
        app.screen.query_one("#one-row", Checkbox).value = True
        await _export(
            app, pilot, **{"export-path": str(out), "export-tag": "tone", "export-article": "Major"}
        )
    assert app.result == out
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\r\n" not in data
    assert [r["tag"] for r in _rows(out)] == ["tone", "tone"]


async def test_refusal_keeps_the_dialog_open(loaded_store, corpus_dir, db_path, tmp_path):
    _coded(loaded_store)
    existing = tmp_path / "exists.csv"
    existing.write_text("keep me")
    app = Host(db_path, corpus_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        for target, message in (
            (str(db_path), "database"),
            (str(corpus_dir / "x.csv"), "articles folder"),
            (str(existing), "--force"),
        ):
            await _export(app, pilot, **{"export-path": target})
            assert isinstance(app.screen, ExportScreen)
            shown = str(app.screen.query_one("#export-message", Static).content)
            assert "Not exported" in shown and message in shown
        await _export(app, pilot, **{"export-path": str(existing), "export-since": "soon"})
        assert "not a date" in str(app.screen.query_one("#export-message", Static).content)
        app.screen.query_one("#force", Checkbox).value = True
        await _export(app, pilot, **{"export-since": ""})
    assert app.result == existing and existing.read_text().startswith("highlight_id")


async def test_format_choice_changes_the_default_file_name(
    loaded_store, corpus_dir, db_path, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    _coded(loaded_store)
    seen: list[tuple[int, int]] = []
    shown = ExportScreen._progress

    def progress(self: ExportScreen, done: int, total: int) -> None:
        seen.append((done, total))
        shown(self, done, total)
        assert self.query_one("#export-progress", ProgressBar).progress == done

    monkeypatch.setattr(ExportScreen, "_progress", progress)
    app = Host(db_path, corpus_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        screen.query_one("#export-format", Select).value = "qdpx"
        await pilot.pause()
        path = screen.query_one("#export-path", Input).value
        assert path.startswith("gpreader-export-") and path.endswith(".qdpx")
        assert screen.query_one("#excel", Checkbox).disabled
        await _export(app, pilot)
    assert app.result == Path(path) and (tmp_path / path).is_file()
    assert seen and seen[-1] == (3, 3)


async def test_escape_cancels(loaded_store, corpus_dir, db_path):
    app = Host(db_path, corpus_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_every_binding_has_a_description_and_an_id() -> None:
    for binding in ExportScreen.BINDINGS:
        assert binding.description and binding.id  # type: ignore[union-attr]
