"""Exports: the CSV reads back unchanged in Python's csv and pandas, safely; filters; JSONL.

Also holds the fixture the other export tests share: a coded corpus full of awkward values.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from gpreader.corpus import sync as library
from gpreader.export import ExportOptions, Filters, export
from gpreader.export.csv_export import COLUMNS, GUARDED, evaluated
from gpreader.models import Highlight
from gpreader.store import AnnotationStore

AWKWARD = [
    'say "hello"',
    "comma, inside",
    "two\nlines",
    '=HYPERLINK("x")',
    "@SUM(1)",
    "-1",
    "+44 20",
    "NA",
    "null",
    "0012",
    "£ pounds",
    "日本語",
    "emoji 🎉",
    "\ttab first",
    "pipe | in it",
    "  spaces kept  ",
    "",
]
TITLE_ARTICLE = "003_24c3c5c25ddb21cc.txt"


def _span_of(store: AnnotationStore, path: str, section: str) -> tuple[int, int]:
    """The first 20 characters of the article's first block in `section`."""
    art = store.article(path)
    span = next(s for s in art.spans if s.section == section and s.kind != "sentence")
    return span.start, min(span.end, span.start + 20)


def code_corpus(store: AnnotationStore) -> AnnotationStore:
    """The sample corpus with highlights whose notes and tags hold every awkward value,
    highlights in the title, body, comments and furniture, an untagged one and a deleted one.
    (The other export test modules build their `coded` fixture with it.)"""
    paths = [a.path for a in store.articles()]
    for i, value in enumerate(AWKWARD):
        path = paths[i % len(paths)]
        start = 200 + 37 * i
        tags = [value] if value.strip() else []
        store.add_highlight(path, start, start + 25, tags=[*tags, "theme/sub"], note=value)
    for section in ("title", "body", "comments", "furniture"):
        start, end = _span_of(store, TITLE_ARTICLE, section)
        store.add_highlight(TITLE_ARTICLE, start, end, tags=[f"where/{section}"], note=section)
    store.add_highlight(paths[1], 50, 60)  # untagged, no note
    gone = store.add_highlight(paths[2], 70, 90, tags=["deleted"], note="deleted")
    store.delete_highlight(gone.id)
    store.update_tag("theme", description='Parent, with "quotes"\nand a line break')
    return store


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    return code_corpus(loaded_store)


def expected_rows(store: AnnotationStore, *, one_row: bool = False) -> list[dict[str, str]]:
    """What the CSV should say, before the formula prefix, for every live highlight."""
    rows = []
    for h in store.highlights():
        art = store.article(h.article)
        section = "" if h.status == "orphaned" else art.section_at(h.start)
        base = {
            "highlight_id": h.id,
            "article": h.article,
            "title": art.title,
            "section": section,
            "start": str(h.start),
            "end": str(h.end),
            "text": h.exact,
            "note": h.note,
            "coder": h.coder,
            "created": h.created,
            "updated": h.updated,
            "anchor_status": h.status,
        }
        appliers = [h.tag_coder(t) for t in h.tags]
        if one_row or not h.tags:
            rows.append({**base, "tag": "; ".join(h.tags), "tag_coder": "; ".join(appliers)})
        else:
            rows += [
                {**base, "tag": t, "tag_coder": c} for t, c in zip(h.tags, appliers, strict=True)
            ]
    attributes = store.all_attributes()
    keys = sorted({a.key for found in attributes.values() for a in found})
    for row in rows:
        values = {a.key: a.value for a in attributes.get(row["article"], [])}
        row.update({f"attr_{key}": values.get(key, "") for key in keys})
    return [{c: r[c] for c in (*COLUMNS, *(f"attr_{key}" for key in keys))} for r in rows]


def export_bytes(store: AnnotationStore, **options: object) -> bytes:
    out = io.BytesIO()
    export(store, ExportOptions(**options), out)  # type: ignore[arg-type]
    return out.getvalue()


def read_csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def neutralise(value: str) -> str:
    """What the CSV formula guard makes of a cell it applies to."""
    return "'" + value if evaluated(value) else value


