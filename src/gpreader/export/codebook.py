"""The codebook on its own: export as CSV, and import from a CSV, a `.qdc` or a `.qdpx`.

The CSV has columns `tag, description, color, highlights, articles` (Taguette reads `tag`
and `description` when it imports a codebook). It is always UTF-8 with a byte-order mark, so
Taguette (and spreadsheets) read it as UTF-8 rather than guessing MacRoman or Windows-1252;
tag names are written verbatim, only a formula-like description gets the `'` guard.
Importing adds tags and updates descriptions and colours; highlights are never touched.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gpreader import codebook as tagging
from gpreader.corpus.files import SkipFile, open_regular, read_at_most
from gpreader.errors import InvalidInputError
from gpreader.export.common import FORMULA_START, ExportData, Progress
from gpreader.export.csv_export import write_rows
from gpreader.store import AnnotationStore
from gpreader.store.bulk import merge_tags

COLUMNS = ("tag", "description", "color", "highlights", "articles")
NAME_COLUMNS = ("tag", "name", "path")
# A codebook file, or the project.qde unpacked from a .qdpx, is read into memory up to this
# size: far above any real codebook, far below what a zip bomb would unpack to.
MAX_CODEBOOK_BYTES = 64 * 2**20
PROJECT_MEMBER = "project.qde"


def write_csv(
    data: ExportData,
    stream: BinaryIO,
    *,
    raw: bool = False,
    excel: bool = False,
    progress: Progress | None = None,
) -> int:
    """The codebook as CSV, one row per tag in path order; how many rows. `excel` only
    changes line ends to CRLF: the byte-order mark is always there."""
    rows = [[t.path, t.description, t.color, t.highlights, t.articles] for t in data.codebook()]
    n = write_rows(stream, COLUMNS, rows, excel=excel, raw=raw, guarded={"description"}, bom=True)
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
    try:
        return _csv_entries(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InvalidInputError(
                f"line {reader.line_num + 1}: a cell is longer than {csv.field_size_limit():,} "
                "characters; not a codebook CSV"
            ) from None
        raise InvalidInputError(f"line {reader.line_num + 1}: not a readable CSV ({exc})") from None


def _csv_entries(reader: csv.DictReader[str]) -> list[Entry]:
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


def local_name(element: ET.Element) -> str:
    """An element's name without its namespace."""
    return element.tag.rsplit("}", 1)[-1]


def read_qdc(data: bytes) -> list[Entry]:
    """Entries from a REFI-QDA codebook (`.qdc`) or project (`project.qde`): nested codes
    become tag paths; codes marked not codable only give their name to their children. In a
    flat codebook, names with "/" are paths (Taguette writes its hierarchy so)."""
    try:
        root = _codebook_tree(data)
    except ET.ParseError as exc:
        raise InvalidInputError(f"not a REFI-QDA codebook: {exc}") from None
    if local_name(root) == "Project":
        root = next((c for c in root if local_name(c) == "CodeBook"), ET.Element("CodeBook"))
    if local_name(root) != "CodeBook":
        raise InvalidInputError("not a REFI-QDA codebook: the root is not <CodeBook>")
    entries: list[Entry] = []
    for code, path in code_paths(root):
        _add_code(entries, code, path)
    return entries


def code_paths(codebook: ET.Element) -> list[tuple[ET.Element, str]]:
    """Every code of a <CodeBook> with its tag path, parents first, in document order."""
    found: list[tuple[ET.Element, str]] = []
    # A flat codebook whose names hold "/" (Taguette's) names paths; in a nested one a "/" is
    # part of one code's name.
    paths_in_names = _is_flat(codebook)
    # Depth first, in document order, with an explicit stack: codes may nest thousands deep.
    stack: list[tuple[ET.Element, str]] = [
        (codes, "") for codes in reversed([c for c in codebook if local_name(c) == "Codes"])
    ]
    while stack:
        parent, prefix = stack.pop()
        children = []
        for code in (c for c in parent if local_name(c) == "Code"):
            raw = _unneutralise(code.get("name") or "")  # carried from gpreader's own CSV
            raw = raw.removesuffix(f" ({prefix})") if prefix else raw  # see refi.code_names
            name = " ".join((raw if paths_in_names else raw.replace("/", "-")).split())
            if not name.strip("/ "):
                raise InvalidInputError(f"code {code.get('guid')} has no name")
            name = _path(name, f"code {name!r}")  # one segment at a time: linear in depth
            children.append((code, f"{prefix}/{name}" if prefix else name))
        for code, path in reversed(children):
            stack.append((code, path))
        if local_name(parent) == "Code":
            found.append((parent, prefix))
    return found


