"""The REFI-QDA project (`.qdpx`), written as a stream into the zip.

First each article's canonical text goes in as `sources/<guid>.txt` (one article in memory at
a time), then `project.qde` is written piece by piece straight into its zip entry: memory
follows the highlight records, not the document. Users are the coders (and whoever exports),
each with a GUID derived from the name; the project, its sources and its selections carry
who made them and when (a source: the exporting coder and the file's time as the store has
it; the project: the earliest and latest stamps it holds). GUIDs and the archive's times are
fixed, so the same data gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import BinaryIO

from gpreader import codebook as tagging
from gpreader.export import refi_orphans as orphans
from gpreader.export import refi_variables
from gpreader.export import refi_xml as xml
from gpreader.export.common import (
    ExportData,
    Progress,
    Record,
    stable_uuid,
    tag_appliers,
    ticker,
    xsd_utc,
)
from gpreader.export.refi import (
    ORIGIN,
    PROJECT_NS,
    ZIP_TIME,
    code_names,
    code_tree,
    codes_element,
    source_names,
)
from gpreader.export.refi_ids import cached_guid, guid_of, stable_guid, utc
from gpreader.store.highlights import SelectionSummary

QDE_LEVEL = 1  # deflate project.qde fast: a third bigger, a second less per 100k highlights


@dataclass(frozen=True)
class _Source:
    guid: str
    name: str
    description: str
    created: str | None  # xsd:dateTime
    highlights: list[Record]
    positions: list[tuple[int, int]] | None = None  # of the highlights, when not their own
    path: str = ""  # the article's, for its variables


def _user(name: str) -> str:
    return cached_guid("user", name)


def _file_time(mtime_ns: int) -> str | None:
    if mtime_ns <= 0:
        return None
    return xsd_utc(datetime.fromtimestamp(mtime_ns / 1e9, UTC))


def _entry(name: str, level: int | None = None) -> zipfile.ZipInfo:
    """A zip entry with fixed time and mode; `level`: its deflate level (default 6)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    if level is not None:  # public as compress_level from Python 3.13
        public = hasattr(info, "compress_level")
        setattr(info, "compress_level" if public else "_compresslevel", level)
    return info


def _write_sources(data: ExportData, archive: zipfile.ZipFile) -> list[_Source]:
    """Every article's text (and each article's orphans' text) into the archive; the sources
    (an article's carry no highlights: they are streamed while project.qde is written)."""
    lost: dict[str, list[Record]] = {}
    for h in data.orphaned():  # few: read apart, before the stream
        lost.setdefault(h.article, []).append(h)
    paths = data.article_paths()
    titles: dict[str, str] = {}
    created: dict[str, str | None] = {}
    sources: list[_Source] = []
    for path in paths:
        # not data.article: that keeps every text; its spans are not read
        article = data.store.export_article(path)
        guid = stable_uuid("source", path)
        archive.writestr(_entry(f"sources/{guid}.txt"), article.text.encode("utf-8"))
        titles[path], created[path] = article.title, _file_time(article.mtime_ns)
        about = ", ".join(x for x in (path, article.date or "") if x)
        sources.append(_Source(guid, "", about, created[path], [], None, path))
    names = source_names(titles)
    sources = [replace(s, name=names[s.path]) for s in sources]
    for path in sorted(lost):
        guid = orphans.source_guid(path)
        text, positions = orphans.text_and_positions(lost[path])
        archive.writestr(_entry(f"sources/{guid}.txt"), text.encode("utf-8"))
        name = f"Orphaned highlights - {names.get(path) or path}"
        about = orphans.description(path, stable_uuid("source", path))
        sources.append(_Source(guid, name, about, created.get(path), lost[path], positions))
    return sources


