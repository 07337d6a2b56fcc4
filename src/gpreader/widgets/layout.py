"""Wrap an article's blocks into screen lines, and map between lines, cells and offsets.

Offsets are code points; cell widths (for wide characters, emoji, combining marks) come from
Rich, and a line never splits a grapheme. Plain text takes a fast path so that a 5 MB article
wraps in well under a second.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import _is_single_cell_widths, split_graphemes

from gpreader.reading import Block

COMMENT_INDENT = 2  # cells before a comment paragraph (a bar is drawn there)


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: text[start:end] of a block, or a blank / rule line (start == end)."""

    start: int
    end: int
    kind: str  # a block kind, "blank" or "rule"
    indent: int = 0
    section: str = "body"


class Layout:
    """An article's blocks wrapped to a width."""

    def __init__(self, text: str, shown: list[Block], width: int, comments: int = 0) -> None:
        self.text = text
        self.width = max(width, 8)
        self.lines: list[Line] = []
        self._build(shown, comments)
        self.starts = [line.start for line in self.lines]

    def _build(self, shown: list[Block], comments: int) -> None:
        lines = self.lines
        rule_at = _comments_rule_index(shown)
        previous: Block | None = None
        for index, block in enumerate(shown):
            at = lines[-1].end if lines else 0
            if index == rule_at:
                if lines:
                    lines.append(Line(at, at, "blank"))
                label = f"Reader comments ({comments})" if comments else "Reader comments"
                lines.append(Line(at, at, "rule", section=label))
            elif previous is not None and not (
                previous.kind == "comment_header" and block.section == "comments"
            ):
                lines.append(Line(at, at, "blank"))
            in_comment = block.section == "comments" and block.kind != "comment_header"
            indent = COMMENT_INDENT if in_comment else 0
            for start, end in self.wrap(block.start, block.end, self.width - indent):
                lines.append(Line(start, end, block.kind, indent, block.section))
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
            if _is_single_cell_widths(text[pos:stop].replace("\t", " ")):
                out.extend(_wrap_plain(text, pos, stop, width))
            else:
                out.extend(_wrap_cells(text, pos, stop, width))
            if nl < 0:
                return out
            pos = nl + 1

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
