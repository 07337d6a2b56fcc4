"""What an import brought in, by format, and what it left out, by reason: the lines
`gpreader import` prints and the workbench's import progress shows."""

from __future__ import annotations

import re
from collections import Counter

from gpreader.models import ImportReport
from gpreader.store.attributes import AttributeStore

_REASON_KIND = re.compile(r"^(unsupported type|too large|row \d+|document \d+)")
_EXTRA = re.compile(r"needs the '[^']+' extra")


def format_counts(store: AttributeStore, report: ImportReport) -> dict[str, tuple[int, int]]:
    """Source format -> (articles present in the corpus, of which new or updated this time)."""
    formats = store.formats()
    changed = Counter(formats.get(path, "text") for path in report.loaded + report.updated)
    totals = Counter(formats.values())
    return {fmt: (totals[fmt], changed[fmt]) for fmt in sorted(totals)}


def reason_kind(reason: str) -> str:
    """The kind of a skip reason: `unsupported type (.png)` -> `unsupported type`; a part of
    a container (`row 3: no text`) -> `part of a file left out`; `needs the 'pdf' extra`;
    else the reason up to its details."""
    if extra := _EXTRA.search(reason):
        return extra.group(0)
    found = _REASON_KIND.match(reason)
    if found is None:
        return reason.split(" (", 1)[0].split(": ", 1)[0]
    kind = found.group(1)
    return "part of a file left out" if kind.startswith(("row ", "document ")) else kind


def summary_lines(store: AttributeStore, report: ImportReport) -> list[str]:
    """`formats: csv 3 (3 new or updated), text 5` and `left out: 2 unsupported type, ...`."""
    lines = []
    counts = format_counts(store, report)
    if counts:
        parts = [
            f"{fmt} {total}" + (f" ({changed} new or updated)" if changed else "")
            for fmt, (total, changed) in counts.items()
        ]
        lines.append("formats: " + ", ".join(parts))
    kinds = Counter(reason_kind(reason) for _, reason in report.skipped)
    if kinds:
        lines.append("left out: " + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()))
    return lines


def changed(report: ImportReport) -> bool:
    """Whether a refresh changed the library (what the workbench announces)."""
    return bool(report.loaded or report.updated or report.relinked or report.missing)
