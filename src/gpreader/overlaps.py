"""Which highlights an action on "the highlight under the cursor" may mean, and whose they are.

    under(highlights, start, end)  -> every placed highlight intersecting [start, end), best first

Best first: those covering exactly the range, then those containing it (smallest first), then
the others by how much of the range they cover. When there is more than one, the reader is
asked which one (never the first taken silently: overlapping highlights are common).
"""

from __future__ import annotations

from collections.abc import Iterable

from gpreader.models import Highlight


def under(highlights: Iterable[Highlight], start: int, end: int) -> list[Highlight]:
    """The placed (not orphaned) highlights intersecting text[start:end], best match first.
    An empty range (a cursor between characters) counts the highlights around it."""
    live = [h for h in highlights if h.status != "orphaned"]
    if start == end:
        placed = [h for h in live if h.start <= start < h.end]
    else:
        placed = [h for h in live if h.start < end and h.end > start]

    def rank(h: Highlight) -> tuple[int, int, int, str]:
        if h.start == start and h.end == end:
            return (0, 0, h.start, h.created)
        if h.start <= start and h.end >= end:
            return (1, h.end - h.start, h.start, h.created)
        covered = min(h.end, end) - max(h.start, start)
        return (2, -covered, h.start, h.created)

    return sorted(placed, key=rank)


def exact(highlights: Iterable[Highlight], start: int, end: int, coder: str) -> Highlight | None:
    """The highlight covering exactly text[start:end] that a tag should go on: the coder's own
    if there is one, else anyone's (None: there is none)."""
    same = [h for h in highlights if h.status != "orphaned" and (h.start, h.end) == (start, end)]
    own = [h for h in same if h.coder == coder]
    found = own or same
    return found[0] if found else None


def with_tag(highlights: Iterable[Highlight], tag: str) -> list[Highlight]:
    """Those of `highlights` that carry `tag`, in the same order."""
    return [h for h in highlights if tag in h.tags]


def owner(h: Highlight) -> str:
    """Whose highlight it is, for questions ("root's"); "someone" when no coder was stored."""
    return h.coder or "someone"
