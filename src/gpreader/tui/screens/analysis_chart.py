"""Codes over time as a chart in the terminal: one line per period, a bar of block characters
per tag stacked in the tag's colour, the count at the end, and a legend. Drawn with Textual's
own Content (no plotting dependency).

    chart = timeline_chart(table, colors, width=80)   # Content for a Static
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content

from gpreader.analysis.table import Number, Table
from gpreader.tui.widgets.shown import assemble

MOST_TAGS = 8  # the tags with most counted; the others are left out (the legend says so)
FULL, PARTS = "█", " ▏▎▍▌▋▊▉"
FALLBACK = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7")


def chart_rows(table: Table) -> list[int]:
    """The rows drawn: those with anything counted, the largest totals first, at most
    MOST_TAGS, in the table's order."""
    counted = [i for i, total in enumerate(table.row_totals) if total]
    top = sorted(counted, key=lambda i: -table.row_totals[i])[:MOST_TAGS]
    return sorted(top)


def bar(value: float, scale: float) -> str:
    """`value` as block characters at `scale` characters per unit (eighths for the rest)."""
    eighths = round(value * scale * 8)
    whole, rest = divmod(eighths, 8)
    return FULL * whole + (PARTS[rest] if rest else "")


def timeline_chart(table: Table, colors: Mapping[str, str], width: int) -> Content:
    """The chart of a timeline table (rows: tags, columns: periods)."""
    rows = chart_rows(table)
    if not rows or not table.columns:
        return Content("Nothing counted yet: code some passages, then come back.")
    label_width = max(len(c) for c in table.columns)
    totals = [sum(table.cells[i][j] for i in rows) for j in range(len(table.columns))]
    most = max(totals, default=0) or 1
    scale = max(1, width - label_width - 10) / most
    color = {
        table.rows[i]: colors.get(table.rows[i]) or FALLBACK[n % len(FALLBACK)]
        for n, i in enumerate(rows)
    }
    legend: list[tuple[str, str] | str] = []
    for i in rows:
        legend += [(FULL, color[table.rows[i]]), f" {table.rows[i]}  "]
    left_out = len([t for t in table.row_totals if t]) - len(rows)
    if left_out > 0:
        legend.append((f"(+{left_out} more tags, not drawn)", "$text-muted"))
    lines: list[Content] = [assemble(*legend), Content("")]
    for j, period in enumerate(table.columns):
        parts: list[tuple[str, str] | str] = [period.rjust(label_width), " "]
        for i in rows:
            value: Number = table.cells[i][j]
            if value:
                parts.append((bar(value, scale), color[table.rows[i]]))
        parts.append((f" {_number(totals[j])}", "$text-muted"))
        lines.append(assemble(*parts))
    return Content("\n").join(lines)


def _number(value: Number) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"
