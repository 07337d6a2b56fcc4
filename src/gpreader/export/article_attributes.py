"""The article attributes an export carries: a column per attribute key (CSV, XLSX), an
`attributes` object (JSONL). Read once, in one joined query, for every article; exports look
them up per article as the highlights stream past (grouped by article)."""

from __future__ import annotations

import datetime

from gpreader.store import AnnotationStore
from gpreader.store.attributes import AttrValue

COLUMN_PREFIX = "attr_"  # `attr_publication`: never the same name as a highlight column
Plain = str | int | float  # a value JSON can carry (dates as ISO text)


class ArticleAttributes:
    """Every article's attributes (of one article only when the export is filtered to it)."""

    def __init__(self, store: AnnotationStore, article: str | None = None) -> None:
        found = store.all_attributes()
        if article is not None:
            found = {article: found.get(article, [])}
        self._by_path: dict[str, dict[str, AttrValue]] = {
            path: {a.key: a.typed for a in attributes} for path, attributes in found.items()
        }
        self.keys: list[str] = sorted({k for values in self._by_path.values() for k in values})
        self._last: tuple[str, list[AttrValue | None]] | None = None

    @property
    def columns(self) -> list[str]:
        """The column names, in `keys` order."""
        return [COLUMN_PREFIX + key for key in self.keys]

    def of(self, path: str) -> dict[str, AttrValue]:
        """One article's attributes by key (empty when it has none)."""
        return self._by_path.get(path, {})

    def row(self, path: str) -> list[AttrValue | None]:
        """One article's values in `keys` order, None where it has none (the last is kept)."""
        if self._last is None or self._last[0] != path:
            values = self.of(path)
            self._last = (path, [values.get(key) for key in self.keys])
        return self._last[1]

    def plain(self, path: str) -> dict[str, Plain]:
        """One article's attributes as JSON can carry them: dates as ISO text."""
        return {key: as_plain(value) for key, value in self.of(path).items()}


def as_plain(value: AttrValue) -> Plain:
    """A value as text or a number (a date as `2024-02-07`)."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def as_datetime(value: AttrValue | None) -> datetime.datetime | Plain | None:
    """A value as a spreadsheet cell takes it: a date as a (midnight) datetime."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day)
    return value
