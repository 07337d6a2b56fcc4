"""A readable Markdown report: a table of tag counts per article, then every passage by tag.

Text from articles and notes is escaped so that it reads as written: no stray emphasis,
links, headings or raw HTML when the report is rendered.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import BinaryIO

from gpreader.export.common import ExportData, Progress, Record, ticker

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
    if data.highlights:
        lines += ["## Summary", "", *summary(data), ""]
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
    return "\n".join(lines).rstrip("\n") + "\n"


def write(data: ExportData, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """The report as UTF-8 Markdown; how many highlights it covers."""
    stream.write(report(data, progress).encode("utf-8"))
    return len(data.highlights)
