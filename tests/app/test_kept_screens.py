"""Screens composed once and shown again (issue 9: the 50 ms budget): the note dialog, the
export dialog, the tag view, the attributes panel and the help screen are each composed once,
kept, and open the next time exactly as a new one would, whatever was done in them before."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static, TextArea

from gpreader.store import AnnotationStore
from gpreader.tui import memory
from gpreader.tui.app import GPReaderApp
from gpreader.tui.screens.analysis import AnalysisScreen
from gpreader.tui.screens.export import ExportScreen
from gpreader.tui.screens.help import HelpScreen
from gpreader.tui.screens.note import NoteDialog
from gpreader.tui.screens.tag_picker import TagPicker
from gpreader.tui.screens.tag_view import TagViewScreen
from gpreader.tui.widgets.attributes import AttributesPanel
from tests.app.conftest import SIZE, cursor_to_body, open_article, settle

ARTICLE = "000_457775139af1eb7c.txt"


def widget_state(widget: Widget) -> tuple[Any, ...]:
    """What a user sees of one widget, and whether keys go to it."""
    seen: tuple[Any, ...] = (type(widget).__name__, widget.id, widget.display, widget.disabled)
    if isinstance(widget, Static):
        seen += (str(widget.content),)
    if isinstance(widget, Input):
        seen += (widget.value, widget.cursor_position)
    if isinstance(widget, TextArea):
        seen += (widget.text, widget.cursor_location, widget.history.undo_stack == [])
    if isinstance(widget, Checkbox | Select):
        seen += (str(widget.value),)
    if isinstance(widget, Select):
        seen += (widget.expanded,)
    if isinstance(widget, OptionList):
        prompts = [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
        seen += (prompts, widget.highlighted)
    if isinstance(widget, Button):
        seen += (str(widget.label),)
    return (*seen, widget.has_focus, widget.scroll_offset.y, tuple(sorted(widget.classes)))


def screen_state(screen: Screen[Any]) -> list[tuple[Any, ...]]:
    return [widget_state(w) for w in screen.walk_children(with_self=False) if isinstance(w, Widget)]


async def reopened_clean(
    app: GPReaderApp,
    pilot: Any,
    key: str,
    kind: type[Screen[Any]],
    use: list[str],
    close: list[str],
) -> Screen[Any]:
    """Open the screen with `key`, note its state, press `use` in it and `close` it; open it
    again and check it is the same screen, as it was the first time."""
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause()
    first = app.screen
    assert isinstance(first, kind), f"{key} opened {first!r}"
    fresh = screen_state(first)
    await pilot.press(*use)
    await pilot.pause()
    assert screen_state(first) != fresh, f"{use} changed nothing in {kind.__name__}"
    await pilot.press(*close)
    await pilot.pause()
    assert not isinstance(app.screen, kind)
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen is first, f"{kind.__name__} was composed again"
    assert screen_state(first) == fresh
    return first


async def test_kept_screens_open_as_clean_as_new_ones(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    for tag in ("policy", "policy/contract", "funding"):
        loaded_store.ensure_tag(tag)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        # typed a note, then Esc twice (discarding it): the next note opens empty
        await reopened_clean(app, pilot, "m", NoteDialog, list("draft"), ["escape", "escape"])
        await pilot.press("escape")
        await pilot.pause()
        await reopened_clean(
            app, pilot, "E", ExportScreen, ["tab", "x", "tab", "space", "tab", "p"], ["escape"]
        )
        await pilot.press("escape")
        await pilot.pause()
        await reopened_clean(app, pilot, "T", TagViewScreen, ["down", "tab"], ["escape"])
        await pilot.press("escape")
        await pilot.pause()
        await reopened_clean(app, pilot, "a", AttributesPanel, list("k=v"), ["escape"])
        await pilot.press("escape")
        await pilot.pause()
        await reopened_clean(app, pilot, "question_mark", HelpScreen, ["pagedown"], ["escape"])
        await pilot.press("escape")
        await pilot.pause()
    assert [h.note for h in loaded_store.highlights(ARTICLE)] == [""]
    assert "k" not in {a.key for a in loaded_store.attributes(ARTICLE)}  # typed, not entered


async def test_a_kept_note_dialog_edits_the_note_of_the_passage_it_opens_on(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("m", *"first", "ctrl+s")
        await pilot.pause()
        dialog = app.get_screen("note")
        await pilot.press("j", "j", "m")
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one(TextArea).text == ""
        await pilot.press(*"second", "ctrl+s", "k", "k", "m")
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one(TextArea).text == "first"
        await pilot.press("escape")
        await pilot.pause()
    notes = sorted(h.note for h in loaded_store.highlights(ARTICLE))
    assert notes == ["first", "second"]


async def test_the_kept_screens_are_composed_while_the_workbench_is_idle(
    make_app: Callable[..., GPReaderApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for name in ("note", "export", "tag view", "attributes"):
            for _ in range(40):  # 0.5 s, then one screen per 0.1 s: well within 4 s
                if app.is_screen_installed(name) and app.get_screen(name).is_mounted:
                    break
                await pilot.pause(0.1)
            assert app.get_screen(name).is_mounted, f"{name} was not composed in the background"
        assert len(app.screen_stack) == 1  # none of them shown
        export = app.get_screen("export")
        await pilot.press("E")
        await pilot.pause()
        assert app.screen is export  # the first press finds it ready
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.is_screen_installed(app.screen)


async def test_the_collector_runs_less_often_once_the_workbench_is_up(
    make_app: Callable[..., GPReaderApp],
) -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.pause()
            assert gc.get_threshold() == memory.THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def computed_styles(screen: Screen[Any]) -> list[tuple[Any, ...]]:
    """Every node's CSS rules as the stylesheet last applied them, its parts' too."""
    return [
        (
            node,
            dict(node._css_styles.get_rules()),
            {name: dict(part.base.get_rules()) for name, part in node._component_styles.items()},
        )
        for node in screen.walk_children(with_self=True)
    ]


async def test_a_kept_screen_shown_again_is_styled_as_a_full_restyle_would_style_it(
    make_app: Callable[..., GPReaderApp], loaded_store: AnnotationStore
) -> None:
    loaded_store.ensure_tag("policy")
    app = make_app()
    restyled: list[Any] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = await open_article(app, pilot, ARTICLE)
        await cursor_to_body(pilot, reader)
        await pilot.press("h")
        await pilot.pause()
        update_styles = app.update_styles

        def counted(node: Any, animate: bool = True) -> None:
            restyled.append(node)
            update_styles(node, animate=animate)

        app.update_styles = counted  # type: ignore[method-assign]
        cases = [
            ("m", NoteDialog, list("draft"), ["escape", "escape"]),
            ("E", ExportScreen, ["tab", "x", "tab", "space"], ["escape"]),
            ("T", TagViewScreen, ["down", "tab"], ["escape"]),
            ("a", AttributesPanel, list("k=v"), ["escape"]),
            ("question_mark", HelpScreen, ["pagedown"], ["escape"]),
            ("t", TagPicker, list("pol"), ["escape"]),
            ("A", AnalysisScreen, ["tab"], ["escape"]),
        ]
        for key, kind, use, close in cases:
            for _ in range(2):
                await pilot.press(key)
                await pilot.pause()
                await pilot.press(*use)
                await pilot.pause()
                await pilot.press(*close)
                await pilot.pause()
            restyled.clear()
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, kind)
            assert screen not in restyled, f"{kind.__name__} was restyled from the top"
            seen = computed_styles(screen)
            app.stylesheet.update_nodes(screen.walk_children(with_self=True), animate=False)
            assert computed_styles(screen) == seen, f"{kind.__name__} styled otherwise"
            await pilot.press(*close)
            await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        await pilot.press("escape")
        await pilot.pause()
        dark = computed_styles(help_screen)
        app.theme = "textual-light"  # while the help screen is hidden
        await pilot.pause()
        restyled.clear()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is help_screen and help_screen in restyled
        light = computed_styles(help_screen)
        assert light != dark
        app.stylesheet.update_nodes(help_screen.walk_children(with_self=True), animate=False)
        assert computed_styles(help_screen) == light
