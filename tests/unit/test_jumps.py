"""The jump list and the per-article position memory (no Textual)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gpreader.jumps import JumpList, Position, PositionMemory

A, B, C, D = (Position("a.txt", 10), Position("b.txt", 20), Position("c.txt", 30), Position("d", 0))


def test_back_and_forward_across_articles() -> None:
    jumps = JumpList()
    jumps.record(A)  # jumped from A to B
    jumps.record(B)  # from B to C
    assert jumps.back(C) == B
    assert jumps.back(B) == A
    assert jumps.back(A) is None  # the oldest
    assert jumps.forward(A) == B
    assert jumps.forward(B) == C  # back where the first ctrl+o started
    assert jumps.forward(C) is None


def test_back_remembers_where_you_moved_to() -> None:
    jumps = JumpList()
    jumps.record(A)
    assert jumps.back(B) == A
    moved = Position("a.txt", 99)
    assert jumps.forward(moved) == B
    assert jumps.back(B) == moved  # the entry follows the cursor's last place there


def test_a_new_jump_drops_the_ones_ahead() -> None:
    jumps = JumpList()
    jumps.record(A)
    jumps.record(B)
    assert jumps.back(C) == B
    jumps.record(B)  # jumped elsewhere from B: C is no longer ahead
    assert jumps.forward(D) is None
    assert jumps.back(D) == B
    assert jumps.back(B) == A


def test_the_same_place_is_kept_once() -> None:
    jumps = JumpList()
    for _ in range(5):
        jumps.record(A)
        jumps.record(B)
    assert jumps.entries == [A, B]


def test_bounded() -> None:
    jumps = JumpList(kept=3)
    for n in range(10):
        jumps.record(Position("x", n))
    assert [p.offset for p in jumps.entries] == [7, 8, 9]
    assert JumpList(kept=3).back(A) is None
    with pytest.raises(ValueError):
        JumpList(kept=1)


positions = st.builds(Position, st.sampled_from(["a", "b", "c"]), st.integers(0, 5))
steps = st.lists(st.tuples(st.sampled_from(["record", "back", "forward"]), positions), max_size=40)


@given(steps, st.integers(2, 6))
def test_never_grows_past_its_bound_and_returns_only_recorded_places(
    ops: list[tuple[str, Position]], kept: int
) -> None:
    jumps = JumpList(kept=kept)
    seen: set[Position] = set()
    for op, here in ops:
        seen.add(here)
        if op == "record":
            jumps.record(here)
        else:
            got = jumps.back(here) if op == "back" else jumps.forward(here)
            assert got is None or got in seen
        assert len(jumps) <= kept
        assert 0 <= jumps.index <= len(jumps)


def test_position_memory_keeps_the_most_recent() -> None:
    memory = PositionMemory(kept=2)
    memory.remember("a", 1)
    memory.remember("b", 2)
    memory.remember("a", 3)
    memory.remember("c", 4)  # b is the least recent: forgotten
    assert (memory.recall("a"), memory.recall("b"), memory.recall("c")) == (3, None, 4)
    memory.forget("a")
    assert memory.recall("a") is None


def test_nothing_shown_is_not_a_place_to_come_back_to() -> None:
    jumps = JumpList()
    jumps.record(A)
    jumps.record(B)
    assert jumps.back(None) == B  # the newest entry is where to go: no column shows anything
    assert jumps.back(None) == A
    assert jumps.forward(None) == B
    assert jumps.forward(None) is None
    assert jumps.entries == [A, B]