class _InPlace:
    """The highlights that are in their articles, streamed in reading order (grouped by
    article path, as the sources are listed) and handed out one article at a time."""

    def __init__(self, data: ExportData, paths: list[str]) -> None:
        self._order = order = {path: i for i, path in enumerate(paths)}
        found = data.records(quotes=False)  # a selection needs no quote context
        self._records = (h for h in found if h.status != "orphaned" and h.article in order)
        self._next = next(self._records, None)

    def of(self, path: str) -> Iterator[Record]:
        """The highlights of the article at `path` (the next source in order)."""
        at = self._order[path]
        while self._next is not None and self._next.article == path:
            yield self._next
            self._next = next(self._records, None)
        if self._next is not None and self._order[self._next.article] < at:
            raise RuntimeError("highlights did not come in the sources' order")

    def check_done(self) -> None:
        if self._next is not None:
            raise RuntimeError("highlights did not come in the sources' order")


_utc = lru_cache(maxsize=1 << 14)(utc)  # stamps repeat (highlights made in one sitting)


def _stamps(who: str, when: str) -> dict[str, str]:
    attrs = {"creatingUser": _user(who)} if who else {}
    if stamp := utc(when):
        attrs["creationDateTime"] = stamp
    return attrs


@lru_cache(maxsize=1 << 12)
def _made(who: str, stamp: str | None) -> str:
    """` creatingUser=".." creationDateTime=".."` (GUIDs and stamps need no escaping)."""
    user = f' creatingUser="{_user(who)}"' if who else ""
    return f'{user} creationDateTime="{stamp}"' if stamp else user


def _selection(h: Record, start: int, end: int, known: set[str], indent: int) -> str:
    """A PlainTextSelection over [start, end) with the note and one Coding per tag; built
    as one string (every value but the name and the note is a GUID, number or stamp)."""
    pad = " " * indent
    created = _utc(h.created)
    modified = created if h.updated == h.created else _utc(h.updated)
    head = (
        f'{pad}<PlainTextSelection guid="{guid_of("selection", h.id)}"'
        f' name="{xml.escaped(" ".join(h.exact.split())[:80])}"'
        f' startPosition="{start}" endPosition="{end}"{_made(h.coder, created)}'
        + (f' modifyingUser="{_user(h.coder)}"' if h.coder else "")
        + (f' modifiedDateTime="{modified}"' if modified else "")
    )
    body = [xml.leaf("Description", h.note, indent + 1)] if h.note else []
    for tag, applier in zip(h.tags, tag_appliers(h), strict=True):
        if tag in known:  # each Coding is created by the coder who applied that tag
            guid = stable_guid("coding", f"{h.id}/{tag}")
            body.append(
                f'{pad} <Coding guid="{guid}"{_made(applier, created)}>\n'
                f'{pad}  <CodeRef targetGUID="{cached_guid("code", tag)}"/>\n{pad} </Coding>\n'
            )
    if not body:
        return f"{head}/>\n"
    return f"{head}>\n{''.join(body)}{pad}</PlainTextSelection>\n"


def _summary(data: ExportData) -> SelectionSummary:
    """Coders and stamp range of the exported highlights: read in SQL when the export takes
    every highlight, else summed up over a pass of the records (not held)."""
    if data.chosen is None and data.store.is_every_highlight(data.selection):
        return data.store.highlight_summary(data.selection)
    coders: set[str] = set()
    first: str | None = None
    last: str | None = None
    for h in data.records(quotes=False):
        coders.add(h.coder)
        coders.update(h.tag_coders)
        for stamp in (h.created, h.updated):
            if stamp:
                first = stamp if first is None or stamp < first else first
                last = stamp if last is None or stamp > last else last
    return SelectionSummary(frozenset(coders), first, last)


