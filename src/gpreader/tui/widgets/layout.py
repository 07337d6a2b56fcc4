"""Wrap an article's blocks into screen lines, and map between lines, cells and offsets.

Offsets are code points; cell widths (for wide characters, emoji, combining marks) come from
Rich, and a line never splits a grapheme. Plain text takes a fast path so that a 5 MB article
wraps in well under a second.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple, overload

from rich.cells import get_character_cell_size, split_graphemes

from gpreader.reading import Block
from gpreader.text import safe_to_show

COMMENT_INDENT = 2  # cells before a comment paragraph (a bar is drawn there)
_SPACES = str.maketrans({0x09: " ", 0x0A: " "})
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def printable(text: str) -> str:
    """`text` as one screen line: safe to show (see text.safe_to_show), tabs and newlines as
    spaces; same length."""
    return safe_to_show(text).translate(_SPACES)


class Line(NamedTuple):
    """One screen line: text[start:end] of a block, or a blank / rule line (start == end)."""

    start: int
    end: int
    kind: str  # a block kind, "blank" or "rule"
    indent: int = 0
    section: str = "body"


class Lines(Sequence[Line]):
    """Screen lines stored as plain tuples (cheap to build for 100,000s of lines)."""

    def __init__(self, rows: list[tuple[int, int, str, int, str]]) -> None:
        self._rows = rows

    @property
    def rows(self) -> list[tuple[int, int, str, int, str]]:
        return self._rows

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...
    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [Line(*row) for row in self._rows[index]]
        return Line(*self._rows[index])

    def __len__(self) -> int:
        return len(self._rows)


class Layout:
    """An article's blocks wrapped to a width."""

    def __init__(self, text: str, shown: list[Block], width: int, comments: int = 0) -> None:
        self.text = text
        self.width = max(width, 8)
        # Characters that are not one cell each (wide, combining, emoji parts): paragraphs
        # without any take the fast path.
        self._complex = _complex_chars(text)
        rows: list[tuple[int, int, str, int, str]] = []
        self._build(rows, shown, comments)
        self.lines = Lines(rows)
        self.starts = [row[0] for row in rows]

    def _build(
        self, rows: list[tuple[int, int, str, int, str]], shown: list[Block], comments: int
    ) -> None:
        append = rows.append
        rule_at = _comments_rule_index(shown)
        previous: Block | None = None
        width = self.width
        for index, block in enumerate(shown):
            at = rows[-1][1] if rows else 0
            if index == rule_at:
                if rows:
                    append((at, at, "blank", 0, "body"))
                label = f"Reader comments ({comments})" if comments else "Reader comments"
                append((at, at, "rule", 0, label))
            elif previous is not None and not (
                block.section == "comments"
                and (
                    previous.kind == "comment_header" or _same_paragraph(self.text, previous, block)
                )
            ):
                append((at, at, "blank", 0, "body"))
            kind, section = block.kind, block.section
            indent = COMMENT_INDENT if section == "comments" and kind != "comment_header" else 0
            for start, end in self.wrap(block.start, block.end, width - indent):
                append((start, end, kind, indent, section))
            previous = block

    def wrap(self, start: int, end: int, width: int) -> list[tuple[int, int]]:
        """text[start:end] broken into lines of at most `width` cells, at spaces when possible.

        Forced breaks (newlines) are kept; a line's trailing spaces belong to it."""
        out: list[tuple[int, int]] = []
        text = self.text
        pos = start
        while True:
            nl = text.find("\n", pos, end)
            stop = end if nl < 0 else nl
            if self._plain(text, pos, stop):
                out.extend(_wrap_plain(text, pos, stop, width))
            else:
                out.extend(_wrap_cells(text, pos, stop, width))
            if nl < 0:
                return out
            pos = nl + 1

    def _plain(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] holds only one-cell characters."""
        if not self._complex:
            return True
        segment = text[start:end]
        return segment.isascii() or not any(c in segment for c in self._complex)

    def line_of(self, offset: int) -> int:
        """The index of the line showing `offset` (the last line starting at or before it)."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def offset_at(self, y: int, x: int) -> int:
        """The offset of the character at cell `x` of line `y` (x counted from the text's left
        edge, indent included); past the end of a line gives its end."""
        if not self.lines:
            return 0
        line = self.lines[max(0, min(y, len(self.lines) - 1))]
        x -= line.indent
        if x <= 0 or line.start == line.end:
            return line.start
        segment = self.text[line.start : line.end]
        spans, _ = split_graphemes(segment)
        cells = 0
        for g_start, _g_end, g_cells in spans:
            if cells + g_cells > x:
                return line.start + g_start
            cells += g_cells
        return line.end

    def __len__(self) -> int:
        return len(self.lines)


def _complex_chars(text: str) -> frozenset[str]:
    """The characters of `text` that are not one cell each (the ASCII runs are dropped first:
    a set of a 5 MB text's every character took 0.1 s)."""
    if text.isascii():
        return frozenset()
    return frozenset(c for c in set(_ASCII_RUNS.sub("", text)) if not _single(c))


@lru_cache(maxsize=8192)
def _single(char: str) -> bool:
    if char == "\t":
        return True
    if char in "\u200d\ufe0f" or 0x1F1E6 <= ord(char) <= 0x1F1FF:
        return False
    return get_character_cell_size(char) == 1 and unicodedata.category(char)[0] != "M"


def _same_paragraph(text: str, previous: Block, block: Block) -> bool:
    """Whether two comment lines were written one under the other (no blank line between):
    lines of one comment paragraph, shown without a blank line between them."""
    return (
        previous.section == "comments"
        and previous.kind == block.kind == "paragraph"
        and text.count("\n", previous.end, block.start) < 2
    )


def _comments_rule_index(shown: list[Block]) -> int | None:
    """Where the "Reader comments" rule goes: before the first comment block, or before the
    furniture line (e.g. "READERS' COMMENTS") right above it."""
    for i, block in enumerate(shown):
        if block.section == "comments":
            if i > 0 and shown[i - 1].kind == "furniture":
                return i - 1
            return i
    return None


def _wrap_plain(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy wrapping when every character is one cell wide."""
    out: list[tuple[int, int]] = []
    pos = start
    while end - pos > width:
        cut = text.rfind(" ", pos + 1, pos + width + 1)
        nxt = cut + 1 if cut > pos else pos + width
        while nxt < end and text[nxt] == " ":  # spaces stay at the end of the line
            nxt += 1
        out.append((pos, nxt))
        pos = nxt
    if pos < end or not out:
        out.append((pos, end))
    return out


def _wrap_cells(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy wrapping by grapheme, measuring cells (wide characters, emoji, combining marks)."""
    segment = text[start:end]
    spans, _ = split_graphemes(segment)
    out: list[tuple[int, int]] = []
    line_start = 0
    cells = 0
    last_space = -1  # end of the last space on this line (a break after it)
    cells_at_space = 0  # cells on this line up to last_space
    for g_start, g_end, g_cells in spans:
        if segment[g_start] in " \t":
            cells += 1
            last_space, cells_at_space = g_end, cells
            continue
        if cells + g_cells > width and g_start > line_start:
            if last_space > line_start:
                out.append((start + line_start, start + last_space))
                line_start, cells = last_space, cells - cells_at_space
            else:
                out.append((start + line_start, start + g_start))
                line_start, cells = g_start, 0
            last_space = -1
        cells += g_cells
    out.append((start + line_start, end))
    return out
