"""`gpreader attrs`: article attributes (set, unset, import from a CSV, list)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from gpreader.cli.output import say, say_json
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session
from gpreader.corpus.files import MAX_FILE_BYTES, SkipFile, decode, open_regular, read_at_most
from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store.attributes import Attribute, AttrValue, parse_condition, typed_value

ARTICLE_COLUMNS = ("article", "path", "id", "file")


def attribute_json(attribute: Attribute) -> str | int | float:
    """An attribute's value for JSON: numbers as numbers, dates as ISO text."""
    value = attribute.typed
    return value if isinstance(value, str | int | float) else value.isoformat()


def _pair(text: str) -> tuple[str, AttrValue]:
    """`key=value` -> (key, typed value)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise click.BadParameter(f"{text!r} is not KEY=VALUE", param_hint="KEY=VALUE")
    return key, typed_value(value)


@cli.group()
def attrs() -> None:
    """Article attributes: typed values (text, date, number) per article. Importers fill
    title, date, words, format and what the source holds (author, publication, ...)."""


@attrs.command("set")
@click.argument("article")
@click.argument("values", nargs=-1, required=True, metavar="KEY=VALUE...")
@common_options
def set_(article: str, values: tuple[str, ...]) -> None:
    """Set attributes of ARTICLE (2024-02-07 is a date, 12 a number, anything else text);
    what you set wins over what the importer found, and survives re-imports."""
    pairs = [_pair(v) for v in values]
    session = current_session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root)
    store.set_attributes((path, key, value) for key, value in pairs)
    say(f"{path}: set {', '.join(key.strip() for key, _ in pairs)}")


@attrs.command()
@click.argument("article")
@click.argument("key")
@common_options
def unset(article: str, key: str) -> None:
    """Remove attribute KEY from ARTICLE."""
    session = current_session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root)
    if not store.delete_attribute(path, key):
        raise NotFoundError(f"{path} has no attribute {key!r}")
    say(f"{path}: removed {key}")


@attrs.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@common_options
def import_(file: Path) -> None:
    """Set attributes from a CSV: one row per article, named in a column `article` (or path,
    id, file; else the first column), every other column an attribute (empty cells left
    alone). Nothing is written if any row names no article."""
    rows, article_column = _read_table(file)
    session = current_session()
    store = session.refreshed()
    values: list[tuple[str, str, AttrValue]] = []
    unknown: list[str] = []
    for n, row in enumerate(rows, 2):
        ref = (row.get(article_column) or "").strip()
        try:
            path = store.resolve_article(ref, session.root)
        except (NotFoundError, InvalidInputError) as exc:
            unknown.append(f"line {n}: {exc}")
            continue
        values += [
            (path, key, typed_value(cell))
            for key, cell in row.items()
            if key != article_column and key and cell is not None and cell.strip()
        ]
    if unknown:
        more = f" (and {len(unknown) - 3} more)" if len(unknown) > 3 else ""
        raise NotFoundError(f"{file}: nothing set; " + "; ".join(unknown[:3]) + more)
    n = store.set_attributes(values)
    say(f"set {n} attribute value(s) on {len({path for path, _, _ in values})} article(s)")


def _read_table(file: Path) -> tuple[list[dict[str, str]], str]:
    """The rows of a CSV (comma, semicolon or tab) and the name of its article column."""
    try:
        with open_regular(file) as stream:
            data = read_at_most(stream, MAX_FILE_BYTES)
        if data is None:
            raise InvalidInputError(f"{file}: larger than {MAX_FILE_BYTES} bytes")
        text = decode(data)[0]
    except SkipFile as exc:
        raise InvalidInputError(f"{file}: {exc}") from None
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=header.count))
    names = reader.fieldnames or []
    if len(names) < 2:
        raise InvalidInputError(f"{file}: needs an article column and attribute columns")
    folded = {name.strip().casefold(): name for name in names}
    column = next((folded[c] for c in ARTICLE_COLUMNS if c in folded), names[0])
    try:
        return list(reader), column
    except csv.Error as exc:
        raise InvalidInputError(f"{file}: not a readable CSV ({exc})") from None


@attrs.command("list")
@click.argument("article", required=False)
@click.option(
    "--where",
    "conditions",
    multiple=True,
    metavar="CONDITION",
    help="Only articles meeting it: publication=pulse, date>=2024-01, words>500, author~smith "
    "(repeat: all must hold).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object: article -> attributes.")
@common_options
def list_(article: str | None, conditions: tuple[str, ...], as_json: bool) -> None:
    """List attributes: of ARTICLE, or of every article."""
    parsed = [parse_condition(c) for c in conditions]
    session = current_session()
    store = session.refreshed()
    found = store.all_attributes()
    if article is not None:
        path = store.resolve_article(article, session.root)
        found = {path: found.get(path, [])}
    for condition in parsed:
        keep = set(store.paths_matching(condition))
        found = {path: attributes for path, attributes in found.items() if path in keep}
    if as_json:
        say_json({path: {a.key: attribute_json(a) for a in rows} for path, rows in found.items()})
        return
    for path, rows in found.items():
        say(path)
        width = max([len(a.key) for a in rows] + [1])
        for a in rows:
            mark = "" if a.origin == "import" else "  (set by you)"
            say(f"  {a.key:<{width}}  {' '.join(a.value.split())}{mark}")
