"""Snapshots of the main screens at 120x36 and 80x24 (review changed SVGs before accepting:
`pytest tests/snapshots --snapshot-update`, then look at them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config

SIZES = [(120, 36), (80, 24)]
LEFT = "000_457775139af1eb7c.txt"
RIGHT = "003_24c3c5c25ddb21cc.txt"
# A fixed config path: the help screen shows it.
CONFIG = Config(path=Path("/home/reader/.config/gpreader/config.toml"), theme="textual-dark")


@pytest.fixture
def app(loaded_store: AnnotationStore, corpus_dir: Path) -> GPReaderApp:
    """The sample corpus with a few coded passages (overlapping, untagged, with a note)."""
    sentences = loaded_store.article(RIGHT).sentences
    body = [s for s in sentences if s.section == "body"]
    comments = [s for s in sentences if s.section == "comments"]
    loaded_store.add_highlight(RIGHT, body[1].start, body[2].end, tags=["policy/contract"])
    loaded_store.add_highlight(
        RIGHT, body[2].start, body[2].end, tags=["funding"], note="Compare with the 2019 deal."
    )
    loaded_store.add_highlight(RIGHT, body[4].start, body[4].end)
    loaded_store.add_highlight(RIGHT, comments[0].start, comments[0].end, tags=["voice/gp"])
    loaded_store.ensure_tag("workforce")
    loaded_store.update_tag("workforce", quick_key=3)
    return GPReaderApp(loaded_store, corpus_dir, config=CONFIG, poll=False)


def scenario(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """Open two articles side by side, the cursor on a coded passage, then press `keys`."""

    async def run(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, GPReaderApp)
        await app.workers.wait_for_complete()
        await pilot.pause()
        store = app.store
        body = [s for s in store.article(RIGHT).sentences if s.section == "body"]
        app.open_at(LEFT, 0)
        await pilot.pause()
        app.open_at(RIGHT, body[2].start, new_column=True)
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()  # a screen's reads (the tag view's passages)
        await pilot.pause()
        for box in app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_two_columns(
    snap_compare: Any, app: GPReaderApp, size: tuple[int, int]
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=scenario())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tag_picker(snap_compare: Any, app: GPReaderApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=scenario("v", "j", "t", *"pol"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, app: GPReaderApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=scenario("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tag_view(snap_compare: Any, app: GPReaderApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=scenario("T", "down", "down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overlap_chooser(snap_compare: Any, app: GPReaderApp, size: tuple[int, int]) -> None:
    """`x` on a sentence under two highlights asks which one (the exact match first)."""
    assert snap_compare(app, terminal_size=size, run_before=scenario("x"))