def _project_attributes(data: ExportData, summary: SelectionSummary) -> dict[str, str]:
    """Name, origin, who exports, and the earliest and latest stamps of its highlights."""
    attrs = {"name": "gpreader export", "origin": ORIGIN}
    if data.store.coder:
        attrs["creatingUserGUID"] = attrs["modifyingUserGUID"] = _user(data.store.coder)
    first = last = None
    if summary.first is not None and summary.last is not None:
        first, last = utc(summary.first), utc(summary.last)
        if not (first and last):  # not all stamps as the store writes them: read each
            stamps = {
                u
                for h in data.records(quotes=False)
                for s in (h.created, h.updated)
                if s and (u := utc(s))
            }
            first, last = (min(stamps), max(stamps)) if stamps else (None, None)
    if first and last:
        attrs["creationDateTime"], attrs["modifiedDateTime"] = first, last
    return attrs


def _users(data: ExportData, summary: SelectionSummary) -> list[str]:
    return sorted((summary.coders | {data.store.coder}) - {""})


def _codebook(data: ExportData) -> tuple[str, set[str]]:
    """The <CodeBook> (tags of the tag filter's subtree, if any) and the tag paths in it."""
    tags = data.store.tags(counted=False)  # REFI carries no counts: not worth a second
    if data.filters.tag is not None:
        tags = [t for t in tags if tagging.in_subtree(t.path, data.filters.tag)]
    if not tags:
        return "", set()
    tree = code_tree(tags)
    book = ET.Element("CodeBook")
    book.append(codes_element(tree, code_names(tree)))
    ET.indent(book, space=" ", level=1)
    return " " + ET.tostring(book, encoding="unicode") + "\n", {t.path for t in tags}


def write_project(
    data: ExportData,
    stream: BinaryIO,
    *,
    progress: Progress | None = None,
    variables: Mapping[str, Mapping[str, refi_variables.AttrValue]] | None = None,
) -> int:
    """The project zip; how many highlights it carries. `variables`: each article's
    attributes by path, exported as REFI variables on its source."""
    tick = ticker(progress, data.total)
    done = 0
    defs = refi_variables.definitions(variables or {})
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        sources = _write_sources(data, archive)
        in_place = _InPlace(data, [s.path for s in sources if s.positions is None])
        qde = _entry("project.qde", QDE_LEVEL)
        with archive.open(qde, "w", force_zip64=True) as member:
            out = xml.Writer(member)  # type: ignore[arg-type]  # a zip entry is a binary stream
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
            summary = _summary(data)
            project = {"xmlns": PROJECT_NS, **_project_attributes(data, summary)}
            out.write(xml.opening("Project", project, 0))
            if users := _users(data, summary):
                out.write(xml.opening("Users", {}, 1))
                for name in users:
                    out.write(xml.empty("User", {"guid": _user(name), "name": name}, 2))
                out.write(xml.closing("Users", 1))
            codebook, known = _codebook(data)
            out.write(codebook)
            out.write(refi_variables.definitions_xml(defs, 1))
            if sources:
                out.write(xml.opening("Sources", {}, 1))
            for source in sources:
                attrs = {
                    "guid": source.guid,
                    "name": source.name,
                    "plainTextPath": f"internal://{source.guid}.txt",
                    **_stamps(data.store.coder, source.created or ""),
                }
                out.write(xml.opening("TextSource", attrs, 2))
                out.write(xml.leaf("Description", source.description, 3))
                if source.positions is None:  # an article's highlights, streamed
                    for h in in_place.of(source.path):
                        out.write(_selection(h, h.start, h.end, known, 3))
                        done += 1
                        tick(done)
                for h, (start, end) in zip(source.highlights, source.positions or (), strict=True):
                    out.write(_selection(h, start, end, known, 3))
                    done += 1
                    tick(done)
                if source.path and variables and source.path in variables:
                    out.write(refi_variables.values_xml(defs, variables[source.path], 3))
                out.write(xml.closing("TextSource", 2))
            if sources:
                out.write(xml.closing("Sources", 1))
            out.write(xml.closing("Project", 0))
            out.flush()
            in_place.check_done()
    return done
