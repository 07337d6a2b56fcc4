"""The idle collector: the cycle collector runs between keys, not inside them."""

from __future__ import annotations

import gc
import sys
import time
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from gpreader.tui import memory


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


class _App:
    def __init__(self) -> None:
        self.timers: list[tuple[float, Any]] = []
        self.workers: list[Any] = []
        self.is_running = True

    def set_interval(self, seconds: float, callback: Any, name: str = "") -> None:
        self.timers.append((seconds, callback))


@pytest.fixture(autouse=True)
def _thresholds() -> Iterator[None]:
    kept = gc.get_threshold()
    yield
    gc.set_threshold(*kept)


def _garbage(n: int) -> weakref.ref[_Node]:
    nodes = [_Node() for _ in range(n)]
    return weakref.ref(nodes[0])


def _idle(collector: memory.IdleCollector) -> None:
    now = time.monotonic()
    collector.last_key, collector.last_tick = now - 2 * memory.IDLE, now - memory.TICK / 2


def test_the_first_key_starts_one_timer_and_raises_the_automatic_threshold() -> None:
    app, collector = _App(), memory.IdleCollector()
    collector.key(app)
    collector.key(app)
    assert [seconds for seconds, _ in app.timers] == [memory.TICK]
    assert gc.get_threshold()[0] == memory.ALLOCATED_CAP
    try:
        memory.settle()  # an article loaded later keeps the raised threshold
        assert gc.get_threshold()[0] == memory.ALLOCATED_CAP
        app.is_running = False
        memory.settle()  # once the app has ended, the usual threshold again
        assert gc.get_threshold()[0] == memory.THRESHOLDS[0]
    finally:
        gc.unfreeze()


def test_a_tick_while_idle_frees_the_cycles_left_behind() -> None:
    collector = memory.IdleCollector()
    gc.disable()
    try:
        ref = _garbage(memory.YOUNG * 2)
        _idle(collector)
        assert collector.tick() == 1
    finally:
        gc.enable()
    assert ref() is None


def test_no_collection_just_after_a_key_or_when_the_tick_came_late() -> None:
    collector = memory.IdleCollector()
    gc.disable()
    try:
        ref = _garbage(memory.YOUNG * 2)
        _idle(collector)
        collector.last_key = time.monotonic()
        assert collector.tick() is None
        _idle(collector)
        collector.last_tick = time.monotonic() - 3 * memory.TICK  # the UI thread was busy
        assert collector.tick() is None
        assert ref() is not None
    finally:
        gc.enable()


def test_every_so_often_the_idle_collection_is_a_full_one() -> None:
    collector = memory.IdleCollector()
    collector.young_runs = memory.FULL_EVERY
    gc.disable()
    try:
        _garbage(memory.YOUNG * 2)
        _idle(collector)
        assert collector.tick() == 2
        assert collector.young_runs == 0
    finally:
        gc.enable()


class _Worker:
    is_running = True


def test_no_collection_while_a_worker_runs() -> None:
    app, collector = _App(), memory.IdleCollector()
    app.workers = [_Worker()]
    collector.key(app)
    gc.disable()
    try:
        ref = _garbage(memory.YOUNG * 2)
        _idle(collector)
        assert collector.tick() is None
        app.workers = []
        _idle(collector)
        assert collector.tick() == 1
    finally:
        gc.enable()
    assert ref() is None


def test_a_strip_divided_whole_keeps_no_reference_to_itself() -> None:
    from rich.segment import Segment
    from textual.strip import Strip

    memory.acyclic_strips()
    memory.acyclic_strips()  # once is enough: a second call does not wrap again
    assert not getattr(getattr(Strip.divide, "textual", None), "acyclic", False)
    strip = Strip([Segment("wo"), Segment("rd")])
    before = sys.getrefcount(strip)
    for cuts in ([4], [4, 9]):  # cuts past the end are dropped, as Textual does
        parts = strip.divide(cuts)
        assert parts == [strip] and parts[0] is strip
        del parts
    assert sys.getrefcount(strip) == before  # Textual's cache would hold [strip]: a cycle
    assert [part.text for part in strip.divide([1, 4])] == ["w", "ord"]
    assert [part.text for part in strip.divide([2, 4])] == ["wo", "rd"]
