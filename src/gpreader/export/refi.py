"""REFI-QDA exchange: a codebook (`.qdc`) and a project (`.qdpx`) for NVivo, ATLAS.ti, MAXQDA,
QualCoder and the like.

Tag paths become nested codes (a parent that is not itself a tag becomes a non-codable code),
colours `#RRGGBB`. The project (refi_project.py) is a zip holding `project.qde` and each
article's canonical text as `sources/<guid>.txt` (UTF-8). Every highlight is a
PlainTextSelection whose start and end positions count Unicode code points of that text
(zero-based, end exclusive: the schema leaves the unit to the standard's prose, which counts
characters), with one Coding per tag and the note as its Description. Orphaned highlights
travel on a source of their own (refi_orphans.py). GUIDs are derived from gpreader's ids
(uuid5), so exporting the same data twice gives the same files, byte for byte.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from gpreader import __version__
from gpreader.errors import InvalidInputError
from gpreader.export.common import (
    ExportData,
    Progress,
    stable_uuid,
    xml_text,
)
from gpreader.models import Tag

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"gpreader {__version__}"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the archive is reproducible


@dataclass
class _Node:
    name: str
    path: str
    tag: Tag | None = None
    children: dict[str, _Node] = field(default_factory=dict)


def code_tree(tags: Iterable[Tag]) -> list[_Node]:
    """Tags as a forest of codes, creating the parents that are not tags themselves."""
    roots: dict[str, _Node] = {}
    for tag in sorted(tags, key=lambda t: t.path):
        level, path = roots, ""
        for part in tag.path.split("/"):
            path = f"{path}/{part}" if path else part
            node = level.setdefault(part, _Node(part, path))
            level = node.children
        node.tag = tag
    return list(roots.values())


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]+')


def file_safe(name: str) -> str:
    """A name that is a file name on any system, at most 120 characters."""
    safe = _NOT_IN_FILE_NAMES.sub("-", name.replace(": ", " - ")).strip(" .")
    return safe[:120].strip(" .") or "untitled"


def source_names(titles: dict[str, str]) -> dict[str, str]:
    """Each article's source name by path: its title, else its path, made file-safe (programs
    such as QualCoder copy a source to a file of that name: a `/` in a title broke it) and
    unique (an article whose name is taken is named by its path, then by path and a number)."""
    first = {path: file_safe(title or path) for path, title in titles.items()}
    counts = Counter(name.casefold() for name in first.values())
    names: dict[str, str] = {}
    taken: set[str] = set()
    for path, name in first.items():
        if counts[name.casefold()] > 1:
            name = file_safe(path)
        unique, n = name, 1
        while unique.casefold() in taken:
            n += 1
            unique = f"{name} ({n})"
        taken.add(unique.casefold())
        names[path] = unique
    return names


def code_guid(path: str) -> str:
    return stable_uuid("code", path)


def code_names(nodes: Iterable[_Node]) -> dict[str, str]:
    """Each code's name by path, unique in the whole codebook: QualCoder (and others) look codes
    up by name, so a leaf name used under two parents (`actors/other`, `policy/other`) is
    named with its parent's path too, `other (actors)`; a reader of the codebook
    (export/codebook.py) takes the suffix off again."""
    every: list[_Node] = []
    stack = list(nodes)
    while stack:
        node = stack.pop()
        every.append(node)
        stack.extend(node.children.values())
    seen = Counter(node.name.casefold() for node in every)
    names = {}
    for node in every:
        parent = node.path.rpartition("/")[0]
        clash = seen[node.name.casefold()] > 1 and parent
        names[node.path] = f"{node.name} ({parent})" if clash else node.name
    taken = Counter(name.casefold() for name in names.values())
    return {  # a tag really named "other (actors)" as well: the whole path, which is unique
        path: path if taken[name.casefold()] > 1 else name for path, name in names.items()
    }


def _codes(parent: ET.Element, nodes: Iterable[_Node], names: dict[str, str]) -> None:
    for node in nodes:
        attrs = {
            "guid": code_guid(node.path),
            "name": xml_text(names[node.path]),
            "isCodable": "true" if node.tag else "false",
        }
        if node.tag and node.tag.color:
            attrs["color"] = node.tag.color
        code = ET.SubElement(parent, "Code", attrs)
        if node.tag and node.tag.description:
            ET.SubElement(code, "Description").text = xml_text(node.tag.description)
        _codes(code, node.children.values(), names)


def codes_element(nodes: Iterable[_Node], names: dict[str, str]) -> ET.Element:
    """A <Codes> element holding the code forest."""
    codes = ET.Element("Codes")
    _codes(codes, nodes, names)
    return codes


def _serialise(root: ET.Element) -> bytes:
    """The document; element names are unqualified, the root's `xmlns` puts them in its
    namespace (ElementTree's default_namespace cannot be combined with plain attributes)."""
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def codebook_xml(tags: list[Tag]) -> bytes:
    """A `.qdc` document (Codebook.xsd)."""
    if not tags:
        raise InvalidInputError("there are no tags to export; a REFI-QDA codebook needs one")
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    tree = code_tree(tags)
    root.append(codes_element(tree, code_names(tree)))
    return _serialise(root)


def write_qdc(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """The codebook; how many codes carry a tag."""
    tags = data.codebook()
    stream.write(codebook_xml(tags))
    if progress:
        progress(1, 1)
    return len(tags)
