"""The tag picker: type to filter the codebook fuzzily; Enter applies the highlighted row: the
tag typed exactly, else the new tag as typed, or the row moved to with the arrows. Commas (or
Tab, which completes) give several tags in one go. The rule is codebook.py's."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gpreader import codebook, reading
from gpreader.codebook import PickerRow
from gpreader.errors import InvalidInputError
from gpreader.models import Tag
from gpreader.tui import keys
from gpreader.tui.screens.kept import Kept
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.annotations_list import HighlightList
from gpreader.tui.widgets.quiet_layout import OneLineInput
from gpreader.tui.widgets.shown import assemble, styled

PICKER = "tag-picker"  # the name the workbench's tag picker is kept (installed) under
KEPT_OPTIONS = 2_000  # rows' options kept for showing again; all dropped past it
HINT = "↑↓ choose · Tab add another · Enter apply · Esc cancel"


class TagPicker(KeptTintMixin, Kept, ModalScreen[list[str] | None]):
    """Choose one or more tags; dismisses with their paths, or None. One picker is composed
    and shown again for each passage (`reset`): composing a dialog per key took longer than a
    key may take."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("picker")

    def __init__(self, tags: list[Tag], *, target: str, current: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.tags = tags
        self.target = target
        self.current = current
        self.rows: tuple[PickerRow, ...] = ()
        self.moved = False  # the user moved to a row with the arrows since typing
        self._made: dict[tuple[object, ...], Option] = {}  # rows' options, kept (see _option)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Static(self._target_line(), id="picker-target")
            yield Static(self._current_line(), id="picker-current")
            yield OneLineInput(
                placeholder="Tag name, e.g. policy/contract (commas for several)", id="picker-input"
            )
            yield HighlightList(id="picker-options")
            yield Static(HINT, id="picker-hint", classes="hint", markup=False)

    def _target_line(self) -> Content:
        return assemble(("Tag ", "bold"), (f"“{reading.clip(self.target, 110)}”", "italic"))

    def _current_line(self) -> Content:
        return assemble(("Already: ", "$text-muted"), ", ".join(self.current))

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False
        self.query_one("#picker-current").display = bool(self.current)
        self._refresh_options("")

    def reset(self, tags: list[Tag], *, target: str, current: tuple[str, ...] = ()) -> None:
        """Show the picker again for another passage, as a new one would open: the box empty
        and focused, the rows of the whole codebook."""
        self.tags, self.target, self.current = tags, target, current
        if not self.is_mounted:  # composed from these when first shown
            return
        self.query_one("#picker-target", Static).update(self._target_line())
        applied = self.query_one("#picker-current", Static)
        applied.update(self._current_line())
        applied.display = bool(current)
        box = self.query_one(Input)
        with box.prevent(Input.Changed):
            box.value = ""
        box.focus()
        self._refresh_options("")

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._refresh_options(event.value)

    def _refresh_options(self, value: str) -> None:
        """Rows for the text; the default row (exact tag, else "+ new tag") highlighted."""
        self.moved = False
        found = codebook.picker_rows(value, self.tags)
        self.rows = found.rows
        options = [self._option(row) for row in self.rows]
        if not options and not self.tags:
            options.append(self._made.setdefault(("none",), _no_tags_option()))
        option_list = self.query_one(HighlightList)
        option_list.put_options(options)
        option_list.highlighted = found.default
        self._hint(found.completion, found.default)

    def _option(self, row: PickerRow) -> Option:
        """The option showing `row`: the one made before for the same row, so the list draws
        a row it showed before from the lines it kept (a new option is measured and drawn)."""
        tag = row.tag
        if tag is None:
            key: tuple[object, ...] = ("new", row.path)
        else:
            applied = row.path in self.current
            key = ("tag", tag.path, tag.color, tag.quick_key, tag.highlights, tag.description)
            key += (applied,)
        found = self._made.get(key)
        if found is None:
            if len(self._made) > KEPT_OPTIONS:
                self._made.clear()
            made = _new_option(row.path) if tag is None else _tag_option(tag, applied)
            found = self._made[key] = made
        return found

    def _hint(self, completion: str | None, default: int | None) -> None:
        """The keys, saying where Tab goes when that is not the highlighted row."""
        shown = self.rows[default].path if default is not None else None
        text = HINT if completion in (None, shown) else f"Tab → {completion} · " + HINT
        self.query_one("#picker-hint", Static).update(assemble(text))

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if not self.rows:
            return
        if option_list.highlighted is None:
            option_list.highlighted = 0 if step > 0 else len(self.rows) - 1
        elif step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()
        self.moved = True
        self.query_one("#picker-hint", Static).update(HINT)

    def _chosen(self) -> str | None:
        """The path of the row the user moved to (None when they have not moved)."""
        index = self.query_one(OptionList).highlighted
        if not self.moved or index is None or index >= len(self.rows):
            return None
        return self.rows[index].path

    def action_complete(self) -> None:
        """Replace the name being typed by the row moved to or its completion; start another."""
        box = self.query_one(Input)
        value = codebook.picker_tab(box.value, self.tags, self._chosen())
        if value is not None:
            box.value = value
            box.cursor_position = len(value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        self._apply(self._chosen())

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.rows):
            self._apply(self.rows[event.option_index].path)

    def _apply(self, chosen: str | None) -> None:
        try:
            paths = codebook.picker_enter(self.query_one(Input).value, self.tags, chosen)
        except InvalidInputError as exc:
            self.query_one("#picker-hint", Static).update(styled(str(exc), "bold $error"))
            return
        self.dismiss(paths)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _no_tags_option() -> Option:
    return Option(styled("No tags yet: type a name to create one.", "$text-muted"), disabled=True)


def _new_option(path: str) -> Option:
    return Option(assemble(("+ ", "bold"), "new tag ", (path, "bold")))


def _tag_option(tag: Tag, applied: bool) -> Option:
    parts: list[str | tuple[str, str]] = [
        ("■ ", tag.color or "$text-muted"),
        (tag.path, "bold" if applied else ""),
    ]
    if applied:
        parts.append(("  ✓ applied", "$text-muted"))
    if tag.quick_key:
        parts.append((f"  [{tag.quick_key}]", "$accent"))
    if tag.highlights:
        parts.append((f"  {tag.highlights}", "$text-muted"))
    if tag.description:
        parts.append((f"  {reading.clip(tag.description, 60)}", "$text-muted italic"))
    return Option(assemble(*parts))
