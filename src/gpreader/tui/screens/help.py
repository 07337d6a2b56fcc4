"""The help screen: every key of the screen it was opened from, grouped, as currently mapped,
with the binding ids a config file can remap."""

from __future__ import annotations

import re
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

from gpreader.tui.widgets.shown import assemble, styled

Row = tuple[str, str, str]  # keys, description, binding id


def _own_bindings(cls: type) -> list[Binding]:
    """Bindings declared by gpreader classes in the MRO of `cls`, most derived first."""
    found: list[Binding] = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("gpreader"):
            continue
        declared: list[BindingType] = klass.__dict__.get("BINDINGS", [])
        found.extend(Binding.make_bindings(declared))
    return found


def help_rows(node: DOMNode, app: App[Any]) -> list[Row]:
    """(keys, description, id) for each binding of `node`, with the user's keymap applied."""
    declared = _own_bindings(type(node))
    bindings = node._bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    rows: list[Row] = []
    seen: set[str] = set()
    for binding in declared:
        ident = binding.id or binding.action
        if ident in seen:
            continue
        seen.add(ident)
        keys = [
            app.get_key_display(b)
            for key, group in bindings.key_to_bindings.items()
            for b in group
            if (b.id or b.action) == ident
        ]
        rows.append(
            (" ".join(dict.fromkeys(keys)) or "(unbound)", binding.description, binding.id or "")
        )
    rows.extend(getattr(type(node), "EXTRA_HELP", []))
    return rows


def help_sections(screen: Screen[Any], app: App[Any]) -> list[tuple[str, list[Row]]]:
    """Sections for the screen, each of its widgets that has keys (one per class), and the app."""
    sections: list[tuple[str, list[Row]]] = []
    seen: set[type] = set()
    nodes: Iterable[DOMNode] = [screen, *screen.walk_children(with_self=False)]
    for node in nodes:
        cls = type(node)
        if cls in seen or not cls.__module__.startswith("gpreader"):
            continue
        seen.add(cls)
        rows = help_rows(node, app)
        if rows:
            sections.append((getattr(cls, "HELP_TITLE", cls.__name__), rows))
    sections.append((getattr(type(app), "HELP_TITLE", "General"), help_rows(app, app)))
    return sections


def collapse(rows: list[Row]) -> list[Row]:
    """Runs of numbered bindings (`code.quick1` ... `code.quick9`) as one row."""
    out: list[Row] = []
    run: list[Row] = []

    def flush() -> None:
        if len(run) > 2:
            first, last = run[0], run[-1]
            stem = first[2].rstrip("0123456789")
            description = re.sub(
                r"\b\d\b", f"{first[2][len(stem) :]}-{last[2][len(stem) :]}", first[1], count=1
            )
            keys = [r[0] for r in run]
            digits = [r[2][len(stem) :] for r in run]
            shown = f"{keys[0]}-{keys[-1]}" if keys == digits else " ".join(keys)
            out.append((shown, description, f"{first[2]}…{digits[-1]}"))
        else:
            out.extend(run)
        run.clear()

    for row in rows:
        numbered = re.fullmatch(r"(.+?)\d", row[2] or "")
        if (
            run
            and numbered
            and row[2][:-1] == run[-1][2][:-1]
            and int(row[2][-1]) == int(run[-1][2][-1]) + 1
        ):
            run.append(row)
            continue
        flush()
        (run if numbered else out).append(row)
    flush()
    return out


def render_section(title: str, rows: list[Row]) -> Content:
    rows = collapse(rows)
    keys_width = max((cell_len(k) for k, _, _ in rows), default=4) + 2
    text_width = min(max((cell_len(d) for _, d, _ in rows), default=10) + 2, 52)
    parts: list[str | tuple[str, str]] = [(title, "bold $accent"), "\n"]
    for keys, description, ident in rows:
        parts += [("  " + keys, "bold"), " " * (keys_width - cell_len(keys)), description]
        if ident:
            parts += [" " * max(text_width - cell_len(description), 2), (ident, "$text-muted")]
        parts.append("\n")
    return assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Keys of the screen below, as mapped now."""

    HELP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, target: Screen[Any], *, intro: str = "") -> None:
        super().__init__()
        self.target = target
        self.intro = intro

    def compose(self) -> ComposeResult:
        title = getattr(type(self.target), "HELP_TITLE", "gpreader")
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(styled(f"Keys · {title}", "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                if self.intro:
                    yield Static(styled(self.intro, "$text-muted"), classes="help-intro")
                for name, rows in help_sections(self.target, self.app):
                    yield Static(render_section(name, rows), classes="help-section")
            yield Static("Esc, ? or q closes · ↑↓ PgUp PgDn scroll", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
