"""The cycle collector runs at rest, not under input (tui/idle_gc.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gpreader.tui import idle_gc, memory
from gpreader.tui.idle_gc import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def allocate_cycles(count: int) -> None:
    for _ in range(count):
        a: list[object] = []
        a.append(a)  # a cycle only the collector frees


def test_under_input_it_waits_and_at_rest_it_collects_the_young(thresholds: None) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    gc.collect()
    allocate_cycles(idle_gc.ALLOCATED * 2)
    collector.input_seen()
    clock.now += idle_gc.QUIET / 2
    collector.tick()
    assert collector.collections == 0  # a key came just now
    clock.now += idle_gc.QUIET
    collector.tick()
    assert (collector.collections, collector.full_collections) == (1, 0)
    young, middle, _ = gc.get_count()
    assert middle == 0 and young < idle_gc.ALLOCATED  # the young generations were emptied


def test_nothing_allocated_nothing_collected(thresholds: None) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    gc.collect()
    clock.now += idle_gc.QUIET * 1.5
    collector.tick()
    assert collector.collections == 0


def test_a_full_collection_at_rest_at_most_every_so_often(thresholds: None) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    clock.now += idle_gc.FULL_EVERY - 1
    collector.tick()
    assert collector.full_collections == 0
    clock.now += 2
    collector.tick()
    assert collector.full_collections == 1
    clock.now += idle_gc.TICK
    collector.tick()
    assert collector.full_collections == 1


def test_endless_input_still_collects_once_overdue(thresholds: None) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    allocate_cycles(idle_gc.ALLOCATED * 2)
    for _ in range(int(idle_gc.OVERDUE / idle_gc.TICK) - 1):
        clock.now += idle_gc.TICK
        collector.input_seen()
        collector.tick()
    assert collector.collections == 0
    clock.now += 2 * idle_gc.TICK
    collector.input_seen()
    collector.tick()
    assert collector.full_collections == 1


def test_settled_thresholds_start_no_full_collection_of_their_own(thresholds: None) -> None:
    gc.set_threshold(*memory.THRESHOLDS)
    assert gc.get_threshold()[2] >= 1_000_000  # idle_gc makes the full collections
