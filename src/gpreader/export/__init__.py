"""Exports: one entry point, `export`, for the CLI and the TUI, and a registry of formats.

No Textual here: `gpreader export` never loads it. The xlsx and Markdown writers are imported
when used: they pull in openpyxl, which the workbench's export dialog need not load to open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from gpreader.errors import Cancelled, InvalidInputError
from gpreader.export import codebook, csv_export, jsonl, refi, refi_project, w3c
from gpreader.export.codebook import ImportResult, import_codebook
from gpreader.export.common import (
    STATUSES,
    ExportData,
    Filters,
    Progress,
    read_snapshot,
)
from gpreader.export.output import atomic_write, check_target, default_filename
from gpreader.export.refi_variables import article_variables
from gpreader.gc_pause import gc_paused
from gpreader.store import AnnotationStore

__all__ = [
    "FORMATS",
    "STATUSES",
    "ExportOptions",
    "ExportResult",
    "Filters",
    "Format",
    "ImportResult",
    "default_output",
    "export",
    "import_codebook",
]


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how; the CSV switches are ignored by the other formats
    (`one_row_per_highlight` also applies to xlsx)."""

    format: str = "csv"
    filters: Filters = field(default_factory=Filters)
    one_row_per_highlight: bool = False
    raw: bool = False  # no `'` before formula-like cells
    excel: bool = False  # UTF-8 BOM and CRLF record ends


Writer = Callable[[ExportData, BinaryIO, ExportOptions, Progress | None], int]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    label: str
    kind: str  # file-name stem: "export" or "codebook"
    writer: Writer
    binary: bool = False  # not for a terminal


def _csv(data: ExportData, out: BinaryIO, o: ExportOptions, p: Progress | None) -> int:
    return csv_export.write(
        data,
        out,
        one_row_per_highlight=o.one_row_per_highlight,
        raw=o.raw,
        excel=o.excel,
        progress=p,
    )


def _xlsx(data: ExportData, out: BinaryIO, o: ExportOptions, p: Progress | None) -> int:
    from gpreader.export import xlsx

    return xlsx.write(data, out, one_row_per_highlight=o.one_row_per_highlight, progress=p)


def _markdown(data: ExportData, out: BinaryIO, o: ExportOptions, p: Progress | None) -> int:
    from gpreader.export import markdown

    return markdown.write(data, out, progress=p)


def _codebook(data: ExportData, out: BinaryIO, o: ExportOptions, p: Progress | None) -> int:
    return codebook.write_csv(data, out, raw=o.raw, excel=o.excel, progress=p)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "xlsx",
            "xlsx",
            "XLSX: for Excel/LibreOffice (highlights, codebook, articles)",
            "export",
            _xlsx,
            binary=True,
        ),
        Format("csv", "csv", "CSV: one row per highlight and tag", "export", _csv),
        Format("codebook-csv", "csv", "Codebook CSV: tags with counts", "codebook", _codebook),
        Format(
            "jsonl",
            "jsonl",
            "JSON Lines: one highlight per line",
            "export",
            lambda d, s, o, p: jsonl.write(d, s, progress=p),
        ),
        Format(
            "w3c",
            "jsonld",
            "W3C Web Annotation (JSON-LD)",
            "export",
            lambda d, s, o, p: w3c.write(d, s, progress=p),
        ),
        Format(
            "qdc",
            "qdc",
            "REFI-QDA codebook (.qdc)",
            "codebook",
            lambda d, s, o, p: refi.write_qdc(d, s, progress=p),
        ),
        Format(
            "qdpx",
            "qdpx",
            "REFI-QDA project (.qdpx)",
            "export",
            lambda d, s, o, p: refi_project.write_project(
                d, s, progress=p, variables=article_variables(d.store)
            ),
            binary=True,
        ),
        Format(
            "md",
            "md",
            "Markdown report by tag",
            "export",
            _markdown,
        ),
    )
}


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream
    format: str
    highlights: int  # highlights selected by the filters
    written: int  # rows, lines, annotations or codes written


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInputError(
            f"unknown format {name!r}; choose one of {', '.join(FORMATS)}"
        ) from None


def default_output(
    options: ExportOptions, title: str | None = None, today: date | None = None
) -> Path:
    """A file name in the current folder, e.g. `gpreader-export-20240501.csv`."""
    fmt = get_format(options.format)
    return Path(default_filename(fmt.extension, kind=fmt.kind, title=title, today=today))


def export(
    store: AnnotationStore,
    options: ExportOptions,
    out: Path | BinaryIO,
    *,
    articles_root: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Export the filtered highlights to a file (atomically) or to an open binary stream.

    A file is refused when it is the database (or its -wal/-shm), lies inside the articles
    folder, or exists without `force`. `articles_root` also lets W3C point into the files.
    Soft-deleted highlights are never exported.
    `cancel` is checked before the highlights are read and at every progress step while
    writing; once it is set, Cancelled is raised and no file is left behind (a stream keeps
    what was written to it).
    """
    fmt = get_format(options.format)
    # a file is checked now, before any reading; a stream is written as it is
    sink = (
        check_target(out, db_path=store.path, articles_root=articles_root, force=force)
        if isinstance(out, Path)
        else out
    )
    if cancel is not None:
        progress = _cancellable(progress, cancel)
        _check(cancel)
    with read_snapshot(store), gc_paused():
        data = ExportData(store, options.filters, articles_root)
        if cancel is not None:
            _check(cancel)
        if isinstance(sink, Path):
            written = atomic_write(
                sink, lambda stream: fmt.writer(data, stream, options, progress), force=force
            )
        else:
            written = fmt.writer(data, sink, options, progress)
    if progress is not None and not data.total:
        progress(0, 0)
    return ExportResult(out if isinstance(out, Path) else None, fmt.name, data.total, written)


def _check(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise Cancelled("export cancelled; nothing was written")


def _cancellable(progress: Progress | None, cancel: threading.Event) -> Progress:
    """A progress callback that raises Cancelled once `cancel` is set, then forwards."""

    def step(done: int, total: int) -> None:
        _check(cancel)
        if progress is not None:
            progress(done, total)

    return step
