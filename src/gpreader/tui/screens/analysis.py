"""The analysis screen (A): the code matrix, co-occurrence, codes over time (a table and a
chart) and coder agreement as tabs; Enter on a number lists exactly the passages it counts (on
an agreement row: the units in disagreement), and Enter there opens one. `/` opens a keyword
in context (KWIC) view of a search, which codes its hits.

The tables are computed by thread workers with their own store (exclusive: a newer request
drops the older), from the analysis core and team/report.py; the screen only shows them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from gpreader import analysis
from gpreader.analysis.coding import attribute_columns
from gpreader.analysis.table import Table
from gpreader.errors import GPReaderError
from gpreader.models import Coders, coder_set
from gpreader.store import AnnotationStore
from gpreader.team.disagreements import disagreements
from gpreader.team.units import UnitKind
from gpreader.tui import keys, memory
from gpreader.tui.screens.analysis_agreement import (
    AgreementRead,
    DisagreementsScreen,
    fill_agreement,
    next_unit,
    read_agreement,
)
from gpreader.tui.screens.analysis_chart import timeline_chart
from gpreader.tui.screens.analysis_passages import Jump, PassagesScreen, memo_editor
from gpreader.tui.screens.analysis_tabs import (
    TAB_TITLES,
    TABS,
    ChartBox,
    GridCells,
    TitleLine,
    grid_cells,
    tab_content,
)
from gpreader.tui.screens.ask import Ask
from gpreader.tui.screens.kept import Kept, kept, show
from gpreader.tui.widgets.quick_grid import QuickGrid
from gpreader.tui.widgets.shown import shown

if TYPE_CHECKING:
    from gpreader.tui.screens.main import MainScreen

BYS = ("month", "year", "article")
COUNTS = ("highlights", "articles", "words")
RULES = ("highlight", "overlap", "sentence", "paragraph", "near:1", "near:2")
ANALYSIS = "analysis"  # the name the kept screen is installed under
COUNTING_AFTER = 2.0  # seconds without numbers before the title says it is counting
HINT = (
    "Enter: the passages counted · [ ] tabs · b columns · n what is counted · r rule · "
    "v chart · c coders · U unit · / KWIC · M memo · Esc"
)


@dataclass
class TablesRead(Message):
    """The three tables, computed by the worker (or why they could not be)."""

    tables: dict[str, Table] = field(default_factory=dict)
    grids: dict[str, GridCells] = field(default_factory=dict)  # the tables' cells, drawn
    colors: dict[str, str] = field(default_factory=dict)
    attributes: list[str] = field(default_factory=list)  # what the matrix can be split by
    error: str | None = None
    showing: int = 0  # which showing of the (kept) screen asked for them


class AnalysisScreen(Kept, ModalScreen[Jump | None]):
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
    #timeline-chart-box { height: 1fr; border: round $primary; }
    """

    def __init__(self, store: AnnotationStore, coder: Coders = None) -> None:
        super().__init__()
        self.store = store
        self.showing = 0
        self._start(coder)

    def _start(self, coder: Coders) -> None:
        """Every choice as a new screen has it, and nothing read yet."""
        self.coder = coder  # count only the tags this coder applied (the workbench's `c`)
        self.by = BYS[0]
        self.count = COUNTS[0]
        self.rule = RULES[0]
        self.bys: tuple[str, ...] = BYS  # and the article attributes, once read
        self.tables: dict[str, Table] = {}
        self.grids: dict[str, GridCells] = {}
        self.unfilled: set[str] = set()  # tables read but not yet put in their grid
        self.tag_colors: dict[str, str] = {}
        self.coders: tuple[str, ...] = ()  # compared on the agreement tab (): who marked
        self.unit: UnitKind = "sentence"
        self.agreement: AgreementRead | None = None
        self.agreement_rows: list[str] = []
        self.chart_shown = True  # `v` hides the timeline's chart (and shows it again)
        self.stale = True  # the numbers are read when the screen is next shown
        self.counting: Timer | None = None  # shows that the count goes on, if it is long
        self.showing += 1  # tables read for an earlier showing are dropped

    def reset(self, coder: Coders) -> None:
        """Show the screen again as a new one would open (the matrix tab, every choice as
        composed, the numbers read afresh for `coder`). One analysis screen is composed per
        app and shown again: composing it per key took longer than a key may take."""
        self._start(coder)
        if not self.is_mounted:  # composed from these when first shown
            return
        for grid in self.query(DataTable):
            grid.clear(columns=True)
        for name in ("#agreement-status", "#timeline-chart"):
            for static in self.query(name).results(Static):
                static.update("")
        for box in self.query("#timeline-chart-box"):
            box.display = True
        self.query_one("#analysis-title", Static).update("Analysis: reading the coding…")
        self.query_one(TabbedContent).active = TABS[0]
        self.query_one("#matrix-table", DataTable).focus()

    def compose(self) -> ComposeResult:
        with Vertical(id="analysis-dialog", classes="dialog"):
            yield TitleLine("Analysis: reading the coding…", id="analysis-title")
            with TabbedContent(id="analysis-tabs"):
                with TabPane("Matrix", id="matrix"):
                    yield from tab_content("matrix")
                for name in TABS[1:]:  # their widgets are made when first shown
                    yield TabPane(TAB_TITLES[name], id=name)
            yield Static(HINT, classes="hint", markup=False)

    def _build(self, name: str) -> None:
        """Make the widgets of tab `name` the first time it is needed (a tab not composed
        costs the screen nothing while it opens)."""
        pane = self.query_one(f"#{name}", TabPane)
        if not pane.children:
            pane.mount_all(tab_content(name))
            if name == "timeline":
                self.query_one("#timeline-chart-box").display = self.chart_shown

    def on_mount(self) -> None:
        self.query_one("#matrix-table", DataTable).focus()

    def leave(self, target: Jump | None) -> None:
        """Close, letting go of the tables in a thread of their own: they hold the analysis
        of every highlight, and freeing them took the next `A` tens of milliseconds."""
        self._counted()
        held: list[object] = [self.tables, self.grids, self.agreement]
        self.tables, self.grids, self.agreement = {}, {}, None
        self.unfilled = set()
        threading.Thread(target=held.clear, name="analysis-let-go", daemon=True).start()
        self.dismiss(target)

    def on_screen_resume(self) -> None:
        """Read the numbers when shown (not when composed ahead of time, nor on coming back
        from the passages or KWIC it opened)."""
        if self.stale:
            self.stale = False
            self.compute()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """The agreement report is computed the first time its tab is shown (it reads every
        article the coders marked: no cost to those who never look)."""
        self._build(event.pane.id or TABS[0])
        if event.pane.id == "agreement" and self.agreement is None:
            self.compute_agreement()
        self._fill_shown()

    # -- computing --------------------------------------------------------------------------

    def compute(self) -> None:
        self._counted()
        self.counting = self.set_timer(COUNTING_AFTER, self._show_counting)
        title = self.query_one("#analysis-title", TitleLine)
        title.placed = None
        self._read_tables(self.by, self.count, self.rule, self.showing, title.place)

    def _show_counting(self) -> None:
        """The numbers are long in coming (the first analysis after an upgrade places every
        highlight in its sentences and paragraphs once): say so, with the seconds it takes."""
        self.counting = None
        self.query_one("#analysis-title", TitleLine).counting(True)

    def _counted(self) -> None:
        """No more counting shown (the numbers came, or the screen closed)."""
        if self.counting is not None:
            self.counting.stop()
            self.counting = None
        for title in self.query("#analysis-title").results(TitleLine):
            title.counting(False)

    def compute_agreement(self) -> None:
        self._build("agreement")
        self.query_one("#agreement-status", Static).update("Agreement: computing…")
        self._read_agreement(self.coders, self.unit)

    @work(thread=True, exclusive=True, group="agreement")
    def _read_agreement(self, coders: tuple[str, ...], unit: UnitKind) -> None:
        read = read_agreement(self.store.path, coders, unit)
        if not get_current_worker().is_cancelled:
            self.post_message(read)

    @on(AgreementRead)
    def _agreement_read(self, read: AgreementRead) -> None:
        read.stop()
        self.agreement = read
        self.coders = read.coders
        grid = self.query_one("#agreement-table", DataTable)
        who = ", ".join(read.coders) or "(no coders)"
        if read.report is None:
            grid.clear(columns=True)
            self.agreement_rows = []
            text = f"Agreement of {who} by {read.unit}: {read.error}"
        else:
            self.agreement_rows = fill_agreement(grid, read.report)
            missing = ", ".join(f"{c} {n}" for c, n in read.report.missing.items() if n)
            text = (
                f"Agreement of {who} by {read.unit} over {read.report.articles} article(s)"
                f" marked coded by two or more{f' · not marked: {missing}' if missing else ''}"
            )
        self.query_one("#agreement-status", Static).update(shown(text))

    @work(thread=True, exclusive=True, group="analysis")
    def _read_tables(
        self, by: str, count: str, rule: str, showing: int, placed: Callable[[int, int], None]
    ) -> None:
        """The tables, with a store of this thread's own; `placed(done, total)` while the
        first analysis after an upgrade places the highlights (shown in the title)."""
        worker = get_current_worker()
        try:
            with AnnotationStore(self.store.path, verify=False) as store:
                coding = analysis.load(store, coder=self.coder, progress=placed)
                tables = {
                    "matrix": analysis.matrix(coding, by=by, count=count),
                    "cooccur": analysis.cooccurrence(coding, rule),
                    "timeline": analysis.timeline(coding, by="month"),
                }
            grids = {name: grid_cells(name, table) for name, table in tables.items()}
            attributes = attribute_columns(coding)
            read = TablesRead(tables, grids, coding.colors, attributes, showing=showing)
        except GPReaderError as exc:
            read = TablesRead(error=str(exc), showing=showing)
        if gc.isenabled() and gc.get_count()[0] >= memory.YOUNG:
            gc.collect(1)  # what the count left behind, here: not in the UI thread's next key
        if not worker.is_cancelled:
            self.post_message(read)

    @on(TablesRead)
    def _tables_read(self, read: TablesRead) -> None:
        read.stop()
        if read.showing != self.showing:
            return
        self._counted()
        if read.error is not None:
            self.notify(read.error, severity="error", markup=False)
            return
        self.tables = read.tables
        self.grids = read.grids
        self.tag_colors = read.colors
        self.bys = (*BYS, *read.attributes)
        self.unfilled = set(self.tables)
        self._fill_shown()
        self._title()

    def _fill_shown(self) -> None:
        """Put the shown tab's table in its grid, if it is not there yet: the others wait
        until their tab is shown (a grid measures and draws every cell it is given, on the
        UI thread)."""
        name = self.query_one(TabbedContent).active or TABS[0]
        if name not in self.unfilled:
            return
        self.unfilled.discard(name)
        self._fill(name, self.grids[name])
        if name == "timeline":
            self._draw_chart()  # again when its box is laid out, if it was just made

    def _draw_chart(self) -> None:
        table = self.tables.get("timeline")
        if table is not None and self.query_one("#timeline", TabPane).children:
            width = self.query_one("#timeline-chart-box").size.width or self.size.width
            chart = self.query_one("#timeline-chart", Static)
            chart.update(timeline_chart(table, self.tag_colors, max(20, width - 2)))

    def on_resize(self) -> None:
        self._draw_chart()

    @on(ChartBox.Resized)
    def _chart_box_resized(self, event: ChartBox.Resized) -> None:
        event.stop()
        self._draw_chart()

    def _title(self) -> None:
        matrix = self.tables.get("matrix")
        orphaned = matrix.notes.get("orphaned_excluded", 0) if matrix else 0
        left_out = f" · {orphaned} orphaned left out" if orphaned else ""
        names = ", ".join(sorted(coder_set(self.coder) or ()))
        whose = f" · tags applied by {shown(names)}" if self.coder is not None else ""
        self.query_one("#analysis-title", Static).update(
            f"Analysis · matrix: {self.count} by {self.by} · co-occurrence: {self.rule}"
            f" · timeline: highlights by month{left_out}{whose}"
        )

    def _fill(self, name: str, cells: GridCells) -> None:
        """Hand the worker's cells to tab `name`'s grid, measured at once (one layout with the
        numbers, not one before and one after the grid measures them when idle)."""
        grid = self.query_one(f"#{name}-table", QuickGrid)
        row, column = grid.cursor_coordinate
        grid.clear(columns=True)
        last = len(cells.columns) - (2 if name == "timeline" else 1)
        for j, heading in enumerate(cells.columns):
            key = "label" if j == 0 else f"c{j - 1}" if j < last else ("total", "trend")[j - last]
            grid.add_column(heading, key=key)
        for i, values in enumerate(cells.rows):
            grid.add_row(*values, key=f"r{i}" if i < len(cells.rows) - 1 else "total")
        grid.measure_now()
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
        if name == "agreement":
            self._open_disagreements(grid.cursor_coordinate.row)
            return
        at = self.passages_at(name, *grid.cursor_coordinate)
        if at is None:
            self.notify("Move to a number (←/→) to see its passages.", markup=False)
            return
        ids, caption = at

        def opened(target: Jump | None) -> None:
            if target is not None:
                self.leave(target)

        self.app.push_screen(PassagesScreen(self.store, ids, caption), opened)

    def _open_disagreements(self, row: int) -> None:
        """The units where the coders disagree on the tag of agreement row `row`."""
        read = self.agreement
        if read is None or read.report is None or not 0 < row < len(self.agreement_rows):
            self.notify("Move to a tag's row (the overall row has no one tag).", markup=False)
            return
        tag = self.agreement_rows[row]
        found = disagreements(read.articles, read.coders, tag, read.unit)
        caption = f"{tag} · {', '.join(read.coders)} · by {read.unit}"
        self.app.push_screen(DisagreementsScreen(self.store, found, caption), self._opened)

    def _opened(self, target: Jump | None) -> None:
        if target is not None:
            self.leave(target)

    @on(DataTable.CellSelected)
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open_cell()

    @on(DataTable.RowSelected, "#agreement-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_cell()

    def action_cycle_by(self) -> None:
        at = self.bys.index(self.by) if self.by in self.bys else -1
        self.by = self.bys[(at + 1) % len(self.bys)]
        self.compute()

    def action_cycle_unit(self) -> None:
        self.unit = next_unit(self.unit)
        self.compute_agreement()

    def action_pick_coders(self) -> None:
        """Ask which coders to compare (names, commas between)."""
        try:
            known = self.store.coders()
        except GPReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def answered(text: str | None) -> None:
            if text is None:
                return
            self.coders = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
            self.compute_agreement()

        title = f"Coders to compare, commas between (known: {', '.join(known) or 'none'})"
        self.app.push_screen(Ask(title, ",".join(self.coders)), answered)

    def action_toggle_chart(self) -> None:
        self.chart_shown = not self.chart_shown
        if self.query_one("#timeline", TabPane).children:
            self.query_one("#timeline-chart-box").display = self.chart_shown

    def action_kwic(self) -> None:
        """The keyword-in-context view; a hit opened there opens in the workbench."""
        from gpreader.tui.screens.kwic import KwicScreen

        self.app.push_screen(KwicScreen(self.store), self._opened)

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
        self._build(name)
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
        self.leave(None)


def open_analysis(main: MainScreen) -> None:
    """Show the analysis screen over the workbench; a passage chosen there opens in the
    focused column."""

    def jump(target: Jump | None) -> None:
        main.reload_highlights()  # KWIC may have coded passages
        if target is None or not main.open_article(*target):
            return
        if main.active is not None:
            main.landed(main.active.reader, target[1])

    def make() -> AnalysisScreen:
        return AnalysisScreen(main.store, main.coder_view)

    screen = kept(main.app, ANALYSIS, AnalysisScreen, make)
    screen.reset(main.coder_view)
    show(main.app, screen, jump)


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
