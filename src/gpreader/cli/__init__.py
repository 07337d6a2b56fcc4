"""The `gpreader` command: a thin layer over the core (click). The group and its error handling
are in root.py; each commands module registers its commands on the group when imported, which
the group does the first time a command is asked for (the workbench loads none of them)."""

from gpreader.cli.root import cli, main

# The modules that hold commands (one line each), imported on demand by root.GPReaderGroup.
COMMAND_MODULES = (
    "analysis_commands",
    "attrs_commands",
    "coding_commands",
    "corpus_commands",
    "export_command",
    "memo_commands",
    "project_command",
    "tag_commands",
    "team_commands",
)

__all__ = ["COMMAND_MODULES", "cli", "main"]
