"""Bulk work without the cyclic garbage collector running in the middle of it.

Loading and counting 100,000 highlights (analysis) or streaming them out (export) makes
several hundred thousand tuples and lists, none of them in a reference cycle; each
allocation batch set the collector walking every young object again, a quarter to a third
of the time. Reference counting still frees everything; the collector is only paused for
the call (it is process-wide: another thread allocating meanwhile simply waits for the next
collection).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector paused inside the block (left paused if it already was)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """`func` with the cyclic collector paused while it runs."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return func(*args, **kwargs)

    return run
