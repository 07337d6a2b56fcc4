"""Helpers every format importer shares: decoding, paragraphs, dates, optional libraries."""

from __future__ import annotations

import contextlib
import datetime
import importlib
import re
from collections.abc import Iterable
from types import ModuleType

from gpreader.corpus.importers.base import NeedsExtra
from gpreader.text import canonical

_SPACES_RE = re.compile(r"[ \t\u00a0]+")

# Month names in the languages news-database exports come in (first letters suffice).
_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january januar janvier januari gennaio enero jänner",
        "february februar février fevrier februari febbraio febrero",
        "march märz maerz mars maart marzo",
        "april avril aprile abril",
        "may mai mei maggio mayo",
        "june juni juin giugno junio",
        "july juli juillet luglio julio",
        "august août aout augustus agosto",
        "september septembre settembre septiembre",
        "october oktober octobre ottobre octubre",
        "november novembre noviembre",
        "december dezember décembre decembre dicembre diciembre",
    ),
    1,
):
    for _name in _names.split():
        _MONTH_NAMES[_name] = _number
        _MONTH_NAMES[_name[:3]] = _number
_MONTH_NAMES["sept"] = 9
_MONTH_NAMES["mrt"] = 3
_MONTH_NAMES["okt"] = 10

_YEARS = (1800, 2200)  # a news article's year lies in this range
_WORD = r"[^\W\d_]+"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\.?\s+({_WORD})\.?,?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_WORD})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def parse_date(text: str) -> datetime.date | None:
    """The first date written in `text` ("7 April 2000", "November 19, 2013", "2011-08-31",
    "31. August 2011", "29 décembre 2011", "19.11.2013"), or None."""
    found: list[tuple[int, datetime.date]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        _add(found, match.start(), match[3], match[2], match[1])
    for match in _MONTH_DAY_YEAR.finditer(text):
        _add(found, match.start(), match[3], match[1], match[2])
    for match in _ISO.finditer(text):
        _add(found, match.start(), match[1], match[2], match[3])
    for match in _NUMERIC.finditer(text):
        _add(found, match.start(), match[3], match[2], match[1])
    return min(found)[1] if found else None


def _add(found: list[tuple[int, datetime.date]], at: int, year: str, month: str, day: str) -> None:
    number = int(month) if month.isdigit() else _MONTH_NAMES.get(month.lower())
    if number is None or not _YEARS[0] <= int(year) <= _YEARS[1]:
        return
    with contextlib.suppress(ValueError):
        found.append((at, datetime.date(int(year), number, int(day))))


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (a BOM dropped), else cp1252, else Latin-1; canonical line ends."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return canonical(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return canonical(data.decode("latin-1"))


def collapse(text: str) -> str:
    """Runs of spaces and tabs as one space, the ends trimmed (line breaks kept)."""
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")).strip()


def one_line(text: str) -> str:
    """All whitespace, line breaks included, as single spaces; other controls U+FFFD."""
    return canonical(" ".join(text.split()))


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Non-empty paragraphs, each on one line, separated by a blank line."""
    return "\n\n".join(p for p in (one_line(p) for p in paragraphs) if p)


def with_title(title: str | None, body: str) -> str:
    """The title on its own first line (when there is one), then the body."""
    return f"{title}\n\n{body}" if title else body


def load(module: str, extra: str, what: str) -> ModuleType:
    """Import an optional library, or raise NeedsExtra naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise NeedsExtra(extra, what) from error


def has_extension(filename: str, *extensions: str) -> bool:
    """True when the file name ends in one of the extensions (".html", ...), any case."""
    return filename.lower().endswith(extensions)
