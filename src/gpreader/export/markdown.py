"""A readable Markdown report: the project memo, a table of tag counts per article, codes over
time, co-occurrence, then every passage by tag and the memos on tags and articles.

Text from articles and notes is escaped so that it reads as written: no stray emphasis,
links, headings or raw HTML when the report is rendered.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import BinaryIO

from gpreader.analysis import cooccurrence, timeline
from gpreader.analysis.coding import ArticleInfo, Coded, Coding
from gpreader.analysis.table import Number, Table
from gpreader.export.common import ExportData, Progress, Record, ticker
from gpreader.export.memos import exported_memos
from gpreader.store.memos import Memo

UNTAGGED = "(untagged)"
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")  # marks up anywhere in a line
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))", re.MULTILINE)  # at a line's start


def escape(text: str) -> str:
    """Markdown-inert text: characters that could mark it up are backslash-escaped."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_start, text)


def _escape_start(m: re.Match[str]) -> str:
    mark = m[2]
    return m[1] + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def cell(text: str) -> str:
    """Text for a table cell: escaped, on one line (`|` is escaped by `escape`)."""
    return escape(" ".join(text.split()))


def quote(text: str) -> str:
    """A blockquote; blank lines inside the passage stay inside the quote."""
    return "\n".join(f"> {escape(line)}".rstrip() for line in text.split("\n"))


def summary(data: ExportData) -> list[str]:
    """Tag counts per article as a Markdown table (articles down, tags across)."""
    counts: dict[str, Counter[str]] = {}
    for h in data.highlights:
        row = counts.setdefault(h.article, Counter())
        for tag in h.tags or (UNTAGGED,):
            row[tag] += 1
        row[""] += 1  # highlights in the article
    tags = sorted({t for row in counts.values() for t in row if t})
    header = ["Article", *tags, "Highlights"]
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    for path, row in counts.items():
        title = data.article(path).title or path
        values = [cell(title), *(str(row[t]) for t in tags), str(row[""])]
        lines.append("| " + " | ".join(values) + " |")
    return lines


def _passage(data: ExportData, h: Record) -> list[str]:
    title = data.title(h) or h.article
    where = ", ".join(p for p in (escape(h.article), data.section(h)) if p)
    status = "" if h.status == "anchored" else f" · {h.status}"
    lines = [quote(h.exact), "", f"— *{escape(title)}* ({where}{status}) · {escape(h.coder)}"]
    if h.note:
        lines += ["", "**Note:** " + escape(h.note).replace("\n", "  \n")]
    return [*lines, ""]


def report(data: ExportData, progress: Progress | None = None) -> str:
    tags = {t.path: t for t in data.codebook()}
    by_tag: dict[str, list[Record]] = {}
    for h in data.highlights:
        for tag in h.tags or (UNTAGGED,):
            by_tag.setdefault(tag, []).append(h)
    tick = ticker(progress, sum(len(v) for v in by_tag.values()), every=200)
    lines = ["# gpreader highlights", ""]
    articles = len({h.article for h in data.highlights})
    lines += [f"{len(data.highlights)} highlight(s) in {articles} article(s).", ""]
    memos = exported_memos(data)
    project = [m for m in memos if m.kind == "project"]
    if project:
        lines += ["## Project memo", "", *_memo_lines(project[0].text), ""]
    if data.highlights:
        lines += ["## Summary", "", *summary(data), ""]
        lines += analysis_sections(data)
    done = 0
    for name in sorted(by_tag, key=lambda t: (t == UNTAGGED, t)):
        passages = by_tag[name]
        lines += [f"## {escape(name)} ({len(passages)})", ""]
        description = tags[name].description if name in tags else ""
        if description:
            lines += [f"*{escape(description)}*", ""]
        for h in passages:
            lines += _passage(data, h)
            done += 1
            tick(done)
    lines += memo_section(data, memos)
    return "\n".join(lines).rstrip("\n") + "\n"


def write(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """The report as UTF-8 Markdown; how many highlights it covers."""
    stream.write(report(data, progress).encode("utf-8"))
    return len(data.highlights)


# -- analysis and memos -------------------------------------------------------------------------


def coding_of(data: ExportData) -> Coding:
    """The exported highlights as analysis counts them: tagged, not orphaned."""
    counted = [
        Coded(h.id, h.article, h.start, h.end, tuple(sorted(set(h.tags))))
        for h in data.highlights
        if h.tags and h.status != "orphaned"
    ]
    articles = {a.path: ArticleInfo(a.path, a.title, a.date) for a in data.store.articles()}
    orphaned = sum(1 for h in data.highlights if h.tags and h.status == "orphaned")
    return Coding(counted, articles, [t.path for t in data.codebook()], orphaned=orphaned)


def analysis_sections(data: ExportData) -> list[str]:
    """Codes over time (highlights per month) and co-occurrence on one highlight."""
    coding = coding_of(data)
    if not coding.highlights:
        return []
    lines: list[str] = []
    over_time = timeline(coding, by="month")
    if over_time.columns:
        lines += ["## Codes over time", "", "Highlights per month of the article's date"]
        undated = over_time.notes.get("undated")
        lines[-1] += f" ({undated} in undated articles left out)." if undated else "."
        lines += ["", *table_lines(over_time, "Tag"), ""]
    together = cooccurrence(coding, "highlight")
    lines += ["## Co-occurrence", "", "Highlights carrying both tags (the diagonal: each tag's)."]
    lines += ["", *table_lines(together, "Tag", square=True), ""]
    if coding.orphaned:
        lines += [f"{coding.orphaned} orphaned highlight(s) are not counted in these tables.", ""]
    return lines


def table_lines(table: Table, corner: str, *, square: bool = False) -> list[str]:
    """A table as Markdown, leaving out rows (and, if `square`, columns) that are all zero."""
    keep = [i for i, total in enumerate(table.row_totals) if total]
    columns = keep if square else list(range(len(table.columns)))
    header = [corner, *(table.columns[j] for j in columns), "Total"]
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    for i in keep:
        values = [_number(table.cells[i][j]) for j in columns]
        row = [cell(table.rows[i]), *values, _number(table.row_totals[i])]
        lines.append("| " + " | ".join(row) + " |")
    if not square:
        totals = [_number(table.column_totals[j]) for j in columns]
        lines.append("| " + " | ".join(["Total", *totals, _number(table.total)]) + " |")
    return lines


def _number(value: Number) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _memo_lines(text: str) -> list[str]:
    return [escape(text).replace("\n", "  \n")]


def memo_section(data: ExportData, memos: list[Memo]) -> list[str]:
    """Memos on the exported tags and articles."""
    shown = [m for m in memos if m.kind != "project"]
    if not shown:
        return []
    lines = ["", "## Memos", ""]
    for m in shown:
        name = m.target if m.kind == "tag" else data.article(m.target).title or m.target
        lines += [f"### {m.kind.capitalize()}: {escape(name)}", ""]
        lines += [*_memo_lines(m.text), "", f"— {escape(m.coder)}, {escape(m.updated)}", ""]
    return lines
