"""The export dialog offers xlsx first and writes a workbook whose cells equal the store."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from textual.widgets import Checkbox, Select

from gpreader.store import AnnotationStore
from tests.app.test_export_screen import Host, _coded, _export


async def test_xlsx_is_offered_first_and_exports(
    loaded_store: AnnotationStore, corpus_dir: Path, db_path: Path, tmp_path: Path
) -> None:
    _coded(loaded_store)
    out = tmp_path / "coded.xlsx"
    app = Host(db_path, corpus_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        select = app.screen.query_one("#export-format", Select)
        first_label, first_value = select._options[0]
        assert first_value == "xlsx" and "Excel/LibreOffice" in str(first_label)
        select.value = "xlsx"
        await pilot.pause()
        assert app.screen.query_one("#excel", Checkbox).disabled
        assert not app.screen.query_one("#one-row", Checkbox).disabled
        await _export(app, pilot, **{"export-path": str(out)})
    assert app.result == out
    sheet = load_workbook(out)["highlights"]
    notes = {row[8].value for row in sheet.iter_rows(min_row=2)}
    assert "=1+1" in notes  # verbatim, a string cell
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    live = loaded_store.highlights()
    assert sheet.max_row - 1 == sum(len(h.tags) or 1 for h in live)
