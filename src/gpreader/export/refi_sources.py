"""The text sources of a REFI-QDA project, with their texts, as `import-project` reads them.

A source's text is inline (<PlainTextContent>), inside the archive (`internal://name`, under
`sources/`), or outside it: a `plainTextPath` that is absolute (a path or a `file:` URI) or
relative to the project's `basePath` (else to the folder holding the .qdpx), as ATLAS.ti and
MAXQDA write linked documents. A path from another machine that does not exist here is looked
up by its file name beside the .qdpx. Outside files are read only when they are regular
`.txt` files (a project cannot pull any other file of this machine into the corpus), up to
MAX_SOURCE_BYTES, as UTF-8. A source that has inline text and a file that differ is skipped:
its codings cannot be placed with certainty.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from urllib.parse import unquote, urlparse

from gpreader.corpus import files as corpus
from gpreader.export import refi_orphans
from gpreader.export.codebook import local_name

MAX_SOURCE_BYTES = 64 * 2**20  # one source text, unpacked
INTERNAL = "internal://"

Skipped = list[tuple[str, str]]  # (what, why)


class Unreadable(Exception):
    """A text that cannot be had (the message says why)."""


@dataclass
class Source:
    name: str
    guid: str
    raw: str  # the text as the project holds it (positions index this)
    element: ET.Element
    orphans_of: str | None = None  # the GUID of the source whose orphaned highlights it holds


def member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """One file of the archive, unpacked in a stream up to `cap` bytes (Unreadable if not)."""
    try:
        with archive.open(name) as stream:
            data = corpus.read_at_most(stream, cap)
    except KeyError:
        raise Unreadable(f"{name} is not in the project") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise Unreadable(f"cannot unpack {name}: {exc}") from None
    if data is None:
        raise Unreadable(f"{name} is larger than {cap // 2**20} MB")
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # REFI sources are UTF-8; positions skip a BOM
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _candidates(where: str, base: Path, beside: Path) -> list[Path]:
    """Where an outside `plainTextPath` may be on this machine, most likely first."""
    if where.startswith("file:"):
        where = unquote(urlparse(where).path)
    windows = PureWindowsPath(where)
    if "\\" in where or windows.drive:
        name, absolute = windows.name, bool(windows.drive or where.startswith("\\"))
        given = Path(*windows.parts[1:]) if absolute else Path(*windows.parts)
        paths = [] if absolute else [base / given]
    else:
        name, given = Path(where).name, Path(where)
        paths = [given if given.is_absolute() else base / given]
    return [*paths, beside / name]


def _outside(where: str, base: Path, beside: Path) -> str:
    if not where.casefold().endswith(".txt"):
        raise Unreadable(f"its text is outside the project and not a .txt file ({where!r})")
    for path in _candidates(where, base, beside):
        try:
            with corpus.open_regular(path) as stream:
                data = corpus.read_at_most(stream, MAX_SOURCE_BYTES)
        except (corpus.SkipFile, OSError):
            continue
        if data is None:
            raise Unreadable(f"{path} is larger than {MAX_SOURCE_BYTES // 2**20} MB")
        return _decode(data)
    raise Unreadable(f"its text is outside the project and not found here ({where!r})")


def _from_path(where: str, archive: zipfile.ZipFile, base: Path, beside: Path) -> str:
    if not where.startswith(INTERNAL):
        return _outside(where, base, beside)
    name = where[len(INTERNAL) :]
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise Unreadable(f"an unsafe file name in plainTextPath: {where!r}")
    return _decode(member(archive, f"sources/{name}", MAX_SOURCE_BYTES))


def source_text(element: ET.Element, archive: zipfile.ZipFile, base: Path, beside: Path) -> str:
    """The source's text (Unreadable says why there is none)."""
    inline = next((e for e in element if local_name(e) == "PlainTextContent"), None)
    where = element.get("plainTextPath") or ""
    if inline is None:
        if not where:
            raise Unreadable("it has neither inline text nor a plainTextPath")
        return _from_path(where, archive, base, beside)
    text = inline.text or ""
    if where:
        try:
            stored = _from_path(where, archive, base, beside)
        except Unreadable:
            return text  # the inline text is the source
        if stored.replace("\r\n", "\n") != text.replace("\r\n", "\n"):
            raise Unreadable(
                f"its inline text differs from the file {where!r}: its codings cannot be placed"
            )
    return text


def read_sources(
    tree: ET.Element, archive: zipfile.ZipFile, project: Path, skipped: Skipped
) -> list[Source]:
    """The project's text sources with their texts; any other kind is skipped, saying why."""
    beside = project.resolve().parent
    base = Path(tree.get("basePath") or beside)
    base = base if base.is_absolute() else beside / base
    found: list[Source] = []
    for sources in (e for e in tree if local_name(e) == "Sources"):
        for element in sources:
            name = element.get("name") or element.get("guid") or "?"
            kind = local_name(element)
            if kind != "TextSource":
                skipped.append((f"{kind} {name!r}", "only text sources can be imported"))
                continue
            try:
                raw = source_text(element, archive, base, beside)
            except Unreadable as exc:
                skipped.append((f"source {name!r}", str(exc)))
                continue
            about = next((e.text for e in element if local_name(e) == "Description"), None)
            guid = (element.get("guid") or "").lower()
            found.append(Source(name, guid, raw, element, refi_orphans.article_of(about)))
    return found
