"""Every text colour pair on screen reaches WCAG AA (4.5:1) in both built-in themes.

The colours are read from what the running app draws (the screen's rendered segments), so a
CSS or theme change that makes any text unreadable fails here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.color import Color
from textual.screen import ModalScreen

from gpreader.codebook import PALETTE
from gpreader.corpus import sync
from gpreader.store import AnnotationStore
from gpreader.tui.app import GPReaderApp
from gpreader.tui.config import Config
from gpreader.tui.contrast import AA, BLACK, WHITE, ratio, readable
from tests.conftest import SAMPLE

THEMES = ("textual-dark", "textual-light")  # the default and the one the README offers
GRAPHIC = " ■▌│┃─"  # marks and rules, not text (WCAG asks 3:1 of them, not 4.5:1)


def low_contrast(app: GPReaderApp, where: str) -> list[str]:
    """Each text segment of the screen below AA: where, ratio, text, colours. A dialog is
    read inside its frame (what is behind it is deliberately dimmed)."""
    screen = app.screen
    frame = screen.children[0].region if isinstance(screen, ModalScreen) else None
    found: list[str] = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        if frame is not None:
            if not frame.y <= y < frame.bottom:
                continue
            strip = strip.crop(frame.x, frame.right)
        for segment in strip:
            text, style = segment.text, segment.style
            if style is None or not text.strip() or all(c in GRAPHIC for c in text.strip()):
                continue
            if all(0x2500 <= ord(c) <= 0x259F for c in text.strip()):
                continue  # borders and scrollbars
            assert style.color is not None and style.bgcolor is not None, (where, text)
            fg = Color.from_rich_color(style.color)
            bg = Color.from_rich_color(style.bgcolor)
            if style.reverse:
                fg, bg = bg, fg
            if (r := ratio(fg, bg)) < AA:
                found.append(f"{where}: {r:.2f} {text.strip()[:30]!r} {fg.hex} on {bg.hex}")
    return found


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_colour_pair_reaches_aa(theme: str, tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    shutil.copytree(SAMPLE, corpus)
    store = AnnotationStore(tmp_path / "db.sqlite")
    sync.refresh(store, corpus)
    for n, color in enumerate(PALETTE):
        store.ensure_tag(f"tag{n}")
        store.update_tag(f"tag{n}", color=color, quick_key=n + 1 if n < 9 else None)
    config = Config(path=tmp_path / "none.toml", theme=theme)
    app = GPReaderApp(store, corpus, config=config, poll=False, refresh_on_start=False)
    found: list[str] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert app.theme == theme
        found += low_contrast(app, "library")
        await pilot.press("enter", "j", "j")
        for n in range(len(PALETTE)):  # a highlight in every palette colour
            await pilot.press("t", *f"tag{n}", "enter", "j")
            await pilot.pause()
        await pilot.press("h")  # overlapping: a second highlight on a tagged sentence
        await pilot.press("k", "k")
        await pilot.pause()
        found += low_contrast(app, "reader, cursor on a highlight")
        await pilot.press("v", "j")
        await pilot.pause()
        found += low_contrast(app, "selection")
        await pilot.press("escape", "G")  # the end: furniture and reader comments
        await pilot.pause()
        found += low_contrast(app, "comments")
        await pilot.press("shift+tab")
        await pilot.pause()
        found += low_contrast(app, "library focused")
        await pilot.press("question_mark")
        await pilot.pause()
        found += low_contrast(app, "help")
        await pilot.press("escape", "tab", "g", "j", "j", "t", *"tag")  # the picker on a tag
        await pilot.pause()
        found += low_contrast(app, "tag picker")
        await pilot.press("escape", "T", "down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        found += low_contrast(app, "tag view")
    store.close()
    assert found == []


def test_ratio_matches_wcag_reference_values() -> None:
    assert ratio(BLACK, WHITE) == pytest.approx(21)
    assert ratio(WHITE, WHITE) == pytest.approx(1)
    assert ratio(Color.parse("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)
    assert ratio(WHITE.with_alpha(0.5), BLACK) == pytest.approx(
        ratio(Color(128, 128, 128), BLACK), rel=0.02
    )


@given(st.tuples(*[st.integers(0, 255)] * 3), st.tuples(*[st.integers(0, 255)] * 3))
def test_readable_always_reaches_aa(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> None:
    background = Color(*bg)
    assert ratio(readable(Color(*fg), background), background) >= AA
