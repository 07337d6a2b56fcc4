"""Importing a REFI-QDA project from the workbench (the palette's "Import a project…"): the
path is asked for, the import runs in a thread worker with a store of its own, and the library
and highlights are re-read when it is done."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore

if TYPE_CHECKING:
    from textual.app import App

    from gpreader.tui.screens.main import MainScreen

    _Host = App[None]  # the checker sees the App this is mixed into
else:
    _Host = object


@dataclass
class ProjectImported(Message):
    """The import's report (lines to show), or why it failed."""

    lines: list[str]
    error: str | None = None


class ImportingMixin(_Host):
    """Mixed into GPReaderApp, which provides `root`, `store` and `main`."""

    root: Path

    if TYPE_CHECKING:
        store: AnnotationStore
        main: MainScreen

    def action_import_project(self) -> None:
        from gpreader.tui.screens.ask import Ask

        def chosen(value: str | None) -> None:
            if value:
                self.notify(f"Importing {value}…", timeout=3, markup=False)
                self._import_project(Path(value).expanduser())

        ask = Ask(
            "Import a REFI-QDA project (.qdpx from QualCoder, NVivo, ATLAS.ti, MAXQDA): its path",
            hint="Enter import · Esc cancel · its texts are written into the articles folder",
        )
        self.push_screen(ask, chosen)

    @work(thread=True, exclusive=True, group="import-project", description="import a project")
    def _import_project(self, project: Path) -> None:
        from gpreader.export.project_import import import_project

        try:
            with AnnotationStore(self.store.path, coder=self.store.coder, verify=False) as own:
                report = import_project(own, project, self.root)
        except GPReaderError as exc:
            self.post_message(ProjectImported([], str(exc)))
        except OSError as exc:
            self.post_message(ProjectImported([], f"{exc.filename or project}: {exc.strerror}"))
        else:
            self.post_message(ProjectImported(report.describe()))

    def on_project_imported(self, message: ProjectImported) -> None:
        if message.error is not None:
            self.notify(
                message.error, title="Not imported", severity="error", timeout=10, markup=False
            )
            return
        self.notify("\n".join(message.lines), title="Project imported", timeout=12, markup=False)
        self.main.reload_library()
        self.main.reload_highlights(None)
