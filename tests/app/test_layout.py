"""widgets/layout.py: wrapping by cells (wide characters, emoji, combining marks) and mapping
screen cells back to code-point offsets."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes

from gpreader import reading
from gpreader.reading import Block
from gpreader.tui.widgets.layout import Layout

PIECES = ["word", "a", "医生", "🇬🇧", "👍🏽", "cafe\u0301", "x" * 30, " ", " ", "  ", "’", "—"]


def paragraph(text: str) -> Layout:
    return Layout(text, [Block("paragraph", 0, len(text), "body")], 12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.integers(4, 30))
def test_lines_tile_the_text_fit_the_width_and_keep_graphemes(
    pieces: list[str], width: int
) -> None:
    text = "".join(pieces).strip() or "a"
    layout = Layout(text, [Block("paragraph", 0, len(text), "body")], width)
    lines = layout.lines
    assert lines[0].start == 0 and lines[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(lines))
    cuts = {s for s, _, _ in split_graphemes(text)[0]} | {len(text)}
    for line in lines:
        assert line.start in cuts and line.end in cuts
        assert cell_len(text[line.start : line.end].rstrip()) <= max(layout.width, 2)


def test_wide_characters_map_cells_to_offsets() -> None:
    text = "医生说 café ok"
    layout = paragraph(text)
    assert [layout.offset_at(0, x) for x in range(0, 8)] == [0, 0, 1, 1, 2, 2, 3, 4]


def test_combining_marks_and_flags_are_one_place() -> None:
    text = "cafe\u0301 🇬🇧 x"
    layout = paragraph(text)
    assert layout.offset_at(0, 3) == 3  # "e" + combining accent: one cell
    assert layout.offset_at(0, 4) == 5  # the space after it
    assert layout.offset_at(0, 5) == 6  # the flag: two regional indicators
    assert reading.grapheme_start(text, layout.offset_at(0, 6)) == 6
    assert layout.offset_at(0, 99) == len(text)


def test_blocks_get_blank_lines_a_comments_rule_and_indented_comments() -> None:
    text = "Title\n\nBody.\n\nREADERS' COMMENTS\n\nAnn 1 May, 2024 1:00 pm\n\nNice."
    blocks = [
        Block("title", 0, 5, "title"),
        Block("paragraph", 7, 12, "body"),
        Block("furniture", 14, 31, "furniture"),
        Block("comment_header", 33, 56, "comments", "Ann", "2024-05-01T13:00"),
        Block("paragraph", 58, 63, "comments"),
    ]
    layout = Layout(text, blocks, 40, comments=1)
    kinds = [line.kind for line in layout.lines]
    assert kinds == [
        "title",
        "blank",
        "paragraph",
        "blank",
        "rule",
        "furniture",
        "blank",
        "comment_header",
        "paragraph",
    ]
    assert layout.lines[-1].indent == 2 and layout.lines[-2].indent == 0
    assert layout.line_of(60) == len(kinds) - 1
    assert layout.line_of(8) == 2


def test_printable_keeps_length_and_drops_escapes() -> None:
    from gpreader.tui.widgets.layout import printable

    raw = "a\x1b]0;title\x07b\tc\nd\x9be"
    shown = printable(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown.startswith("a\ufffd]0;title\ufffdb c d")
