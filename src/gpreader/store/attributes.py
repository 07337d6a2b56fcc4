"""Article attributes: typed values (text, date, number) per article, and what each article was
converted from.

Importers fill attributes (title, date, author, publication, ...) when an article is written;
the user sets more (`gpreader attrs set`, the workbench's attributes panel). A value the user
set wins over the importer's and survives re-imports. Conditions such as `publication=pulse`
or `date>=2024-01` select articles (`attribute_matches`), for search, export and the library.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store.articles import ArticleStore
from gpreader.text import clean_typed

AttrValue = str | int | float | datetime.date
AttrKind = Literal["text", "date", "number"]
Origin = Literal["import", "user"]
Operator = Literal["=", "!=", "<", "<=", ">", ">=", "~"]

_KEY_JUNK = re.compile(r"[^0-9a-z]+")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_CONDITION = re.compile(r"\s*([^=!<>~\s][^=!<>~]*?)\s*(!=|<=|>=|=|<|>|~)\s*(.*?)\s*")
MAX_VALUE_CHARS = 10_000


def attribute_key(name: str) -> str:
    """A column or user name as an attribute key: lower case, runs of anything but letters
    and digits made one `_` ("Word Count" -> "word_count"). InvalidInputError when empty."""
    key = _KEY_JUNK.sub("_", clean_typed(name).casefold()).strip("_")
    if not key:
        raise InvalidInputError(f"{name!r} is not an attribute name (letters and digits)")
    return key


def typed_value(raw: str) -> AttrValue:
    """A typed-in value: an ISO date (2024-02-07), a number, else text."""
    raw = clean_typed(raw).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            return raw
    if re.fullmatch(r"[+-]?\d{1,15}", raw):
        return int(raw)
    if _NUMBER.fullmatch(raw):
        return float(raw)
    return raw


def encode(value: AttrValue) -> tuple[AttrKind, str, float | None]:
    """(kind, stored text, number) for a value; dates as ISO text."""
    if isinstance(value, datetime.datetime):
        return "date", value.date().isoformat(), None
    if isinstance(value, datetime.date):
        return "date", value.isoformat(), None
    if isinstance(value, bool):
        return "text", str(value).lower(), None
    if isinstance(value, int | float):
        return "number", repr(value), float(value)
    return "text", clean_typed(str(value))[:MAX_VALUE_CHARS], None


@dataclass(frozen=True)
class Attribute:
    """One attribute of one article, as stored."""

    key: str
    kind: AttrKind
    value: str  # text, ISO date, or the number as written
    origin: Origin

    @property
    def typed(self) -> AttrValue:
        """The value as its type: str, datetime.date, int or float."""
        if self.kind == "date":
            return datetime.date.fromisoformat(self.value)
        if self.kind == "number":
            number = float(self.value)
            return int(number) if number.is_integer() and "." not in self.value else number
        return self.value


@dataclass(frozen=True)
class Condition:
    """`key OP value`: `publication=pulse`, `date>=2024-01`, `words>500`, `author~smith`."""

    key: str
    op: Operator
    value: str

    def holds(self, kind: str, stored: str, number: float | None) -> bool:
        """Whether a stored value meets the condition: numbers compare as numbers, dates by
        their leading part as precise as the bound (`date=2024-01`: any day of January),
        text case-insensitively (`~`: contains)."""
        if self.op == "~":
            return self.value.casefold() in stored.casefold()
        if kind == "number" and number is not None and _NUMBER.fullmatch(self.value):
            return _compare(number, self.op, float(self.value))
        if kind == "date" and _DATE.fullmatch(self.value):
            return _compare(stored[: len(self.value)], self.op, self.value)
        return _compare(stored.casefold(), self.op, self.value.casefold())


def _compare(left: float | str, op: Operator, right: float | str) -> bool:
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right  # type: ignore[operator]  # both sides have one type
    if op == "<=":
        return left <= right  # type: ignore[operator]
    if op == ">":
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def parse_condition(text: str) -> Condition:
    """`publication=pulse` -> Condition("publication", "=", "pulse"). InvalidInputError."""
    found = _CONDITION.fullmatch(text)
    if found is None or not found.group(3):
        raise InvalidInputError(
            f"{text!r} is not an attribute condition (KEY=VALUE, KEY>=VALUE, KEY~TEXT, ...)"
        )
    key, op, value = found.groups()
    return Condition(attribute_key(key), op, value)  # type: ignore[arg-type]  # by the regex


DOCUMENT_ID_KEYS = ("document_id", "doc_id", "an", "id")
"""Attributes that name an article by a database's document id (a Factiva AN, a table's id)."""


class AttributeStore(ArticleStore):
    """Reads and writes of article attributes and of where each article came from."""

    def resolve_article(self, ref: str, root: Path | None = None) -> str:
        """As ArticleStore's (path, FILE#N, file name, title prefix), then by document id:
        an article whose document_id, doc_id, an or id attribute is `ref`."""
        try:
            return super().resolve_article(ref, root)
        except NotFoundError:
            marks = ", ".join("?" * len(DOCUMENT_ID_KEYS))
            rows = self._all(
                f"""SELECT DISTINCT a.path FROM article_attributes x
                    JOIN articles a ON a.id = x.article_id
                    WHERE x.key IN ({marks}) AND x.value = ? ORDER BY a.path""",
                [*DOCUMENT_ID_KEYS, ref.strip()],
            )
            if len(rows) == 1:
                return str(rows[0][0])
            if len(rows) > 1:
                shown = ", ".join(row[0] for row in rows[:5])
                raise InvalidInputError(
                    f"{ref!r} is the document id of {len(rows)} articles: {shown}"
                ) from None
            raise

    def write_imported(
        self,
        article_id: int,
        attributes: Mapping[str, AttrValue],
        source_sha256: str,
        source_format: str,
    ) -> None:
        """Replace what the importer said of an article (the user's values stay, and win),
        and record its source's hash and format. Call inside `action()`."""
        self.conn.execute(
            "DELETE FROM article_attributes WHERE article_id = ? AND origin = 'import'",
            [article_id],
        )
        rows = []
        for name, value in attributes.items():
            if value is None or value == "":
                continue
            kind, stored, number = encode(value)
            rows.append((article_id, attribute_key(name), kind, stored, number))
        self.conn.executemany(
            """INSERT OR IGNORE INTO article_attributes
               (article_id, key, kind, value, number, origin) VALUES (?, ?, ?, ?, ?, 'import')""",
            rows,
        )
        self.conn.execute(
            """INSERT OR REPLACE INTO article_sources (article_id, source_sha256, source_format)
               VALUES (?, ?, ?)""",
            [article_id, source_sha256, source_format],
        )

    def article_sources(self) -> dict[str, tuple[str, str]]:
        """Article path -> (SHA-256 of its source file's bytes, source format), for the
        articles a converted source gave (articles read before this version have none)."""
        rows = self._all(
            """SELECT a.path, s.source_sha256, s.source_format
               FROM article_sources s JOIN articles a ON a.id = s.article_id"""
        )
        return {path: (sha, fmt) for path, sha, fmt in rows}

    def source_format(self, path: str) -> str:
        """The format an article was converted from ("text" for one read before formats)."""
        row = self._one(
            """SELECT s.source_format FROM article_sources s JOIN articles a ON a.id = s.article_id
               WHERE a.path = ?""",
            [path],
        )
        return str(row[0]) if row else "text"

    def reread_sources(self, formats: Iterable[str]) -> None:
        """Have the next refresh read again the files of articles converted from these
        formats (their recorded mtime no longer matches any file's)."""
        marks = ", ".join("?" * len(fmts := list(formats)))
        with self.action() as conn:
            conn.execute(
                f"""UPDATE articles SET mtime_ns = -1 WHERE id IN (SELECT article_id
                    FROM article_sources WHERE source_format IN ({marks}))""",
                fmts,
            )

    def formats(self) -> dict[str, str]:
        """Article path -> source format, for the articles present ("text" for those read
        before formats were recorded)."""
        rows = self._all(
            """SELECT a.path, coalesce(s.source_format, 'text') FROM articles a
               LEFT JOIN article_sources s ON s.article_id = a.id WHERE a.missing = 0"""
        )
        return dict(rows)

    def attributes(self, path: str) -> list[Attribute]:
        """The attributes of one article, by key."""
        article_id = self._article_id(path)
        rows = self._all(
            """SELECT key, kind, value, origin FROM article_attributes
               WHERE article_id = ? ORDER BY key""",
            [article_id],
        )
        return [Attribute(*row) for row in rows]

    def all_attributes(self) -> dict[str, list[Attribute]]:
        """Every article's attributes, by article path (articles with none left out)."""
        rows = self._all(
            """SELECT a.path, x.key, x.kind, x.value, x.origin
               FROM article_attributes x JOIN articles a ON a.id = x.article_id
               ORDER BY a.path, x.key"""
        )
        found: dict[str, list[Attribute]] = {}
        for path, *attribute in rows:
            found.setdefault(path, []).append(Attribute(*attribute))
        return found

    def set_attributes(self, values: Iterable[tuple[str, str, AttrValue]]) -> int:
        """Set (article path, key, value) triples as the user's, in one transaction; how many.
        NotFoundError (nothing written) when an article does not exist."""
        with self.action() as conn:
            n = 0
            for path, name, value in values:
                kind, stored, number = encode(value)
                conn.execute(
                    """INSERT OR REPLACE INTO article_attributes
                       (article_id, key, kind, value, number, origin)
                       VALUES (?, ?, ?, ?, ?, 'user')""",
                    [self._article_id(path), attribute_key(name), kind, stored, number],
                )
                n += 1
        return n

    def set_attribute(self, path: str, name: str, value: AttrValue) -> None:
        """Set one attribute of one article as the user's."""
        self.set_attributes([(path, name, value)])

    def delete_attribute(self, path: str, name: str) -> bool:
        """Remove an attribute from an article; whether it had one."""
        with self.action() as conn:
            cursor = conn.execute(
                "DELETE FROM article_attributes WHERE article_id = ? AND key = ?",
                [self._article_id(path), attribute_key(name)],
            )
        return cursor.rowcount > 0

    def attribute_keys(self) -> list[str]:
        """Every attribute key in use, sorted (the library's column choices)."""
        return [
            row[0] for row in self._all("SELECT DISTINCT key FROM article_attributes ORDER BY key")
        ]

    def attribute_matches(self, condition: Condition) -> set[int]:
        """The ids of the articles whose attribute meets the condition (`!=`: also those
        without the attribute)."""
        rows = self._all(
            "SELECT article_id, kind, value, number FROM article_attributes WHERE key = ?",
            [condition.key],
        )
        if condition.op == "!=":
            without = {row[0] for row in rows}
            others = {i for (i,) in self._all("SELECT id FROM articles")} - without
        else:
            others = set()
        return others | {
            i for i, kind, value, number in rows if condition.holds(kind, value, number)
        }

    def paths_matching(self, condition: Condition) -> list[str]:
        """The paths of the articles meeting an attribute condition, sorted."""
        ids = self.attribute_matches(condition)
        rows = self._all("SELECT id, path FROM articles ORDER BY path")
        return [path for article_id, path in rows if article_id in ids]
