"""Import a whole REFI-QDA project (`.qdpx`): sources become articles, codes tags, codings and
annotations highlights, with their coders, times and memos.

A source whose text the corpus already holds (matched by content: a project exported from
gpreader, say) is that article; any other is written into the articles folder as a UTF-8 text
file named after the source (never over an existing file) and loaded. REFI positions count
the characters of the source's text (no byte-order mark); a CRLF text is stored with `\\n`
line ends (text.canonical), so positions are moved back by the `\\r`s before them (ATLAS.ti
counts a CRLF as one character already: its positions are not moved). Each
selection keeps its GUID as the highlight's id, so importing a project twice adds nothing.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from gpreader.corpus import files as corpus
from gpreader.corpus import sync
from gpreader.errors import InvalidInputError
from gpreader.export import refi_orphans, refi_variables
from gpreader.export.codebook import code_paths, local_name
from gpreader.export.refi import file_safe
from gpreader.export.refi_extras import report_unmapped, source_sets
from gpreader.export.refi_sources import Source, Unreadable, member, read_sources
from gpreader.store import AnnotationStore
from gpreader.store.bulk import MadeElsewhere, add_highlights, merge_tags
from gpreader.text import canonical

PROJECT_MEMBER = "project.qde"
MAX_PROJECT_BYTES = 256 * 2**20  # project.qde, unpacked
Attributes = dict[str, dict[str, refi_variables.AttrValue]]  # by article path


@dataclass
class ProjectReport:
    """What an import did, and what it skipped and why."""

    sources_added: list[str] = field(default_factory=list)  # files written
    sources_matched: list[str] = field(default_factory=list)  # articles already there
    tags_added: list[str] = field(default_factory=list)
    codes: int = 0  # codes read (codable or not)
    codings: int = 0  # codings placed on highlights read
    orphans: int = 0  # highlights read back as orphaned
    highlights_added: int = 0
    highlights_present: int = 0
    variables: Attributes = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)

    def describe(self) -> list[str]:
        lines = [
            f"{len(self.sources_added) + len(self.sources_matched)} source(s): "
            f"{len(self.sources_added)} written into the articles folder, "
            f"{len(self.sources_matched)} already in the corpus",
            f"{self.codes} code(s): {len(self.tags_added)} tag(s) added",
            f"{self.highlights_added} highlight(s) added, {self.highlights_present} already "
            f"present ({self.codings} coding(s), {self.orphans} orphaned)",
        ]
        if self.variables:
            values = sum(len(v) for v in self.variables.values())
            lines.append(f"{values} variable value(s) on {len(self.variables)} article(s)")
        lines += [f"skipped {what}: {why}" for what, why in self.skipped]
        return lines


def import_project(
    store: AnnotationStore,
    project: Path,
    root: Path,
    on_variables: Callable[[Attributes], None] | None = None,
) -> ProjectReport:
    """Bring the project's sources, codes and codings into the store and the articles folder
    `root` (created if needed). The articles' variables become their attributes (or go to
    `on_variables` instead)."""
    report = ProjectReport()
    with _open(project) as stream, _unzip(stream, project) as archive:
        try:
            tree = _parse(member(archive, PROJECT_MEMBER, MAX_PROJECT_BYTES))
        except Unreadable as exc:
            raise InvalidInputError(f"{project}: {exc}") from None
        every = read_sources(tree, archive, project, report.skipped)
    sources = [s for s in every if s.orphans_of is None]
    codebook = next((e for e in tree if local_name(e) == "CodeBook"), None)
    codes = code_paths(codebook) if codebook is not None else []
    report.codes = len(codes)
    wanted = [(path, code.get("color"), _description(code)) for code, path in codes]
    report.tags_added = merge_tags(store, wanted).added
    context = _Context(tree, {_guid(code): path for code, path in codes}, report)
    paths = _place_sources(store, root, sources, report)
    made = [h for s in sources if s.guid in paths for h in context.highlights(s, paths[s.guid])]
    for lost in (s for s in every if s.orphans_of is not None):
        made += context.orphans(lost, paths.get(lost.orphans_of or ""))
    report.codings = sum(len(h.tags) for h in made)
    report.orphans = sum(h.orphan_quote is not None for h in made)
    report.highlights_added, report.highlights_present = add_highlights(store, made)
    report_unmapped(tree, report.skipped)
    _variables(tree, paths, report, on_variables or refi_variables.into_store(store))
    return report


def _variables(
    tree: ET.Element,
    paths: Mapping[str, str],
    report: ProjectReport,
    on_variables: Callable[[Attributes], None] | None,
) -> None:
    """Sources' variables (their own, their cases', their sets') by article path."""
    by_source = refi_variables.read(tree, report.skipped)
    for guid, values in source_sets(tree).items():
        by_source.setdefault(guid, {}).update(values)
    report.variables = {paths[g]: dict(v) for g, v in by_source.items() if g in paths and v}
    if report.variables and on_variables is not None:
        on_variables(report.variables)


