"""XLSX export: cells read back with openpyxl equal the store's values, none is a formula."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gpreader.export import ExportOptions, export
from gpreader.export.common import xml_text
from gpreader.export.xlsx import ARTICLE_COLUMNS, CODEBOOK_COLUMNS, HIGHLIGHT_COLUMNS, excel_time
from gpreader.export.xlsx_package import (
    CELL_LIMIT,
    Workbook,
    column_letter,
    escape,
    escape_items,
    excel_serial,
)
from gpreader.store import AnnotationStore
from tests.unit.test_export import AWKWARD, code_corpus

HOSTILE = [*AWKWARD, "+ve", "-ve", "@x", "=1+1", "#N/A", "#DIV/0!", "TRUE", "1e5", "a\nb\r\nc"]


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    store = code_corpus(loaded_store)
    path = store.articles()[0].path
    for i, value in enumerate(HOSTILE[len(AWKWARD) :]):
        store.add_highlight(path, 900 + 30 * i, 920 + 30 * i, tags=[value], note=value)
    return store


def _book(store: AnnotationStore, **options: Any) -> Any:
    out = io.BytesIO()
    export(store, ExportOptions(format="xlsx", **options), out)
    return load_workbook(io.BytesIO(out.getvalue()))


def _values(sheet: Any) -> list[list[Any]]:
    rows = []
    for row in sheet.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row), [c.value for c in row]
        rows.append(["" if c.value is None else c.value for c in row])
    return rows


def _attribute_keys(store: AnnotationStore) -> list[str]:
    return sorted({a.key for found in store.all_attributes().values() for a in found})


def _attribute_cells(store: AnnotationStore, path: str) -> list[Any]:
    """An article's attribute cells as openpyxl reads them: dates as datetimes."""
    values = {a.key: a.typed for a in store.attributes(path)}
    cells = [values.get(key, "") for key in _attribute_keys(store)]
    return [datetime(v.year, v.month, v.day) if isinstance(v, date) else v for v in cells]


def _expected(store: AnnotationStore, one_row: bool = False) -> list[list[Any]]:
    rows = []
    for h in store.highlights():
        art = store.article(h.article)
        section = "" if h.status == "orphaned" else art.section_at(h.start)
        by = [h.tag_coder(tag) for tag in h.tags]
        pairs = (
            [("; ".join(h.tags), "; ".join(by))]
            if one_row or not h.tags
            else list(zip(h.tags, by, strict=True))
        )
        for tag, tag_coder in pairs:
            rows.append(
                [
                    h.id, h.article, art.title, section, tag, h.start, h.end, h.exact,
                    h.note, h.coder, excel_time(h.created), excel_time(h.updated), h.status,
                    tag_coder, *_attribute_cells(store, h.article),
                ]
            )  # fmt: skip
    return rows


def test_highlight_cells_equal_the_store_exactly(coded: AnnotationStore) -> None:
    book = _book(coded)
    assert book.sheetnames == ["highlights", "codebook", "articles"]
    sheet = book["highlights"]
    names = [name for name, _ in HIGHLIGHT_COLUMNS]
    assert _attribute_keys(coded)  # the importer's title, date, words and format at least
    attributes = [f"attr_{key}" for key in _attribute_keys(coded)]
    assert [c.value for c in sheet[1]] == names + attributes
    assert _values(sheet) == _expected(coded)


def test_hostile_text_is_a_string_cell_verbatim(coded: AnnotationStore) -> None:
    sheet = _book(coded)["highlights"]
    notes = {row[8].value: row[8] for row in sheet.iter_rows(min_row=2)}
    tags = {row[4].value for row in sheet.iter_rows(min_row=2)}
    for value in HOSTILE:
        if value:
            stored = value.replace("\r\n", "\n")  # notes are stored with \n line ends
            assert notes[stored].data_type == "s", value
    assert {"+ve", "-ve", "@x", "=1+1", "NA", "0012", "#N/A"} <= tags


def test_one_row_per_highlight(coded: AnnotationStore) -> None:
    assert _values(_book(coded, one_row_per_highlight=True)["highlights"]) == _expected(
        coded, one_row=True
    )


def test_numbers_and_dates_are_typed(coded: AnnotationStore) -> None:
    for row in _book(coded)["highlights"].iter_rows(min_row=2):
        assert isinstance(row[5].value, int) and isinstance(row[6].value, int)
        assert isinstance(row[10].value, datetime) and isinstance(row[11].value, datetime)


def test_codebook_and_article_sheets(coded: AnnotationStore) -> None:
    book = _book(coded)
    codebook = book["codebook"]
    assert [c.value for c in codebook[1]] == [name for name, _ in CODEBOOK_COLUMNS]
    expected = [[t.path, t.description, t.color, t.highlights, t.articles] for t in coded.tags()]
    got = _values(codebook)
    assert [r[0] for r in got] == [r[0] for r in expected]
    assert [r[1] for r in got] == [r[1] for r in expected]
    articles = book["articles"]
    assert [c.value for c in articles[1]] == [name for name, _ in ARTICLE_COLUMNS]
    live = coded.highlights()
    counted = {r[0]: r[2] for r in _values(articles)}
    assert counted == {p: sum(h.article == p for h in live) for p in {h.article for h in live}}


def test_frozen_header_filter_and_widths(coded: AnnotationStore) -> None:
    book = _book(coded)
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" + str(
            sheet.max_row
        )
        assert sheet.column_dimensions["A"].width > 8
        assert sheet["A1"].font.bold


