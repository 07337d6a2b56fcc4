"""Reading the ingest fixtures' expected.json and scoring importer output against it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpreader.corpus.importers import Conversion, choose


def collapse(text: str) -> str:
    """Whitespace collapsed, as the fixtures' must_contain strings are compared."""
    return " ".join(text.split())


def expected(folder: Path) -> dict[str, Any]:
    """The folder's expected.json."""
    return dict(json.loads((folder / "expected.json").read_text(encoding="utf-8")))


def convert(path: Path) -> Conversion:
    """The file through the importer the registry chooses for it."""
    data = path.read_bytes()
    importer = choose(path.name, data[:8192])
    assert importer is not None, f"no importer claims {path.name}"
    return importer.convert(data, path.name)


@dataclass
class Score:
    """Passed and failed assertions, each failure described."""

    passed: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)

    @property
    def total(self) -> int:
        return self.passed + len(self.failures)

    @property
    def share(self) -> float:
        return self.passed / self.total if self.total else 1.0
