"""Find the structure of an article's canonical text: title, body, comments, furniture.

Nothing is removed from the text: everything found is expressed as spans over it.
Every line is classified on its own, so the cost is linear in the length of the text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from gpreader.models import Section, Span, SpanKind
from gpreader.store.spans import made

# Whole lines of site boilerplate (matched case-insensitively against the trimmed line).
FURNITURE_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"This site is intended for health professionals only\.?",
        r"Have you registered with us yet\?",
        r"Register now to enjoy more articles and free email bulletins\.?",
        r"Already registered\?",
        r"Sign in",
        r"Please note,? only GPs are permitted to add comments to articles\.?",
    )
)
# A line that opens the reader comments (itself furniture).
COMMENTS_MARKER = re.compile(r"READERS[’']? COMMENTS\s*(?:[\[(]\s*\d+\s*[\])])?", re.IGNORECASE)
# A line that opens a block of related links: furniture from there to the end of the file.
TAIL_MARKERS: tuple[re.Pattern[str], ...] = (
    re.compile(r"Just published", re.IGNORECASE),
    re.compile(r"(?:Related|More) (?:articles|stories)", re.IGNORECASE),
)

_BOILERPLATE_RE = re.compile(
    "|".join(
        [f"(?P<comments>{COMMENTS_MARKER.pattern})"]
        + [f"(?P<tail{i}>{p.pattern})" for i, p in enumerate(TAIL_MARKERS)]
        + [f"(?P<furniture{i}>{p.pattern})" for i, p in enumerate(FURNITURE_LINES)]
    ),
    re.IGNORECASE,
)

TITLE_MAX = 200  # a headline is shorter than this
HEADING_MAX = 120  # so is a cross-heading or caption
DERIVED_TITLE_MAX = 80  # a title cut from the first sentence, "…" included
_LINE_MAX = 300  # longer lines are never furniture, markers or comment headers

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR_RE = re.compile(r"\d{4}")  # every date format has one: a cheap test first
_DATE_RE = re.compile(
    rf"(?=[\dJFMASOND])\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?!\d)"
)
_HEADER_RE = re.compile(
    r"(?P<author>\S.{0,80}?)\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9}),?\s+(?P<year>\d{4}),?"
    r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[ap])\.?m\.?",
    re.IGNORECASE,
)
_LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")  # one line, trimmed
_LABEL_RE = re.compile(r"^(?:Exclusive|Breaking|Analysis)\b:?\s+(?=\S)")
_WORD_RE = re.compile(r"\w++(?:['’]\w++)*+")  # possessive: the same words, found sooner
_PROSE = ("title", "heading", "paragraph")  # with a section other than comments: prose

_CLOSERS = "’”'\")]»"
_TERMINALS = ".!?…:;,"
_OPENERS = "‘“'\"([«"
# fmt: off
_ABBREVIATIONS = (
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "rev", "cllr", "hon", "rt",
    "gen", "col", "capt", "lt", "sgt", "eg", "ie", "e.g", "i.e", "vs", "v", "cf", "al",
    "approx", "fig", "vol", "pp", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
)
# fmt: on


def _not_after(words: tuple[str, ...], case: str = "i", then: str = "") -> str:
    """Lookbehinds (one per word length) rejecting a full stop that ends one of `words`."""
    lengths = sorted({len(word) for word in words})
    return "".join(
        rf"(?<!(?<![\w.])(?{case}:{'|'.join(re.escape(w) for w in words if len(w) == n)})\.{then})"
        for n in lengths
    )


# A sentence end: punctuation (not the full stop of an abbreviation, an initial or "No. 5"),
# closing quotes, whitespace, then what may open a sentence (non-ASCII is checked after).
_BOUNDARY_RE = re.compile(
    r"[.!?…](?=[.!?…]*[’”'\")\]»]*\s+(?:[A-Z0-9'\"(\[]|[^\x00-\x7f]))"
    + _not_after(_ABBREVIATIONS)
    + _not_after(("no", "nos"), then=r"(?=\s\d)")
    + _not_after(tuple(string.ascii_uppercase), case="-i")
    + r"[.!?…]*[’”'\")\]»]*(\s+)"
)


@dataclass(frozen=True)
class Structure:
    """What `parse` finds in one article."""

    title: str
    date: str | None  # ISO yyyy-mm-dd
    words: int  # in the title and body
    comments: int
    spans: tuple[Span, ...]


class _Line(NamedTuple):
    start: int  # trimmed: text[start] and text[end - 1] are not whitespace
    end: int
    gap_after: bool  # a blank line (or the end of the text) follows


def parse(text: str) -> Structure:
    """Find the structure of canonical text. Never raises."""
    lines = _lines(text)
    title_at, repeat_at = _find_title(text, lines)
    found = _Found()
    _classify(text, lines, title_at, repeat_at, found)
    rows = found.rows
    spans = made(len(rows), zip(*rows, strict=True)) if rows else ()
    if title_at is None:
        title = _derived_title(text, rows)
    else:
        title = text[lines[title_at].start : lines[title_at].end]
    return Structure(
        title=title,
        date=_article_date(text, rows),
        words=found.words,
        comments=found.comments,
        spans=spans,
    )


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, trimmed, each knowing whether a blank line follows it."""
    found = [match.span() for match in _LINE_RE.finditer(text)]
    nexts = [start for start, _ in found[1:]]
    return [
        _Line(start, end, i == len(nexts) or text.count("\n", end, nexts[i]) > 1)
        for i, (start, end) in enumerate(found)
    ]


