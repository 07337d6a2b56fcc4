"""Component styles kept per place in the tree (tui/style_memo): a widget that asks gets, each
time it is restyled, the styles Textual would give it, while Textual matches its parts against
the stylesheet only once per path."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from gpreader.tui import style_memo

CSS = """
Part { height: 3; }
Part > .part--mark { color: red; }
Part:focus > .part--mark { color: green; }
.loud Part > .part--mark { color: blue; }
App.-alarm Part > .part--mark { color: yellow; }
"""


class Part(Widget, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"part--mark", "part--other"}
    MEMO_COMPONENT_STYLES = True


class PlainPart(Part):
    MEMO_COMPONENT_STYLES = False


class Parts(App[None]):
    CSS = CSS

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Part(id="a")
            yield PlainPart(id="b")


NAMES = {"#ff0000": "red", "#008000": "green", "#0000ff": "blue", "#ffff00": "yellow"}


def mark(widget: Widget) -> str:
    color = widget.get_component_rich_style("part--mark").color
    assert color is not None
    return NAMES.get(color.name, color.name)


@pytest.fixture
def matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The widgets whose parts Textual matched against the stylesheet, in order."""
    seen: list[str] = []
    textual = style_memo._textual_process

    def counting(sheet: Any, node: Any) -> None:
        seen.append(str(node.id))
        textual(sheet, node)

    monkeypatch.setattr(style_memo, "_textual_process", counting)
    style_memo.memoize_component_styles()
    return seen


async def test_focus_back_and_forth_matches_each_state_once(matched: list[str]) -> None:
    app = Parts()
    async with app.run_test() as pilot:
        a, b = app.query_one("#a"), app.query_one("#b")
        await pilot.pause()
        assert a.has_focus
        matched.clear()
        for _ in range(3):
            b.focus()
            await pilot.pause()
            assert (mark(a), mark(b)) == ("red", "green")
            a.focus()
            await pilot.pause()
            assert (mark(a), mark(b)) == ("green", "red")
        # The widget that asks met both states as the app started (mounted, then focused):
        # never matched again. The one that does not: at every focus change.
        assert matched.count("a") == 0
        assert matched.count("b") == 6


async def test_classes_up_the_tree_and_new_rules_are_met(matched: list[str]) -> None:
    app = Parts()
    async with app.run_test() as pilot:
        a = app.query_one("#a")
        box = app.query_one("#box")
        app.query_one("#b").focus()
        await pilot.pause()
        assert mark(a) == "red"
        box.add_class("loud")  # an ancestor's class: another path
        await pilot.pause()
        assert mark(a) == "blue"
        box.remove_class("loud")
        await pilot.pause()
        assert mark(a) == "red"
        app.add_class("-alarm")  # the app's class: Textual restyles from the top
        await pilot.pause()
        assert mark(a) == "yellow"
        app.remove_class("-alarm")
        await pilot.pause()
        matched.clear()
        app.stylesheet.add_source("Part > .part--mark { color: magenta; }", read_from=("t", ""))
        app.refresh_css()  # new rules: nothing kept may be used
        await pilot.pause()
        assert mark(a) == "#ff00ff"  # magenta
        assert "a" in matched


async def test_the_same_styles_as_without_the_memo() -> None:
    """Every part's styles, with the memo and without it, after the same moves."""

    async def parts_styles(memo: bool) -> list[tuple[str, str]]:
        app = Parts()
        async with app.run_test() as pilot:
            a = app.query_one("#a", Part)
            a.MEMO_COMPONENT_STYLES = memo  # type: ignore[misc]
            seen = []
            for step in ("a", "b", "loud", "a", "quiet", "b"):
                if step in ("a", "b"):
                    app.query_one(f"#{step}").focus()
                else:
                    app.query_one("#box").set_class(step == "loud", "loud")
                await pilot.pause()
                for name in sorted(Part.COMPONENT_CLASSES):
                    seen.append((name, str(a.get_component_rich_style(name))))
            return seen

    style_memo.memoize_component_styles()
    assert await parts_styles(True) == await parts_styles(False)