def test_empty_export_is_a_workbook_with_headers(store: AnnotationStore) -> None:
    book = _book(store)
    assert book["highlights"].max_row == 1


def _package(rows: list[list[Any]]) -> Any:
    """A one-sheet workbook written by xlsx_package, read back with openpyxl."""
    out = io.BytesIO()
    book = Workbook(out, ["data"])
    sheet = book.sheet([("a", 10), ("b", 10), ("c", 10)])
    for row in rows:
        sheet.row(row)
    sheet.close()
    book.close()
    return load_workbook(io.BytesIO(out.getvalue()))["data"]


@given(
    st.lists(
        st.lists(
            st.one_of(st.text(), st.integers(-(2**53), 2**53), st.sampled_from(HOSTILE)),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=8,
    )
)
@settings(max_examples=60, deadline=None)
def test_any_text_reads_back_as_written(rows: list[list[Any]]) -> None:
    """Whatever the text (XML specials, CR, `_xHHHH_`, spaces, controls), openpyxl reads back
    the same string cell, or U+FFFD where XML 1.0 cannot carry a character; never a formula."""
    sheet = _package(rows)
    read_rows = sheet.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=3)
    for written, read in zip(rows, read_rows, strict=True):
        for value, cell in zip(written, read, strict=True):
            assert cell.data_type != "f"
            if isinstance(value, str):
                assert (cell.value or "") == xml_text(value).replace("x005F_", "") or (
                    "x005F_" in value  # openpyxl's reader drops every `x005F_` (Excel does not)
                )
            else:
                assert cell.value == value


def test_excel_escapes_and_xml_specials() -> None:
    values = ["_x0041_ stays", "a\rb\r\nc", " <&> ", "\x00\x1b"]
    sheet = _package([values[:3], [values[3], 1.5, datetime(2024, 5, 1, 10, 0, 0)]])
    assert [c.value for c in sheet[2]] == values[:3]
    assert [c.value for c in sheet[3]] == ["\ufffd\ufffd", 1.5, datetime(2024, 5, 1, 10, 0, 0)]
    assert sheet["C3"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet.auto_filter.ref == "A1:C3" and sheet.freeze_panes == "A2"


def _escaped_as_before(text: str) -> str:
    """`escape` as it was written first: one pattern finding whatever needs escaping."""
    text = xml_text(text)
    if re.search(r"[&<>\r]|_x[0-9A-Fa-f]{4}_", text) is None:
        return text
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


@given(st.lists(st.text(alphabet=st.sampled_from("_x0F5Aa&<>\r\n\x00 é\ue000\ud800"))))
def test_escape_writes_the_bytes_it_always_wrote(values: list[str]) -> None:
    """The shared strings stay byte for byte what they were (golden files pin them)."""
    assert [escape(v) for v in values] == [_escaped_as_before(v) for v in values]
    between = '</t></si><si><t xml:space="preserve">'
    assert escape_items(values) == between.join(_escaped_as_before(v) for v in values)


@given(st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(9999, 12, 31)))
def test_date_serials_are_the_ones_openpyxl_writes(moment: datetime) -> None:
    """The package computes Excel's serial itself (openpyxl is not imported to export); it
    writes the float openpyxl would, and openpyxl reads the same moment back from it."""
    from openpyxl.utils.datetime import from_excel, to_excel

    assert repr(excel_serial(moment)) == repr(to_excel(moment))
    whole = moment.replace(microsecond=0)  # stamps are stored to the second
    if whole >= datetime(1900, 3, 1):  # Excel's 1900 has a 29 February: earlier ones shift
        assert from_excel(excel_serial(whole)) == whole


def test_date_serials_around_excels_29_february_1900() -> None:
    from openpyxl.utils.datetime import to_excel

    day = datetime(1899, 12, 25)
    for _ in range(80):
        assert excel_serial(day) == to_excel(day), day
        day += timedelta(days=1, seconds=3601)
    assert excel_serial(datetime(1900, 3, 1)) == 61.0
    assert excel_serial(datetime(1900, 2, 28, 12)) == 59.5


def test_column_letters_are_the_ones_openpyxl_names() -> None:
    from openpyxl.utils import get_column_letter

    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703, 16_384)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD",
    ]  # fmt: skip
    assert all(column_letter(n) == get_column_letter(n) for n in range(1, 18_279))


def test_no_cell_type_for_other_values() -> None:
    with pytest.raises(TypeError):
        _package([[object(), 1, 2]])


def test_a_note_longer_than_an_excel_cell_is_cut_to_fit_and_says_so(
    loaded_store: AnnotationStore,
) -> None:
    """Excel refuses a cell over 32,767 UTF-16 units; the note is cut there, with a note."""
    path = loaded_store.articles()[0].path
    long_note = "😀" * 10_000 + "a" * 20_000  # 40,000 units in UTF-16
    loaded_store.add_highlight(path, 0, 10, tags=["long"], note=long_note)
    sheet = _book(loaded_store)["highlights"]
    header = [c.value for c in sheet[1]]
    [row] = list(sheet.iter_rows(min_row=2, values_only=True))
    note = row[header.index("note")]
    assert len(note.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert note.startswith("😀" * 10_000 + "a" * 100)
    assert note.endswith("more characters; see CSV or JSONL]")
