"""A reading column: the article's header line, the reader, and a status line that shows the
highlight under the cursor (tags and note) or the selection."""

from __future__ import annotations

from pathlib import Path

from textual.containers import Vertical
from textual.widget import Widget

from gpreader import reading
from gpreader.jumps import PositionMemory
from gpreader.models import Article
from gpreader.tui.widgets.quiet_layout import AlikeLines, FixedLine
from gpreader.tui.widgets.reader import UNTAGGED, Reader
from gpreader.tui.widgets.shown import assemble, shown


class ReadingColumn(Vertical, AlikeLines):
    """One article with its cursor; several sit side by side. The column remembers where its
    cursor was in each article it showed: opening one again without a place returns there.

    Columns are made when first needed (`add_to`), not composed with the screen: a column
    and its parts are mounted at once, so it can show an article in the same handler."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.positions = PositionMemory()
        self.reader = Reader()
        self.reader.changed_now = self.update_status
        self._header_line = FixedLine("", classes="column-header", markup=False)
        self._status_line = FixedLine("", classes="column-status", markup=False)
        self._status_shown: tuple[object, ...] = ()  # the parts the status line shows

    @classmethod
    def add_to(
        cls, container: Widget, *, id: str, after: Widget | int | None = None
    ) -> ReadingColumn:
        """Mount a new column in `container` (after `after`, else last) with its parts: all of
        them are in the DOM when this returns (Textual registers mounted widgets at once; only
        a compose method would wait for the column's own message loop)."""
        column = cls(id=id)
        if after is None:
            container.mount(column)
        else:
            container.mount(column, after=after)
        column.mount(column._header_line, column.reader, column._status_line)
        column._show_empty()
        return column

    def show_active(self, active: bool) -> None:
        """Mark the header and status lines as the active column's (their class only: a class
        on the column would restyle the reader and draw all its lines again)."""
        self._header_line.set_class(active, "-active")
        self._status_line.set_class(active, "-active")

    @property
    def active_shown(self) -> bool:
        """Whether the column shows itself as the active one."""
        return self._header_line.has_class("-active")

    @property
    def path(self) -> str | None:
        return self.reader.path

    def show(self, article: Article, offset: int | None = None, *, reload: bool = False) -> None:
        """Load an article into this column (`reload`: a new version of the one shown, the
        cursor kept on the same sentence index)."""
        self._show_header(article)
        self.remember_position()
        if reload:
            self.reader.reload(article)
        else:
            if offset is None:
                offset = self.positions.recall(article.path)
            self.reader.load(article, offset)

    def request(self, database: Path, path: str, offset: int | None = None) -> None:
        """Load an article read and prepared in a worker (a big one): "Loading…" until then."""
        header = self._header_line
        header.update(assemble(("Loading…", "bold"), "\n", (path, "$text-muted")), layout=False)
        header.tooltip = shown(path)
        self._show_status()
        self.remember_position()
        if offset is None:
            offset = self.positions.recall(path)
        self.reader.request(database, path, offset)

    def on_reader_loaded(self, event: Reader.Loaded) -> None:
        if event.reader.article is not None:
            self._show_header(event.reader.article)

    def _show_header(self, article: Article) -> None:
        header = self._header_line
        meta = " · ".join(
            part
            for part in (
                article.date or "",
                f"{article.words:,} words",
                f"{article.comments} comments" if article.comments else "",
                article.path,
            )
            if part
        )
        # (the header and the status line are of a fixed size: no layout when they change)
        header.update(assemble((article.title, "bold"), "\n", (meta, "$text-muted")), layout=False)
        header.tooltip = shown(f"{article.title}\n{meta}")

    def remember_position(self) -> None:
        """Note the cursor's place in the article shown (before another replaces it)."""
        if self.reader.article is not None:
            self.positions.remember(self.reader.article.path, self.reader.cursor_offset)

    def clear(self) -> None:
        """Forget the article and the positions remembered (the column is being closed)."""
        self.positions = PositionMemory()
        self.reader.unload()
        self._show_status()
        self._show_empty()

    def _show_empty(self) -> None:
        if self.reader.article is None:
            self._header_line.update(
                assemble(("No article", "bold"), "\n", ("o / Enter in the library", "$text-muted")),
                layout=False,
            )

    def on_reader_changed(self, event: Reader.Changed) -> None:
        self.update_status()

    def update_status(self) -> None:
        """The status line: selection, else the highlight under the cursor, else position."""
        reader = self.reader
        if reader.article is None:
            self._show_status()
            return
        if reader.selection is not None:
            sel = reader.selected
            size = f"{sel[1] - sel[0]:,} characters" if sel else "empty"
            self._show_status(
                ("SELECT ", "bold reverse"), f" {size} · t tag · h highlight · Esc cancel"
            )
            return
        found = reader.highlight_under()
        if found is None:
            total = len(reader.units)
            n = len([h for h in reader.highlights if h.status != "orphaned"])
            where = f"sentence {reader.cursor + 1} of {total}" if total else "empty article"
            summary = f"{where} · {n} highlight{'s' * (n != 1)}"
            self._show_status((summary, "$text-muted"))
            return
        parts: list[str | tuple[str, str]] = []
        for tag in found.tags or ("(untagged)",):
            color = reader.tag_colors.get(tag, UNTAGGED)
            parts += [("■ ", color), (tag, "bold"), "  "]
        others = [
            h
            for h in reader.highlights
            if h is not found
            and h.status != "orphaned"
            and h.start < found.end
            and h.end > found.start
        ]
        if others:
            parts.append((f"+{len(others)} overlapping  ", "$text-muted"))
        if found.status == "fuzzy":
            parts.append(("re-anchored (fuzzy) ", "italic"))
        if found.note:
            parts += [("note: ", "$text-muted"), reading.clip(found.note, 200)]
        else:
            parts.append(("m adds a note", "$text-muted"))
        self._show_status(*parts)

    def _show_status(self, *parts: str | tuple[str, str]) -> None:
        """Show `parts` on the status line, unless it shows them already: the screen updates
        it with the highlights, and the reader's Changed message after them asks again."""
        if parts == self._status_shown:
            return
        self._status_shown = parts
        self._status_line.update(assemble(*parts) if parts else "", layout=False)
