"""The tag view: every passage with a tag across the corpus, grouped by article, with a little
context; Enter jumps to the passage in a reading column."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gpreader import reading
from gpreader.errors import GPReaderError
from gpreader.models import Tag
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.messages import CodebookChanged
from gpreader.tui.widgets.shown import assemble, shown, styled

Jump = tuple[str, int]  # article path, offset


class TagViewScreen(ModalScreen[Jump | None]):
    """Tags on the left, their passages on the right."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("tagview")

    def __init__(self, store: AnnotationStore, tag: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.initial = tag
        self.tags: list[Tag] = []
        self.current: str | None = None
        self._jumps: dict[str, Jump] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="tagview-dialog", classes="dialog"):
            yield Static(styled("Tag view", "bold"), id="tagview-title")
            with Horizontal(id="tagview-body"):
                with Vertical(id="tagview-tags"):
                    yield OptionList(id="tagview-tag-list")
                with Vertical(id="tagview-passages"):
                    yield Static("", id="tagview-heading", markup=False)
                    yield OptionList(id="tagview-passage-list")
            yield Static(
                "Enter open · Tab tags ⇄ passages · 1-9 quick key · "
                "r rename · M merge · d delete · c colour · D describe · Esc back",
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self._load_tags()
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        tag_list.focus()
        if not self.tags:
            self._show(None)

    def reload(self, select: str | None) -> None:
        """After a codebook change: list the tags again with `select` (or the first) chosen,
        show its passages, and tell the app (which reloads the reading columns behind)."""
        self.current = None
        self.initial = select
        self._load_tags()
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        index = tag_list.highlighted
        option = tag_list.get_option_at_index(index) if index is not None else None
        self._show(option.id if option is not None and option.id else None)
        self.post_message(CodebookChanged())

    def action_codebook(self, change: str) -> None:
        from gpreader.tui.screens import codebook

        codebook.CHANGES[change](self)

    def _load_tags(self) -> None:
        try:
            self.tags = self.store.tags()
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.tags = []
        tag_list = self.query_one("#tagview-tag-list", OptionList)
        keep = self.current or self.initial
        tag_list.clear_options()
        if not self.tags:
            tag_list.add_option(Option(styled("No tags yet.", "dim"), disabled=True))
            return
        parents = {t.parent for t in self.tags if t.parent}
        tag_list.add_options(_tag_option(t, t.path in parents) for t in self.tags)
        paths = [t.path for t in self.tags]
        tag_list.highlighted = paths.index(keep) if keep in paths else 0

    @on(OptionList.OptionHighlighted, "#tagview-tag-list")
    def _tag_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.current:
            self._show(event.option.id)

    def _show(self, tag: str | None) -> None:
        self.current = tag
        heading = self.query_one("#tagview-heading", Static)
        passages = self.query_one("#tagview-passage-list", OptionList)
        passages.clear_options()
        self._jumps = {}
        if tag is None:
            heading.update("Tag passages with t in the reader; they are listed here.")
            return
        try:
            groups = reading.tag_passages(self.store, tag)
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        total = sum(len(g.passages) for g in groups)
        articles = len(groups)
        heading.update(
            shown(tag) + f" · {total} passage{'s' * (total != 1)} in {articles} "
            f"article{'s' * (articles != 1)}"
        )
        options: list[Option] = []
        for group in groups:
            options.append(
                Option(
                    assemble((group.title, "bold $accent"), "  ", (group.article, "$text-muted")),
                    disabled=True,
                )
            )
            for passage in group.passages:
                h = passage.highlight
                self._jumps[h.id] = (h.article, h.start)
                options.append(Option(_passage_content(passage), id=h.id))
        if not options:
            options.append(Option(styled("No passages with this tag.", "dim"), disabled=True))
        passages.add_options(options)

    @on(OptionList.OptionSelected, "#tagview-tag-list")
    def _tag_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_switch()

    @on(OptionList.OptionSelected, "#tagview-passage-list")
    def _passage_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = self.store.highlight(event.option.id) if event.option.id else None
        if found is not None and found.status == "orphaned":
            self.notify(
                "This passage is orphaned: its text is no longer in the article.", markup=False
            )
            return
        if event.option.id in self._jumps:
            self.dismiss(self._jumps[event.option.id])

    def action_switch(self) -> None:
        tags = self.query_one("#tagview-tag-list", OptionList)
        passages = self.query_one("#tagview-passage-list", OptionList)
        target = passages if tags.has_focus else tags
        target.focus()
        if target is passages and passages.highlighted is None and passages.option_count:
            passages.action_cursor_down()

    def action_quick(self, key: int) -> None:
        if not self.query_one("#tagview-tag-list", OptionList).has_focus or self.current is None:
            return
        try:
            self.store.update_tag(self.current, quick_key=key or None)
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(
            f"{self.current}: quick key {key}" if key else f"{self.current}: no quick key",
            timeout=3,
            markup=False,
        )
        self._load_tags()
        self.post_message(CodebookChanged())  # the legend and the reader's colours follow

    def action_close(self) -> None:
        self.dismiss(None)


def _tag_option(tag: Tag, parent: bool) -> Option:
    depth = tag.path.count("/")
    parts: list[str | tuple[str, str]] = [
        "  " * depth,
        ("■ ", tag.color or "$text-muted"),
        (tag.name, "bold"),
    ]
    if tag.highlights or not parent:  # a parent's own count; its children show theirs
        parts.append((f"  {tag.highlights}", "dim"))
    if tag.quick_key:
        parts.append((f"  [{tag.quick_key}]", "$accent"))
    return Option(assemble(*parts), id=tag.path)


def _passage_content(passage: reading.Passage) -> Content:
    h = passage.highlight
    parts: list[str | tuple[str, str]] = [
        ("…" + passage.before, "dim"),
        (reading.clip(h.exact, 400), "bold"),
        (passage.after + "…", "dim"),
    ]
    if len(h.tags) > 1:
        parts += ["\n", ("tags: " + ", ".join(h.tags), "$text-muted")]
    if h.note:
        parts += ["\n", ("note: ", "dim"), (reading.clip(h.note, 200), "italic")]
    if h.status != "anchored":
        parts += ["\n", (h.status, "italic $warning")]
    return assemble(*parts)
