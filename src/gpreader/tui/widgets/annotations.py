"""The annotations panel: the focused column's highlights in reading order, with tags, notes and
anchor status; orphans (passages no longer found in the article) in their own group."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gpreader import reading
from gpreader.models import Highlight
from gpreader.tui.widgets.annotations_list import HighlightList
from gpreader.tui.widgets.quiet_layout import AlikeLines, FixedLine
from gpreader.tui.widgets.reader import UNTAGGED
from gpreader.tui.widgets.shown import assemble, styled

# Articles whose options are kept (with their heights and lines) after another is shown: the
# other columns' (four at most) and one more, so that moving between columns or closing one
# measures nothing again (about 60 ms of UI thread for 100 highlights: benchmarks/bench_ui.py).
KEPT_ARTICLES = 5


class AnnotationsPanel(Vertical, AlikeLines):
    """A list of highlights; Enter moves the reading cursor to one."""

    BINDINGS: ClassVar[list[BindingType]] = []

    class Jump(Message):
        """Move the focused column's cursor to a highlight."""

        def __init__(self, highlight: Highlight) -> None:
            super().__init__()
            self.highlight = highlight

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path: str | None = None
        self._by_id: dict[str, Highlight] = {}
        self._signature: tuple[object, ...] = ()
        # options kept from the last articles shown (the list keeps their heights and lines)
        self._made: dict[tuple[object, ...], Option] = {}
        self._recent: list[tuple[str | None, set[Option]]] = []  # per article, oldest first

    def compose(self) -> ComposeResult:
        yield FixedLine("Annotations", id="annotations-title", markup=False)
        yield HighlightList(id="annotations-list")

    def show(
        self,
        path: str | None,
        highlights: list[Highlight],
        colors: dict[str, str],
        current: str | None = None,
    ) -> None:
        """List `highlights` of the article at `path` (None: no column open)."""
        signature = (
            path,
            tuple((h.id, h.updated, h.status, h.tags, h.tag_coders, h.note) for h in highlights),
            tuple(colors.items()),
        )
        options = self.query_one(HighlightList)
        if signature != self._signature:
            self._signature = signature
            self.path = path
            self._by_id = {h.id: h for h in highlights}
            placed = [h for h in highlights if h.status != "orphaned"]
            orphans = [h for h in highlights if h.status == "orphaned"]
            items: list[Option] = []  # set at once: each add re-measures every option
            title = self.query_one("#annotations-title", Static)
            if path is None:
                title.update("Annotations", layout=False)  # one line, always
                items.append(
                    Option(
                        styled("Open an article to see its highlights.", "$text-muted"),
                        disabled=True,
                    )
                )
            else:
                title.update(
                    f"Annotations · {len(placed)}"
                    + (f" + {len(orphans)} orphaned" if orphans else ""),
                    layout=False,
                )
                if not highlights:
                    items.append(
                        Option(
                            styled(
                                "No highlights yet: t tags the sentence under the cursor, "
                                "h highlights it.",
                                "$text-muted",
                            ),
                            disabled=True,
                        )
                    )
                items.extend(self._option(h, colors) for h in placed)
                if orphans:
                    items.append(
                        Option(
                            styled(f"Orphaned ({len(orphans)}): text no longer found", "bold"),
                            disabled=True,
                        )
                    )
                    items.extend(self._option(h, colors) for h in orphans)
            recent = [(p, o) for p, o in self._recent if p != path][1 - KEPT_ARTICLES :]
            self._recent = [*recent, (path, set(items))]
            kept = set().union(*(o for _, o in self._recent))
            self._made = {key: o for key, o in self._made.items() if o in kept}
            options.put_options(items, keep=kept)
        if current is not None and current in self._by_id:
            index = options.get_option_index(current)
            if options.highlighted != index:
                options.highlighted = index

    def _option(self, h: Highlight, colors: dict[str, str]) -> Option:
        """The option showing `h`: the one made before when `h` and its colours are unchanged.
        A kept option keeps its measured height, so a highlight made in an article with 100s
        of them measures one option instead of all (OptionList re-measures what it is given).
        """
        key = (h.id, h.updated, h.status, h.tags, h.note, h.exact, *map(colors.get, h.tags))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = _option(h, colors)
        return found

    def on_descendant_focus(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None and options.option_count:
            options.action_first()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = self._by_id.get(event.option_id or "")
        if found is None:
            return
        if found.status == "orphaned":
            self.notify(
                f"This passage is no longer in the article: “{reading.clip(found.exact, 120)}”",
                title="Orphaned highlight",
                markup=False,
            )
            return
        self.post_message(self.Jump(found))


def _option(h: Highlight, colors: dict[str, str]) -> Option:
    parts: list[str | tuple[str, str]] = []
    for tag in h.tags or ("(untagged)",):
        parts += [("■ ", colors.get(tag, UNTAGGED)), (tag, "bold")]
        if h.tags and h.tag_coder(tag) != h.coder:  # applied by another coder than the owner
            parts.append((f" ({h.tag_coder(tag)})", "$text-muted"))
        parts.append(" ")
    if h.coder:
        parts.append((f"· {h.coder} ", "$text-muted"))
    if h.status == "fuzzy":
        parts.append(("~fuzzy", "italic dim"))
    parts += ["\n", (f"“{reading.clip(h.exact, 140)}”", "")]
    if h.note:
        parts += ["\n", ("note: ", "$text-muted"), (reading.clip(h.note, 140), "italic")]
    return Option(assemble(*parts), id=h.id)
