"""A timeline as a standalone SVG line chart (written here, no plotting library): one line per
row, axis labels, a legend and a caption naming what was asked."""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from gpreader.analysis.table import Table

WIDTH, HEIGHT = 900, 480
LEFT, RIGHT, TOP, BOTTOM = 70, 220, 40, 110
FALLBACK = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")


def _ticks(top: float) -> list[int]:
    """About five round steps from 0 to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / 5
    step = 1
    while step * 10 <= raw:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= raw:
            step *= factor
            break
    last = -(-int(top) // step) * step
    return list(range(0, last + step, step))


def timeline_svg(table: Table, caption: str, colors: Mapping[str, str] | None = None) -> str:
    """The table's rows as lines over its columns (periods)."""
    colors = colors or {}
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    ticks = _ticks(max((max(r) for r in table.cells if r), default=0))
    top = ticks[-1] or 1
    n = len(table.columns)

    def x(j: int) -> float:
        return LEFT + (plot_w * (j + 0.5) / n if n else 0)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f"<title>{escape(table.title)}</title>",
    ]
    for t in ticks:
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
            'stroke="#dddddd"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t}</text>')
    out.append(
        f'<polyline points="{LEFT},{TOP} {LEFT},{TOP + plot_h} {LEFT + plot_w},{TOP + plot_h}" '
        'fill="none" stroke="black"/>'
    )
    every = max(1, -(-n // 24))  # at most about 24 period labels
    for j, label in enumerate(table.columns):
        if j % every == 0:
            px, py = x(j), TOP + plot_h + 14
            out.append(
                f'<text x="{px:.1f}" y="{py}" text-anchor="end" '
                f'transform="rotate(-45 {px:.1f} {py})">{escape(label)}</text>'
            )
    unit = escape(table.unit)
    out.append(
        f'<text x="18" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 18 {TOP + plot_h / 2:.1f})">{unit}</text>'
    )
    period = escape(table.title.rsplit(" ", 1)[-1])
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 38}" text-anchor="middle">{period}</text>'
    )
    for i, (label, values) in enumerate(zip(table.rows, table.cells, strict=True)):
        color = colors.get(label) or FALLBACK[i % len(FALLBACK)]
        points = " ".join(f"{x(j):.1f},{y(v):.1f}" for j, v in enumerate(values))
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{escape(color)}" stroke-width="2"/>'
        )
        for j, v in enumerate(values):
            out.append(f'<circle cx="{x(j):.1f}" cy="{y(v):.1f}" r="2.5" fill="{escape(color)}"/>')
        ly = TOP + 16 * i + 8
        lx = LEFT + plot_w + 20
        out.append(
            f'<line x1="{lx}" x2="{lx + 18}" y1="{ly}" y2="{ly}" stroke="{escape(color)}" '
            'stroke-width="3"/>'
        )
        out.append(f'<text x="{lx + 24}" y="{ly + 4}">{escape(label)}</text>')
    out.append(f'<text x="{LEFT}" y="{HEIGHT - 12}" font-style="italic">{escape(caption)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
