"""Everything the CLI writes goes through here, made safe to show (text.safe_to_show)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from gpreader.text import escape_unsafe, is_safe_to_show, safe_to_show

if TYPE_CHECKING:  # the importers are not loaded for the workbench's first paint
    from gpreader.corpus import sync as library


def say(
    text: str = "",
    *,
    err: bool = False,
    nl: bool = True,
    marks: Sequence[tuple[int, int]] = (),
    rewrite: bool = False,
) -> None:
    """Write one human-readable line: every line the CLI shows goes through here, made safe to
    show (text.safe_to_show). `marks`: ranges of `text` shown bold and underlined on a terminal;
    `rewrite`: start with a carriage return, to redraw a progress line."""
    shown = safe_to_show(text)  # one for one: the marked ranges stay valid
    if marks:
        shown = _marked(shown, marks)
    click.echo("\r" + shown if rewrite else shown, err=err, nl=nl)


def json_text(value: Any, indent: int | None = None) -> str:
    """`value` as JSON safe to show: JSON escapes C0 controls itself; C1 controls, bidi and
    zero-width characters (and lone surrogates) become \\uXXXX escapes too, so the text is still
    valid JSON and parses to the same data."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if is_safe_to_show(text) else escape_unsafe(text, _json_escape)


def _json_escape(char: str) -> str:
    """`char` as JSON's own ASCII escape: `\\uXXXX` (a surrogate pair beyond the BMP)."""
    return json.dumps(char)[1:-1]


def say_json(value: Any, indent: int | None = 2) -> None:
    """Machine output (--json): JSON with every unsafe character escaped."""
    click.echo(json_text(value, indent))


def _marked(text: str, marks: Sequence[tuple[int, int]]) -> str:
    """`text` with the marked ranges bold (plain when not on a terminal); `text` is already
    safe to show, so the only escape codes are the style's own."""
    out, at = [], 0
    for a, b in marks:
        out += [text[at:a], click.style(text[a:b], bold=True, underline=True)]
        at = b
    return "".join([*out, text[at:]])


def progress_bar() -> library.Progress | None:
    """A progress line on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from gpreader.corpus import sync as library

    def show(stage: str, done: int, total: int, path: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        label = library.STAGES.get(stage, stage)
        line = f"{label:<22} [{bar}] {done}/{total} {path[:40]:<40}"
        say(line, err=True, nl=done == total, rewrite=True)

    return show