def _marker(line: str) -> str | None:
    """The kind of boilerplate a line is ("furniture", "comments", "tail"), else None."""
    match = _BOILERPLATE_RE.fullmatch(line) if len(line) <= _LINE_MAX else None
    return match.lastgroup.rstrip("0123456789") if match and match.lastgroup else None


def _ends_sentence(line: str) -> bool:
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINALS


def _find_title(text: str, lines: list[_Line]) -> tuple[int | None, int | None]:
    """Indexes of the headline and of its repeated copy, if any."""
    for i, line in enumerate(lines):
        head = text[line.start : line.end]
        marker = _marker(head)
        if marker == "furniture":
            continue
        if marker or len(head) >= TITLE_MAX:
            return None, None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and text[nxt.start : nxt.end] == head:
            return i, i + 1
        if line.gap_after and not _ends_sentence(head):
            return i, None
        return None, None
    return None, None


_Row = tuple[SpanKind, int, int, Section, str | None, str | None]  # a Span's fields, in order


@dataclass
class _Found:
    """What `_classify` finds: span rows (made Spans at once by `spans.made`: a frozen
    dataclass' __init__ per sentence was a third of parsing), words and comments counted."""

    rows: list[_Row] = field(default_factory=list)
    words: int = 0  # in the title, body headings and body paragraphs
    comments: int = 0


def _classify(
    text: str, lines: list[_Line], title_at: int | None, repeat_at: int | None, found: _Found
) -> None:
    """Span rows for every line in text order, each container before its contents; words
    of the title and body counted as their lines are met (one pass)."""
    rows = found.rows
    count = _WORD_RE.findall
    section = "body"
    slot: int | None = None  # where the open comment's row goes; it ends at `end`
    end = 0
    for i, (start, stop, gap_after) in enumerate(lines):
        line = text[start:stop]
        marker = "furniture" if i == repeat_at or section == "tail" else _marker(line)
        if i == title_at:
            rows.append(("title", start, stop, "title", None, None))
            found.words += len(count(text, start, stop))
        elif marker:
            section = section if marker == "furniture" else marker
            _close(found, slot, end)
            slot = None
            rows.append(("furniture", start, stop, "furniture", None, None))
        elif section != "comments":
            kind: SpanKind = "heading" if gap_after and _is_heading(line) else "paragraph"
            _add_block(rows, text, kind, start, stop, "body")
            found.words += len(count(text, start, stop))
        elif header := _comment_header(line, start, stop):
            _close(found, slot, end)
            slot, end = len(rows), stop
            rows += (header, header)  # the first is replaced by the comment when it closes
        else:
            end = stop
            _add_block(rows, text, "paragraph", start, stop, "comments")
    _close(found, slot, end)


