"""Many tags created or updated in one transaction, in time linear in their number.

`AnnotationStore.ensure_tag` reads every tag's colour to pick the next one and
`update_tag` lists every tag to find one, so a codebook of n codes imported through them
costs O(n²) while holding the write lock; here each tag costs O(1) after one read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from gpreader import codebook as tagging
from gpreader.store.annotations import AnnotationStore
from gpreader.text import clean_typed


@dataclass
class TagMerge:
    """What `merge_tags` did: paths added (ancestors included), updated and left as they were."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def merge_tags(
    store: AnnotationStore, wanted: Iterable[tuple[str, str | None, str | None]]
) -> TagMerge:
    """Create each (path, colour, description) that is new, missing ancestors included, and
    set the given colour and description on those that exist; None leaves a value as it is.

    New tags without a colour get the palette colour used least so far, as `ensure_tag`
    does. One BEGIN IMMEDIATE transaction: all of it is saved, or none. Paths must be
    normalised already (`codebook.normalize`): doing it here again would cost O(depth) per
    ancestor, quadratic for codes nested thousands deep.
    """
    with store.action() as conn:
        rows = conn.execute("SELECT path, color, description FROM tags").fetchall()
        current = {path: [color or "", description or ""] for path, color, description in rows}
        before = set(current)
        counts = Counter(color.upper() for color, _ in current.values())
        created: dict[str, list[str]] = {}
        changed: dict[str, list[str]] = {}
        seen: dict[str, None] = {}

        def create(path: str, color: str | None, description: str | None) -> None:
            colour = color or _least_used(counts)
            counts[colour.upper()] += 1
            current[path] = created[path] = [colour, description or ""]

        for path, raw_color, raw_description in wanted:
            color = tagging.normalize_color(raw_color) if raw_color else None
            description = None if raw_description is None else clean_typed(raw_description)
            for ancestor in _missing_ancestors(path, current):
                create(ancestor, None, None)
            if path not in current:
                create(path, color, description)
                continue
            values = current[path]
            if color and color != values[0]:
                counts[values[0].upper()] -= 1
                counts[color.upper()] += 1
                values[0] = color
                changed[path] = values
            if description is not None and description != values[1]:
                values[1] = description
                changed[path] = values
            if path in before:
                seen[path] = None
        conn.executemany(
            "INSERT INTO tags (path, color, description) VALUES (?, ?, ?)",
            [(path, color, description) for path, (color, description) in created.items()],
        )
        conn.executemany(
            "UPDATE tags SET color = ?, description = ? WHERE path = ?",
            [(c, d, path) for path, (c, d) in changed.items() if path in before],
        )
    return TagMerge(
        added=sorted(created),
        updated=[p for p in seen if p in changed],
        unchanged=[p for p in seen if p not in changed],
    )


def _missing_ancestors(path: str, existing: dict[str, list[str]]) -> list[str]:
    """Ancestors of `path` not in `existing`, shallowest first. Walks up from the parent and
    stops at the first one that exists, so a child of an existing tag costs one lookup."""
    missing = []
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        if path in existing:
            break
        missing.append(path)
    return missing[::-1]


def _least_used(counts: Counter[str]) -> str:
    """The palette colour used least so far (first one on ties): `codebook.next_color`'s
    choice, from running counts instead of every tag's colour."""
    palette = tagging.PALETTE
    _, first = min(zip(map(counts.__getitem__, palette), range(len(palette)), strict=True))
    return palette[first]
