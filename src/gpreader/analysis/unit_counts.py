"""Co-occurrence cells counted with numpy: the units' label sets as bit masks, counted as
matrix products over the distinct ones.

Each coded highlight touches a run of units (`lo` to `hi`, keys: an article's sentences or
paragraphs consecutive, articles at least `distance` + 1 apart; a negative key is a unit of
its own, a highlight touching no span) and carries a set of labels (`sets`, numbered; `masks`
holds each set's labels as bits, in words of 64). One sort of the (unit, highlight) pairs
gives each unit's labels (an OR per unit); the units with the same labels (and, for near:N,
the same labels within N) are counted once with their multiplicity, and the cells are matrix
products of those few rows:

    both[a, b]     = units a and b both touch           = X'X
    together[a, b] = units a touches with b near, or b with a near
                   = X'Y + Y'X - X'X   (Y: the labels within N; X'Y = X'X when N = 0)

numpy is imported on first use (openpyxl, which the tables' export imports, already loads it
when it is installed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Ints = NDArray[np.int64]
    Words = NDArray[np.uint64]


@dataclass(frozen=True)
class Counts:
    """Label x label cells (lists of rows, labels in mask bit order) and every unit counted."""

    together: list[list[int]]
    both: list[list[int]]
    units: int


def masks_of(sets: Sequence[frozenset[int]], width: int) -> Words:
    """Each set of label numbers (bits) as `width` words of 64 bits."""
    import numpy as np

    out = np.zeros((max(len(sets), 1), width), dtype=np.uint64)
    for row, labels in enumerate(sets):
        for label in labels:
            out[row, label // 64] |= np.uint64(1 << (label % 64))
    return out


def passage_keys(
    articles: Sequence[int], starts: Sequence[int], ends: Sequence[int], sets: Sequence[int]
) -> tuple[Ints, Ints, Ints]:
    """Each highlight's passage (highlights joined by overlaps within an article; touching is
    not overlapping) as a key range, with the highlights' sets, for those with a set (>= 0):
    one sort, then a running maximum of the ends. Articles are set apart by adding a multiple
    of a length past every end, so the maximum restarts with each."""
    import numpy as np

    chosen = np.asarray(sets, dtype=np.int64)
    some = chosen >= 0
    art = np.asarray(articles, dtype=np.int64)[some]
    lo = np.asarray(starts, dtype=np.int64)[some]
    hi = np.asarray(ends, dtype=np.int64)[some]
    keys = np.zeros(len(art), dtype=np.int64)
    if not len(art):
        return keys, keys + 1, chosen[some]
    room = int(max(hi.max(), lo.max())) + 1
    if int(art.max() + 1) * room * room < 2**62:  # one int key: a faster sort
        order = np.argsort((art * room + lo) * room + hi)
    else:
        order = np.lexsort((hi, lo, art))
    shift = art[order] * room
    s, e = lo[order] + shift, hi[order] + shift
    reach = np.maximum.accumulate(e)
    opens = np.ones(len(s), dtype=bool)
    opens[1:] = s[1:] >= reach[:-1]  # starts at or past every earlier end: a new passage
    keys[order] = np.cumsum(opens) - 1
    return keys, keys + 1, chosen[some]


def unit_keys(
    articles: Sequence[int], lo: Sequence[int], hi: Sequence[int], gap: int, sets: Sequence[int]
) -> tuple[Ints, Ints, Ints]:
    """The keys of the units each highlight with a set (>= 0) touches (`lo`, `hi`: indices
    of its article's spans; lo >= hi: none), as key ranges, with the highlights' sets: an
    article's keys follow the previous article's last one touched, `gap` + 1 apart; a
    highlight touching none gets a key of its own, never within `gap` of another."""
    import numpy as np

    chosen = np.asarray(sets, dtype=np.int64)
    some = chosen >= 0
    art = np.asarray(articles, dtype=np.int64)[some]
    first = np.asarray(lo, dtype=np.int64)[some]
    last = np.asarray(hi, dtype=np.int64)[some]
    if not len(art):
        return first, last, chosen[some]
    top = np.zeros(int(art.max()) + 1, dtype=np.int64)
    np.maximum.at(top, art, last)
    base = np.concatenate(([0], np.cumsum(top + gap + 1)))
    first, last = base[art] + first, base[art] + last
    alone = first >= last
    at = int(base[-1]) + (gap + 1) * np.arange(1, int(alone.sum()) + 1, dtype=np.int64)
    first[alone] = at
    last[alone] = at + 1
    return first, last, chosen[some]


def count(
    first: Ints, last: Ints, sets: Sequence[int] | Ints, masks: Words, labels: int, near: int
) -> Counts:
    """The cells (`labels` x `labels`) over the units of key ranges `first`..`last` (one per
    highlight, at least one key each) whose highlights carry the label sets numbered `sets`
    (rows of `masks`)."""
    import numpy as np

    size = last - first
    offsets = np.repeat(np.cumsum(size) - size, size)
    keys = np.repeat(first, size) + (np.arange(int(size.sum()), dtype=np.int64) - offsets)
    held = masks[np.repeat(np.asarray(sets, dtype=np.int64), size)]
    order = np.argsort(keys, kind="stable")
    keys, held = keys[order], held[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))[: len(keys)]
    own = np.bitwise_or.reduceat(held, starts, axis=0) if len(starts) else held
    unit_at = keys[starts]
    width = masks.shape[1]
    if near > 0 and len(unit_at):
        dense = np.zeros((int(unit_at.max()) + 1, width), dtype=np.uint64)
        dense[unit_at] = own
        spread = dense.copy()
        for step in range(1, near + 1):
            spread[step:] |= dense[:-step]
            spread[:-step] |= dense[step:]
        rows, weight = _distinct(np.concatenate((own, spread[unit_at]), axis=1))
        # sorted by own labels first: sum the near labels of each run of equal own labels,
        # so the products are over the distinct own rows only
        mine = rows[:, :width]
        runs = np.flatnonzero(np.concatenate(([True], (mine[1:] != mine[:-1]).any(axis=1))))
        runs = runs[: len(rows)]
        x = _bits(mine[runs], labels)
        near_sum = np.add.reduceat(_bits(rows[:, width:], labels) * weight[:, None], runs, axis=0)
        both = _product(x, x, np.add.reduceat(weight, runs))
        across = np.einsum("ki,kj->ij", x, near_sum)
        together = across + across.T - both
    else:
        rows, weight = _distinct(own)
        x = _bits(rows, labels)
        both = together = _product(x, x, weight)
    return Counts(_ints(together), _ints(both), len(unit_at))


def _distinct(rows: Words) -> tuple[Words, Any]:
    """The distinct rows (sorted) and how many times each occurs."""
    import numpy as np

    if not len(rows):
        return rows, np.zeros(0, dtype=np.int64)
    order = np.lexsort(rows.T[::-1])
    rows = rows[order]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    starts = np.flatnonzero(new)
    weight = np.diff(np.append(starts, len(rows)))
    return rows[starts], weight


def _product(x: Any, y: Any, weight: Any) -> Any:
    """x' diag(weight) y, in einsum's own C loop (an int `@` was 20 times slower, a float one
    went through BLAS threads that spin on a busy machine)."""
    import numpy as np

    return np.einsum("ki,kj->ij", x, y * weight[:, None])


def _bits(rows: Words, labels: int) -> Any:
    """Rows of mask words as a 0/1 int matrix, a column per label (bit k of word w: w*64+k)."""
    import numpy as np

    raw = np.ascontiguousarray(rows, dtype="<u8").view(np.uint8)
    return np.unpackbits(raw, axis=1, bitorder="little")[:, :labels].astype(np.int64)


def _ints(cells: Any) -> list[list[int]]:
    """An int matrix as lists of ints."""
    return cells.tolist()  # type: ignore[no-any-return]


def apart(lo: Sequence[int], hi: Sequence[int], gap: int) -> tuple[Ints, Ints]:
    """Key ranges as given, but a negative key (a unit of its own) moved past every other
    key, `gap` + 1 apart from all."""
    import numpy as np

    first = np.asarray(lo, dtype=np.int64)
    last = np.asarray(hi, dtype=np.int64)
    alone = first < 0
    top = int(last.max(initial=0)) + gap + 1
    first[alone] = top + (-first[alone]) * (gap + 1)
    last[alone] = first[alone] + 1
    return first, last


def numbers(values: Sequence[int]) -> Ints:
    """`values` as an int array."""
    import numpy as np

    return np.asarray(values, dtype=np.int64)
