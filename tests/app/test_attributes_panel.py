"""The attributes panel (`a`): set and remove attributes of the focused article by keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.widgets.attributes import AttributesPanel
from tests.app.conftest import SIZE, settle, until


def _user_values(store: AnnotationStore, path: str) -> dict[str, str]:
    return {a.key: a.value for a in store.attributes(path) if a.origin == "user"}


async def test_a_sets_and_removes_attributes_of_the_focused_article(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        in_library = app.main.library.current
        await pilot.press("a")  # from the library: its highlighted row
        assert isinstance(app.screen, AttributesPanel) and app.screen.path == in_library
        rows = str(app.screen.query_one("#attributes-rows", Static).content)
        assert "format" in rows and "text" in rows
        await pilot.press(*"stance=critical", "enter", *"pages=3", "enter")
        await pilot.pause()
        assert _user_values(loaded_store, in_library) == {"stance": "critical", "pages": "3"}
        assert "stance" in str(app.screen.query_one("#attributes-rows", Static).content)
        await pilot.press(*"pages=", "enter", *"nonsense", "enter")
        await pilot.pause()
        hint = str(app.screen.query_one("#attributes-hint", Static).content)
        assert "key=value" in hint
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AttributesPanel), "panel closed")
        await pilot.press("k", "enter")  # open the first article in a column
        await pilot.pause()
        opened = app.main.columns[0].path
        assert opened != in_library
        await pilot.press("a")  # from the reader: the column's article
        assert isinstance(app.screen, AttributesPanel) and app.screen.path == opened
        await pilot.press(*"checked=2024-03-01", "enter", "escape")
        await pilot.pause()
    assert _user_values(loaded_store, in_library) == {"stance": "critical"}
    [checked] = [a for a in loaded_store.attributes(opened) if a.key == "checked"]
    assert (checked.kind, checked.value, checked.origin) == ("date", "2024-03-01", "user")


async def test_the_import_notice_counts_formats_and_skips(
    make_app: Callable[..., GPReaderApp], corpus_dir: Path
) -> None:
    (corpus_dir / "rows.csv").write_text("title,text\nOne,Body one.\nTwo,Body two.\n")
    (corpus_dir / "logo.gif").write_bytes(b"GIF89a")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await until(
            pilot,
            lambda: any(n.message.startswith("2 loaded") for n in app._notifications),
            "the import notice",
        )
        shown = [n.message for n in app._notifications]
    notice = next(m for m in shown if m.startswith("2 loaded"))
    assert "formats: csv 2 (2 new or updated), text 5" in notice
    assert "left out: 1 unsupported type" in notice
