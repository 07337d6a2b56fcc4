"""The parts of a REFI-QDA project beyond sources, codes and codings: what maps is taken
(a source set becomes a yes/no variable of its member sources, as QualCoder imports it), the
rest is named in the import report with the reason it is left out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from gpreader.export.codebook import local_name
from gpreader.export.refi_variables import AttrValue

Skipped = list[tuple[str, str]]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element if local_name(e) == name]


def _sections(tree: ET.Element, section: str, item: str) -> list[ET.Element]:
    return [e for s in _children(tree, section) for e in _children(s, item)]


def source_sets(tree: ET.Element) -> dict[str, dict[str, AttrValue]]:
    """{source guid: {set name: True}} for each set's member sources."""
    found: dict[str, dict[str, AttrValue]] = {}
    for group in _sections(tree, "Sets", "Set"):
        name = group.get("name") or group.get("guid") or "set"
        for ref in _children(group, "MemberSource"):
            found.setdefault((ref.get("targetGUID") or "").lower(), {})[name] = True
    return found


def report_unmapped(tree: ET.Element, skipped: Skipped) -> None:
    """Name what gpreader has no place for: code and note sets, cases' own codings and
    selections, project notes that are not a selection's annotation, codings of a whole
    source, links and graphs."""
    for group in _sections(tree, "Sets", "Set"):
        name = group.get("name") or group.get("guid")
        codes, notes = len(_children(group, "MemberCode")), len(_children(group, "MemberNote"))
        if codes:
            skipped.append((f"set {name!r}", f"gpreader has no code sets ({codes} code(s))"))
        if notes:
            skipped.append((f"set {name!r}", f"gpreader has no note sets ({notes} note(s))"))
    for case in _sections(tree, "Cases", "Case"):
        held = len(_children(case, "CodeRef")) + len(_children(case, "SelectionRef"))
        if held:
            name = case.get("name") or case.get("guid")
            skipped.append(
                (f"case {name!r}", f"gpreader has no cases ({held} coding(s) or selection(s))")
            )
    referred = {
        (ref.get("targetGUID") or "").lower()
        for sources in _children(tree, "Sources")
        for ref in sources.iter()
        if local_name(ref) == "NoteRef"
    }
    for note in _sections(tree, "Notes", "Note"):
        if (note.get("guid") or "").lower() not in referred:
            name = note.get("name") or note.get("guid")
            skipped.append((f"note {name!r}", "a project note (journal): gpreader has none"))
    for sources in _children(tree, "Sources"):
        for source in sources:
            if whole := len(_children(source, "Coding")):
                name = source.get("name") or source.get("guid")
                skipped.append(
                    (f"{whole} coding(s) of the whole source {name!r}", "not a text range")
                )
    for section in ("Links", "Graphs"):
        if _children(tree, section):
            skipped.append((section.lower(), "gpreader has no place for them"))
