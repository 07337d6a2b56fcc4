"""Analysis without the cyclic garbage collector running in the middle of it.

Loading and counting 100,000 highlights makes several hundred thousand tuples and lists,
none of them in a reference cycle; each allocation batch set the collector walking every
young object again, a quarter of the time of a count. Reference counting still frees
everything; the collector is only paused for the call (it is process-wide: another thread
allocating meanwhile simply waits for the next collection).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """`func` with the cyclic collector paused while it runs (unless already paused)."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return run
