"""Fixtures shared by every test: a private copy of the sample corpus, a fresh store, and the
test data kept outside the repository in `../shared/`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "articles"
# Test data that is not ours to commit (published schemas, fixtures, corpora) stays where it
# lies: `../shared/` beside the project (CI always has it), or the folder GPREADER_TEST_SHARED
# names (a checkout elsewhere, such as a git worktree).
SHARED = Path(os.environ.get("GPREADER_TEST_SHARED") or REPO.parent / "shared")


def shared_path(*parts: str) -> Path:
    """The file or folder `../shared/<parts>`; the calling test skips, saying so, if absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (test data read from ../shared/, not in the repository)")
    return path


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A temporary copy of the five sample articles."""
    target = tmp_path / "articles"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[AnnotationStore]:
    """An empty store on a temporary database."""
    s = AnnotationStore(db_path, coder="tester")
    yield s
    s.close()


@pytest.fixture
def loaded_store(store: AnnotationStore, corpus_dir: Path) -> AnnotationStore:
    """A store with the sample corpus imported."""
    library.refresh(store, corpus_dir)
    return store
