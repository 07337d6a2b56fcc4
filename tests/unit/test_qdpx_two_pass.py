"""The qdpx project in two passes: its header's users and stamp range read first (in SQL for
an export of every highlight), then the selections streamed, never every record in memory.
The SQL summary is held equal to the same summary taken over the records it stands for."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.export import ExportOptions, export
from gpreader.export.common import ExportData, Filters
from gpreader.store import AnnotationStore, HighlightFilter
from gpreader.store.highlights import SelectionSummary

CODERS = ["", "ann", "bob", "chloé", "zed"]
STAMPS = ["", "2024-01-02T10:00:00+00:00", "2023-12-31T23:00:00+00:00", "2025-06-01", "x"]

highlight = st.tuples(
    st.sampled_from([1, 2]),  # article id
    st.sampled_from([*CODERS, None]),
    st.sampled_from([*STAMPS, None]),  # created
    st.sampled_from([*STAMPS, None]),  # updated
    st.booleans(),  # deleted
    st.lists(st.tuples(st.sampled_from([0, 1, 2]), st.sampled_from(CODERS)), max_size=3),
)


def _fill(store: AnnotationStore, rows: list[tuple]) -> None:  # type: ignore[type-arg]
    db = store.db
    for n, path in ((1, "a.txt"), (2, "b.txt")):
        db.execute(
            "INSERT INTO articles (id, path, sha256, text, mtime_ns) VALUES (?, ?, ?, ?, 0)",
            [n, path, f"sha{n}", "some words here " * 5],
        )
    for path in ("p", "p/q", "r"):
        store.ensure_tag(path)
    tags = [r[0] for r in db.execute("SELECT id FROM tags ORDER BY id")]
    for i, (article, coder, created, updated, deleted, links) in enumerate(rows):
        db.execute(
            'INSERT INTO highlights (id, article_id, start, "end", exact, coder, created, '
            "updated, deleted) VALUES (?, ?, 0, 4, 'some', ?, ?, ?, ?)",
            [f"h{i:03d}", article, coder, created, updated, "2024" if deleted else None],
        )
        for tag, by in dict(links).items():
            db.execute(
                "INSERT INTO highlight_tags (highlight_id, tag_id, coder) VALUES (?, ?, ?)",
                [f"h{i:03d}", tags[tag], by],
            )
    db.conn.commit()


def _over_records(store: AnnotationStore) -> SelectionSummary:
    """The summary as the one-pass export took it: over every record it read."""
    records = list(store.highlight_records(HighlightFilter(), subtree_tags_only=True))
    coders = {h.coder for h in records} | {c for h in records for c in h.tag_coders}
    stamps = [s for h in records for s in (h.created, h.updated) if s]
    return SelectionSummary(
        frozenset(coders), min(stamps) if stamps else None, max(stamps) if stamps else None
    )


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(highlight, max_size=12))
def test_the_sql_summary_equals_the_summary_over_the_records(tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / f"s{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    with AnnotationStore(folder / "s.db", coder="t") as store:
        _fill(store, rows)
        assert store.highlight_summary(HighlightFilter()) == _over_records(store)


def test_a_summary_is_read_only_for_every_highlight(store: AnnotationStore) -> None:
    with pytest.raises(ValueError, match="every highlight"):
        store.highlight_summary(HighlightFilter(coder="ann"))


def test_the_project_never_holds_every_record(
    store: AnnotationStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ExportData.highlights` (every record in a list) is not read by the qdpx writer, with
    or without filters; orphans are read apart and still travel on a source of their own."""
    _fill(store, [(1, "ann", STAMPS[1], STAMPS[2], False, [(0, "bob")])] * 3)
    store.db.execute("UPDATE highlights SET status = 'orphaned' WHERE id = 'h001'")
    store.db.conn.commit()

    def refuse(self: ExportData) -> None:
        raise AssertionError("the qdpx writer read every record into memory")

    monkeypatch.setattr(ExportData, "highlights", property(refuse))
    for filters in ({}, {"coder": "ann"}, {"tag": "p"}):
        out = tmp_path / f"p{len(filters)}-{filters.get('tag', '')}.qdpx"
        result = export(store, ExportOptions(format="qdpx", filters=Filters(**filters)), out)
        assert result.highlights == 3
        with zipfile.ZipFile(out) as archive:
            qde = archive.read("project.qde").decode()
        assert qde.count("<PlainTextSelection") == 3
        assert "Orphaned highlights - " in qde
        assert 'creationDateTime="2023-12-31T23:00:00Z"' in qde.split("<Users>")[0]
        assert 'modifiedDateTime="2024-01-02T10:00:00Z"' in qde.split("<Users>")[0]
        assert '<User guid="' in qde and 'name="bob"' in qde and 'name="ann"' in qde


def test_export_paths_are_the_library_in_its_order(store: AnnotationStore) -> None:
    for n, path in enumerate(["b/x.txt", "B.txt", "a.txt", "é.txt", "a b.txt"], 1):
        store.db.execute(
            "INSERT INTO articles (id, path, sha256, text, missing) VALUES (?, ?, 's', 't', ?)",
            [n, path, n % 2],
        )
    store.db.conn.commit()
    assert store.export_paths() == [a.path for a in store.articles()]
    assert len(store.export_paths()) == 5
