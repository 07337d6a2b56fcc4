"""`gpreader tags`: the codebook."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from gpreader import export as exporting
from gpreader.cli.output import say, say_json
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session


@cli.group(invoke_without_command=True)
@common_options
@click.pass_context
def tags(ctx: click.Context) -> None:
    """The codebook: list, add, rename, merge, delete, colour tags."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(tags_list)


@tags.command("list")
@click.option("--json", "as_json", is_flag=True)
@common_options
def tags_list(as_json: bool = False) -> None:
    """Every tag with its colour, quick key and counts."""
    found = current_session().store.tags()
    if as_json:
        say_json([asdict(t) for t in found])
        return
    if not found:
        say("no tags yet")
    width = max([len(t.path) for t in found] + [3])
    for t in found:
        key = str(t.quick_key) if t.quick_key else "-"
        say(
            f"{t.path:<{width}}  {t.color:<7}  key {key}  {t.highlights:>4} highlights  "
            f"{t.articles:>3} articles  {t.description}"
        )


@tags.command("add")
@click.argument("path")
@click.option("--color")
@click.option("--description")
@click.option("--key", type=click.IntRange(1, 9), help="Quick key 1-9 in the reader.")
@common_options
def tags_add(path: str, color: str | None, description: str | None, key: int | None) -> None:
    """Create a tag (or update an existing one)."""
    store = current_session().store
    tag = store.ensure_tag(path, color=color, description=description)
    tag = store.update_tag(
        tag.path, color=color, description=description, quick_key=key if key else False
    )
    say(tag.path)


@tags.command("rename")
@click.argument("old")
@click.argument("new")
@common_options
def tags_rename(old: str, new: str) -> None:
    """Rename a tag and its children."""
    n = current_session().store.rename_tag(old, new)
    say(f"renamed {n} tag(s)")


@tags.command("merge")
@click.argument("source")
@click.argument("target")
@common_options
def tags_merge(source: str, target: str) -> None:
    """Move SOURCE's highlights onto TARGET and remove SOURCE."""
    n = current_session().store.merge_tags(source, target)
    say(f"merged {n} tag(s) into {target}")


@tags.command("delete")
@click.argument("path")
@click.option("--force", is_flag=True, help="Delete even if highlights carry it.")
@common_options
def tags_delete(path: str, force: bool) -> None:
    """Delete a tag and its children (highlights stay)."""
    n = current_session().store.delete_tag(path, force=force)
    say(f"deleted {n} tag(s)")


@tags.command("color")
@click.argument("path")
@click.argument("color")
@common_options
def tags_color(path: str, color: str) -> None:
    """Set a tag's colour (#RRGGBB)."""
    tag = current_session().store.update_tag(path, color=color)
    say(f"{tag.path} {tag.color}")


@tags.command("describe")
@click.argument("path")
@click.argument("description")
@common_options
def tags_describe(path: str, description: str) -> None:
    """Set a tag's description."""
    tag = current_session().store.update_tag(path, description=description)
    say(tag.path)


@tags.command("key")
@click.argument("path")
@click.argument("key", type=click.IntRange(0, 9))
@common_options
def tags_key(path: str, key: int) -> None:
    """Give a tag quick key 1-9 in the reader (0 clears it)."""
    tag = current_session().store.update_tag(path, quick_key=key or None)
    say(f"{tag.path} key {tag.quick_key or '-'}")


@tags.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@common_options
def tags_import(file: Path) -> None:
    """Add tags from a codebook: a CSV (a tag, name or path column; optional description
    and color), a REFI-QDA .qdc or .qdpx. Updates descriptions and colours; highlights stay."""
    say(exporting.import_codebook(current_session().store, file).describe())
