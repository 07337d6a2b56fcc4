"""Every key binding of the workbench, in one place.

Screens and widgets take their BINDINGS from here (`bindings("reader")`); the help screen, the
config file's keymap check and the key reference in the README come from the same table:

    python -m gpreader.tui.keys --markdown

A binding id is what a user's `[keymap]` names, so ids never change once released.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from textual.binding import Binding, BindingType

Row = tuple[str, str, str]  # keys as shown, description, binding id ("" for a note)
DEFAULT_RANK = 5


@dataclass(frozen=True)
class Scope:
    """Where a group of keys applies: its heading in the help screen and in the README, and
    rows of explanation that are not bindings (typed syntax, keys Textual handles itself)."""

    name: str
    title: str
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Key:
    """One binding: its id, default keys (comma-separated Textual key names), the action it
    runs, what it does, and the scope it belongs to."""

    id: str
    keys: str
    action: str
    description: str
    scope: str
    show: bool = True  # in the footer
    priority: bool = False  # before the focused widget's own keys
    rank: int = DEFAULT_RANK  # importance in the footer: 0 first; a narrow footer drops high ranks

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            id=self.id,
        )


SCOPES: dict[str, Scope] = {
    s.name: s
    for s in (
        Scope("main", "Workbench: columns and coding"),
        Scope("library", "Library"),
        Scope("library.table", "Library list"),
        Scope("reader", "Reading and selecting"),
        Scope(
            "app",
            "Everywhere",
            (
                ("^p", "Command palette: open articles, tags, commands"),
                ("^q", "Quit, even from a text box (everything is already saved)"),
            ),
        ),
        Scope(
            "search",
            "Search",
            (
                ("words", "Any order; typos forgiven; the last word may be unfinished"),
                ('"…"', "An exact phrase"),
                ("tag:PATH", "Inside highlights with that tag or a child"),
                ("in:body in:comments", "Only the article body, or only reader comments"),
                ("article:TEXT", "Only articles whose title matches TEXT"),
                ("has:note", "Only highlighted passages with a note"),
                ("shift+enter", "Is Enter in most terminals: ctrl+o works in any"),
            ),
        ),
        Scope(
            "tagview",
            "Tag view",
            (
                ("enter", "On a tag: its passages; on a passage: open it in the focused column"),
                ("1-9 0", "On a tag: give it that quick key for the reader (0 clears)"),
                ("escape", "In the filter box: clear the filter (the view lists every passage)"),
            ),
        ),
        Scope(
            "analysis",
            "Analysis (A)",
            (
                ("arrows", "Move between cells; tabs: matrix, co-occurrence, timeline, agreement"),
                ("enter", "Agreement tab: on a tag, the units where the coders disagree"),
            ),
        ),
        Scope("passages", "Passages behind a number", (("enter", "Open the passage"),)),
        Scope(
            "kwic",
            "Keyword in context (/ in Analysis)",
            (
                ("enter", "In the box: search; on a line: open the hit"),
                ("T", "Code every hit listed: tags, then a confirmation; one u undoes it all"),
            ),
        ),
        Scope(
            "attributes",
            "Attributes (a)",
            (
                ("key=value", "Set an attribute (2024-02-07 a date, 12 a number, else text)"),
                ("key=", "Remove it"),
            ),
        ),
        Scope("picker", "Tag picker"),
        Scope("note", "Note"),
        Scope("export", "Export"),
        Scope("ask", "Ask"),
        Scope("color", "Colour"),
        Scope("choose", "Choose"),
        Scope("help", "Help"),
        Scope("small", "Terminal too small"),
        Scope("compare", "Compare coders"),
    )
}


def _in(scope: str, *rows: tuple[str, str, str, str], hidden: bool = False) -> list[Key]:
    """Keys of one scope from (id, keys, action, description) rows."""
    return [Key(i, k, a, d, scope, show=not hidden) for i, k, a, d in rows]


def _numbered(scope: str, stem: str, action: str, description: str) -> list[Key]:
    """Keys 1-9 of one scope: `{stem}1` ... `{stem}9`, action `action(n)`, hidden."""
    return [
        Key(f"{stem}{n}", str(n), f"{action}({n})", description.format(n=n), scope, show=False)
        for n in range(1, 10)
    ]


KEYS: tuple[Key, ...] = (
    # -- the main screen: coding, then columns and other screens
    Key("code.tag", "t", "tag", "Tag", "main", rank=1),
    *_numbered("main", "code.quick", "quick", "Quick tag {n} (on/off)"),
    Key("code.highlight", "h", "highlight", "Highlight", "main", rank=4),
    Key("code.note", "m", "note", "Note", "main", rank=4),
    Key("code.untag", "minus", "untag", "Remove a tag", "main", show=False),
    Key("code.delete", "x", "delete", "Delete", "main", rank=4),
    Key("code.undo", "u", "undo", "Undo", "main", rank=3),
    Key("code.redo", "ctrl+r", "redo", "Redo", "main", show=False),
    *_in(
        "main",
        ("main.next_pane", "tab", "cycle(1)", "Next pane"),
        ("main.prev_pane", "shift+tab", "cycle(-1)", "Previous pane"),
        ("main.close_column", "ctrl+w", "close_column", "Close column"),
        ("main.jump_back", "ctrl+o,alt+left", "jump(-1)", "Jump back"),
        ("main.jump_forward", "ctrl+i,alt+right", "jump(1)", "Jump forward"),
        hidden=True,
    ),
    Key("main.search", "slash", "search", "Search", "main", rank=1),
    *_in(
        "main",
        ("main.search_next", "n", "search_next(1)", "Next search match"),
        ("main.search_prev", "N", "search_next(-1)", "Previous search match"),
        hidden=True,
    ),
    Key("main.export", "E", "export", "Export", "main", rank=6),
    Key("main.tag_view", "T", "tag_view", "Tag view", "main", rank=2),
    Key("main.attributes", "a", "attributes", "Attributes of the article", "main", show=False),
    *_in(
        "main",
        ("main.coders", "c", "cycle_coders", "Show all coders' highlights, or one coder's"),
        ("main.choose_coders", "W", "choose_coders", "Choose whose highlights to show (several)"),
        ("main.done", "D", "mark_done", "Mark the article done (coded) / not done"),
        ("main.compare", "C", "compare", "Compare two coders on the article"),
        hidden=True,
    ),
    *_in(
        "main",
        ("main.toggle_library", "L", "toggle_library", "Show/hide library"),
        ("main.toggle_annotations", "H", "toggle_annotations", "Show/hide annotations"),
        ("main.toggle_legend", "K", "toggle_legend", "Show/hide the quick-tag legend"),
        hidden=True,
    ),
    *_in(
        "main",
        (
            "main.analysis",
            "A,number_sign",
            "analysis",
            "Analysis: matrix, co-occurrence, timeline, agreement",
        ),
        ("main.memo", "M", "memo", "Memo on the article"),
        hidden=True,
    ),
    # -- the library: the panel (filter box and list), then the list itself
    Key("library.open", "o,enter", "open(False)", "Open", "library", rank=1),
    Key("library.open_new", "O", "open(True)", "Open beside", "library", rank=6),
    Key("library.sort", "s", "sort", "Sort", "library", rank=6),
    *_in(
        "library",
        ("library.reverse", "S", "reverse", "Reverse order"),
        ("library.filter", "f,ctrl+f", "filter", "Filter (attr:KEY=VALUE too)"),
        ("library.columns", "V", "columns", "Attribute columns: show or hide"),
        hidden=True,
    ),
    *_in(
        "library.table",
        ("library.down", "j,down", "move(1)", "Next article"),
        ("library.up", "k,up", "move(-1)", "Previous article"),
        ("library.page_down", "pagedown", "page(1)", "Page down"),
        ("library.page_up", "pageup", "page(-1)", "Page up"),
        ("library.top", "g,home", "edge(-1)", "First article"),
        ("library.bottom", "G,end", "edge(1)", "Last article"),
        hidden=True,
    ),
    # -- a reading column
    *_in(
        "reader",
        ("reader.down", "j,down", "cursor(1)", "Next sentence"),
        ("reader.up", "k,up", "cursor(-1)", "Previous sentence"),
        ("reader.next_paragraph", "}", "paragraph(1)", "Next paragraph"),
        ("reader.prev_paragraph", "{", "paragraph(-1)", "Previous paragraph"),
        ("reader.page_down", "space,pagedown,ctrl+f", "page(1)", "Page down"),
        ("reader.page_up", "pageup,ctrl+b", "page(-1)", "Page up"),
        ("reader.top", "g,home", "edge(-1)", "Start of the article"),
        ("reader.bottom", "G,end", "edge(1)", "End of the article"),
        ("reader.next_highlight", "]", "highlight(1)", "Next highlight"),
        ("reader.prev_highlight", "[", "highlight(-1)", "Previous highlight"),
        ("reader.next_word", "w", "step_word(1)", "Next word or punctuation"),
        ("reader.word_end", "e", "word_end", "Next word (skips punctuation)"),
        ("reader.prev_word", "b", "step_word(-1)", "Previous word or punctuation"),
        ("reader.sentence_start", "0", "sentence_edge(-1)", "First word of the sentence"),
        ("reader.sentence_end", "dollar_sign", "sentence_edge(1)", "Last word of the sentence"),
        hidden=True,
    ),
    Key("reader.select", "v", "select", "Select", "reader", rank=3),
    *_in(
        "reader",
        ("reader.word_right", "shift+right", "word(1)", "Select: move the end a word right"),
        ("reader.word_left", "shift+left", "word(-1)", "Select: move the end a word left"),
        ("reader.clear", "escape", "clear", "Clear the selection"),
        hidden=True,
    ),
    # -- everywhere
    Key("app.quit", "q", "quit", "Quit", "app", rank=0),
    Key("app.help", "question_mark", "help", "Help", "app", rank=0),
    # -- dialogs and other screens
    Key("search.close", "escape", "close", "Close search", "search"),
    Key("search.down", "down,ctrl+n", "move(1)", "Next result", "search", priority=True),
    Key("search.up", "up,ctrl+p", "move(-1)", "Previous result", "search", priority=True),
    Key("search.page_down", "pagedown", "move(10)", "Ten results down", "search", priority=True),
    Key("search.page_up", "pageup", "move(-10)", "Ten results up", "search", priority=True),
    Key("search.open", "enter", "open", "Open the result", "search", priority=True),
    Key(
        "search.open_beside",
        "shift+enter,ctrl+o",
        "open(True)",
        "Open the result in a new column beside",
        "search",
        priority=True,
    ),
    Key("search.help", "f1", "app.help", "Keys (also ? in an empty box)", "search", priority=True),
    Key(
        "search.kwic", "ctrl+k", "kwic", "Keyword in context of the search", "search", priority=True
    ),
    Key("export.run", "ctrl+s", "export", "Export", "export", priority=True),
    Key("export.cancel", "escape", "cancel", "Cancel", "export"),
    Key("tagview.close", "escape", "close", "Back to reading", "tagview"),
    Key("tagview.help", "question_mark,f1", "app.help", "Keys", "tagview", show=False),
    Key("tagview.switch", "tab,shift+tab", "switch", "Tags ⇄ passages", "tagview", priority=True),
    Key(
        "tagview.open_beside",
        "O,shift+enter",
        "open_beside",
        "Open the passage in a new column beside",
        "tagview",
    ),
    Key(
        "tagview.filter",
        "slash",
        "filter",
        "Filter the passages by a query (tag:, coder:, near:N, words…)",
        "tagview",
    ),
    Key("tagview.down", "j", "cursor(1)", "Down (as ↓)", "tagview", show=False),
    Key("tagview.up", "k", "cursor(-1)", "Up (as ↑)", "tagview", show=False),
    *_numbered("tagview", "tagview.key", "quick", "Quick key {n} for the tag"),
    Key("tagview.key0", "0", "quick(0)", "Clear the tag's quick key", "tagview", show=False),
    *_in(
        "tagview",
        ("tagview.rename", "r", "codebook('rename')", "Rename the tag (children move)"),
        ("tagview.merge", "M", "codebook('merge')", "Merge the tag into another"),
        ("tagview.delete", "d", "codebook('delete')", "Delete the tag (highlights stay)"),
        ("tagview.color", "c", "codebook('color')", "Set the tag's colour"),
        ("tagview.describe", "D", "codebook('describe')", "Set the tag's description"),
    ),
    *_in(
        "tagview",
        ("tagview.undo", "u", "codebook('undo')", "Undo the last change"),
        ("tagview.redo", "ctrl+r", "codebook('redo')", "Redo what was undone"),
        hidden=True,
    ),
    Key("analysis.close", "escape", "close", "Back to reading", "analysis"),
    Key("analysis.help", "question_mark,f1", "app.help", "Keys", "analysis", show=False),
    Key("analysis.open", "enter", "open_cell", "The passages counted in the cell", "analysis"),
    Key(
        "analysis.by",
        "b",
        "cycle_by",
        "Matrix: columns by month, year, article, attribute",
        "analysis",
    ),
    Key(
        "analysis.count",
        "n",
        "cycle_count",
        "Matrix: count highlights, articles, words",
        "analysis",
    ),
    Key("analysis.rule", "r", "cycle_rule", "Co-occurrence: the next rule", "analysis"),
    Key("analysis.memo", "M", "memo", "Memo on the row's tag", "analysis"),
    Key("analysis.kwic", "slash", "kwic", "Keyword in context of a search", "analysis"),
    Key("analysis.coders", "c", "pick_coders", "Agreement: the coders compared", "analysis"),
    Key("analysis.unit", "U", "cycle_unit", "Agreement: the next unit", "analysis"),
    Key("analysis.chart", "v", "toggle_chart", "Timeline: chart or table", "analysis"),
    Key("analysis.next_tab", "]", "tab(1)", "Next tab", "analysis", show=False),
    Key("analysis.prev_tab", "[", "tab(-1)", "Previous tab", "analysis", show=False),
    Key("passages.close", "escape", "close", "Back", "passages"),
    Key("passages.down", "j", "cursor(1)", "Down (as ↓)", "passages", show=False),
    Key("passages.up", "k", "cursor(-1)", "Up (as ↑)", "passages", show=False),
    Key("kwic.close", "escape", "close", "Back", "kwic"),
    Key("kwic.code", "t", "code", "Code the hit (tag picker)", "kwic"),
    Key("kwic.code_all", "T", "code_all", "Code all hits (confirm; one undo)", "kwic"),
    Key("kwic.sort", "s", "sort", "Sort: rank, left, right, keyword, article", "kwic"),
    Key("kwic.undo", "u", "undo", "Undo the last change", "kwic"),
    Key("kwic.query", "slash", "query", "A new search", "kwic"),
    Key("attributes.close", "escape", "close", "Close", "attributes"),
    Key("picker.cancel", "escape", "cancel", "Cancel", "picker"),
    Key("picker.down", "down", "move(1)", "Next tag", "picker", priority=True),
    Key("picker.up", "up", "move(-1)", "Previous tag", "picker", priority=True),
    Key("picker.complete", "tab", "complete", "Complete; add another", "picker", priority=True),
    Key("note.save", "ctrl+s", "save", "Save", "note", priority=True),
    Key("note.cancel", "escape", "cancel", "Cancel", "note"),
    Key("ask.cancel", "escape", "cancel", "Cancel", "ask"),
    Key("color.cancel", "escape", "cancel", "Cancel", "color"),
    Key("color.down", "down", "move(1)", "Next colour", "color", priority=True),
    Key("color.up", "up", "move(-1)", "Previous colour", "color", priority=True),
    Key("choose.cancel", "escape", "cancel", "Cancel", "choose"),
    Key("choose.down", "j", "move(1)", "Next choice (also ↓)", "choose", show=False),
    Key("choose.up", "k", "move(-1)", "Previous choice (also ↑)", "choose", show=False),
    Key("choose.help", "question_mark,f1", "app.help", "Keys", "choose", show=False),
    Key("help.close", "escape,question_mark,q", "close", "Close help", "help"),
    Key("small.quit", "q", "app.quit", "Quit", "small"),
    Key("compare.next", "n", "step(1)", "Next difference", "compare", rank=1),
    Key("compare.prev", "N,p", "step(-1)", "Previous difference", "compare", rank=2),
    Key("compare.first", "1", "adopt(1)", "Adopt coder 1's coding", "compare", rank=1),
    Key("compare.second", "2", "adopt(2)", "Adopt coder 2's coding", "compare", rank=1),
    Key("compare.close", "escape", "close", "Back to reading", "compare", rank=0),
    Key("compare.help", "question_mark,f1", "app.help", "Keys", "compare", show=False),
)
BY_ID: dict[str, Key] = {key.id: key for key in KEYS}


def bindings(scope: str) -> list[BindingType]:
    """The Binding objects of one scope, for a class's BINDINGS (typed as Textual types it)."""
    if scope not in SCOPES:
        raise KeyError(f"no key scope {scope!r}")
    return [key.binding() for key in KEYS if key.scope == scope]