def _is_heading(line: str) -> bool:
    """Short and without closing punctuation (a heading or caption if a blank line follows)."""
    return len(line) < HEADING_MAX and not _ends_sentence(line)


def _close(found: _Found, slot: int | None, end: int) -> None:
    """Put the open comment, if any, in its slot (held by its header), ending at `end`."""
    if slot is not None:
        _, start, _, _, author, date = found.rows[slot]
        found.rows[slot] = ("comment", start, end, "comments", author, date)
        found.comments += 1


def _add_block(
    rows: list[_Row], text: str, kind: SpanKind, start: int, end: int, section: Section
) -> None:
    """A paragraph or heading and the sentences that tile it (`_sentences`, inlined)."""
    rows.append((kind, start, end, section, None, None))
    for match in _BOUNDARY_RE.finditer(text, start, end):
        after = match.end()
        if text[after] < "\x80" or _opens_sentence(text[after]):
            rows.append(("sentence", start, match.start(1), section, None, None))
            start = after
    rows.append(("sentence", start, end, section, None, None))


def _comment_header(line: str, start: int, end: int) -> _Row | None:
    """A `comment_header` span's row if the line is "Author D Month, YYYY H:MM am|pm"."""
    match = _HEADER_RE.fullmatch(line) if len(line) <= _LINE_MAX and ":" in line[-9:] else None
    month = _MONTHS.get(match["month"][:3].lower()) if match else None
    if not match or not month:
        return None
    hour = int(match["hour"]) % 12 + (12 if match["ampm"].lower() == "p" else 0)
    try:
        when = datetime(int(match["year"]), month, int(match["day"]), hour, int(match["minute"]))
    except ValueError:
        return None
    author = match["author"].strip()
    return ("comment_header", start, end, "comments", author, when.isoformat()[:16])


def sentence_spans(text: str, start: int, end: int, section: Section) -> list[Span]:
    """The sentence spans tiling the trimmed range text[start:end] (for importers)."""
    return [Span("sentence", s, e, section) for s, e in _sentences(text, start, end)]


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Trimmed sentence ranges tiling the trimmed range text[start:end]."""
    for match in _BOUNDARY_RE.finditer(text, start, end):
        after = match.end()
        if text[after] < "\x80" or _opens_sentence(text[after]):
            yield start, match.start(1)
            start = after
    yield start, end


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def _derived_title(text: str, rows: list[_Row]) -> str:
    """The first body sentence, without a label like "Exclusive", cut at a word boundary."""
    first = next((r for r in rows if r[0] == "sentence" and r[3] == "body"), None)
    if first is None:
        return ""
    title = _LABEL_RE.sub("", " ".join(text[first[1] : first[2]].split()), count=1)
    if len(title) <= DERIVED_TITLE_MAX:
        return title
    cut = title[: DERIVED_TITLE_MAX - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"


def _article_date(text: str, rows: list[_Row]) -> str | None:
    """The first date in the title or body, else the earliest comment date."""
    year = _YEAR_RE.search
    for kind, start, end, section, _, _ in rows:
        if kind in _PROSE and section != "comments" and year(text, start, end):
            for match in _DATE_RE.finditer(text, start, end):
                if found := _iso_date(match):
                    return found
    dates = [r[5][:10] for r in rows if r[0] == "comment" and r[5]]
    return min(dates, default=None)


def _iso_date(match: re.Match[str]) -> str | None:
    """The ISO date of a `_DATE_RE` match, or None if it is not a real date."""
    day, month, year = (
        (match["d1"], match["m1"], match["y1"])
        if match["y1"]
        else (match["d2"], match["m2"], match["y2"])
        if match["y2"]
        else (match["d3"], match["m3"], match["y3"])
    )
    number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    try:
        return datetime(int(year), number, int(day)).date().isoformat()
    except ValueError:
        return None
