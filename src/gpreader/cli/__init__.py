"""The `gpreader` command: a thin layer over the core (click). The group and its error handling
are in root.py; each commands module registers its commands on the group when imported."""

from gpreader.cli import (
    attrs_commands,
    coding_commands,
    corpus_commands,
    export_command,
    project_command,
    tag_commands,
)
from gpreader.cli.root import cli, main

__all__ = [
    "attrs_commands",
    "cli",
    "coding_commands",
    "corpus_commands",
    "export_command",
    "main",
    "project_command",
    "tag_commands",
]
