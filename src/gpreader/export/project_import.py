"""Import a whole REFI-QDA project (`.qdpx`): sources become articles, codes tags, codings and
annotations highlights, with their coders, times and memos.

A source whose text the corpus already holds (matched by content: a project exported from
gpreader, say) is that article; any other is written into the articles folder as a UTF-8 text
file named after the source (never over an existing file) and loaded. REFI positions count
the characters of the source's text (no byte-order mark); a CRLF text is stored with `\\n`
line ends (text.canonical), so positions are moved back by the `\\r`s before them. Each
selection keeps its GUID as the highlight's id, so importing a project twice adds nothing.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gpreader.corpus import files as corpus
from gpreader.corpus import sync
from gpreader.errors import InvalidInputError
from gpreader.export.codebook import code_paths, local_name
from gpreader.export.refi import file_safe
from gpreader.store import AnnotationStore
from gpreader.store.bulk import MadeElsewhere, add_highlights, merge_tags
from gpreader.text import canonical

PROJECT_MEMBER = "project.qde"
MAX_PROJECT_BYTES = 256 * 2**20  # project.qde, unpacked
MAX_SOURCE_BYTES = 64 * 2**20  # one source text, unpacked
INTERNAL = "internal://"


@dataclass
class ProjectReport:
    """What an import did, and what it skipped and why."""

    sources_added: list[str] = field(default_factory=list)  # files written
    sources_matched: list[str] = field(default_factory=list)  # articles already there
    tags_added: list[str] = field(default_factory=list)
    highlights_added: int = 0
    highlights_present: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)

    def describe(self) -> list[str]:
        lines = [
            f"{len(self.sources_added) + len(self.sources_matched)} source(s): "
            f"{len(self.sources_added)} written into the articles folder, "
            f"{len(self.sources_matched)} already in the corpus",
            f"{len(self.tags_added)} tag(s) added",
            f"{self.highlights_added} highlight(s) added, "
            f"{self.highlights_present} already present",
        ]
        lines += [f"skipped {what}: {why}" for what, why in self.skipped]
        return lines


@dataclass
class _Source:
    name: str
    raw: str  # the text as the project holds it (positions index this)
    element: ET.Element


def import_project(store: AnnotationStore, project: Path, root: Path) -> ProjectReport:
    """Bring the project's sources, codes and codings into the store and the articles folder
    `root` (created if needed)."""
    report = ProjectReport()
    with _open(project) as stream, _unzip(stream, project) as archive:
        try:
            tree = _parse(_member(archive, PROJECT_MEMBER, MAX_PROJECT_BYTES))
        except _Unreadable as exc:
            raise InvalidInputError(f"{project}: {exc}") from None
        sources = _sources(tree, archive, report)
    codebook = next((e for e in tree if local_name(e) == "CodeBook"), None)
    codes = code_paths(codebook) if codebook is not None else []
    wanted = [(path, code.get("color"), _description(code)) for code, path in codes]
    report.tags_added = merge_tags(store, wanted).added
    context = _Context(tree, {_guid(code): path for code, path in codes}, report)
    paths = _place_sources(store, root, sources, report)
    made = [
        h
        for source in sources
        if id(source) in paths
        for h in context.highlights(source, paths[id(source)])
    ]
    report.highlights_added, report.highlights_present = add_highlights(store, made)
    return report


class _Context:
    """What turning a project's selections into highlights needs: its users, notes, codes."""

    def __init__(self, tree: ET.Element, tags: dict[str, str], report: ProjectReport) -> None:
        self.users = {_guid(u): u.get("name", "") for u in tree.iter() if local_name(u) == "User"}
        self.notes = {_guid(n): n for n in tree.iter() if local_name(n) == "Note"}
        self.owner = self.users.get((tree.get("creatingUserGUID") or "").lower(), "")
        self.tags = tags
        self.report = report

    def highlights(self, source: _Source, path: str) -> list[MadeElsewhere]:
        """The source's selections as highlights of the article at `path`."""
        made: list[MadeElsewhere] = []
        shift = _Shift(source.raw)
        for selection, note in _selections(source.element, self.notes):
            where = f"selection {selection.get('guid')} in {source.name!r}"
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
                hid = str(uuid.UUID(selection.get("guid", "")))
            except ValueError:
                self.report.skipped.append((where, "no valid positions or GUID"))
                continue
            if not 0 <= start < end <= len(source.raw):
                self.report.skipped.append((where, f"positions {start}-{end} outside the text"))
                continue
            made_by = [selection] if note is None else [selection, note]
            codings = self._codings(selection, where)
            made.append(
                MadeElsewhere(
                    id=hid,
                    article=path,
                    start=shift(start),
                    end=shift(end),
                    tags=tuple(tag for tag, _ in codings),
                    tag_coders=tuple(coder for _, coder in codings),
                    note=_note_text(note) if note is not None else _description(selection) or "",
                    coder=next((u for e in made_by if (u := self._user(e))), self.owner),
                    created=next((d for e in made_by if (d := e.get("creationDateTime"))), ""),
                )
            )
        return made

    def _user(self, element: ET.Element) -> str:
        return self.users.get(_guid(element, "creatingUser"), "")

    def _codings(self, selection: ET.Element, where: str) -> list[tuple[str, str]]:
        """(tag, who applied it) for each coding of a selection whose code is known."""
        found = []
        for coding in (c for c in selection if local_name(c) == "Coding"):
            for ref in (r for r in coding if local_name(r) == "CodeRef"):
                tag = self.tags.get(_guid(ref, "targetGUID"))
                if tag is None:
                    self.report.skipped.append((f"a coding of {where}", "its code is not known"))
                else:
                    found.append((tag, self._user(coding)))
        return found


