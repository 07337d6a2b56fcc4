"""A timeline as a PNG line chart, drawn by matplotlib (the optional extra `gpreader[plot]`):
the same chart as analysis/svg.py (one line per row, axis labels, a legend, the caption naming
what was asked), for journals and slides that want a bitmap.

    timeline_png(table, caption, colors, stream)
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO, Any

from gpreader.analysis.svg import FALLBACK
from gpreader.analysis.table import Table
from gpreader.errors import InvalidInputError

MISSING = (
    "a PNG chart needs matplotlib, which gpreader installs as an extra: "
    "pip install 'gpreader[plot]' (or write the chart as .svg, which needs nothing)"
)


def _pyplot() -> Any:
    """matplotlib's pyplot on its file-only backend; InvalidInputError naming the extra when
    matplotlib is not installed."""
    try:
        import matplotlib
    except ImportError:
        raise InvalidInputError(MISSING) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def timeline_png(
    table: Table, caption: str, colors: Mapping[str, str] | None, stream: IO[bytes]
) -> None:
    """Write the table's rows as lines over its columns (periods) to `stream`, as PNG."""
    plt = _pyplot()
    from matplotlib import ticker

    colors = colors or {}
    figure, axes = plt.subplots(figsize=(9, 4.8), dpi=150)
    try:
        xs = list(range(len(table.columns)))
        for i, label in enumerate(table.rows):
            if not any(table.cells[i]):
                continue
            color = colors.get(label) or FALLBACK[i % len(FALLBACK)]
            axes.plot(xs, table.cells[i], marker="o", markersize=3, label=label, color=color)
        step = max(1, len(xs) // 12)  # at most about twelve period labels
        axes.set_xticks(xs[::step], table.columns[::step], rotation=45, ha="right")
        axes.set_xlabel(table.title.rsplit(" by ", 1)[-1])  # "highlights by month": month
        axes.set_ylabel(table.unit)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))  # counts are whole
        axes.grid(axis="y", color="#dddddd")
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
        figure.text(0.01, 0.01, caption, fontsize=7, color="#555555")
        figure.tight_layout(rect=(0, 0.04, 1, 1))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        stream.write(buffer.getvalue())
    finally:
        plt.close(figure)