def ids() -> set[str]:
    """Every binding id a keymap may name."""
    return set(BY_ID)


def scope_of(declared: list[Binding]) -> Scope | None:
    """The scope a class's BINDINGS came from (None for a class without keys)."""
    for binding in declared:
        if binding.id in BY_ID:
            return SCOPES[BY_ID[binding.id].scope]
    return None


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


_SYMBOLS = {
    "question_mark": "?",
    "slash": "/",
    "minus": "-",
    "dollar_sign": "$",
    "number_sign": "#",
}


def key_names(keys: str) -> str:
    """Default keys as a reader types them: `j down`, `?`, `ctrl+w`."""
    return " ".join(_SYMBOLS.get(k.strip(), k.strip()) for k in keys.split(","))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    """The key reference: one table, scope by scope, as the README shows it."""
    lines = ["| where | keys | what it does | id |", "| --- | --- | --- | --- |"]
    for scope in SCOPES.values():
        rows = [(key_names(k.keys), k.description, k.id) for k in KEYS if k.scope == scope.name]
        rows = collapse(rows) + [(keys, text, "") for keys, text in scope.notes]
        for n, (keys, text, ident) in enumerate(rows):
            where = scope.title if n == 0 else ""
            shown_keys = " ".join(f"`{_cell(k)}`" for k in keys.split(" ") if k)
            shown_id = f"`{ident}`" if ident else ""
            lines.append(f"| {where} | {shown_keys} | {_cell(text)} | {shown_id} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """`python -m gpreader.tui.keys --markdown` prints the key reference."""
    if argv != ["--markdown"]:
        print("usage: python -m gpreader.tui.keys --markdown", file=sys.stderr)
        return 2
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
