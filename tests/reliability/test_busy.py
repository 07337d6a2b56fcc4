"""Two processes on one database: a save waits for another's write, or fails clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpreader.errors import DatabaseBusyError
from gpreader.store import AnnotationStore

from .support import ARTICLE, gpreader, holding, one_line


def _holder_committed(store: AnnotationStore) -> bool:
    return store.get_state("holder") == 1


def test_save_waits_for_a_write_held_one_and_a_half_seconds(
    loaded_store: AnnotationStore, tmp_path: Path
) -> None:
    with holding(loaded_store.path, tmp_path, "1.5"):
        h = loaded_store.add_highlight(ARTICLE, 0, 20, tags=["busy/waited"], note="kept")
        assert _holder_committed(loaded_store)  # ours went in after theirs
    assert loaded_store.highlight(h.id).note == "kept"
    assert loaded_store.highlight(h.id).tags == ("busy/waited",)


def test_lock_outlasting_the_timeout_is_a_clear_busy_error(
    loaded_store: AnnotationStore, tmp_path: Path
) -> None:
    path = loaded_store.path
    with AnnotationStore(path, busy_timeout=0.3) as impatient:
        with holding(path, tmp_path, "stdin"):
            with pytest.raises(DatabaseBusyError, match="busy") as caught:
                impatient.add_highlight(ARTICLE, 0, 20, tags=["busy/lost"], note="retry me")
            assert "\n" not in str(caught.value)
            assert impatient.highlights() == []  # nothing half-written
            assert impatient.tags() == []
        h = impatient.add_highlight(ARTICLE, 0, 20, tags=["busy/lost"], note="retry me")
        assert impatient.highlight(h.id).note == "retry me"  # the same store works again


def test_cli_exits_3_with_one_line_when_the_database_stays_busy(
    loaded_store: AnnotationStore, corpus_dir: Path, tmp_path: Path
) -> None:
    path = loaded_store.path
    loaded_store.close()
    with holding(path, tmp_path, "stdin"):
        proc = gpreader(
            "--articles", str(corpus_dir), "--db", str(path), "annotate", ARTICLE, "--quote", "GP"
        )
    assert proc.returncode == 3, proc.stderr
    line = one_line(proc.stderr)
    assert "busy" in line and "try again" in line
    assert proc.stdout == b""
    with AnnotationStore(path) as store:
        assert store.highlights() == []
