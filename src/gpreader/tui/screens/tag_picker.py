"""The tag picker: type to filter the codebook fuzzily; Enter applies the highlighted tag or
creates the typed one; commas (or Tab, which completes) give several tags in one go."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gpreader import reading
from gpreader.errors import InvalidInputError
from gpreader.models import Tag
from gpreader.tui import keys
from gpreader.tui.widgets.shown import assemble, styled

NEW = "new:"
HINT = "↑↓ choose · Tab add another · Enter apply · Esc cancel"


class TagPicker(ModalScreen[list[str] | None]):
    """Choose one or more tags; dismisses with their paths, or None."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("picker")

    def __init__(self, tags: list[Tag], *, target: str, current: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.tags = tags
        self.target = target
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Static(
                assemble(("Tag ", "bold"), (f"“{reading.clip(self.target, 110)}”", "italic")),
                id="picker-target",
            )
            if self.current:
                yield Static(
                    assemble(("Already: ", "dim"), ", ".join(self.current)),
                    id="picker-current",
                )
            yield Input(
                placeholder="Tag name, e.g. policy/contract (commas for several)", id="picker-input"
            )
            yield OptionList(id="picker-options")
            yield Static(HINT, id="picker-hint", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False
        self._refresh_options("")

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#picker-hint", Static).update(HINT)
        self._refresh_options(event.value)

    def _refresh_options(self, value: str) -> None:
        done, typed = reading.split_tag_input(value)
        taken = {d.casefold() for d in done}
        scored = [
            (t, s)
            for t, s in reading.tag_scores(typed, self.tags)
            if t.path.casefold() not in taken
        ]
        options: list[Option] = [_tag_option(t, t.path in self.current) for t, _ in scored]
        exact = any(t.path.casefold() == typed.casefold() for t, _ in scored)
        if typed and not exact:
            label = assemble(("+ ", "bold $success"), "new tag ", (typed, "bold"))
            weak = not scored or scored[0][1] < reading.FUZZY_STRONG
            options.insert(0 if weak else len(options), Option(label, id=NEW + typed))
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if options:
            option_list.highlighted = 0
        elif not self.tags:
            option_list.add_option(
                Option(styled("No tags yet: type a name to create one.", "dim"), disabled=True)
            )

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if option_list.option_count:
            option_list.action_cursor_down() if step > 0 else option_list.action_cursor_up()

    def _highlighted(self) -> str | None:
        """The tag path of the highlighted option (a new one as typed)."""
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        if index is None or not option_list.option_count:
            return None
        option = option_list.get_option_at_index(index)
        if option.disabled or option.id is None:
            return None
        return option.id.removeprefix(NEW) if option.id.startswith(NEW) else option.id

    def action_complete(self) -> None:
        """Replace the name being typed by the highlighted tag, and start another."""
        box = self.query_one(Input)
        done, typed = reading.split_tag_input(box.value)
        chosen = self._highlighted() if typed or not done else None
        if chosen is None:
            return
        box.value = ", ".join([*done, chosen]) + ", "
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        self._apply(self._highlighted())

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        self._apply(option_id.removeprefix(NEW) if option_id.startswith(NEW) else option_id or None)

    def _apply(self, highlighted: str | None) -> None:
        done, typed = reading.split_tag_input(self.query_one(Input).value)
        names = [*done]
        if typed:
            names.append(highlighted or typed)
        try:
            paths = list(dict.fromkeys(reading.resolve_tag(n, self.tags) for n in names))
        except InvalidInputError as exc:
            self.query_one("#picker-hint", Static).update(styled(str(exc), "bold $error"))
            return
        if not paths:
            if highlighted and not done:
                paths = [highlighted]
            else:
                self.query_one("#picker-hint", Static).update(
                    styled("Type a tag name, or choose one with ↑↓.", "bold $warning")
                )
                return
        self.dismiss(paths)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _tag_option(tag: Tag, applied: bool) -> Option:
    parts: list[str | tuple[str, str]] = [
        ("■ ", tag.color or "$text-muted"),
        (tag.path, "bold" if applied else ""),
    ]
    if applied:
        parts.append(("  ✓ applied", "dim"))
    if tag.quick_key:
        parts.append((f"  [{tag.quick_key}]", "$accent"))
    if tag.highlights:
        parts.append((f"  {tag.highlights}", "dim"))
    if tag.description:
        parts.append((f"  {reading.clip(tag.description, 60)}", "dim italic"))
    return Option(assemble(*parts), id=tag.path)
