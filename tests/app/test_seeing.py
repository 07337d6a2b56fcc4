"""Seeing what you did: the quick-tag legend, coded text without colour, the footer at any
width, the library's width, and multi-line reader comments."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.widgets._footer import FooterKey

from gpreader.models import Highlight
from gpreader.reading import Block
from gpreader.store import AnnotationStore
from gpreader.tui import layout_state
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.main import LAYOUT_KEY
from gpreader.tui.screens.tag_view import TagViewScreen
from gpreader.tui.widgets.footer import RankedFooter, fitting
from gpreader.tui.widgets.layout import Layout
from gpreader.tui.widgets.legend import QuickLegend, fit_names
from gpreader.tui.widgets.reader import MARK_ONE, MARK_OVERLAP, coded_mark
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle

ARTICLE = "000_457775139af1eb7c.txt"


def _highlight(start: int, end: int) -> Highlight:
    return Highlight(f"h{start}-{end}", "a", start, end, "x" * (end - start), "", "", "")


# -- the legend --------------------------------------------------------------------------


async def test_legend_lists_quick_tags_and_k_hides_it_for_the_next_session(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy/funding")
    loaded_store.update_tag("policy/funding", quick_key=2)
    loaded_store.ensure_tag("workload")
    loaded_store.update_tag("workload", quick_key=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        legend = app.screen.query_one(QuickLegend)
        assert not legend.display  # nothing is being coded yet
        await open_article(app, pilot, ARTICLE)
        assert legend.display
        assert str(legend.content) == "1 ■ workload  2 ■ policy/funding"
        await pilot.press("K")
        await pilot.pause()
        assert not legend.display
        app.main.save_layout()
    assert loaded_store.get_state(LAYOUT_KEY)["legend"] is False
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        legend = app.screen.query_one(QuickLegend)
        assert app.main.columns and not legend.display  # the layout came back hidden
        await pilot.press("K")
        await pilot.pause()
        assert legend.display


async def test_legend_follows_a_quick_key_given_in_the_tag_view(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("staffing")  # the first tag named: quick key 1 by itself
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        legend = app.screen.query_one(QuickLegend)
        assert str(legend.content) == "1 ■ staffing"
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TagViewScreen)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert str(legend.content) == "4 ■ staffing"
    assert loaded_store.tag("staffing").quick_key == 4


async def test_legend_clips_long_names_to_one_line(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    for key in range(1, 10):
        loaded_store.ensure_tag(f"a rather long tag name number {key}")
        loaded_store.update_tag(f"a rather long tag name number {key}", quick_key=key)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        legend = app.screen.query_one(QuickLegend)
        text = str(legend.content)
        assert len(text) <= legend.size.width
        assert all(f"{key} ■ " in text for key in range(1, 10))


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=9), st.integers(0, 200))
def test_fit_names_fits_when_it_can(names: list[str], room: int) -> None:
    fitted = fit_names(names, room)
    assert len(fitted) == len(names)
    if room >= 4 * len(names):
        assert sum(cell_len(n) for n in fitted) <= room
    for name, full in zip(fitted, names, strict=True):
        assert name == full or name.endswith("…")


def test_layout_state_keeps_the_legend_flag() -> None:
    assert layout_state.parse({"legend": False}, 4).legend is False
    assert layout_state.parse({}, 4).legend is True
    bad = layout_state.parse({"legend": "no"}, 4)
    assert bad.legend is True and bad.problems == ["legend"]


# -- coded text without colour ----------------------------------------------------------


def test_gutter_mark_tells_one_highlight_from_overlapping_ones() -> None:
    assert coded_mark([], 0, 10) == ""
    assert coded_mark([_highlight(20, 30)], 0, 10) == ""
    assert coded_mark([_highlight(5, 30)], 0, 10) == MARK_ONE
    assert coded_mark([_highlight(0, 4), _highlight(5, 9)], 0, 10) == MARK_ONE
    assert coded_mark([_highlight(0, 6), _highlight(4, 9)], 0, 10) == MARK_OVERLAP
    assert coded_mark([_highlight(0, 20), _highlight(12, 30)], 0, 10) == MARK_ONE  # not here
    assert coded_mark([_highlight(0, 4)], 4, 4) == ""  # a blank line


async def test_coded_text_is_underlined_and_marked_in_the_gutter(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h", "v", "j", "t", *"two", "enter")  # one sentence, then two
        await pilot.pause()
        await pilot.press("escape", "k")
        await pilot.pause()
        assert len(loaded_store.highlights(ARTICLE)) == 2
        layout = reader.text_layout
        assert layout is not None
        styles: dict[str, set[tuple[bool, bool]]] = {"one": set(), "both": set()}
        gutters: set[str] = set()
        for y in range(reader.scrollable_content_region.height):
            strip = reader.render_line(y)
            segments = list(strip)
            gutters.add(segments[1].text)
            line = layout.lines[reader.scroll_offset.y + y]
            offset = line.start
            for segment in segments[2:]:
                if segment.text.strip() and line.start < line.end:
                    covering = [
                        h for h in reader._placed if h.start <= offset < h.end and segment.style
                    ]
                    style = segment.style
                    assert style is not None
                    flags = (bool(style.underline), bool(style.bold))
                    if len(covering) == 1:
                        styles["one"].add(flags)
                    elif len(covering) > 1:
                        styles["both"].add(flags)
                    elif line.kind == "paragraph":
                        assert not style.underline, segment.text
                if line.start < line.end and not segment.text.startswith("│"):
                    offset += len(segment.text)
        assert styles["one"] == {(True, False)}
        assert styles["both"] == {(True, True)}
        assert {MARK_ONE, MARK_OVERLAP} <= gutters


# -- the footer and the library ---------------------------------------------------------


def _footer_keys(app: GPReaderApp) -> list[FooterKey]:
    return app.screen.query_one(RankedFooter).shown_keys()


async def test_footer_keeps_the_important_keys_at_80_columns(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for focus in ("library", "reader"):
            if focus == "reader":
                await open_article(app, pilot, ARTICLE)
                await pilot.pause()
            shown = {k.key_display: k for k in _footer_keys(app)}
            assert {"q", "?", "T", "/", "t"} <= set(shown), (focus, sorted(shown))
            palette = next(k for k in shown.values() if k.has_class("-command-palette"))
            for key in shown.values():
                if key is not palette:
                    assert key.region.right <= palette.region.x, (focus, key.key_display)


async def test_footer_at_120_columns_keeps_quit_with_the_library_focused(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await pilot.press("shift+tab")  # back to the library
        await pilot.pause()
        await pilot.pause()
        quit_key = next(k for k in _footer_keys(app) if k.key_display == "q")
        assert quit_key.region.right <= app.size.width - 10


@given(st.lists(st.tuples(st.integers(-1, 9), st.integers(0, 20)), max_size=20), st.integers(0, 99))
def test_fitting_keeps_the_most_important_first(items: list[tuple[int, int]], room: int) -> None:
    kept = fitting(items, room)
    assert sum(items[i][1] for i in kept) <= room
    for dropped in set(range(len(items))) - kept:
        # everything more important than a dropped key that fits was kept
        assert items[dropped][1] > 0
        used = sum(items[i][1] for i in kept if (items[i][0], i) < (items[dropped][0], dropped))
        assert used + items[dropped][1] > room


async def test_library_grows_with_a_wide_screen(make_app: Callable[..., GPReaderApp]) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await pilot.pause()
        assert app.screen.query_one("#library").outer_size.width == 40
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await open_article(app, pilot, ARTICLE)
        await pilot.pause()
        assert app.screen.query_one("#library").outer_size.width == 34


# -- reader comments ---------------------------------------------------------------------


def test_lines_of_one_comment_paragraph_have_no_blank_between_them() -> None:
    text = "T\n\nAnn 1 May, 2024 1:00 pm\n\nOne line.\nNext line.\n\nNew paragraph."
    header = text.index("Ann")
    one, two, three = (text.index(s) for s in ("One", "Next", "New"))
    blocks = [
        Block("title", 0, 1, "title"),
        Block("comment_header", header, text.index(" pm") + 3, "comments", "Ann", "2024"),
        Block("paragraph", one, one + 9, "comments"),
        Block("paragraph", two, two + 10, "comments"),
        Block("paragraph", three, len(text), "comments"),
    ]
    kinds = [line.kind for line in Layout(text, blocks, 40, comments=1).lines]
    assert kinds == [
        "title",
        "blank",
        "rule",
        "comment_header",
        "paragraph",
        "paragraph",
        "blank",
        "paragraph",
    ]
