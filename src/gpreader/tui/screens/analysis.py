"""The analysis screen (A): the code matrix, co-occurrence and codes over time as tabs of
tables; Enter on a number lists exactly the passages it counts, and Enter there opens one.

The tables are computed by a thread worker with its own store (exclusive: a newer request
drops the older), from the analysis core; the screen only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from gpreader import analysis
from gpreader.analysis.table import Number, Table
from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.screens.analysis_passages import Jump, PassagesScreen, memo_editor
from gpreader.tui.widgets.shown import shown

if TYPE_CHECKING:
    from gpreader.tui.screens.main import MainScreen

BYS = ("month", "year", "article")
COUNTS = ("highlights", "articles", "words")
RULES = ("highlight", "overlap", "sentence", "paragraph", "near:1", "near:2")
TABS = ("matrix", "cooccur", "timeline")
BARS = " ▁▂▃▄▅▆▇█"
HINT = (
    "Enter: the passages counted · [ ] tabs · b columns · n what is counted · r rule · "
    "M memo on the row's tag · Esc"
)


@dataclass
class TablesRead(Message):
    """The three tables, computed by the worker (or why they could not be)."""

    tables: dict[str, Table] = field(default_factory=dict)
    error: str | None = None


def sparkline(values: list[Number]) -> str:
    """A row of numbers as block characters, scaled to its largest."""
    top = max(values, default=0)
    if not top:
        return " " * len(values)
    return "".join(BARS[round(len(BARS[1:]) * v / top)] if v else " " for v in values)


def _number(value: Number) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


class AnalysisScreen(ModalScreen[Jump | None]):
    """Tabs of tables over the coded corpus."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("analysis")
    DEFAULT_CSS = """
    AnalysisScreen { background: $background; }
    #analysis-dialog {
        width: 100%; height: 100%; max-width: 100%; max-height: 100%;
        border: none; padding: 0 1; background: $background;
    }
    #analysis-title { height: 1; }
    #analysis-tabs { height: 1fr; }
    #analysis-tabs DataTable { height: 1fr; }
    """

    def __init__(self, store: AnnotationStore, coder: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.coder = coder  # count only the tags this coder applied (the workbench's `c`)
        self.by = BYS[0]
        self.count = COUNTS[0]
        self.rule = RULES[0]
        self.tables: dict[str, Table] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="analysis-dialog", classes="dialog"):
            yield Static("Analysis: reading the coding…", id="analysis-title", markup=False)
            with TabbedContent(id="analysis-tabs"):
                with TabPane("Matrix", id="matrix"):
                    yield DataTable(id="matrix-table", cursor_type="cell", zebra_stripes=True)
                with TabPane("Co-occurrence", id="cooccur"):
                    yield DataTable(id="cooccur-table", cursor_type="cell", zebra_stripes=True)
                with TabPane("Timeline", id="timeline"):
                    yield DataTable(id="timeline-table", cursor_type="cell", zebra_stripes=True)
            yield Static(HINT, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.compute()
        self.query_one("#matrix-table", DataTable).focus()

    # -- computing --------------------------------------------------------------------------

    def compute(self) -> None:
        self._read_tables(self.by, self.count, self.rule)

    @work(thread=True, exclusive=True, group="analysis")
    def _read_tables(self, by: str, count: str, rule: str) -> None:
        """The tables, with a store of this thread's own."""
        worker = get_current_worker()
        try:
            with AnnotationStore(self.store.path, verify=False) as store:
                coding = analysis.load(store, coder=self.coder)
                tables = {
                    "matrix": analysis.matrix(coding, by=by, count=count),
                    "cooccur": analysis.cooccurrence(coding, rule),
                    "timeline": analysis.timeline(coding, by="month"),
                }
            read = TablesRead(tables)
        except GPReaderError as exc:
            read = TablesRead(error=str(exc))
        if not worker.is_cancelled:
            self.post_message(read)

    @on(TablesRead)
    def _tables_read(self, read: TablesRead) -> None:
        read.stop()
        if read.error is not None:
            self.notify(read.error, severity="error", markup=False)
            return
        self.tables = read.tables
        for name, table in self.tables.items():
            self._fill(name, table)
        self._title()

    def _title(self) -> None:
        matrix = self.tables.get("matrix")
        orphaned = matrix.notes.get("orphaned_excluded", 0) if matrix else 0
        left_out = f" · {orphaned} orphaned left out" if orphaned else ""
        whose = f" · tags applied by {shown(self.coder)}" if self.coder else ""
        self.query_one("#analysis-title", Static).update(
            f"Analysis · matrix: {self.count} by {self.by} · co-occurrence: {self.rule}"
            f" · timeline: highlights by month{left_out}{whose}"
        )

    def _fill(self, name: str, table: Table) -> None:
        grid = self.query_one(f"#{name}-table", DataTable)
        row, column = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_column("tag", key="label")
        for j, label in enumerate(table.columns):
            grid.add_column(shown(label), key=f"c{j}")
        grid.add_column("total", key="total")
        if name == "timeline":
            grid.add_column("trend", key="trend")
        for i, label in enumerate(table.rows):
            values = [_number(v) for v in table.cells[i]]
            extra = [sparkline(table.cells[i])] if name == "timeline" else []
            grid.add_row(shown(label), *values, _number(table.row_totals[i]), *extra, key=f"r{i}")
        totals = [_number(v) for v in table.column_totals]
        extra = [""] if name == "timeline" else []
        grid.add_row("total", *totals, _number(table.total), *extra, key="total")
        if grid.row_count and grid.columns:
            grid.move_cursor(
                row=min(row, grid.row_count - 1), column=min(max(column, 1), len(grid.columns) - 1)
            )

    # -- keys -------------------------------------------------------------------------------

    def _current(self) -> tuple[str, DataTable[str]]:
        tabs = self.query_one(TabbedContent)
        name = tabs.active or TABS[0]
        return name, self.query_one(f"#{name}-table", DataTable)

    def passages_at(self, name: str, row: int, column: int) -> tuple[list[str], str] | None:
        """The ids of the highlights behind a cell of the shown table, and a caption; None
        for the labels column. A total lists every passage of its row or column."""
        table = self.tables.get(name)
        if table is None or column == 0 or column > len(table.columns) + 1:
            return None
        rows = range(len(table.rows)) if row >= len(table.rows) else [row]
        columns = range(len(table.columns)) if column > len(table.columns) else [column - 1]
        found: dict[str, None] = {}
        for i in rows:
            for j in columns:
                found.update((hid, None) for hid in table.behind(i, j))
        row_label = "every tag" if row >= len(table.rows) else table.rows[row]
        column_label = "in all" if column > len(table.columns) else table.columns[column - 1]
        return list(found), f"{row_label} · {column_label}"

    def action_open_cell(self) -> None:
        name, grid = self._current()
        at = self.passages_at(name, *grid.cursor_coordinate)
        if at is None:
            self.notify("Move to a number (←/→) to see its passages.", markup=False)
            return
        ids, caption = at

        def opened(target: Jump | None) -> None:
            if target is not None:
                self.dismiss(target)

        self.app.push_screen(PassagesScreen(self.store, ids, caption), opened)

    @on(DataTable.CellSelected)
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open_cell()

    def action_cycle_by(self) -> None:
        self.by = BYS[(BYS.index(self.by) + 1) % len(BYS)]
        self.compute()

    def action_cycle_count(self) -> None:
        self.count = COUNTS[(COUNTS.index(self.count) + 1) % len(COUNTS)]
        self.compute()

    def action_cycle_rule(self) -> None:
        self.rule = RULES[(RULES.index(self.rule) + 1) % len(RULES)]
        self.compute()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        name = TABS[(TABS.index(tabs.active or TABS[0]) + step) % len(TABS)]
        tabs.active = name
        self.query_one(f"#{name}-table", DataTable).focus()

    def action_memo(self) -> None:
        """The memo of the tag on the cursor's row."""
        name, grid = self._current()
        table = self.tables.get(name)
        row = grid.cursor_coordinate.row
        if table is None or row >= len(table.rows):
            self.notify("Move to a tag's row first.", markup=False)
            return
        try:
            editor = memo_editor(self.store, "tag", table.rows[row])
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.push_screen(editor)

    def action_close(self) -> None:
        self.dismiss(None)


def open_analysis(main: MainScreen) -> None:
    """Show the analysis screen over the workbench; a passage chosen there opens in the
    focused column."""

    def jump(target: Jump | None) -> None:
        if target is None or not main.open_article(*target):
            return
        if main.active is not None:
            main.landed(main.active.reader, target[1])

    main.app.push_screen(AnalysisScreen(main.store, main.coder_view), jump)


def open_memo(main: MainScreen) -> None:
    """The memo editor on the article of the focused column."""
    reader = main.focused_reader()
    if reader is None and main.active is not None:
        reader = main.active.reader
    article = reader.article if reader is not None else None
    if article is None:
        main.notify("Open an article first: M writes the memo of the article you read.")
        return
    try:
        editor = memo_editor(main.store, "article", article.path)
    except GPReaderError as exc:
        main.notify(str(exc), severity="error", markup=False)
        return
    main.app.push_screen(editor)
