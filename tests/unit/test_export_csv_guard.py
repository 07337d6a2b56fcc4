"""CSV for programs and spreadsheets: the formula guard never changes data, the byte-order
mark comes once, the codebook CSV is what Taguette reads, a tag named NA survives pandas."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from gpreader.export.csv_export import evaluated, line
from gpreader.store import AnnotationStore
from tests.unit.test_export import export_bytes, read_csv_rows

BOM = b"\xef\xbb\xbf"
DATA_TAGS = ["+ve", "-ve", "@x", "=1+1", "NA", "0012", "£ 日本語 🎉"]


@pytest.fixture
def tagged(loaded_store: AnnotationStore) -> AnnotationStore:
    path = loaded_store.articles()[0].path
    text = loaded_store.article(path).text
    for i, tag in enumerate(DATA_TAGS):
        start = 300 + 40 * i
        h = loaded_store.add_highlight(path, start, start + 20, tags=[tag], note="=SUM(A1)")
        assert h.exact == text[h.start : h.end]
    # a quote that starts with "-": the guard must not touch it
    dash = text.index("-") if "-" in text else None
    if dash is not None:
        loaded_store.add_highlight(path, dash, dash + 12, tags=["dash"])
    return loaded_store


@pytest.mark.parametrize("excel", [False, True])
def test_data_columns_are_verbatim_and_notes_are_guarded(
    tagged: AnnotationStore, excel: bool
) -> None:
    rows = read_csv_rows(export_bytes(tagged, excel=excel))
    by_id = {h.id: h for h in tagged.highlights()}
    assert {r["tag"] for r in rows} >= set(DATA_TAGS)
    for row in rows:
        h = by_id[row["highlight_id"]]
        assert row["text"] == h.exact
        assert len(row["text"]) == int(row["end"]) - int(row["start"])
        assert row["tag"] in h.tags
        assert row["note"] == ("'=SUM(A1)" if h.note else "")


def test_raw_leaves_notes_alone(tagged: AnnotationStore) -> None:
    notes = {r["note"] for r in read_csv_rows(export_bytes(tagged, raw=True))}
    assert "=SUM(A1)" in notes and "'=SUM(A1)" not in notes


@pytest.mark.parametrize(
    ("value", "runs"),
    [("=1+1", True), ("+ve", True), ("-ve", True), ("@x", True), ("\tx", True),
     ("-1", False), ("+3.5", False), ("1e5", False), ("NA", False), ("x=1", False)],
)  # fmt: skip
def test_evaluated_means_a_spreadsheet_would_run_it(value: str, runs: bool) -> None:
    assert evaluated(value) is runs


def test_line_guards_only_the_columns_asked() -> None:
    assert line(["=a", "=b"], guarded={1}) == "=a,'=b"
    assert line(["=a", "=b"], raw=True, guarded={1}) == "=a,=b"


def test_excel_csv_has_one_bom_and_no_sep_line(tagged: AnnotationStore) -> None:
    data = export_bytes(tagged, excel=True)
    assert data.startswith(BOM) and data.count(BOM) == 1
    assert data[len(BOM) :].startswith(b"highlight_id,")  # no `sep=` line: Excel would then
    plain = export_bytes(tagged)  # ignore the BOM and read the file as ANSI
    assert BOM not in plain and plain.startswith(b"highlight_id,")


@pytest.mark.parametrize("excel", [False, True])
def test_codebook_csv_is_utf8_with_bom_and_unguarded_names(
    tagged: AnnotationStore, excel: bool
) -> None:
    tagged.update_tag("+ve", description="=HYPERLINK(1)")
    data = export_bytes(tagged, format="codebook-csv", excel=excel)
    assert data.startswith(BOM) and data.count(BOM) == 1
    rows = read_csv_rows(data)
    assert {r["tag"] for r in rows} >= set(DATA_TAGS)
    assert {r["tag"]: r["description"] for r in rows}["+ve"] == "'=HYPERLINK(1)"
    # Taguette decodes it as UTF-8 because of the BOM: the text survives
    assert "£ 日本語 🎉" in data.decode("utf-8-sig")


def test_a_tag_named_na_survives_pandas_when_told(tagged: AnnotationStore) -> None:
    data = export_bytes(tagged)
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert "NA" in set(frame["tag"])
    naive = pd.read_csv(io.BytesIO(data), dtype=str)  # why the README says keep_default_na
    assert "NA" not in set(naive["tag"].dropna())
