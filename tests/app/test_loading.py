"""A big article is read, prepared and re-wrapped in thread workers: the column says "Loading…",
keys pressed meanwhile wait and then act on that article (never on the one shown before), and
closing the column or a failed read leaves nothing behind."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gpreader.corpus import sync
from gpreader.errors import NotFoundError
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.widgets import reader_loading as reader_module
from gpreader.tui.widgets.prepared import SYNC_CHARS
from gpreader.tui.widgets.reader import Reader
from tests.app.conftest import SIZE, open_article, reader_of, settle

BIG = "big.txt"
SMALL = "001_cf2217d43cbec0e3.txt"


@pytest.fixture
def big_store(store: AnnotationStore, corpus_dir: Path) -> AnnotationStore:
    """The sample corpus plus an article of over SYNC_CHARS characters (made of many copies of
    one sample's paragraphs, so it has sentences, paragraphs and a title)."""
    body = (corpus_dir / SMALL).read_text("utf-8")
    copies = 3 * SYNC_CHARS // len(body)
    (corpus_dir / BIG).write_text("A very long article\n\n" + "\n\n".join([body] * copies), "utf-8")
    sync.refresh(store, corpus_dir)
    assert len(store.article(BIG).text) > SYNC_CHARS
    return store


class Gate:
    """Holds a function called in a worker until `open()`, to press keys while it waits."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.event, self.calls = fn, threading.Event(), 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        assert self.event.wait(20), "the test never opened the gate"
        return self.fn(*args)

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def gated_prepare(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate(reader_module.prepare)
    monkeypatch.setattr(reader_module, "prepare", gate)
    yield gate
    gate.open()


def make(store: AnnotationStore, corpus_dir: Path, tmp_path: Path) -> GPReaderApp:
    return GPReaderApp(store, corpus_dir, config=Config(path=tmp_path / "none.toml"))


async def until_loaded(app: GPReaderApp, pilot: Any, reader: Reader) -> None:
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        done = all(worker.is_finished for worker in app.workers)  # the kept keys replayed too
        if done and reader.pending is None and reader.text_layout is not None:
            return
    raise AssertionError("the article never finished loading")


async def test_keys_pressed_while_loading_act_on_the_new_article(
    big_store: AnnotationStore, corpus_dir: Path, tmp_path: Path, gated_prepare: Gate
) -> None:
    app = make(big_store, corpus_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, SMALL)  # small: shown at once
        assert reader.article is not None and reader.path == SMALL
        app.open_at(BIG, 0)  # big: in a worker, held by the gate
        await pilot.pause()
        assert reader.pending is not None and reader.article is None
        assert reader.path == BIG  # what the layout would save
        header = app.main.active.query_one(".column-header")  # type: ignore[union-attr]
        assert "Loading" in str(header.render())
        await pilot.press("j", "j", "h")  # two sentences down, then highlight
        await pilot.pause()
        assert big_store.highlights(SMALL) == [] and big_store.highlights(BIG) == []
        gated_prepare.open()
        await until_loaded(app, pilot, reader)
        for _ in range(100):  # the kept keys are pressed again a few hundredths of a second apart
            if big_store.highlights(BIG):
                break
            await pilot.pause(0.05)
        assert reader.path == BIG and reader.cursor == 2
        start, end = reader.units[2]
    [made] = big_store.highlights(BIG)
    assert start <= made.start < made.end <= end
    assert big_store.highlights(SMALL) == []


async def test_typing_into_a_dialog_opened_while_loading(
    big_store: AnnotationStore, corpus_dir: Path, tmp_path: Path, gated_prepare: Gate
) -> None:
    app = make(big_store, corpus_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_at(BIG, 0)
        await pilot.pause()
        reader = reader_of(app)
        await pilot.press("t", *"longread", "enter")  # tag the first unit, typed blind
        await pilot.pause()
        assert reader.pending is not None
        gated_prepare.open()
        await until_loaded(app, pilot, reader)
        first = reader.units[0]
        for _ in range(100):  # the kept keys are pressed again a few hundredths of a second apart
            if big_store.highlights(BIG):
                break
            await pilot.pause(0.05)
    [made] = big_store.highlights(BIG)
    assert made.tags == ("longread",)
    assert first[0] <= made.start < made.end <= first[1]


async def test_closing_the_column_while_loading(
    big_store: AnnotationStore, corpus_dir: Path, tmp_path: Path, gated_prepare: Gate
) -> None:
    app = make(big_store, corpus_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_at(BIG, 0)
        await pilot.pause()
        reader = reader_of(app)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert app.main.columns == [] and reader.pending is None
        gated_prepare.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.article is None and app.main.columns == []


async def test_a_failed_read_is_reported_and_the_column_closed(
    big_store: AnnotationStore, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(*args: Any) -> Any:
        raise NotFoundError("no article 'big.txt'")

    monkeypatch.setattr(reader_module, "prepare", missing)
    app = make(big_store, corpus_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_at(BIG, 0)
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.main.columns == []
        assert any("could not be opened" in n.message for n in app._notifications)


async def test_a_new_width_is_wrapped_in_a_worker_keeping_the_cursor(
    big_store: AnnotationStore, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make(big_store, corpus_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        sentences = big_store.article(BIG).sentences
        middle = sentences[len(sentences) // 2].start
        app.open_at(BIG, middle)
        await pilot.pause()
        reader = reader_of(app)
        await until_loaded(app, pilot, reader)
        cursor, before = reader.cursor, reader.text_layout
        assert before is not None and reader.cursor_range is not None
        assert reader.cursor_range[0] == middle
        gate = Gate(reader_module.wrap)
        monkeypatch.setattr(reader_module, "wrap", gate)
        await pilot.press("H")  # the annotations panel goes: the column widens
        await pilot.pause()
        assert reader.text_layout is before  # still shown while the new one is made
        gate.open()
        await until_loaded(app, pilot, reader)
        after = reader.text_layout
        assert after is not None and after is not before and after.width > before.width
        assert reader.cursor == cursor
        y = reader.scroll_offset.y
        line = after.line_of(reader.cursor_range[0])
        assert y <= line < y + reader.scrollable_content_region.height  # still in view
        await pilot.press("H")  # back: the layout for that width was kept
        await pilot.pause()
        assert reader.text_layout is before and gate.calls == 1
