"""Commands for coding as a team: done, coders, agreement."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from gpreader.cli.output import say, say_json
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session
from gpreader.errors import InvalidInputError
from gpreader.export import agreement_report as report_file
from gpreader.export.output import atomic_write, check_target
from gpreader.team.merge import merge as merge_database
from gpreader.team.report import agreement_report
from gpreader.team.units import UNIT_KINDS, UnitKind


@cli.command()
@click.argument("article", required=False)
@click.option("--undo", "unmark", is_flag=True, help="Take the mark back.")
@click.option("--list", "listing", is_flag=True, help="List every mark (of --coder, if given).")
@click.option("--json", "as_json", is_flag=True, help="With --list: one JSON array.")
@common_options
def done(article: str | None, unmark: bool, listing: bool, as_json: bool) -> None:
    """Mark ARTICLE as coded by you (or --coder NAME).

    Agreement counts an article only for the coders who marked it: for the others it is
    missing data, not "coded with nothing". A marked article without highlights means
    "read, nothing to code". Making a highlight does not mark the article.
    """
    session = current_session()
    if listing:
        marks = session.store.coded_marks(session.coder_flag)
        if as_json:
            say_json([m._asdict() for m in marks])
        for m in [] if as_json else marks:
            say(f"{m.marked}  {m.coder}  {m.article}")
        return
    if article is None:
        raise InvalidInputError("name an ARTICLE to mark, or give --list")
    store = session.refreshed()
    path = store.resolve_article(article, session.root)
    changed = store.mark_coded(path, done=not unmark, coder=session.coder)
    state = (
        ("unmarked" if unmark else "marked")
        if changed
        else "already " + ("unmarked" if unmark else "marked")
    )
    say(f"{state}: {path} (coder {session.coder or store.coder})")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON array of names.")
@common_options
def coders(as_json: bool) -> None:
    """List everyone who coded in this database."""
    names = current_session().store.coders()
    if as_json:
        say_json(names)
        return
    for name in names:
        say(name)


@cli.command()
@click.option(
    "--coders",
    "names",
    required=True,
    help="Two or more coders, comma-separated: --coders ana,ben.",
)
@click.option("--tag", "tags", multiple=True, help="Only this tag (with its children); repeat.")
@click.option(
    "--unit",
    type=click.Choice(UNIT_KINDS),
    default="sentence",
    show_default=True,
    help="What counts as one coding decision.",
)
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to a .md or .xlsx file.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@common_options
def agreement(
    names: str,
    tags: tuple[str, ...],
    unit: UnitKind,
    as_json: bool,
    output: Path | None,
    force: bool,
) -> None:
    """How far coders agree, per tag and overall, on the articles they marked as done.

    Percent agreement, Cohen's kappa (two coders), Fleiss' kappa, Krippendorff's alpha
    (nominal; missing data allowed) and unitizing alpha (over characters, no units needed).
    """
    session = current_session()
    coders = [name.strip() for name in names.split(",") if name.strip()]
    store = session.refreshed()
    known = set(store.coders())
    unknown = [name for name in coders if name not in known]
    if unknown:
        raise InvalidInputError(
            f"no coder named {', '.join(map(repr, unknown))}; `gpreader coders` lists them"
        )
    report = agreement_report(store, coders, tags=tags, unit=unit)
    if output is not None:
        suffix = output.suffix.lower()
        if suffix not in (".md", ".xlsx"):
            raise InvalidInputError("-o takes a .md or .xlsx file")
        target = check_target(output, db_path=session.db_path, force=force)
        write = report_file.write_xlsx if suffix == ".xlsx" else report_file.write_markdown
        atomic_write(target, lambda stream: write(report, stream), force=force)
        say(f"wrote {output}", err=True)
    if as_json:
        say_json(report.as_json())
    elif output is None:
        for line in report_file.text_lines(report):
            say(line)


@cli.command()
@click.argument("other", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@common_options
def merge(other: Path, dry_run: bool, as_json: bool) -> None:
    """Bring another coder's database OTHER into this one.

    Articles are matched by their text, tags by path, highlights and notes by id; where both
    sides changed a highlight, the later change wins. Merging twice adds nothing, and
    `gpreader undo` takes a merge back. OTHER is only read.
    """
    session = current_session()
    store = session.refreshed()
    if other.resolve() == session.db_path.resolve():
        raise InvalidInputError("OTHER is this database; name another coder's database")
    report = merge_database(store, other, dry_run=dry_run)
    if as_json:
        say_json(asdict(report))
        return
    for line in report.lines():
        say(line)
