"""`gpreader import-project`: a coded project from another program (REFI-QDA)."""

from __future__ import annotations

from pathlib import Path

import click

from gpreader.cli.output import say
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session
from gpreader.errors import InvalidInputError


@cli.command("import-project")
@click.argument("project", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@common_options
def import_project(project: Path) -> None:
    """Import a REFI-QDA project (.qdpx from QualCoder, NVivo, ATLAS.ti, MAXQDA, gpreader):
    its texts become articles (written into the articles folder unless the corpus holds them
    already), its codes tags, its codings highlights with their coders, dates and memos.
    Importing the same project again adds nothing."""
    from gpreader.export.project_import import import_project as run

    session = current_session()
    if session.is_sample:
        raise InvalidInputError(
            "there is no ./articles folder here for the project's texts: "
            "give one with --articles DIR (it is created if needed)"
        )
    report = run(session.refreshed(), project, session.root)
    for line in report.describe():
        say(line)
