"""The saved workbench layout, read defensively: a bad value is dropped, never fatal.

The layout lives in the database's `state` table as JSON, where a crash, another version or a
hand edit may leave anything. `parse` keeps what is well formed and says whether anything was
not, so the workbench can report it and save a good layout over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SORT_KEYS = ("title", "date", "words", "comments", "highlights", "path")
LAYOUT_KEY = "tui.layout"  # the state key the layout is saved under
MAX_COLUMNS = 4  # reading columns side by side
MAX_OFFSET = 2**31  # no article is longer (files are capped at 16 MB)


@dataclass(frozen=True)
class Column:
    path: str
    offset: int = 0


@dataclass(frozen=True)
class LayoutState:
    sort: str | None = None
    descending: bool = False
    library: bool | None = None
    annotations: bool | None = None
    legend: bool = True  # the quick-tag legend shown while coding
    columns: tuple[Column, ...] = ()
    active: int = 0
    problems: list[str] = field(default_factory=list, compare=False)


def parse(value: Any, max_columns: int) -> LayoutState:
    """A LayoutState from whatever was stored; `problems` names what was dropped."""
    if value is None:
        return LayoutState()
    if not isinstance(value, dict):
        return LayoutState(problems=[f"not a layout ({type(value).__name__})"])
    problems: list[str] = []
    sort = value.get("sort")
    if sort is not None and sort not in SORT_KEYS:
        problems.append("sort")
        sort = None
    columns: list[Column] = []
    entries = value.get("columns", [])
    if not isinstance(entries, list):
        problems.append("columns")
        entries = []
    for entry in entries[:max_columns]:
        path = entry.get("path") if isinstance(entry, dict) else None
        offset = _whole(entry.get("offset", 0)) if isinstance(entry, dict) else None
        if not isinstance(path, str) or offset is None:
            problems.append("a column")
            continue
        columns.append(Column(path, min(max(offset, 0), MAX_OFFSET)))
    active = _whole(value.get("active", 0))
    if active is None:
        problems.append("active column")
        active = 0
    return LayoutState(
        sort=sort,
        descending=_flag(value.get("descending"), problems, "descending") or False,
        library=_flag(value.get("library"), problems, "library"),
        annotations=_flag(value.get("annotations"), problems, "annotations"),
        legend=_flag(value.get("legend"), problems, "legend") is not False,
        columns=tuple(columns),
        active=min(max(active, 0), max(len(columns) - 1, 0)),
        problems=problems,
    )


def _whole(value: Any) -> int | None:
    """An int from a JSON number that is one (not a bool, not inf or NaN), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _flag(value: Any, problems: list[str], name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    problems.append(name)
    return None
