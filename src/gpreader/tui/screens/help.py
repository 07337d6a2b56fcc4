"""The help screen: every key of the screen it was opened from, grouped, as currently mapped,
with the binding ids a config file can remap. The keys, their descriptions and the section
titles come from the key registry (gpreader.tui.keys); the keys shown are the ones bound now."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, ClassVar

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from gpreader.tui import keys
from gpreader.tui.keys import Row
from gpreader.tui.screens.kept import Kept, discard, kept
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.shown import assemble, styled

Section = tuple[str, list[Row]]  # title, rows


@functools.cache  # a class's BINDINGS are fixed: asked for every widget on each `?`
def scope_of(cls: type) -> keys.Scope | None:
    """The key scope of a gpreader class: that of the nearest class in its MRO declaring keys."""
    for klass in cls.__mro__:
        if klass.__module__.startswith("gpreader") and "BINDINGS" in klass.__dict__:
            return keys.scope_of(list(Binding.make_bindings(klass.__dict__["BINDINGS"])))
    return None


def help_rows(node: DOMNode, app: App[Any], scope: keys.Scope) -> list[Row]:
    """(keys, description, id) for each key of `scope`, as bound on `node` with the user's
    keymap applied, then the scope's notes."""
    bindings = node._bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    rows: list[Row] = []
    for key in keys.KEYS:
        if key.scope != scope.name:
            continue
        shown = [
            app.get_key_display(b)
            for group in bindings.key_to_bindings.values()
            for b in group
            if b.id == key.id
        ]
        rows.append((" ".join(dict.fromkeys(shown)) or "(unbound)", key.description, key.id))
    rows.extend((shown, text, "") for shown, text in scope.notes)
    return rows


def help_sections(screen: Screen[Any], app: App[Any]) -> list[Section]:
    """Sections for the screen, each of its widgets that has keys (one per scope), and the app."""
    sections: list[Section] = []
    seen: set[str] = set()
    nodes: Iterable[DOMNode] = [screen, *screen.walk_children(with_self=False), app]
    for node in nodes:
        scope = scope_of(type(node))
        if scope is None or scope.name in seen:
            continue
        seen.add(scope.name)
        sections.append((scope.title, help_rows(node, app, scope)))
    return sections


def render_section(title: str, rows: list[Row]) -> Content:
    rows = keys.collapse(rows)
    keys_width = max((cell_len(k) for k, _, _ in rows), default=4) + 2
    text_width = min(max((cell_len(d) for _, d, _ in rows), default=10) + 2, 52)
    parts: list[str | tuple[str, str]] = [(title, "bold $accent"), "\n"]
    for shown, description, ident in rows:
        parts += [("  " + shown, "bold"), " " * (keys_width - cell_len(shown)), description]
        if ident:
            parts += [" " * max(text_width - cell_len(description), 2), (ident, "$text-muted")]
        parts.append("\n")
    return assemble(*parts)


def help_screen(app: App[Any], wanted: HelpScreen) -> HelpScreen:
    """`wanted`, or the kept help screen showing the same (each screen's help is composed once
    and shown again while its keys stay as they are; see kept)."""
    name = f"help: {wanted.title_text}"
    screen = kept(app, name, HelpScreen, lambda: wanted)
    if screen is not wanted and not screen.same_as(wanted):
        discard(app, name)
        screen = kept(app, name, HelpScreen, lambda: wanted)
    screen.reset()
    return screen


class HelpScreen(KeptTintMixin, Kept, ModalScreen[None]):
    """Keys of a screen, as mapped now: given as sections (see `for_screen`)."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("help")

    def __init__(self, title: str, sections: list[Section], *, intro: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.sections = sections
        self.intro = intro
        self._title_shown = title  # the heading's section, as composed

    @classmethod
    def for_screen(cls, screen: Screen[Any], app: App[Any], *, intro: str = "") -> HelpScreen:
        """The help for `screen` (its keys and those of its widgets and of the app)."""
        scope = scope_of(type(screen))
        title = scope.title if scope is not None else "gpreader"
        return cls(title, help_sections(screen, app), intro=intro)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(styled(f"Keys · {self.title_text}", "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                if self.intro:
                    yield Static(styled(self.intro, "$text-muted"), classes="help-intro")
                for name, rows in self.sections:
                    yield Static(render_section(name, rows), name=name, classes="help-section")
            yield Static("Esc, ? or q closes · ↑↓ PgUp PgDn scroll", classes="hint", markup=False)

    def on_mount(self) -> None:
        body = next(iter(self.query("#help-body").results(VerticalScroll)), None)
        if body is None:  # discarded (see kept) while it was still being composed
            return
        body.focus()
        self.watch(body, "scroll_y", self._follow_scroll, init=False)

    def same_as(self, other: HelpScreen) -> bool:
        """Whether `other` shows exactly what this one shows."""
        return (self.title_text, self.sections, self.intro) == (
            other.title_text,
            other.sections,
            other.intro,
        )

    def reset(self) -> None:
        """Show the screen again as a new one would open: scrolled to the top."""
        if not self.is_mounted:
            return
        body = self.query_one("#help-body", VerticalScroll)
        if body.scroll_y:
            body.scroll_home(animate=False, immediate=True)
        self._show_title(self.title_text)
        body.focus()

    def _show_title(self, title: str) -> None:
        """The heading (one line: changing it needs no layout; unchanged, nothing is done)."""
        if title != self._title_shown:
            self._title_shown = title
            self.query_one("#help-title", Static).update(
                styled(f"Keys · {title}", "bold"), layout=False
            )

    def _follow_scroll(self, y: float) -> None:
        """The top heading names the section at the top of the scrolled list."""
        current = self.title_text
        for section in self.query(".help-section"):
            if section.virtual_region.y > y + 0.5:
                break
            current = section.name or current
        self._show_title(current)

    def action_close(self) -> None:
        self.dismiss(None)