def _guid(element: ET.Element, attribute: str = "guid") -> str:
    return (element.get(attribute) or "").lower()


class _Shift:
    """A position in a text with CRLF line ends, as a position in its canonical text."""

    def __init__(self, raw: str) -> None:
        self._returns = [i for i in range(len(raw) - 1) if raw[i] == "\r" and raw[i + 1] == "\n"]

    def __call__(self, position: int) -> int:
        return position - bisect_left(self._returns, position)


class _Unreadable(Exception):
    """A source whose text cannot be had (the message says why)."""


def _open(project: Path) -> BinaryIO:
    try:
        return corpus.open_regular(project)
    except corpus.SkipFile as exc:
        raise InvalidInputError(f"{project}: {exc}") from None
    except OSError as exc:
        raise InvalidInputError(f"{project}: {exc.strerror or exc}") from None


def _unzip(stream: BinaryIO, project: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInputError(f"{project}: not a REFI-QDA project (.qdpx): {exc}") from None


def _member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """One file of the archive, unpacked in a stream up to `cap` bytes (_Unreadable if not)."""
    try:
        with archive.open(name) as member:
            data = corpus.read_at_most(member, cap)
    except KeyError:
        raise _Unreadable(f"{name} is not in the project") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _Unreadable(f"cannot unpack {name}: {exc}") from None
    if data is None:
        raise _Unreadable(f"{name} is larger than {cap // 2**20} MB")
    return data


def _parse(data: bytes) -> ET.Element:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInputError(f"{PROJECT_MEMBER} is not XML: {exc}") from None
    if local_name(root) != "Project":
        raise InvalidInputError(f"{PROJECT_MEMBER}: the root is not <Project>")
    return root


def _sources(tree: ET.Element, archive: zipfile.ZipFile, report: ProjectReport) -> list[_Source]:
    """The project's text sources with their texts; any other kind is skipped, saying why."""
    found: list[_Source] = []
    for sources in (e for e in tree if local_name(e) == "Sources"):
        for element in sources:
            name = element.get("name") or element.get("guid") or "?"
            kind = local_name(element)
            if kind != "TextSource":
                report.skipped.append((f"{kind} {name!r}", "only text sources can be imported"))
                continue
            try:
                found.append(_Source(name, _source_text(element, archive), element))
            except _Unreadable as exc:
                report.skipped.append((f"source {name!r}", str(exc)))
    return found


def _source_text(element: ET.Element, archive: zipfile.ZipFile) -> str:
    """The source's text (_Unreadable says why there is none)."""
    inline = next((e for e in element if local_name(e) == "PlainTextContent"), None)
    if inline is not None:
        return inline.text or ""
    where = element.get("plainTextPath") or ""
    if not where.startswith(INTERNAL):
        raise _Unreadable(f"its text is outside the project ({where or 'no plainTextPath'})")
    name = where[len(INTERNAL) :]
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise _Unreadable(f"an unsafe file name in plainTextPath: {where!r}")
    data = _member(archive, f"sources/{name}", MAX_SOURCE_BYTES)
    try:
        return data.decode("utf-8-sig")  # REFI sources are UTF-8; positions skip a BOM
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _place_sources(
    store: AnnotationStore, root: Path, sources: list[_Source], report: ProjectReport
) -> dict[int, str]:
    """Each source's article path: an article with the same text, else a new file (loaded)."""
    by_text = {a.sha256: path for path, a in store.known_articles().items() if not a.missing}
    placed: dict[int, str] = {}
    written: dict[int, str] = {}
    for source in sources:
        sha = corpus.sha256_text(canonical(source.raw))
        if sha in by_text:
            placed[id(source)] = by_text[sha]
            report.sources_matched.append(by_text[sha])
            continue
        root.mkdir(parents=True, exist_ok=True)
        target = _free_name(root, file_safe(source.name))
        target.write_text(source.raw, encoding="utf-8", newline="")
        written[id(source)] = by_text[sha] = target.name
        report.sources_added.append(target.name)
    if written:
        sync.refresh(store, root)
        stored = store.known_articles()
        for source in sources:
            name = written.get(id(source))
            if name is None:
                continue
            sha = corpus.sha256_text(canonical(source.raw))
            if name in stored and stored[name].sha256 == sha:
                placed[id(source)] = name
            else:
                report.skipped.append(
                    (f"source {source.name!r}", f"{name} did not load as written")
                )
    return placed


def _free_name(root: Path, stem: str) -> Path:
    """`root/stem.txt`, or `stem (2).txt` and so on: an existing file is never replaced."""
    target, n = root / f"{stem}.txt", 1
    while target.exists():
        n += 1
        target = root / f"{stem} ({n}).txt"
    return target


def _selections(
    source: ET.Element, notes: dict[str, ET.Element]
) -> list[tuple[ET.Element, ET.Element | None]]:
    """The source's text selections, and those of the notes it refers to (annotations: a
    selection with a note and no code), each with its note."""
    found: list[tuple[ET.Element, ET.Element | None]] = [
        (e, None) for e in source if local_name(e) == "PlainTextSelection"
    ]
    for ref in (e for e in source if local_name(e) == "NoteRef"):
        note = notes.get(_guid(ref, "targetGUID"))
        if note is not None:
            found += [(e, note) for e in note if local_name(e) == "PlainTextSelection"]
    return found


def _note_text(note: ET.Element) -> str:
    content = next((e for e in note if local_name(e) == "PlainTextContent"), None)
    return (content.text or "") if content is not None else ""


def _description(element: ET.Element) -> str | None:
    found = next((e for e in element if local_name(e) == "Description"), None)
    return (found.text or None) if found is not None else None
