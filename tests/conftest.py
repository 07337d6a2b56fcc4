"""Fixtures shared by every test: a private copy of the sample corpus and a fresh store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.store import AnnotationStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "articles"


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
