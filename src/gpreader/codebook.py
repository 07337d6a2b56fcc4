"""Tag paths, colours and typed tag names: pure helpers for the store and the tag picker.

The picker's rule (issue 11): Enter applies an existing tag only when it is what the user typed
(its exact path, ignoring case) or the row the user moved to; any other typed name creates
exactly that path. Tab completes to the row moved to, else to a true completion of the typed
text (the typed text starts the path or one of its segments), else takes the text as typed. So
neither ever gives a tag whose path is a strict prefix of the typed text (a parent of it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gpreader.errors import InvalidInputError
from gpreader.models import Tag
from gpreader.text import clean_typed

# Distinct on dark and light themes; assigned in order, least used first.
PALETTE = (
    "#E6194B",
    "#3CB44B",
    "#4363D8",
    "#F58231",
    "#911EB4",
    "#42D4F4",
    "#F032E6",
    "#BFEF45",
    "#469990",
    "#FFE119",
    "#9A6324",
    "#808000",
)
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def normalize(path: str) -> str:
    """`" Policy / contract "` -> `"Policy/contract"`: trimmed segments, single spaces."""
    cleaned = clean_typed(path).replace("\\", "/")
    parts = [" ".join(part.split()) for part in cleaned.split("/")]
    parts = [p for p in parts if p]
    if not parts:
        raise InvalidInputError(f"{path!r} is not a tag name")
    return "/".join(parts)


def in_subtree(path: str, root: str) -> bool:
    """Whether `path` is `root` or one of its descendants."""
    return path == root or path.startswith(root + "/")


def like_children(path: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching the descendants of `path`."""
    escaped = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "/%"


def normalize_color(color: str) -> str:
    """`"f80"`, `"#FF8800"` -> `"#FF8800"`."""
    match = _HEX.fullmatch(color.strip())
    if not match:
        raise InvalidInputError(f"{color!r} is not a colour; use #RRGGBB")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def next_color(used: Iterable[str]) -> str:
    """The palette colour used least so far (first one on ties)."""
    counts = Counter(c.upper() for c in used)
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))


# -- typed tag names and the picker ------------------------------------------------------------


def split_tag_input(text: str) -> tuple[list[str], str]:
    """What a user typed in the tag picker: finished names (before the last comma) and the
    name being typed."""
    parts = text.split(",")
    return [p.strip() for p in parts[:-1] if p.strip()], parts[-1].strip()


def resolve_tag(name: str, known: Iterable[Tag]) -> str:
    """An existing tag's path if `name` is one (ignoring case), else `name` normalised."""
    path = normalize(name)
    for t in known:
        if t.path.casefold() == path.casefold():
            return t.path
    return path


EXTENDED = 300.0  # a tag whose path starts the typed text (a parent): listed, ranked last


def tag_scores(query: str, known: Sequence[Tag], limit: int = 200) -> list[tuple[Tag, float]]:
    """Tags matching `query` with a score, best first: exact 1000, prefix ~900, segment prefix
    ~800, substring ~700, fuzzy (typos) 350-500, and last (300) the tags the query extends,
    such as `policy` for `policy/contract`. An empty query lists every tag, most used first."""
    from rapidfuzz import fuzz  # imported on first use: not on the workbench's start path

    q = " ".join(query.split()).casefold()
    if not q:
        return [(t, 0.0) for t in sorted(known, key=lambda t: (-t.highlights, t.path))[:limit]]
    scored: list[tuple[float, str, Tag]] = []
    for t in known:
        p = t.path.casefold()
        if p == q:
            score = 1000.0
        elif p.startswith(q):
            score = 900.0 - len(p) / 100
        elif any(seg.startswith(q) for seg in p.split("/")):
            score = 800.0 - len(p) / 100
        elif q in p:
            score = 700.0 - len(p) / 100
        elif q.startswith(p):
            score = EXTENDED
        else:
            # partial_ratio only for a query no longer than the path: a path found inside a
            # longer query ("funding" in "funding cuts") is not a typo of it
            partial = fuzz.partial_ratio(q, p) if 3 <= len(q) <= len(p) else 0
            ratio = max(fuzz.ratio(q, p), partial)
            if ratio < 70:
                continue
            score = 350.0 + (ratio - 70) * 5
        scored.append((score, t.path, t))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [(t, score) for score, _, t in scored[:limit]]


@dataclass(frozen=True)
class PickerRow:
    """One row of the picker: an existing tag, or (tag None) the new tag Enter would create."""

    path: str
    tag: Tag | None = None

    @property
    def new(self) -> bool:
        return self.tag is None


@dataclass(frozen=True)
class PickerRows:
    """The rows for what is typed, and the row Enter acts on before the user moves (None:
    nothing is typed, or the typed text is not a tag name)."""

    rows: tuple[PickerRow, ...]
    default: int | None
    completion: str | None  # what Tab gives without moving


def picker_rows(value: str, known: Sequence[Tag]) -> PickerRows:
    """The picker's rows for the box's text: the exact tag, else "+ new tag", first."""
    done, typed = split_tag_input(value)
    taken = {d.casefold() for d in done}
    scored = [t for t, _ in tag_scores(typed, known) if t.path.casefold() not in taken]
    try:
        wanted = normalize(typed) if typed else None
    except InvalidInputError:
        wanted = None
    if wanted is None:
        return PickerRows(tuple(PickerRow(t.path, t) for t in scored), None, None)
    exact = [t for t in scored if t.path.casefold() == wanted.casefold()]
    others = [PickerRow(t.path, t) for t in scored if t not in exact]
    first = PickerRow(exact[0].path, exact[0]) if exact else PickerRow(wanted)
    return PickerRows((first, *others), 0, _completion(wanted, [first, *others]))


def completes(typed: str, path: str) -> bool:
    """Whether `path` is a true completion of `typed`: it starts the path or a segment of it."""
    q, p = typed.casefold(), path.casefold()
    return p.startswith(q) or any(seg.startswith(q) for seg in p.split("/"))


def _completion(wanted: str, rows: Sequence[PickerRow]) -> str:
    for row in rows:
        if not row.new and completes(wanted, row.path):
            return row.path
    return wanted


def picker_enter(value: str, known: Sequence[Tag], chosen: str | None = None) -> list[str]:
    """The paths Enter applies: the finished names, then the row the user moved to (`chosen`)
    or else the typed name (an existing tag only when it is that tag). Raises
    InvalidInputError when there is nothing to apply or a name is not a tag name."""
    done, typed = split_tag_input(value)
    names = [*done, *([chosen] if chosen else [typed] if typed else [])]
    if not names:
        raise InvalidInputError("Type a tag name, or choose one with ↑↓.")
    return list(dict.fromkeys(resolve_tag(n, known) for n in names))


def picker_tab(value: str, known: Sequence[Tag], chosen: str | None = None) -> str | None:
    """The box's text after Tab: the name being typed replaced by the row moved to, else by its
    completion (see the module's rule), and a comma to type another; None if nothing to do."""
    done, typed = split_tag_input(value)
    target = chosen or (picker_rows(value, known).completion if typed else None)
    if target is None:
        return None
    return ", ".join([*done, target]) + ", "
