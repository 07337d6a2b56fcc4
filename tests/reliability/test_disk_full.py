"""Disk full (PRAGMA max_page_count): a clear error, earlier data intact, the store keeps going."""

from __future__ import annotations

import pytest

from gpreader.errors import DatabaseError
from gpreader.store import AnnotationStore

from .support import ARTICLE


def _fill_up(store: AnnotationStore) -> int:
    """Cap the file just above its current size; the old cap, to lift it again."""
    conn = store.db.conn
    old = conn.execute("PRAGMA max_page_count").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    return old


def test_full_database_is_a_clear_error_and_nothing_is_lost(
    loaded_store: AnnotationStore,
) -> None:
    store = loaded_store
    kept = store.add_highlight(ARTICLE, 0, 20, tags=["full/before"], note="saved earlier")
    old = _fill_up(store)
    big = "a long note that does not fit " * 2000
    for attempt in range(3):  # fails every time, the same way
        with pytest.raises(DatabaseError, match="full; nothing was saved"):
            store.add_highlight(ARTICLE, 30, 60, tags=[f"full/new{attempt}"], note=big)
        with pytest.raises(DatabaseError, match="full"):
            store.set_note(kept.id, big)
    assert not store.db.conn.in_transaction
    # Reads still work and show exactly what was saved before.
    assert [h.id for h in store.highlights()] == [kept.id]
    assert store.highlight(kept.id).note == "saved earlier"
    assert [t.path for t in store.tags()] == ["full", "full/before"]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Once there is room again, the same store saves as before.
    store.db.conn.execute(f"PRAGMA max_page_count = {old}")
    h = store.add_highlight(ARTICLE, 30, 60, tags=["full/after"], note=big)
    assert store.highlight(h.id).note == big
    store.close()
    with AnnotationStore(store.path) as again:
        assert {x.id for x in again.highlights()} == {kept.id, h.id}
