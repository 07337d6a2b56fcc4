"""The export dialog (`E`): the options of `gpreader export`, and a progress bar.

The export runs in a thread worker on its own AnnotationStore (sqlite3 connections are
per-thread) and calls the same core function as the CLI; Esc while it runs cancels it, and
the atomic write leaves no partial file behind.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static
from textual.widgets.select import NoSelection

from gpreader.errors import Cancelled, GPReaderError
from gpreader.export import FORMATS, STATUSES, ExportOptions, Filters, export
from gpreader.export import default_output as default_output_for
from gpreader.models import AnchorStatus, Coders, coder_set
from gpreader.store import AnnotationStore
from gpreader.tui import keys
from gpreader.tui.kept_screen import Kept
from gpreader.tui.messages import ExportFinished, ExportProgress
from gpreader.tui.screens.tint import KeptTintMixin
from gpreader.tui.widgets.shown import styled
from gpreader.tui.workers import Throttle

HINT = "Ctrl+S export · Esc cancel · empty filters export everything"
CSV_ONLY = ("one-row", "raw", "excel")
PROGRESS_EVERY = 0.05  # seconds between progress messages from the export worker
EXPORT = "export"  # the name the export dialog is kept under


class ExportScreen(KeptTintMixin, Kept, ModalScreen[Path | None]):
    """Choose a format, an output file and filters; dismisses with the written path."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("export")
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    #export-dialog {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    #export-dialog Horizontal { height: auto; }
    #export-dialog Horizontal > Input, #export-dialog Horizontal > Select { width: 1fr; }
    #export-dialog Checkbox { width: auto; border: none; padding: 0 1; margin-top: 1; }
    #export-status { width: 22; }
    #export-title { text-style: bold; }
    #export-progress { margin: 1 0 0 0; display: none; }
    #export-progress.running { display: block; }
    #export-buttons { align-horizontal: right; }
    #export-buttons Button { margin-left: 1; }
    """

    def __init__(self, store_path: Path, root: Path, coder: Coders = None) -> None:
        super().__init__()
        self.store_path = Path(store_path)
        self.root = Path(root)
        self.coder = _names(coder)  # the coders the workbench shows (`c`, `W`), filled in
        self.running = False
        self.cancel = threading.Event()  # set when the dialog closes: a running export stops
        self._default = str(default_output_for(ExportOptions()))

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("Export highlights", id="export-title")
            yield Select(
                [(f.label, f.name) for f in FORMATS.values()],
                value="csv",
                allow_blank=False,
                id="export-format",
            )
            with Horizontal():
                yield self._input(self._default, "Output file", "export-path")
                yield Checkbox("Replace it", id="force")
            with Horizontal():
                yield self._input("", "Tag (and its children)", "export-tag")
                yield self._input("", "Article (path, file or title)", "export-article")
                yield self._input("", "Code query (tag:A overlaps tag:B ...)", "export-query")
            with Horizontal():
                yield self._input(self.coder, "Coder", "export-coder")
                yield self._input("", "Since (YYYY-MM-DD)", "export-since")
                yield Select([(s, s) for s in STATUSES], prompt="Any status", id="export-status")
            with Horizontal():
                yield Checkbox("One row per highlight", id="one-row")
                yield Checkbox("Keep formulas (title, note)", id="raw")
                yield Checkbox("Excel: BOM, CRLF", id="excel")
            yield ProgressBar(total=None, show_eta=False, id="export-progress")
            yield Static(HINT, id="export-message", classes="hint", markup=False)
            with Horizontal(id="export-buttons", classes="buttons"):
                yield Button("Export", variant="primary", id="export-run")
                yield Button("Cancel", id="export-cancel")

    @staticmethod
    def _input(value: str, title: str, widget_id: str) -> Input:
        field = Input(value, placeholder=title, id=widget_id, validate_on=())  # no validators
        field.border_title = title
        return field

    def on_mount(self) -> None:
        self.query_one("#export-format", Select).focus()

    def reset(self, coder: Coders) -> None:
        """Show the dialog again as a new one would open: every field as composed (the coder
        the workbench shows filled in), nothing running. One export dialog is composed and
        shown again: composing it per key took longer than a key may take."""
        self.coder = _names(coder)
        self.running = False
        self.cancel = threading.Event()
        self._default = str(default_output_for(ExportOptions()))
        if not self.is_mounted:  # composed from these when first shown
            return
        fmt = self.query_one("#export-format", Select)
        with fmt.prevent(Select.Changed):
            fmt.value = "csv"
        fmt.expanded = False
        values = {"export-path": self._default, "export-coder": self.coder}
        for field in self.query(Input):
            with field.prevent(Input.Changed):
                field.value = values.get(field.id or "", "")
            field.cursor_position = len(field.value)
        self.query_one("#export-status", Select).clear()
        for box in self.query(Checkbox):
            with box.prevent(Checkbox.Changed):
                box.value = False
        self._enable_options()
        self.query_one("#export-run", Button).disabled = False
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.remove_class("running")
        self.query_one("#export-message", Static).update(HINT)
        self.on_mount()

    # -- reading the form ------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _checked(self, widget_id: str) -> bool:
        return self.query_one(f"#{widget_id}", Checkbox).value

    @property
    def format(self) -> str:
        return str(self.query_one("#export-format", Select).value)

    def _options(self) -> ExportOptions:
        status: AnchorStatus | NoSelection = self.query_one("#export-status", Select).value
        filters = Filters(
            tag=self._value("export-tag") or None,
            coder=_coders(self._value("export-coder")),
            since=self._value("export-since") or None,
            query=self._value("export-query") or None,
            status=None if isinstance(status, NoSelection) else status,
        )
        return ExportOptions(
            self.format,
            filters,
            one_row_per_highlight=self._checked("one-row"),
            raw=self._checked("raw"),
            excel=self._checked("excel"),
        )

    @on(Select.Changed, "#export-format")
    def _format_changed(self) -> None:
        """Keep the default file name's extension in step; CSV switches only for CSVs."""
        new_default = str(default_output_for(ExportOptions(self.format)))
        for path in self.query("#export-path").results(Input):  # none while (un)mounting
            if path.value.strip() in ("", self._default):
                path.value = new_default
        self._default = new_default
        self._enable_options()

    def _enable_options(self) -> None:
        """The checkboxes that apply to the format chosen, enabled; the others greyed."""
        chosen = self.format
        for box in self.query(Checkbox):  # none while (un)mounting
            if box.id in CSV_ONLY:
                box.disabled = chosen not in ("csv", "codebook-csv")
            if box.id == "one-row":
                box.disabled = chosen not in ("csv", "xlsx")

    # -- running -----------------------------------------------------------------------

    def action_export(self) -> None:
        if self.running:
            return
        try:
            options = self._options()
        except GPReaderError as exc:
            self._say(str(exc), "bold $error")
            return
        target = self._value("export-path") or self._default
        if target == "-":
            self._say("Give a file name: the terminal is in use.", "bold $error")
            return
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self._say("Exporting…", "")
        out = Path(target).expanduser()
        self._run(options, out, self._value("export-article"), self._checked("force"), self.cancel)

    @work(thread=True, exclusive=True, group="export")
    def _run(
        self, options: ExportOptions, out: Path, article: str, force: bool, cancel: threading.Event
    ) -> None:
        """Export in this thread, on a store of its own; post the progress and the outcome
        while the dialog is open for it (the kept dialog may be showing another export)."""
        due = Throttle(PROGRESS_EVERY)

        def tell(message: ExportProgress | ExportFinished) -> None:
            if not cancel.is_set():
                self.post_message(message)

        def progress(done: int, total: int) -> None:
            if due(done, total):
                tell(ExportProgress(done, total))

        try:
            with AnnotationStore(self.store_path, verify=False) as store:  # already verified
                if article:
                    path = store.resolve_article(article, self.root)
                    options = replace(options, filters=replace(options.filters, article=path))
                result = export(
                    store,
                    options,
                    out,
                    articles_root=self.root,
                    force=force,
                    cancel=cancel,
                    progress=progress,
                )
        except Cancelled:
            return  # closed while writing: the atomic write left no file
        except GPReaderError as exc:
            tell(ExportFinished(None, str(exc)))
        except Exception as exc:  # an export failure must not end the session
            tell(ExportFinished(None, f"export failed: {exc}"))
        else:
            if cancel.is_set():  # closed after the last row: the file was written all the same
                self.notify(f"Export finished: {result.path}", title="Export", markup=False)
            tell(ExportFinished(result))

    @on(ExportProgress)
    def _progress_reported(self, message: ExportProgress) -> None:
        self._progress(message.done, message.total)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=max(total, 1), progress=done)

    @on(ExportFinished)
    def _export_finished(self, message: ExportFinished) -> None:
        self.running = False
        if message.result is None:
            self.query_one("#export-run", Button).disabled = False
            self.query_one("#export-progress", ProgressBar).remove_class("running")
            self._say(f"Not exported: {message.error}", "bold $error")
            return
        result = message.result
        self.notify(
            f"Exported {result.highlights} highlight(s) as {result.format} to {result.path}",
            title="Export",
            markup=False,
        )
        self.dismiss(result.path)

    def action_cancel(self) -> None:
        self.cancel.set()  # a running export stops at its next row and writes nothing
        self.dismiss(None)

    def _say(self, message: str, style: str) -> None:
        self.query_one("#export-message", Static).update(styled(message, style))

    @on(Button.Pressed, "#export-run")
    def _run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _names(coders: Coders) -> str:
    """The coder field's text for `coders`: names with commas between."""
    return ", ".join(sorted(coder_set(coders) or ()))


def _coders(text: str) -> Coders:
    """The coders the coder field names (commas between several); None for everyone."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    return None if not names else names[0] if len(names) == 1 else frozenset(names)
