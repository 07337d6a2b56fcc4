"""Commands about coding: annotate, highlights, undo, redo, purge, backup."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from gpreader.anchoring import find_quote
from gpreader.cli.output import say, say_json
from gpreader.cli.retrieval import retrieved
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session
from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.export.output import check_target


@cli.command()
@click.argument("article")
@click.option("--quote", required=True, help="The passage to highlight, as it reads.")
@click.option("--tag", "tags", multiple=True, help="Tag path, e.g. policy/contract (repeatable).")
@click.option("--note", default="", help="A note on the highlight.")
@click.option("--occurrence", default=1, show_default=True, type=click.IntRange(min=1))
@common_options
def annotate(article: str, quote: str, tags: tuple[str, ...], note: str, occurrence: int) -> None:
    """Highlight a quote in ARTICLE (path, file name or title prefix); prints the new id."""
    session = current_session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root)
    text = store.article(path)
    found = find_quote(text.text, quote, occurrence)
    if found is None:
        nth = f" (occurrence {occurrence})" if occurrence > 1 else ""
        raise NotFoundError(f"quote not found in {path}{nth}: {quote!r}")
    # The offsets are into this version of the text: if an import changed it since, nothing
    # is saved (StaleArticleError) rather than a highlight on other words.
    highlight = store.add_highlight(path, *found, tags=tags, note=note, expected_sha256=text.sha256)
    say(highlight.id)


@cli.command()
@click.argument("article", required=False)
@click.option("--tag", help="Only highlights with this tag or its children.")
@click.option(
    "--query",
    "-q",
    help="Retrieval by code: only the passages this query selects, with their context "
    "(tag:A tag:B, tag:A | tag:B, -tag:B, tag:A overlaps|near:N|in:paragraph tag:B, "
    "coder:NAME, attr:KEY=VALUE, words).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of highlights.")
@common_options
def highlights(article: str | None, tag: str | None, query: str | None, as_json: bool) -> None:
    """List highlights, optionally of one ARTICLE."""
    session = current_session()
    store = session.refreshed()
    path = store.resolve_article(article, session.root) if article else None
    if query is not None:
        retrieved(store, query, path, tag, as_json)
        return
    found = store.highlights(path, tag=tag)
    if as_json:
        say_json([asdict(h) for h in found])
        return
    for h in found:
        tags = ", ".join(h.tags) or "-"
        text = " ".join(h.exact.split())
        say(f"{h.id[:8]}  {h.article}  {h.start}-{h.end}  [{tags}]  {h.status}  {text[:60]}")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@common_options
def backup(out: Path, force: bool) -> None:
    """Write a consistent copy of the database to OUT (safe while gpreader runs)."""
    session = current_session()
    target = check_target(out, db_path=session.db_path, force=force)
    try:
        session.store.backup(target, replace=force)
    except FileExistsError:
        raise InvalidInputError(f"{out} exists; use --force to replace it") from None
    say(f"backed up {session.db_path} to {out}")


@cli.command()
@common_options
def undo() -> None:
    """Undo your most recent change (repeatable); says what it undid."""
    done = current_session().store.undo()
    say(str(done) if done else "nothing to undo")


@cli.command()
@common_options
def redo() -> None:
    """Redo the change you undid most recently; says what it redid."""
    done = current_session().store.redo()
    say(str(done) if done else "nothing to redo")


@cli.command()
@common_options
def purge() -> None:
    """Remove deleted highlights for good (they can no longer be undone)."""
    say(f"purged {current_session().store.purge()} deleted highlight(s)")
