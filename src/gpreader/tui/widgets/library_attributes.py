"""The library's article-attribute columns and `attr:` filters (no Textual here).

The user picks attribute keys to show as columns (saved in the database's state, so each
project keeps its own); `s` sorts by them too (`attr:KEY` sort keys). In the filter box,
`attr:publication=pulse` or `-attr:date<2024` keeps the articles meeting the condition: the
token is read by the one query grammar (search/query.py) and the store evaluates it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from gpreader.errors import GPReaderError
from gpreader.models import ArticleSummary
from gpreader.store.attributes import AttrValue, Condition, attribute_key

if TYPE_CHECKING:
    from gpreader.search import query as grammar

COLUMNS_STATE = "library.columns"  # state: the attribute keys shown as library columns
SORT_PREFIX = "attr:"  # a sort key `attr:publication` sorts by that attribute
MAX_COLUMNS = 6
Values = Mapping[str, Mapping[str, AttrValue]]  # article path -> key -> value
# An attr: token as the grammar reads one: `attr:KEY<op>VALUE`, the value quoted or not.
_ATTR_TOKEN = re.compile(r'(?<!\S)-?attr:(?:"[^"]*"?|[^\s"|]*)', re.IGNORECASE)


def saved_columns(value: object) -> list[str]:
    """The saved column keys, cleaned (anything unreadable is dropped)."""
    if not isinstance(value, list):
        return []
    keys: list[str] = []
    for item in value:
        try:
            key = attribute_key(str(item))
        except GPReaderError:
            continue
        if key not in keys:
            keys.append(key)
    return keys[:MAX_COLUMNS]


def split_filter(text: str) -> tuple[str, list[tuple[Condition, bool]]]:
    """The filter box's text without its `attr:` tokens, and their conditions (each with
    whether it is negated). A token the grammar does not read as a condition is dropped."""
    conditions: list[tuple[Condition, bool]] = []
    tokens = _ATTR_TOKEN.findall(text)
    if tokens:  # the grammar loads with the first such token, not at the workbench's start
        from gpreader.search import query as grammar
    for token in tokens:
        for node in grammar.parse(token).nodes:
            negated = isinstance(node, grammar.Not)
            found = node.node if isinstance(node, grammar.Not) else node
            if isinstance(found, grammar.Filter) and found.key == "attr" and found.op:
                condition = _condition(found)
                if condition is not None:
                    conditions.append((condition, negated))
    return " ".join(_ATTR_TOKEN.sub(" ", text).split()), conditions


def _condition(found: grammar.Filter) -> Condition | None:
    try:
        key = attribute_key(found.name)
    except GPReaderError:
        return None
    if not found.value:
        return None
    return Condition(key, found.op, found.value)  # type: ignore[arg-type]  # grammar's ops


def keep(
    rows: list[ArticleSummary],
    conditions: Iterable[tuple[Condition, bool]],
    matching: Callable[[Condition], frozenset[str]],
) -> list[ArticleSummary]:
    """The rows meeting every condition (`matching`: the paths meeting one, from the store)."""
    for condition, negated in conditions:
        paths = matching(condition)
        rows = [r for r in rows if (r.path in paths) != negated]
    return rows


def sort_order(rows: list[ArticleSummary], values: Values, key: str, descending: bool) -> list[int]:
    """Positions of the rows sorted by an attribute (numbers, dates, then text, each in
    order); rows without it go last either way, by path."""
    with_value: list[tuple[tuple[int, float | str], str, int]] = []
    without: list[tuple[str, int]] = []
    for i, row in enumerate(rows):
        value = values.get(row.path, {}).get(key)
        if value is None:
            without.append((row.path, i))
        else:
            with_value.append((rank(value), row.path, i))
    with_value.sort(reverse=descending)
    return [i for *_, i in with_value] + [i for _, i in sorted(without)]


def rank(value: AttrValue) -> tuple[int, float | str]:
    """A sort key putting numbers, then dates, then text in their own order."""
    if isinstance(value, bool):
        return (2, str(value))
    if isinstance(value, int | float):
        return (0, float(value))
    if isinstance(value, datetime.date):
        return (1, value.isoformat())
    return (2, value.casefold())


def shown(value: AttrValue | None) -> str:
    """A value as a library cell shows it (a date as ISO, a whole number without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def label(key: str) -> str:
    """The column header of an attribute."""
    return key.replace("_", " ").capitalize()
