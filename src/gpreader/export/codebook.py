"""The codebook on its own: export as CSV, and import from a CSV, a `.qdc` or a `.qdpx`.

The CSV has columns `tag, description, color, highlights, articles` (Taguette reads `tag`
and `description` when it imports a codebook). Importing adds tags and updates descriptions
and colours; highlights are never touched.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gpreader import codebook as tagging
from gpreader.errors import InvalidInputError
from gpreader.export.common import FORMULA_START, ExportData, Progress
from gpreader.export.csv_export import write_rows
from gpreader.store import AnnotationStore

COLUMNS = ("tag", "description", "color", "highlights", "articles")
NAME_COLUMNS = ("tag", "name", "path")


def write_csv(
    data: ExportData,
    stream: BinaryIO,
    *,
    raw: bool = False,
    excel: bool = False,
    progress: Progress | None = None,
) -> int:
    """The codebook as CSV, one row per tag in path order; how many rows."""
    rows = [[t.path, t.description, t.color, t.highlights, t.articles] for t in data.codebook()]
    n = write_rows(stream, COLUMNS, rows, excel=excel, raw=raw)
    if progress:
        progress(1, 1)
    return n


@dataclass(frozen=True)
class Entry:
    """One code read from a codebook file; None means "not given"."""

    path: str
    description: str | None = None
    color: str | None = None


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{len(self.added)} tag(s) added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


def _unneutralise(value: str) -> str:
    """Undo the `'` gpreader puts before formula-like cells, so its own CSVs read back."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_csv(data: bytes) -> list[Entry]:
    """Entries from a codebook CSV (UTF-8, with or without BOM; cp1252 accepted)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {(name or "").strip().casefold(): name for name in reader.fieldnames or []}
    key = next((fields[c] for c in NAME_COLUMNS if c in fields), None)
    if key is None:
        raise InvalidInputError("a codebook CSV needs a `tag`, `name` or `path` column")
    desc, color = fields.get("description"), fields.get("color") or fields.get("colour")
    entries = []
    for line, row in enumerate(reader, 2):
        name = _unneutralise(row.get(key) or "").strip()
        if not name:
            continue
        described = (_unneutralise(row.get(desc) or "") or None) if desc else None
        colour = _colour((row.get(color) or "").strip(), f"line {line}") if color else None
        entries.append(Entry(_path(name, f"line {line}"), described, colour))
    return entries


def _path(name: str, where: str) -> str:
    try:
        return tagging.normalize(name)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{where}: {exc}") from None


def _colour(value: str, where: str) -> str | None:
    if not value:
        return None
    try:
        return tagging.normalize_color(value)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{where}: {exc}") from None


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def read_qdc(data: bytes) -> list[Entry]:
    """Entries from a REFI-QDA codebook (`.qdc`) or project (`project.qde`): nested codes
    become tag paths; codes marked not codable only give their name to their children."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInputError(f"not a REFI-QDA codebook: {exc}") from None
    if _local(root) == "Project":
        root = next((c for c in root if _local(c) == "CodeBook"), ET.Element("CodeBook"))
    if _local(root) != "CodeBook":
        raise InvalidInputError("not a REFI-QDA codebook: the root is not <CodeBook>")
    entries: list[Entry] = []

    def walk(parent: ET.Element, prefix: str) -> None:
        for code in (c for c in parent if _local(c) == "Code"):
            name = " ".join((code.get("name") or "").replace("/", "-").split())
            if not name:
                raise InvalidInputError(f"code {code.get('guid')} has no name")
            path = f"{prefix}/{name}" if prefix else name
            if (code.get("isCodable") or "true").strip() in ("true", "1"):
                found = next((c for c in code if _local(c) == "Description"), None)
                described = (found.text or None) if found is not None else None
                colour = _colour(code.get("color") or "", f"code {name!r}")
                entries.append(Entry(_path(path, f"code {name!r}"), described, colour))
            walk(code, path)

    for codes in (c for c in root if _local(c) == "Codes"):
        walk(codes, "")
    return entries


def read_file(path: Path) -> list[Entry]:
    """Entries from a `.csv`, `.qdc`, `.qde` or `.qdpx` file (chosen by its content)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{path}: {exc.strerror}") from None
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = archive.read("project.qde")
        except (zipfile.BadZipFile, KeyError):
            raise InvalidInputError(f"{path}: not a REFI-QDA project (.qdpx)") from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_qdc(data)
    return read_csv(data)


def import_codebook(store: AnnotationStore, path: Path) -> ImportResult:
    """Add the file's tags to the store and update descriptions and colours, in one transaction.

    Empty or absent descriptions and colours leave the existing ones as they are.
    """
    entries = sorted(read_file(path), key=lambda e: e.path)  # parents before children
    before = {t.path: t for t in store.tags()}
    result = ImportResult()
    with store.action():
        for e in entries:
            tag = before.get(e.path) or store.ensure_tag(
                e.path, color=e.color, description=e.description
            )
            color = e.color if e.color and e.color != tag.color else None
            description = e.description if e.description not in (None, tag.description) else None
            if color is not None or description is not None:
                store.update_tag(e.path, color=color, description=description)
                if e.path in before:
                    result.updated.append(e.path)
            elif e.path in before:
                result.unchanged.append(e.path)
    result.added = [t.path for t in store.tags() if t.path not in before]
    return result
