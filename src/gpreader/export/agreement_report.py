"""An agreement report as text lines, Markdown, or a spreadsheet."""

from __future__ import annotations

from typing import BinaryIO

from gpreader.analysis.table import write_rows_xlsx
from gpreader.export.markdown import cell
from gpreader.team.report import MEASURES, AgreementReport, Measures

HEADERS = ("tag", "units", "% agree", "Cohen k", "Fleiss k", "alpha", "alpha-u", "reading")
SOURCES = (
    "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and "
    "Psychological Measurement 20(1), 37-46.",
    "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
    "Psychological Bulletin 76(5), 378-382.",
    "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School "
    "for Communication, University of Pennsylvania.",
    "Krippendorff, K. (2004). Measuring the reliability of qualitative text analysis data. "
    "Quality & Quantity 38, 787-800 (unitizing alpha).",
)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _units(value: float) -> str:
    return f"{value:g}"


def _rows(report: AgreementReport) -> list[tuple[str, Measures]]:
    return [("(all tags)", report.overall), *report.tags.items()]


def _cells(name: str, m: Measures) -> list[str]:
    figures = [m.percent_agreement, m.cohen_kappa, m.fleiss_kappa, m.krippendorff_alpha, m.alpha_u]
    return [name, _units(m.units), *map(_figure, figures), m.reading]


def _heading(report: AgreementReport) -> list[str]:
    missing = ", ".join(f"{coder} {n}" for coder, n in report.missing.items() if n)
    return [
        f"coders {', '.join(report.coders)}; unit: {report.unit}; "
        f"{report.articles} article(s) finished by two or more of them",
        f"not marked (missing data): {missing}" if missing else "every coder finished every one",
    ]


def text_lines(report: AgreementReport) -> list[str]:
    """An aligned table for the terminal."""
    table = [list(HEADERS), *(_cells(name, m) for name, m in _rows(report))]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADERS) - 1)]
    lines = [*_heading(report), ""]
    for row in table:
        lines.append("  ".join([*(v.ljust(w) for v, w in zip(row, widths, strict=False)), row[-1]]))
    return lines


def markdown(report: AgreementReport) -> str:
    """The report as a Markdown document, with the measures' sources."""
    lines = ["# Agreement", "", *(f"{line}  " for line in _heading(report)), ""]
    lines += ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for name, m in _rows(report):
        name_cell, *figures, reading = _cells(name, m)
        lines.append("| " + " | ".join([cell(name_cell), *figures, cell(reading)]) + " |")
    lines += ["", "## Confusion counts", ""]
    for name, m in _rows(report):
        counts = ", ".join(f"{key}: {_units(n)}" for key, n in m.confusion.items()) or "none"
        lines.append(f"- {cell(name)}: {cell(counts)}")
    lines += ["", "## Sources", "", *(f"- {cell(source)}" for source in SOURCES), ""]
    return "\n".join(lines)


def write_markdown(report: AgreementReport, stream: BinaryIO) -> int:
    data = markdown(report).encode("utf-8")
    stream.write(data)
    return len(data)


def write_xlsx(report: AgreementReport, stream: BinaryIO) -> int:
    """One sheet: a row per tag and one for all tags; figures as numbers, never formulas."""
    rows = [
        [name, m.units, *(getattr(m, measure) for measure in MEASURES), m.reading]
        for name, m in _rows(report)
    ]
    about = [("coders", ", ".join(report.coders)), ("unit", report.unit)]
    write_rows_xlsx(["tag", "units", *MEASURES, "reading"], rows, stream, "agreement", about=about)
    return len(rows)
