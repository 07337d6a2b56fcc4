"""Two processes upgrading the same database in the same second take different backup names."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpreader.store import AnnotationStore, database, migrations
from tests.unit.test_database import _with_second_migration


def test_upgrade_backup_name_taken_by_another_process(
    loaded_store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = loaded_store.path
    loaded_store.close()
    version = migrations.SCHEMA_VERSION
    # Another process's backups already hold this second's (and the next second's) name.
    taken = [database.backup_path(path, version)]
    for name in taken:
        name.write_bytes(b"the other process's backup")
    taken_name = taken[0]

    def frozen(path: Path, version: int, attempt: int = 0) -> Path:
        """backup_path with the clock stopped at the second the other process used."""
        if attempt == 0:
            return taken_name
        return taken_name.with_name(taken_name.name.removesuffix(".bak") + f"-{attempt + 1}.bak")

    monkeypatch.setattr(database, "backup_path", frozen)
    _with_second_migration(monkeypatch, fail=False)
    with AnnotationStore(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == version + 1
    assert taken[0].read_bytes() == b"the other process's backup"
    ours = [p for p in path.parent.glob(f"{path.name}.v{version}-*.bak") if p not in taken]
    assert len(ours) == 1
