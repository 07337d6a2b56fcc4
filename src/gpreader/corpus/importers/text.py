"""Plain text and Markdown: the file decoded as it always was (files.decode), one article.

A YAML front-matter block (`---` on the first line, `---` or `...` closing it) becomes the
article's attributes, not text. It is read by a small strict parser that knows what front
matter holds (`key: value` lines, quoted strings, `[a, b]` and `- item` lists, dates and
numbers); a block it cannot read wholly is not front matter and stays in the text.
"""

from __future__ import annotations

import datetime
import re
from typing import Final

from gpreader.corpus.files import SkipFile, decode
from gpreader.corpus.importers.base import AttrValue, Conversion, Document, Skipped

SUFFIXES: Final = (".txt", ".md", ".markdown", ".text")
MAX_FRONT_MATTER_LINES = 200
_KEY_LINE = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_ .-]*?)\s*:(?:\s+(.*?))?\s*")
_ITEM_LINE = re.compile(r"\s+-\s+(.*?)\s*|-\s+(.*?)\s*")
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_NULLS = ("", "~", "null", "Null", "NULL")
LIST_JOIN = "; "


class NotFrontMatter(ValueError):
    """The opening block is not front matter this parser reads wholly."""


def scalar(raw: str) -> AttrValue | None:
    """A YAML scalar as an attribute value: quoted text, a date (a datetime keeps its day),
    a whole or decimal number, else text; None for null."""
    raw = raw.strip()
    if raw in _NULLS:
        return None
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    if raw[0] in "\"'{&*!|>%@`":
        raise NotFrontMatter(f"cannot read {raw!r}")
    if found := _DATETIME.fullmatch(raw):
        try:
            return datetime.date.fromisoformat(found.group(1))
        except ValueError:
            return raw
    if re.fullmatch(r"[+-]?\d{1,15}", raw):
        return int(raw)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?", raw):
        return float(raw)
    return raw.split(" #", 1)[0].rstrip()


def _flow_list(raw: str) -> str:
    """`[a, "b, c"]` as `a; b, c`."""
    inner = raw.strip()[1:-1]
    items = re.findall(r"\s*(\"[^\"]*\"|'[^']*'|[^,]+)\s*(?:,|$)", inner)
    return LIST_JOIN.join(str(v) for item in items if (v := scalar(item)) is not None)


def parse_front_matter(lines: list[str]) -> dict[str, AttrValue]:
    """The attributes in the lines between the fences. Raises NotFrontMatter."""
    found: dict[str, AttrValue] = {}
    items: dict[str, list[str]] = {}
    open_key: str | None = None
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if open_key is not None and (item := _ITEM_LINE.fullmatch(line)):
            value = scalar(item.group(1) or item.group(2) or "")
            if value is not None:
                items.setdefault(open_key, []).append(str(value))
            continue
        pair = _KEY_LINE.fullmatch(line)
        if pair is None or line[0].isspace():
            raise NotFrontMatter(f"cannot read the line {line!r}")
        key, raw = pair.group(1), pair.group(2) or ""
        open_key = key if not raw else None
        if raw.startswith("[") and raw.endswith("]"):
            found[key] = _flow_list(raw)
        elif (value := scalar(raw)) is not None:
            found[key] = value
    for key, values in items.items():
        found[key] = LIST_JOIN.join(values)
    return found


def split_front_matter(text: str) -> tuple[dict[str, AttrValue], str]:
    """(attributes, the text after the block), or ({}, text) when it has no front matter."""
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n", MAX_FRONT_MATTER_LINES + 2)
    for end, line in enumerate(lines[1 : MAX_FRONT_MATTER_LINES + 1], 1):
        if line.rstrip() in ("---", "..."):
            try:
                found = parse_front_matter(lines[1:end])
            except NotFrontMatter:
                return {}, text
            rest = "\n".join(lines[end + 1 :]).lstrip("\n")
            return found, rest
    return {}, text


def decode_text(data: bytes, filename: str) -> tuple[Conversion, str]:
    """The one article of a text or Markdown file, and the encoding it was read in."""
    try:
        text, encoding = decode(data)
    except SkipFile as exc:
        raise Skipped(str(exc)) from None
    attributes, body = split_front_matter(text)
    if not body.strip():
        raise Skipped("only front matter, no text")
    title = attributes.get("title")
    document = Document(
        text=body,
        title=str(title) if title is not None else None,
        attributes=attributes,
    )
    source_format = "markdown" if filename.lower().endswith((".md", ".markdown")) else "text"
    return Conversion((document,), source_format), encoding


class TextImporter:
    """`.txt`, `.md`, `.markdown`, `.text`."""

    name = "text"

    def claims(self, filename: str, head: bytes) -> bool:
        return filename.lower().endswith(SUFFIXES)

    def convert(self, data: bytes, filename: str) -> Conversion:
        return decode_text(data, filename)[0]