def _is_flat(root: ET.Element) -> bool:
    """Whether no code holds another code."""
    return not any(
        local_name(child) == "Code"
        for code in root.iter()
        if local_name(code) == "Code"
        for child in code
    )


def _codebook_tree(data: bytes) -> ET.Element:
    """The document's root holding only what lies in a <CodeBook>: the rest of a project
    (sources, selections, notes) is dropped as it is parsed, so memory follows the codebook."""
    open_elements: list[ET.Element] = []
    in_codebook = 0
    root: ET.Element | None = None
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        is_codebook = local_name(element) == "CodeBook"
        if event == "start":
            root = element if root is None else root
            open_elements.append(element)
            in_codebook += is_codebook
            continue
        open_elements.pop()
        in_codebook -= is_codebook
        if open_elements and not in_codebook and not is_codebook:
            open_elements[-1].remove(element)  # its last child: removed as soon as it ends
    assert root is not None  # iterparse raises ParseError on a document without elements
    return root


def _add_code(entries: list[Entry], code: ET.Element, path: str) -> None:
    """The entry for a codable code (a code marked not codable only names its children)."""
    if (code.get("isCodable") or "true").strip() not in ("true", "1"):
        return
    name = path.rsplit("/", 1)[-1]
    found = next((c for c in code if local_name(c) == "Description"), None)
    described = (found.text or None) if found is not None else None
    colour = _colour(code.get("color") or "", f"code {name!r}")
    entries.append(Entry(path, described, colour))


def read_file(path: Path) -> list[Entry]:
    """Entries from a `.csv`, `.qdc`, `.qde` or `.qdpx` file (chosen by its content).

    Reads at most MAX_CODEBOOK_BYTES (of the file, or of a .qdpx's project.qde, unpacked
    in a stream) and never blocks on a FIFO or device given in place of a file.
    """
    try:
        with open_regular(path) as stream:
            if stream.read(2) == b"PK":
                stream.seek(0)
                data = _read_project(stream, path)
            else:
                stream.seek(0)
                data = read_at_most(stream, MAX_CODEBOOK_BYTES)
    except SkipFile as exc:
        raise InvalidInputError(f"{path}: {exc}") from None
    except OSError as exc:
        raise InvalidInputError(f"{path}: {exc.strerror or exc}") from None
    if data is None:
        raise InvalidInputError(f"{path}: larger than {MAX_CODEBOOK_BYTES // 2**20} MB; not read")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_qdc(data)
    return read_csv(data)


def _read_project(stream: BinaryIO, path: Path) -> bytes | None:
    """The project.qde of a .qdpx, unpacked as a stream; None when it is over the cap."""
    try:
        with zipfile.ZipFile(stream) as archive, archive.open(PROJECT_MEMBER) as member:
            return read_at_most(member, MAX_CODEBOOK_BYTES)
    except (zipfile.BadZipFile, KeyError, zlib.error, EOFError, NotImplementedError) as exc:
        raise InvalidInputError(f"{path}: not a REFI-QDA project (.qdpx): {exc}") from None
    except RuntimeError as exc:  # encrypted
        raise InvalidInputError(f"{path}: cannot unpack {PROJECT_MEMBER} ({exc})") from None


def import_codebook(store: AnnotationStore, path: Path) -> ImportResult:
    """Add the file's tags to the store and update descriptions and colours, in one transaction.

    Empty or absent descriptions and colours leave the existing ones as they are.
    """
    entries = sorted(read_file(path), key=lambda e: e.path)  # parents before children
    merged = merge_tags(store, ((e.path, e.color, e.description) for e in entries))
    return ImportResult(merged.added, merged.updated, merged.unchanged)
