"""The `gpreader` command: a thin layer over the core (click). The group and its error handling
are in root.py; each commands module registers its commands on the group when imported."""

from gpreader.cli import (
    analysis_commands,
    coding_commands,
    corpus_commands,
    export_command,
    memo_commands,
    project_command,
    tag_commands,
)
from gpreader.cli.root import cli, main

__all__ = [
    "analysis_commands",
    "cli",
    "coding_commands",
    "corpus_commands",
    "export_command",
    "main",
    "memo_commands",
    "project_command",
    "tag_commands",
]
