"""CSV, JSONL and XLSX exports carry each highlight's article attributes, hostile values
included (formula-like text, line breaks, unicode), read back as they were stored."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from gpreader.export import ExportOptions, export
from gpreader.export.common import Filters
from gpreader.store import AnnotationStore

HOSTILE = {
    "publication": '=HYPERLINK("http://evil.example","click")',
    "section": 'two\nlines, and "quotes"',
    "author": "Zoë 日本語 🎉",
    "note": "@SUM(1)",
    "published": datetime.date(2024, 2, 7),
    "pages": 12,
    "score": -1.5,
}


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    """Two articles with highlights: the first with the hostile attributes."""
    first, second = (a.path for a in loaded_store.articles()[:2])
    loaded_store.set_attributes([(first, key, value) for key, value in HOSTILE.items()])
    loaded_store.add_highlight(first, 0, 10, tags=["policy", "funding"])
    loaded_store.add_highlight(second, 0, 10, tags=["policy"])
    return loaded_store


def _out(store: AnnotationStore, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    export(store, ExportOptions(format=fmt, **options), buffer)  # type: ignore[arg-type]
    return buffer.getvalue()


def _first(store: AnnotationStore) -> str:
    return store.articles()[0].path


def test_csv_has_a_column_per_attribute_guarded_like_free_text(coded: AnnotationStore) -> None:
    rows = list(csv.DictReader(io.StringIO(_out(coded, "csv").decode("utf-8"), newline="")))
    first = [r for r in rows if r["article"] == _first(coded)]
    assert len(first) == 2  # a row per tag, each with the article's attributes
    for row in first:
        assert row["attr_publication"] == "'" + HOSTILE["publication"]  # made inert
        assert row["attr_note"] == "'@SUM(1)"
        assert row["attr_section"] == HOSTILE["section"]
        assert row["attr_author"] == HOSTILE["author"]
        assert row["attr_published"] == "2024-02-07"
        assert (row["attr_pages"], row["attr_score"]) == ("12", "-1.5")
    other = next(r for r in rows if r["article"] != _first(coded))
    assert other["attr_publication"] == "" and other["attr_pages"] == ""
    assert other["attr_title"]  # the importer's attributes are there too


def test_raw_csv_keeps_attribute_text_as_stored(coded: AnnotationStore) -> None:
    data = _out(coded, "csv", raw=True).decode("utf-8")
    row = next(r for r in csv.DictReader(io.StringIO(data, newline="")) if r["attr_pages"])
    assert row["attr_publication"] == HOSTILE["publication"]
    assert row["attr_note"] == "@SUM(1)"


def test_jsonl_has_an_attributes_object(coded: AnnotationStore) -> None:
    items = [json.loads(line) for line in _out(coded, "jsonl").decode("utf-8").splitlines()]
    highlights = [i for i in items if "highlight_id" in i]
    first = next(i for i in highlights if i["article"] == _first(coded))
    attributes = first["attributes"]
    for key, value in HOSTILE.items():
        expected = value.isoformat() if isinstance(value, datetime.date) else value
        assert attributes[key] == expected, key
    assert attributes["format"] == "text"
    other = next(i for i in highlights if i["article"] != _first(coded))
    assert "publication" not in other["attributes"] and other["attributes"]["title"]


def test_xlsx_has_typed_attribute_cells(coded: AnnotationStore) -> None:
    book = load_workbook(io.BytesIO(_out(coded, "xlsx")))
    sheet = book["highlights"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    first = next(r for r in rows if r["article"].value == _first(coded))
    assert all(c.data_type != "f" for c in first.values())
    assert first["attr_publication"].value == HOSTILE["publication"]
    assert first["attr_publication"].data_type == "s"
    assert first["attr_section"].value == HOSTILE["section"]
    assert first["attr_author"].value == HOSTILE["author"]
    assert first["attr_published"].value == datetime.datetime(2024, 2, 7)
    assert (first["attr_pages"].value, first["attr_score"].value) == (12, -1.5)


def test_an_export_of_one_article_has_only_its_attribute_columns(
    coded: AnnotationStore,
) -> None:
    second = coded.articles()[1].path
    data = _out(coded, "csv", filters=Filters(article=second)).decode("utf-8")
    header = next(csv.reader(io.StringIO(data)))
    assert "attr_publication" not in header and "attr_title" in header
