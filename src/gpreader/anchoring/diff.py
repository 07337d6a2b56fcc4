"""A character diff of two versions of a text that is fast on megabytes (`diff_ops`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from rapidfuzz import fuzz

SIMILAR = 0.5  # a changed block is diffed finer only if at least this similar (difflib ratio)
TOKEN_LIMIT = 5_000  # tokens beyond which a changed block is not diffed finer
LINE_LIMIT = 4_000  # lines (old and new) beyond which lines are walked, not difflib-matched
RESYNC = 200  # lines looked ahead, each way, for where the texts agree again
RESYNC_RUN = 3  # lines that must agree for the walk to go on
SNAP = 2_000  # characters the common head gives back at most, to start on a line
LONG_RUN = 24  # characters of an equal run trusted even in a dissimilar block
GATE = 200  # characters (old and new) from which a changed block must be SIMILAR to refine

Op = tuple[str, int, int, int, int]  # difflib opcode: tag, old start/end, new start/end
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_CHUNK = 1 << 16


def diff_ops(old: str, new: str) -> list[Op]:
    """difflib-style opcodes turning old into new, covering both texts in order.

    The common head and tail are cut first (fast on megabytes when the edit is small), the
    head back to a line start if the edit spans lines; the rest is diffed by lines, changed
    blocks by tokens (words, spaces, punctuation), then by characters. A finer step is kept
    whole where the block is at least SIMILAR or smaller than GATE characters (a small block
    between equal text is one local edit); elsewhere only its equal runs of LONG_RUN or more
    characters are kept (common words in unrelated paragraphs are not the same words).
    """
    head = _common_prefix(old, new)
    tail = _common_suffix(old, new, min(len(old), len(new)) - head)
    if "\n" in old[head : len(old) - tail] or "\n" in new[head : len(new) - tail]:
        # Edits across lines are diffed from a line start: a paragraph moved or deleted before
        # one that starts with the same words must not keep those words in its place. (Not
        # the tail: difflib settles ties towards the start, which suits a cut head only.)
        head = max(old.rfind("\n", 0, head) + 1, head - SNAP)
    ops: list[Op] = [("equal", 0, head, 0, head)] if head else []
    _diff(old[head : len(old) - tail], new[head : len(new) - tail], head, head, 0, ops)
    if tail:
        ops.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return ops


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of a and b: a chunk at a time, then by halves."""
    limit = min(len(a), len(b))
    lo = 0
    while lo < limit and a[lo : lo + _CHUNK] == b[lo : lo + _CHUNK]:
        lo += _CHUNK
    hi = min(limit, lo + _CHUNK)
    while lo < hi:  # a[:lo] == b[:lo] and a[:hi + 1] != b[:hi + 1]
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return min(lo, limit)


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length (at most `limit`) of the common suffix of a and b, as `_common_prefix`."""
    lo, na, nb = 0, len(a), len(b)
    while (
        lo < limit
        and a[na - min(limit, lo + _CHUNK) : na - lo] == b[nb - min(limit, lo + _CHUNK) : nb - lo]
    ):
        lo = min(limit, lo + _CHUNK)
    hi = min(limit, lo + _CHUNK)
    while lo < hi:  # the last lo characters agree, the last hi + 1 do not
        mid = (lo + hi + 1) // 2
        if a[na - mid : na - lo] == b[nb - mid : nb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


_SPLITS: tuple[Callable[[str], list[str]], ...] = (
    lambda text: text.splitlines(keepends=True),
    _TOKEN.findall,
    list,
)


def _diff(a: str, b: str, at_a: int, at_b: int, level: int, ops: list[Op]) -> None:
    """Append the opcodes of a -> b (at offsets at_a, at_b): by lines, tokens, characters."""
    whole: Op = ("replace", at_a, at_a + len(a), at_b, at_b + len(b))
    if not a or not b:
        if a or b:
            ops.append(("delete" if a else "insert", *whole[1:]))
        return
    parts_a, parts_b = _SPLITS[level](a), _SPLITS[level](b)
    if level > 0 and max(len(parts_a), len(parts_b)) > TOKEN_LIMIT:
        ops.append(whole)
        return
    codes: Sequence[Op]
    if level == 0 and len(parts_a) + len(parts_b) > LINE_LIMIT:
        codes = _walk(parts_a, parts_b)
    else:  # blank lines are common: let difflib ignore popular lines (only)
        codes = SequenceMatcher(None, parts_a, parts_b, autojunk=level == 0).get_opcodes()
    offsets_a, offsets_b = _offsets(parts_a), _offsets(parts_b)
    blocks = [
        (tag, offsets_a[i1], offsets_a[i2], offsets_b[j1], offsets_b[j2], i2 - i1 == j2 - j1)
        for tag, i1, i2, j1, j2 in codes
    ]
    same = sum(i2 - i1 for tag, i1, i2, *_ in blocks if tag == "equal")
    if level > 0 and len(a) + len(b) >= GATE and 2 * same < SIMILAR * (len(a) + len(b)):
        # Dissimilar: only long equal runs are trusted, the rest is changed as it stands.
        for tag, i1, i2, j1, j2 in _long_runs_only(blocks):
            ops.append((tag, at_a + i1, at_a + i2, at_b + j1, at_b + j2))
        return
    for tag, i1, i2, j1, j2, paired in blocks:
        if tag == "replace" and level == 0 and paired:
            lines_a, lines_b = _SPLITS[0](a[i1:i2]), _SPLITS[0](b[j1:j2])
            pairs = list(zip(lines_a, lines_b, _offsets(lines_a), _offsets(lines_b), strict=False))
            paired = all(fuzz.ratio(x, y) >= 100 * SIMILAR for x, y, _, _ in pairs)
        if tag == "replace" and level == 0 and paired:  # each line like its counterpart
            for line_a, line_b, x, y in pairs:
                _diff(line_a, line_b, at_a + i1 + x, at_b + j1 + y, 1, ops)
        elif tag == "replace" and level < 2:
            _diff(a[i1:i2], b[j1:j2], at_a + i1, at_b + j1, level + 1, ops)
        else:
            ops.append((tag, at_a + i1, at_a + i2, at_b + j1, at_b + j2))


def _long_runs_only(blocks: Sequence[tuple[str, int, int, int, int, bool]]) -> list[Op]:
    """The blocks with equal runs shorter than LONG_RUN folded into the changes around."""
    merged: list[Op] = []
    pending: list[int] | None = None  # i1, i2, j1, j2 of the change being gathered
    for tag, i1, i2, j1, j2, _ in [*blocks, ("equal", -1, -1, -1, -1, True)]:
        if tag == "equal" and (i2 - i1 >= LONG_RUN or i1 < 0):
            if pending:
                pi1, pi2, pj1, pj2 = pending
                change = (
                    "replace" if pi1 < pi2 and pj1 < pj2 else "delete" if pi1 < pi2 else "insert"
                )
                merged.append((change, pi1, pi2, pj1, pj2))
                pending = None
            if i1 >= 0:
                merged.append((tag, i1, i2, j1, j2))
        elif pending is None:
            pending = [i1, i2, j1, j2]
        else:
            pending[1], pending[3] = i2, j2
    return merged


def _walk(a: list[str], b: list[str]) -> list[Op]:
    """Opcodes of lines a -> b by walking both: equal runs, and at each difference the
    nearest point where RESYNC_RUN lines agree again (within RESYNC lines each way)."""
    ops: list[Op] = []
    i = j = 0
    while i < len(a) and j < len(b):
        i0, j0 = i, j
        while i < len(a) and j < len(b) and a[i] == b[j]:
            i, j = i + 1, j + 1
        if i > i0:
            ops.append(("equal", i0, i, j0, j))
        if i < len(a) and j < len(b):
            skip_a, skip_b = _resync(a, b, i, j)
            tag = "replace" if skip_a and skip_b else "delete" if skip_a else "insert"
            ops.append((tag, i, i + skip_a, j, j + skip_b))
            i, j = i + skip_a, j + skip_b
    if i < len(a) or j < len(b):
        tag = "replace" if i < len(a) and j < len(b) else "delete" if i < len(a) else "insert"
        ops.append((tag, i, len(a), j, len(b)))
    return ops


def _resync(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int]:
    """Lines to skip in a and b (fewest in all first) before RESYNC_RUN lines agree."""
    for total in range(1, 2 * RESYNC + 1):
        for skip_a in range(max(0, total - RESYNC), min(total, RESYNC) + 1):
            skip_b = total - skip_a
            run = a[i + skip_a : i + skip_a + RESYNC_RUN]
            if run and run == b[j + skip_b : j + skip_b + RESYNC_RUN]:
                return skip_a, skip_b
    return len(a) - i, len(b) - j


def _offsets(parts: list[str]) -> list[int]:
    """Offsets of each part's start, and of the end, in their concatenation."""
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return offsets