class _Context:
    """What turning a project's selections into highlights needs: its users, notes, codes."""

    def __init__(self, tree: ET.Element, tags: dict[str, str], report: ProjectReport) -> None:
        self.users = {_guid(u): u.get("name", "") for u in tree.iter() if local_name(u) == "User"}
        self.notes = {_guid(n): n for n in tree.iter() if local_name(n) == "Note"}
        self.owner = self.users.get((tree.get("creatingUserGUID") or "").lower(), "")
        self.tags = tags
        self.report = report
        # ATLAS.ti counts a CRLF line end as one character (QualCoder's importer notes so);
        # other programs count the characters of the text as stored.
        self.crlf_is_one = "ATLAS" in (tree.get("origin") or "").upper()

    def orphans(self, source: Source, path: str | None) -> list[MadeElsewhere]:
        """A gpreader orphans' source: its selections as orphaned highlights of `path`."""
        if path is None:
            self.report.skipped.append(
                (f"orphaned highlights in {source.name!r}", "the source they belong to is not here")
            )
            return []
        made = []
        for h in self.highlights(source, path):
            prefix, suffix = refi_orphans.context(source.raw, h.start, h.end)
            exact = source.raw[h.start : h.end]
            quote = (exact, prefix, suffix)
            made.append(replace(h, start=0, end=len(exact), orphan_quote=quote))
        return made

    def highlights(self, source: Source, path: str) -> list[MadeElsewhere]:
        """The source's selections as highlights of the article at `path`."""
        made: list[MadeElsewhere] = []
        shift = _Shift("" if self.crlf_is_one else source.raw)
        length = len(source.raw) - (source.raw.count("\r\n") if self.crlf_is_one else 0)
        for selection, note in _selections(source.element, self.notes):
            where = f"selection {selection.get('guid')} in {source.name!r}"
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
                hid = str(uuid.UUID(selection.get("guid", "")))
            except ValueError:
                self.report.skipped.append((where, "no valid positions or GUID"))
                continue
            if not 0 <= start < end <= length:
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
                    created=_stamp(next((d for e in made_by if (d := _when(e))), "")),
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


def _when(element: ET.Element) -> str:
    return element.get("creationDateTime") or element.get("modifiedDateTime") or ""


def _stamp(value: str) -> str:
    """An xsd:dateTime as the store keeps times (UTC, to the second, `+00:00`); a time
    without a zone is taken as UTC; "" (now) when it is not a time."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _guid(element: ET.Element, attribute: str = "guid") -> str:
    return (element.get(attribute) or "").lower()


class _Shift:
    """A position in a text with CRLF line ends, as a position in its canonical text."""

    def __init__(self, raw: str) -> None:
        self._returns = [m.start() for m in re.finditer("\r\n", raw)]

    def __call__(self, position: int) -> int:
        return position - bisect_left(self._returns, position)


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


def _parse(data: bytes) -> ET.Element:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInputError(f"{PROJECT_MEMBER} is not XML: {exc}") from None
    if local_name(root) != "Project":
        raise InvalidInputError(f"{PROJECT_MEMBER}: the root is not <Project>")
    return root


def _place_sources(
    store: AnnotationStore, root: Path, sources: list[Source], report: ProjectReport
) -> dict[str, str]:
    """Each source's article path by GUID: an article with the same text, else a new file."""
    by_text = {a.sha256: path for path, a in store.known_articles().items() if not a.missing}
    placed: dict[str, str] = {}
    written: dict[str, str] = {}
    for source in sources:
        sha = corpus.sha256_text(canonical(source.raw))
        if sha in by_text:
            placed[source.guid] = by_text[sha]
            report.sources_matched.append(by_text[sha])
            continue
        root.mkdir(parents=True, exist_ok=True)
        target = _free_name(root, file_safe(source.name))
        target.write_text(source.raw, encoding="utf-8", newline="")
        written[source.guid] = by_text[sha] = target.name
        report.sources_added.append(target.name)
    if written:
        sync.refresh(store, root)
        stored = store.known_articles()
        for source in sources:
            name = written.get(source.guid)
            if name is None:
                continue
            sha = corpus.sha256_text(canonical(source.raw))
            if name in stored and stored[name].sha256 == sha:
                placed[source.guid] = name
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