def neutralised(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows as the CSV has them: the guard changes the title, note and attribute columns
    only."""
    return [
        {k: neutralise(v) if k in GUARDED or k.startswith("attr_") else v for k, v in row.items()}
        for row in rows
    ]


def test_csv_reads_back_unchanged_in_python_csv(coded: AnnotationStore) -> None:
    rows = read_csv_rows(export_bytes(coded))
    assert rows == neutralised(expected_rows(coded))
    notes = {r["note"] for r in rows}
    assert {'\'=HYPERLINK("x")', "'@SUM(1)", "'+44 20", "'\ttab first"} <= notes
    assert {"-1", "NA", "null", "0012", "£ pounds", "日本語", "emoji 🎉", "two\nlines"} <= notes
    assert "  spaces kept  " in notes


def test_csv_reads_back_unchanged_in_pandas(coded: AnnotationStore) -> None:
    data = export_bytes(coded)
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(expected_rows(coded)[0])
    assert list(frame.columns)[: len(COLUMNS)] == list(COLUMNS)
    assert frame.to_dict("records") == neutralised(expected_rows(coded))


def test_raw_csv_keeps_formulas_as_they_are(coded: AnnotationStore) -> None:
    rows = read_csv_rows(export_bytes(coded, raw=True))
    assert rows == expected_rows(coded)


def test_one_row_per_highlight_joins_the_tags(coded: AnnotationStore) -> None:
    rows = read_csv_rows(export_bytes(coded, one_row_per_highlight=True))
    assert rows == neutralised(expected_rows(coded, one_row=True))
    assert len(rows) == len(coded.highlights())
    assert any(r["tag"] == "-1; theme/sub" for r in rows)


def test_untagged_highlight_has_one_row_with_an_empty_tag(coded: AnnotationStore) -> None:
    untagged = [h for h in coded.highlights() if not h.tags]
    rows = read_csv_rows(export_bytes(coded))
    for h in untagged:
        mine = [r for r in rows if r["highlight_id"] == h.id]
        assert len(mine) == 1 and mine[0]["tag"] == ""


def test_excel_csv_has_a_bom_and_crlf_record_ends(coded: AnnotationStore) -> None:
    data = export_bytes(coded, excel=True)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\r" not in data
    records = 1 + len(expected_rows(coded))
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == records
    plain = export_bytes(coded)
    assert read_csv_rows(data) == read_csv_rows(plain)
    assert plain.count(b"\r") == 0 and not plain.startswith(b"\xef\xbb\xbf")


def test_excel_csv_written_to_a_file_has_no_doubled_cr(coded: AnnotationStore, tmp_path) -> None:
    out = tmp_path / "excel.csv"
    export(coded, ExportOptions(excel=True), out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\r\n" not in data
    assert data.count(b"\r\n") == 1 + len(expected_rows(coded))


def test_sections_come_from_the_article_structure(coded: AnnotationStore) -> None:
    rows = read_csv_rows(export_bytes(coded, filters=Filters(tag="where")))
    assert {r["tag"]: r["section"] for r in rows} == {
        f"where/{s}": s for s in ("title", "body", "comments", "furniture")
    }


def test_deleted_highlights_are_never_exported(coded: AnnotationStore) -> None:
    data = export_bytes(coded)
    assert b"deleted" not in data
    deleted = coded.highlights(include_deleted=True)
    assert len(deleted) == len(coded.highlights()) + 1


def test_orphaned_highlights_are_exported_with_their_status(
    coded: AnnotationStore, corpus_dir: Path
) -> None:
    path = "002_1cf731f5e7a28a3f.txt"
    h = coded.add_highlight(path, 300, 340, tags=["lost"], note="will be orphaned")
    file = corpus_dir / path
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(h.exact, "something else entirely, nothing like it"), "utf-8")
    library.refresh(coded, corpus_dir)
    assert coded.highlight(h.id).status == "orphaned"
    rows = [r for r in read_csv_rows(export_bytes(coded)) if r["highlight_id"] == h.id]
    assert len(rows) == 1
    assert rows[0]["anchor_status"] == "orphaned" and rows[0]["section"] == ""
    assert rows[0]["text"] == h.exact
    only = read_csv_rows(export_bytes(coded, filters=Filters(status="orphaned")))
    assert [r["highlight_id"] for r in only] == [h.id]


def _ids(store: AnnotationStore, **filters: object) -> set[str]:
    rows = read_csv_rows(export_bytes(store, filters=Filters(**filters)))  # type: ignore[arg-type]
    return {r["highlight_id"] for r in rows}


def test_filters_select_highlights(coded: AnnotationStore, db_path: Path) -> None:
    every = {h.id for h in coded.highlights()}
    assert _ids(coded) == every
    assert _ids(coded, tag="theme") == {h.id for h in coded.highlights() if "theme/sub" in h.tags}
    assert _ids(coded, article=TITLE_ARTICLE) == {
        h.id for h in coded.highlights() if h.article == TITLE_ARTICLE
    }
    assert _ids(coded, since="2000-01-01") == every
    assert _ids(coded, since="2999-01-01") == set()
    assert _ids(coded, status="anchored") == every
    assert _ids(coded, status="fuzzy") == set()
    with AnnotationStore(db_path, coder="other") as other:
        mine = other.add_highlight(TITLE_ARTICLE, 400, 420, tags=["x"])
        assert _ids(other, coder="other") == {mine.id}
        assert _ids(other, coder="tester") == every


def test_tag_filter_keeps_only_the_tags_inside_the_subtree(coded: AnnotationStore) -> None:
    rows = read_csv_rows(export_bytes(coded, filters=Filters(tag="theme")))
    assert {r["tag"] for r in rows} == {"theme/sub"}
    lines = export_bytes(coded, format="jsonl", filters=Filters(tag="theme")).splitlines()
    assert all(json.loads(line)["tags"] == ["theme/sub"] for line in lines)


def test_bad_filters_are_refused(coded: AnnotationStore) -> None:
    from gpreader.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="not a date"):
        Filters(since="last tuesday")
    with pytest.raises(InvalidInputError, match="status"):
        Filters(status="lost")  # type: ignore[arg-type]
    assert Filters(since="2024-05-01T10:00:00+02:00").since == "2024-05-01T08:00:00+00:00"


def test_jsonl_has_one_highlight_per_line_with_all_fields(coded: AnnotationStore) -> None:
    lines = export_bytes(coded, format="jsonl").decode("utf-8").splitlines()
    highlights = coded.highlights()
    assert len(lines) == len(highlights)
    for line, h in zip(lines, highlights, strict=True):
        item = json.loads(line)
        assert item["highlight_id"] == h.id and item["tags"] == list(h.tags)
        assert (item["text"], item["note"], item["start"], item["end"]) == (
            h.exact,
            h.note,
            h.start,
            h.end,
        )
        assert set(item) >= {"title", "section", "prefix", "suffix", "anchor_status", "coder"}


def test_progress_reports_reach_the_total(coded: AnnotationStore) -> None:
    total = len(coded.highlights())
    for fmt in ("csv", "jsonl", "w3c", "md", "qdpx", "qdc", "codebook-csv"):
        seen: list[tuple[int, int]] = []
        out = io.BytesIO()
        export(
            coded,
            ExportOptions(format=fmt),
            out,
            progress=lambda d, t, seen=seen: seen.append((d, t)),
        )
        assert seen and seen[-1][0] == seen[-1][1], fmt  # finished
        assert [d for d, _ in seen] == sorted(d for d, _ in seen), fmt
        if fmt in ("csv", "jsonl", "w3c", "qdpx"):
            assert seen[-1] == (total, total), fmt  # counted in highlights


def test_highlight_model_and_export_agree_on_order(coded: AnnotationStore) -> None:
    rows = read_csv_rows(export_bytes(coded, one_row_per_highlight=True))
    assert [r["highlight_id"] for r in rows] == [h.id for h in coded.highlights()]
    assert isinstance(coded.highlights()[0], Highlight)
