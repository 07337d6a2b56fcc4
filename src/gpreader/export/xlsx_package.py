"""A SpreadsheetML (.xlsx) package written as rows arrive: the few parts a workbook needs.

openpyxl's write-only mode spends ~30 µs of Python per cell (measured: 8.5 s of CPU for
20,000 rows of 14 cells), minutes for 100,000 highlights; this writes each row as one string.
What it writes, and nothing more: sheets of typed cells (text as shared strings, numbers,
dates with a number format), a bold header row, frozen below the header, column widths and
an autofilter over the rows. No cell is ever a formula: there is no `<f>` element, and text
is always a string cell, whatever it starts with.

Text is XML-escaped (`\\r` as `&#13;`, so XML does not fold it into `\\n`), characters XML 1.0
cannot carry become U+FFFD, and a literal `_xHHHH_` is escaped as `_x005F_xHHHH_`, or Excel
would read it as the character HHHH.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from gpreader.export.common import xml_text

DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
HEADER_STYLE, DATE_STYLE = 1, 2  # indexes into cellXfs below
CELL_LIMIT = 32_767  # UTF-16 code units Excel holds in one cell; longer text is cut to fit
COMPRESSION = 1  # zlib level: the XML is repetitive; level 1 is several times faster than 6
_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's (Windows) date serials
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_SEPARATOR = "\ue000"  # kept by xml_text and escape, matched by no escape pattern
_ITEM_START, _ITEM_END = '<si><t xml:space="preserve">', "</t></si>"
_ITEM_BETWEEN = _ITEM_END + _ITEM_START
_STYLES = f"""{_DECL}<styleSheet xmlns="{_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def escape(text: str) -> str:
    """Text as XML character data that Excel and openpyxl read back as `text`. Each step is
    a scan in C (`in`, `replace`, a pattern starting with a literal): searching for all of
    them with one pattern (an alternation) was 4x slower over a workbook's shared strings."""
    text = xml_text(text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def escape_items(values: Sequence[str]) -> str:
    """The `escape`d values, joined by the tags that end one shared string and start the
    next: escaped all at once (joined by a separator no value holds and no escape can change
    or span, which then becomes those tags), else one by one."""
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1:
        return _ITEM_BETWEEN.join([escape(value) for value in values])
    return escape(joined).replace(_SEPARATOR, _ITEM_BETWEEN)


class Sheet:
    """One worksheet being written: `row(values)` appends a row of typed cells."""

    def __init__(
        self, book: Workbook, name: str, columns: Sequence[tuple[str, int]], number: int
    ) -> None:
        self.book, self.name, self.number = book, name, number
        self.letters = [column_letter(i) for i in range(1, len(columns) + 1)]
        self.rows = 0
        self._out = book.zip.open(f"xl/worksheets/sheet{number}.xml", "w")
        self._pending: list[str] = []
        widths = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, (_, w) in enumerate(columns, 1)
        )
        self._put(
            f'{_DECL}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
            f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>'
        )
        header = "".join(
            f'<c s="{HEADER_STYLE}" t="s"><v>{book.string(name)}</v></c>' for name, _ in columns
        )
        self._put(f'<row r="1">{header}</row>')

    def _put(self, xml: str) -> None:
        self._pending.append(xml)
        if len(self._pending) >= 2048:
            self.flush()

    def flush(self) -> None:
        self._out.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()

    def row(self, values: Iterable[Any]) -> None:
        """A row of cells made by `Workbook.cell` from the values."""
        self.row_of(self.book.cells(values))

    def row_of(self, cells: str) -> None:
        """A row of cells already made (`Workbook.cells`), one per column in order."""
        self.rows += 1
        self._put(f'<row r="{self.rows + 1}">{cells}</row>')

    @property
    def next_row(self) -> int:
        """The spreadsheet's number of the next row (the header is row 1)."""
        return self.rows + 2

    def put_rows(self, rows: list[str]) -> None:
        """Whole `<row>` elements, in order, numbered from `next_row` on (a hot loop makes
        each row's string once, its number in it)."""
        self.rows += len(rows)
        self._pending += rows
        if len(self._pending) >= 2048:
            self.flush()

    def close(self) -> None:
        last = f"{self.letters[-1]}{self.rows + 1}"
        self._put(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>')
        self.flush()
        self._out.close()
        self.book.filters.append((self.name, f"$A$1:${self.letters[-1]}${self.rows + 1}"))


class Workbook:
    """A workbook of the named sheets, written in order (`sheet(...)`, rows, `close()`),
    then `close()`d; the stream must stay open until then."""

    def __init__(self, stream: BinaryIO, names: Sequence[str]) -> None:
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION)
        self.names = list(names)
        self.filters: list[tuple[str, str]] = []
        self._strings: dict[str, int] = {}
        self.cut: dict[int, str] = {}  # shared-string index -> the text cut to CELL_LIMIT
        self._cells: dict[str, str] = {}
        self._dates: dict[datetime, str] = {}
        self._opened = 0
        self._write_fixed_parts()

    def string(self, value: str) -> int:
        """The shared-string index of `value`, added on first use."""
        found = self._strings.get(value)
        if found is None:
            found = self._strings[value] = len(self._strings)
            if len(value) > CELL_LIMIT // 2:  # shorter ones fit even if all are surrogate pairs
                fitted = fit_cell(value)
                if fitted is not value:
                    self.cut[found] = fitted
        return found

    def cell(self, value: Any) -> str:
        """The `<c>` element of a value: str -> a shared-string cell ("" -> an empty cell),
        int/float -> a number, datetime -> a date (naive, as given), None -> an empty cell.
        Cells carry no reference: each is the next column, so a row is their concatenation
        and the element of a repeated value is made once."""
        if isinstance(value, str):
            return self._cells.get(value) or self.text_cell(value)
        if isinstance(value, datetime):
            found = self._dates.get(value)
            if found is None:
                serial = repr(excel_serial(value))
                found = self._dates[value] = f'<c s="{DATE_STYLE}"><v>{serial}</v></c>'
            return found
        if value is None:
            return "<c/>"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"no cell type for {type(value).__name__}")
        return f"<c><v>{value!r}</v></c>"

    def text_cell(self, value: str) -> str:
        """The `<c>` element of a text (see `cell`), made once per distinct text."""
        found = self._cells.get(value)
        if found is None:
            found = self._cells[value] = (
                f'<c t="s"><v>{self.string(value)}</v></c>' if value else "<c/>"
            )
        return found

    def unique_text_cell(self, value: str) -> str:
        """`text_cell` for a text that seldom repeats (an id, a quote): its cell not kept."""
        found = self._cells.get(value)
        if found is not None:
            return found
        return f'<c t="s"><v>{self.string(value)}</v></c>' if value else "<c/>"

    def unique_text_cells(self) -> Callable[[str], str]:
        """`unique_text_cell` as one closure for a hot loop: a new text takes the next index
        in one `setdefault` (only a text long enough to need cutting goes through `string`)."""
        strings, string, half = self._strings, self.string, CELL_LIMIT // 2

        def cell(value: str) -> str:
            if not value:
                return "<c/>"
            if len(value) > half:
                return f'<c t="s"><v>{string(value)}</v></c>'
            return f'<c t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'

        return cell

    def strings(self) -> dict[str, int]:
        """The shared strings' indexes by text, for a hot loop to add a text in place, as
        `unique_text_cells` does (`setdefault(text, len(strings))`): only a text that is not
        empty and at most CELL_LIMIT // 2 characters long (longer ones may need cutting)."""
        return self._strings

    def known_text_cells(self) -> Callable[[str], str | None]:
        """The cache of `text_cell` (a hot loop looks there first: `known(v) or text_cell(v)`)."""
        return self._cells.get

    def cells(self, values: Iterable[Any]) -> str:
        """The cells of consecutive columns (see `cell`)."""
        return "".join([self.cell(v) for v in values])

    def sheet(self, columns: Sequence[tuple[str, int]]) -> Sheet:
        """The next sheet of `names`, its header written."""
        self._opened += 1
        return Sheet(self, self.names[self._opened - 1], columns, self._opened)

    def close(self) -> None:
        self._write_strings()
        sheets = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.names, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(_quoted(name))}!{ref}</definedName>"
            for i, (name, ref) in enumerate(self.filters)
        )
        self._part(
            "xl/workbook.xml",
            f'{_DECL}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheets}</sheets><definedNames>{names}</definedNames>"
            "</workbook>",
        )
        self.zip.close()

    def _write_strings(self) -> None:
        with self.zip.open("xl/sharedStrings.xml", "w") as out:
            n = len(self._strings)
            out.write(f'{_DECL}<sst xmlns="{_MAIN}" count="{n}" uniqueCount="{n}">'.encode())
            values = list(self._strings)  # in index order (dicts keep insertion order)
            for at, fitted in self.cut.items():
                values[at] = fitted
            for i in range(0, n, 4096):
                out.write(f"{_ITEM_START}{escape_items(values[i : i + 4096])}{_ITEM_END}".encode())
            out.write(b"</sst>")

    def _part(self, name: str, xml: str) -> None:
        self.zip.writestr(name, xml.encode("utf-8"))

    def _write_fixed_parts(self) -> None:
        sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="{sheet}.worksheet+xml"/>'
            for i in range(1, len(self.names) + 1)
        )
        self._part(
            "[Content_Types].xml",
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sheet}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheet}.sharedStrings+xml"/>'
            f"{overrides}</Types>",
        )
        office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        self._part(
            "_rels/.rels",
            f'{_DECL}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        n = len(self.names)
        links = [(f"rId{i}", "worksheet", f"worksheets/sheet{i}.xml") for i in range(1, n + 1)]
        links += [
            (f"rId{n + 1}", "styles", "styles.xml"),
            (f"rId{n + 2}", "sharedStrings", "sharedStrings.xml"),
        ]
        rels = "".join(
            f'<Relationship Id="{rid}" Type="{office}/{kind}" Target="{target}"/>'
            for rid, kind, target in links
        )
        self._part(
            "xl/_rels/workbook.xml.rels",
            f'{_DECL}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
        )
        self._part("xl/styles.xml", _STYLES)


def column_letter(number: int) -> str:
    """A column's letters from its number (1 -> A, 27 -> AA), as A1 references name it."""
    letters = ""
    while number > 0:
        number, digit = divmod(number - 1, 26)
        letters = chr(65 + digit) + letters
    return letters


def excel_serial(moment: datetime) -> float:
    """A naive datetime as Excel stores it: days since 1899-12-30, the time of day as the
    fraction. Excel counts a 29 February 1900 that never was, so its serials of January and
    February 1900 are one less than the true count (what openpyxl writes and reads back).
    Computed here: importing openpyxl for this cost 0.3 s of CPU per export."""
    days = (moment - _EPOCH).days
    if 0 < days <= 60:
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return days + (seconds + moment.microsecond / 10**6) / 86400


def _quoted(sheet_name: str) -> str:
    """A sheet name as a formula reference names it: in quotes, quotes doubled."""
    return "'" + sheet_name.replace("'", "''") + "'"


def fit_cell(text: str) -> str:
    """`text` itself if Excel can hold it in a cell, else its start and a note saying how
    much was left out (every other export format keeps the whole text)."""
    units = len(text.encode("utf-16-le")) // 2
    if units <= CELL_LIMIT:
        return text
    end = CELL_LIMIT - 80  # room for the note
    kept = text.encode("utf-16-le")[: 2 * end].decode("utf-16-le", errors="ignore")
    return f"{kept}… [cut here: {len(text) - len(kept):,} more characters; see CSV or JSONL]"
