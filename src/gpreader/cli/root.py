"""The `gpreader` command group: errors become one line and an exit code; no command opens the
TUI (Textual is imported only then).

Exit codes: 0 success, 1 an error in what was asked (unknown article, quote or tag),
2 usage errors and no interactive terminal for the TUI, 3 the database cannot be used,
130 interrupted.
"""

from __future__ import annotations

import gc
import importlib
import os
import sqlite3
import sys
from typing import Any

import click

from gpreader import __version__
from gpreader.cli.output import say
from gpreader.cli.session import common_options, current_session
from gpreader.errors import GPReaderError
from gpreader.store.database import database_error
from gpreader.text import safe_to_show

EXIT_NO_TERMINAL = 2


class GPReaderGroup(click.Group):
    """Turns the core's errors into one line on stderr and a documented exit code; loads the
    command modules (gpreader.cli.COMMAND_MODULES) only once a command is asked for, so the
    workbench and each command start without importing what the others need."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            _load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except GPReaderError as exc:
            # Messages echo paths and arguments: no terminal control codes from them.
            say(f"gpreader: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except sqlite3.DatabaseError as exc:  # one the core did not wrap: still one clear line
            session = ctx.meta.get("gpreader.session")
            error = database_error(exc, session.db_path if session else None)
            say(f"gpreader: {error}", err=True)
            ctx.exit(error.exit_code)
        except click.ClickException as exc:  # usage errors may echo arguments: shown safely
            # click declares `message` Final, but its own formatting (hints, usage) must run
            # on the sanitised text, so the exception is changed in place and re-raised
            exc.message = safe_to_show(exc.message)  # type: ignore[misc]
            raise
        except KeyboardInterrupt:
            say("gpreader: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `gpreader articles | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except OSError as exc:  # a file the core did not name in its own error, or the output
            if exc.filename:
                say(f"gpreader: {exc.filename}: {exc.strerror or exc}", err=True)
            else:  # writing the output failed (a full disk, say): say so, once
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                say(f"gpreader: cannot write the output: {exc.strerror or exc}", err=True)
            ctx.exit(1)


@click.group(
    cls=GPReaderGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@common_options
@click.version_option(__version__, prog_name="gpreader")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Read a corpus of articles side by side, highlight and tag passages, export the coding.

    With no command, opens the reading workbench on the corpus folder.
    """
    if ctx.invoked_subcommand is None:
        _run_tui()


def _load_commands() -> None:
    """Import every command module (each registers its commands on `cli`)."""
    from gpreader.cli import COMMAND_MODULES

    for name in COMMAND_MODULES:
        importlib.import_module(f"gpreader.cli.{name}")


def _interactive() -> bool:
    term = os.environ.get("TERM", "")
    return sys.stdin.isatty() and sys.stdout.isatty() and term not in ("", "dumb")


def _run_tui() -> None:
    if not _interactive():
        say(
            "gpreader: the reading workbench needs an interactive terminal "
            "(stdin and stdout a terminal, TERM not dumb); "
            "`gpreader export` and `gpreader search` work without one.",
            err=True,
        )
        sys.exit(EXIT_NO_TERMINAL)
    session = current_session()
    notice = None
    if session.is_sample:
        notice = f"No ./articles folder here: showing the bundled sample corpus ({session.root})."
    store = session.store  # surfaces database errors before the screen is taken over
    from gpreader.tui.library_read import prefetch_library  # no Textual

    library = prefetch_library(store)  # a large library is read while Textual loads
    from gpreader.tui.app import run_app  # Textual loads only here

    run_app(store, session.root, notice=notice, library=library)


VALUE_OPTIONS = ("--articles", "--db", "--coder")  # the group's options that take a value


def opens_workbench(args: list[str]) -> bool:
    """Whether these command-line arguments open the workbench: only the group's options with
    their values, no command (and no --help or --version)."""
    rest = iter(args)
    for arg in rest:
        if arg in VALUE_OPTIONS:
            next(rest, None)
        elif not arg.startswith(tuple(f"{name}=" for name in VALUE_OPTIONS)):
            return False
    return True


def main() -> None:
    """Entry point of the `gpreader` command."""
    if opens_workbench(sys.argv[1:]):
        # Textual's start allocates many objects and frees few: with Python's default
        # thresholds the cycle collector ran ~0.1 s of CPU before the first frame, finding
        # next to nothing. The workbench's own policy (tui/memory.py) starts now, not after it.
        from gpreader.tui.memory import THRESHOLDS

        gc.set_threshold(*THRESHOLDS)
    try:
        cli.main(prog_name="gpreader")
    except BrokenPipeError:  # e.g. `gpreader articles | head`
        sys.stderr.close()
        sys.exit(1)
