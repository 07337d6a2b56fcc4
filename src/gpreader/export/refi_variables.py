"""Article attributes as REFI-QDA variables, both ways, behind one small boundary.

Export takes `{article path: {attribute name: value}}` and gives the project's <Variables>
(one Variable per name, typed by the values it holds) and each source's <VariableValue>s.
Import reads a project's variables on sources and on cases (a case's values apply to the
sources it refers to; the source's own value wins) as `{source guid: {name: value}}`.
The store's article attributes are wired to this by the caller.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from gpreader.export import refi_xml as xml
from gpreader.export.codebook import local_name
from gpreader.export.common import stable_uuid, xsd_utc
from gpreader.store import AnnotationStore

AttrValue = str | int | float | bool | date | datetime
Variables = Mapping[str, Mapping[str, AttrValue]]  # by article path (export), source (import)
_ELEMENT = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


@dataclass(frozen=True)
class Variable:
    name: str
    guid: str
    kind: str  # typeOfVariable: Text, Boolean, Integer, Float, Date, DateTime


def _kind(value: AttrValue) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, datetime):
        return "DateTime"
    if isinstance(value, date):
        return "Date"
    return "Text"


def _common_kind(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return kinds.pop()
    return "Float" if kinds == {"Integer", "Float"} else "Text"


def definitions(variables: Variables) -> list[Variable]:
    """One variable per attribute name, in name order, typed by every value it takes (mixed
    integers and floats are Float; any other mix is Text)."""
    kinds: dict[str, set[str]] = {}
    for values in variables.values():
        for name, value in values.items():
            kinds.setdefault(name, set()).add(_kind(value))
    return [
        Variable(name, stable_uuid("variable", name), _common_kind(kinds[name]))
        for name in sorted(kinds)
    ]


def _as_text(value: AttrValue, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":  # xsd:decimal: no exponent, no nan or infinity
        return format(Decimal(repr(value)), "f")
    if kind == "DateTime" and isinstance(value, datetime):
        return xsd_utc(value)
    if kind == "Date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def definitions_xml(defs: list[Variable], indent: int) -> str:
    """The project's <Variables> ("" when there are none)."""
    if not defs:
        return ""
    inner = "".join(
        xml.empty(
            "Variable", {"guid": v.guid, "name": v.name, "typeOfVariable": v.kind}, indent + 1
        )
        for v in defs
    )
    return xml.opening("Variables", {}, indent) + inner + xml.closing("Variables", indent)


def values_xml(defs: list[Variable], values: Mapping[str, AttrValue], indent: int) -> str:
    """A source's <VariableValue>s, in the definitions' order (a float that is not a finite
    number is left out: REFI cannot carry it)."""
    out = []
    for v in defs:
        if v.name not in values:
            continue
        value = values[v.name]
        if isinstance(value, float) and not math.isfinite(value):
            continue
        out.append(
            xml.opening("VariableValue", {}, indent)
            + xml.empty("VariableRef", {"targetGUID": v.guid}, indent + 1)
            + xml.leaf(_ELEMENT[v.kind], _as_text(value, v.kind), indent + 1)
            + xml.closing("VariableValue", indent)
        )
    return "".join(out)


def _parse(kind: str, raw: str) -> AttrValue | None:
    """A typed value from its text; None when it is not what its element says."""
    raw = raw.strip()
    try:
        if kind == "BooleanValue":
            return {"true": True, "1": True, "false": False, "0": False}[raw]
        if kind == "IntegerValue":
            return int(raw)
        if kind == "FloatValue":
            return float(Decimal(raw))
        if kind == "DateValue":
            return date.fromisoformat(raw[:10])
        if kind == "DateTimeValue":
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (KeyError, ValueError, InvalidOperation):
        return None
    return raw


def _values(
    holder: ET.Element, names: dict[str, str], skipped: list[tuple[str, str]]
) -> dict[str, AttrValue]:
    found: dict[str, AttrValue] = {}
    for vv in (e for e in holder if local_name(e) == "VariableValue"):
        ref = next((e for e in vv if local_name(e) == "VariableRef"), None)
        name = names.get(((ref.get("targetGUID") if ref is not None else "") or "").lower())
        typed = next((e for e in vv if local_name(e).endswith("Value")), None)
        if name is None or typed is None:
            skipped.append(("a variable value", "its variable is not defined in the project"))
            continue
        value = _parse(local_name(typed), typed.text or "")
        if value is None:
            skipped.append(
                (f"variable {name!r}", f"{(typed.text or '')!r} is not a {local_name(typed)}")
            )
            continue
        found[name] = value
    return found


def read(tree: ET.Element, skipped: list[tuple[str, str]]) -> dict[str, dict[str, AttrValue]]:
    """{source guid: {variable name: value}} from sources' and cases' VariableValues."""
    names = {
        (v.get("guid") or "").lower(): v.get("name") or ""
        for v in tree.iter()
        if local_name(v) == "Variable"
    }
    by_source: dict[str, dict[str, AttrValue]] = {}
    for case in (e for e in tree.iter() if local_name(e) == "Case"):
        values = _values(case, names, skipped)
        for ref in (e for e in case if local_name(e) == "SourceRef"):
            by_source.setdefault((ref.get("targetGUID") or "").lower(), {}).update(values)
    for sources in (e for e in tree if local_name(e) == "Sources"):
        for source in sources:
            own = _values(source, names, skipped)
            if own:
                by_source.setdefault((source.get("guid") or "").lower(), {}).update(own)
    return by_source


def article_variables(store: AnnotationStore) -> dict[str, dict[str, AttrValue]]:
    """Every article's attributes, typed, by article path: what a project exports."""
    return {path: {a.key: a.typed for a in found} for path, found in store.all_attributes().items()}


def into_store(store: AnnotationStore) -> Callable[[Variables], None]:
    """What import-project does with a project's variables: each becomes an attribute of
    its article, as the user's (so a later import of the file does not replace it); one the
    article has already, with the same value, is left as it is (so its origin stays)."""

    def save(found: Variables) -> None:
        have = article_variables(store)
        store.set_attributes(
            (path, name, value)
            for path, values in found.items()
            for name, value in values.items()
            if have.get(path, {}).get(name) != value
        )

    return save
