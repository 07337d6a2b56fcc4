"""The `gpreader` command: a thin layer over the core (click). The group and its error handling
are in root.py; each commands module registers its commands on the group when imported."""

from gpreader.cli import (
    coding_commands,
    corpus_commands,
    export_command,
    project_command,
    tag_commands,
    team_commands,
)
from gpreader.cli.root import cli, main

__all__ = [
    "cli",
    "coding_commands",
    "corpus_commands",
    "export_command",
    "main",
    "project_command",
    "tag_commands",
    "team_commands",
]
