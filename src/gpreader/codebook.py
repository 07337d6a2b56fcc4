"""Tag paths, colours and user-typed text: small pure helpers the store relies on."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from gpreader.errors import InvalidInputError
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
