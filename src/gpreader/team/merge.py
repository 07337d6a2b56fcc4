"""Merge another coder's database into this one: `gpreader merge OTHER.db`.

Articles are matched by content (the SHA-256 of their text), so the two article folders may
differ in paths. Tags are matched by path; a colour or description that differs is reported
and this database's kept. Highlights (with their notes and tags) are matched by their stable
ids; when both sides changed one, the state changed last wins (`updated`; on a tie, a fixed
order of the states), so merging A into B and B into A give the same highlights, and merging
twice adds nothing. Coders' "done" marks are added. Highlights on texts this database does
not hold are skipped and reported: put the files in the folder, and merge again.

The whole merge is one transaction and one journal entry: `gpreader undo` takes it back.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpreader.store import AnnotationStore
from gpreader.store.states import State
from gpreader.store.team import Coding


@dataclass
class MergeReport:
    """What a merge did (or, with dry_run, would do)."""

    source: str
    added: int = 0  # highlights new here
    updated: int = 0  # highlights changed there later than here
    unchanged: int = 0  # the same on both sides, or changed here later
    skipped: int = 0  # on texts this database does not hold
    skipped_articles: list[str] = field(default_factory=list)  # their paths in OTHER
    tags_added: list[str] = field(default_factory=list)
    tag_conflicts: list[str] = field(default_factory=list)  # "path: colour #.. here, #.. there"
    marks_added: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        """The report, one line per fact, for the terminal."""
        verb = "would merge" if self.dry_run else "merged"
        lines = [
            f"{verb} {self.source}: {self.added} highlight(s) added, {self.updated} updated, "
            f"{self.unchanged} unchanged; {len(self.tags_added)} tag(s) added; "
            f"{self.marks_added} done mark(s) added"
        ]
        if self.skipped:
            lines.append(
                f"skipped {self.skipped} highlight(s) on {len(self.skipped_articles)} article(s) "
                "whose text is not here (add the files to the folder and merge again): "
                + ", ".join(self.skipped_articles[:5])
                + (" ..." if len(self.skipped_articles) > 5 else "")
            )
        lines += [f"tag conflict, kept this database's: {c}" for c in self.tag_conflicts]
        if not self.dry_run and (self.added or self.updated or self.tags_added or self.marks_added):
            lines.append("`gpreader undo` takes the whole merge back")
        return lines


def merge(store: AnnotationStore, other: Path, *, dry_run: bool = False) -> MergeReport:
    """Bring the coding in `other` into `store` (see the module's docstring)."""
    theirs = store.coding_of(other)
    report = MergeReport(str(other), dry_run=dry_run)
    with store.snapshot() if dry_run else store.action():  # planned and applied as one
        change = plan(store.coding_of(None), theirs, report)
        if not dry_run and change["highlights"] + change["created"] + change["marks"]:
            store.apply_merge(change)
    return report


def plan(ours: Coding, theirs: Coding, report: MergeReport) -> dict[str, Any]:
    """The journal change that brings `theirs` into `ours`, filling in `report`."""
    for path, (color, description) in sorted(theirs.codebook.items()):
        here = ours.codebook.get(path)
        if here is None:
            report.tags_added.append(path)
        elif (color, description) != here and (color or description):
            report.tag_conflicts.append(_conflict(path, here, (color, description)))
    created = [
        {"path": p, "color": theirs.codebook[p][0], "description": theirs.codebook[p][1]}
        for p in report.tags_added
    ]
    highlights: list[list[Any]] = []
    skipped: Counter[str] = Counter()
    for hid, state in sorted(theirs.states.items()):
        if state["sha256"] not in ours.texts:
            skipped[theirs.texts.get(state["sha256"], "?")] += 1
            continue
        mine = ours.states.get(hid)
        if mine is None:
            report.added += 1
            highlights.append([hid, None, state])
        elif _wins(state, mine):
            report.updated += 1
            highlights.append([hid, mine, state])
        else:
            report.unchanged += 1
    report.skipped = sum(skipped.values())
    report.skipped_articles = sorted(skipped)
    marks = [
        [sha256, coder, marked]
        for (sha256, coder), marked in sorted(theirs.marks.items())
        if sha256 in ours.texts and (sha256, coder) not in ours.marks
    ]
    report.marks_added = len(marks)
    return {
        "op": "merge",
        "source": report.source,
        "highlights": highlights,
        "created": created,
        "marks": marks,
    }


def _wins(theirs: State, mine: State) -> bool:
    """Whether their state replaces mine: changed later, or on a tie the larger in a fixed
    order (so both directions of a merge choose alike)."""
    if theirs == mine:
        return False
    if theirs["updated"] != mine["updated"]:
        return bool(theirs["updated"] > mine["updated"])
    return _order(theirs) > _order(mine)


def _order(state: State) -> str:
    return json.dumps(state, sort_keys=True, ensure_ascii=False)


def _conflict(path: str, mine: tuple[str, str], theirs: tuple[str, str]) -> str:
    parts = []
    if mine[0] != theirs[0]:
        parts.append(f"colour {mine[0] or 'none'} here, {theirs[0] or 'none'} there")
    if mine[1] != theirs[1]:
        parts.append("descriptions differ")
    return f"{path}: {'; '.join(parts)}"
