"""XLSX for Excel and LibreOffice: sheets of highlights, codebook and per-article counts.

Every cell is typed on purpose: text is a string cell (never a formula, never an error
code, whatever it starts with, so no `'` guard is needed and text stays verbatim), offsets and
counts are numbers, time stamps are dates (UTC, as Excel has no time zones). Each sheet has a
bold frozen header, an autofilter over its rows and set column widths. The highlights are
streamed from the store and each row written as it comes (`xlsx_package`), so memory stays
flat however many highlights; the codebook and article counts are gathered on the same pass.
The highlights sheet ends in the article's attributes (`attr_KEY`: text, number or date cells).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, BinaryIO

from gpreader.export.article_attributes import as_datetime
from gpreader.export.common import ExportData, Progress, Record, TagCounts, tag_appliers, ticker
from gpreader.export.csv_export import TAG_JOIN
from gpreader.export.xlsx_package import CELL_LIMIT, DATE_FORMAT, Sheet, Workbook

# (header, width in characters) per sheet
HIGHLIGHT_COLUMNS = (
    ("highlight_id", 38),
    ("article", 28),
    ("title", 36),
    ("section", 12),
    ("tag", 24),
    ("start", 9),
    ("end", 9),
    ("text", 60),
    ("note", 40),
    ("coder", 14),
    ("created (UTC)", 20),
    ("updated (UTC)", 20),
    ("anchor_status", 14),
    ("tag_coder", 14),
)
CODEBOOK_COLUMNS = (
    ("tag", 32),
    ("description", 48),
    ("color", 10),
    ("highlights", 11),
    ("articles", 10),
)
ARTICLE_COLUMNS = (
    ("article", 28),
    ("title", 40),
    ("highlights", 11),
    ("tags", 8),
    ("anchored", 10),
    ("fuzzy", 8),
    ("orphaned", 10),
)
__all__ = ["ARTICLE_COLUMNS", "CODEBOOK_COLUMNS", "DATE_FORMAT", "HIGHLIGHT_COLUMNS", "write"]
SHEETS = ("highlights", "codebook", "articles")
KEPT = 20_000  # distinct tag combinations whose cells are remembered
TICK_EVERY = 1000  # highlights between two progress reports (as `ticker` forwards them)


class _Tally:
    """What the codebook and articles sheets count, tallied as highlights stream past
    (`_highlight_rows` adds to `seen` and `titles`): one count per (article, tags, status),
    spread over tags and articles at the end."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, tuple[str, ...], str]] = Counter()
        self.titles: dict[str, str] = {}

    def tag_counts(self) -> TagCounts:
        counts = TagCounts()
        for (article, tags, _), n in self.seen.items():
            for t in tags:
                counts.highlights[t] += n
                counts.articles.setdefault(t, set()).add(article)
        return counts

    def article_rows(self) -> list[list[Any]]:
        """Per article (in the order they came): path, title, highlights, tags used, and
        highlights per status."""
        per: dict[str, tuple[Counter[str], set[str]]] = {}
        for (article, tags, status), n in self.seen.items():
            statuses, used = per.setdefault(article, (Counter(), set()))
            statuses[status] += n
            used.update(tags)
        return [
            [path, self.titles[path], sum(s.values()), len(used), *_by_status(s)]
            for path, (s, used) in per.items()
        ]


def _by_status(statuses: Counter[str]) -> list[int]:
    return [statuses["anchored"], statuses["fuzzy"], statuses["orphaned"]]


def write(
    data: ExportData,
    stream: BinaryIO,
    *,
    one_row_per_highlight: bool = False,
    progress: Progress | None = None,
) -> int:
    """The workbook (highlights, codebook, articles sheets); how many highlight rows."""
    book = Workbook(stream, SHEETS)
    sheet = book.sheet((*HIGHLIGHT_COLUMNS, *((c, 16) for c in data.attributes.columns)))
    tally = _Tally()
    _highlight_rows(data, book, sheet, tally, one_row_per_highlight, ticker(progress, data.total))
    sheet.close()
    codebook = book.sheet(CODEBOOK_COLUMNS)
    for t in data.codebook(tally.tag_counts()):
        codebook.row([t.path, t.description, t.color, t.highlights, t.articles])
    codebook.close()
    by_article = book.sheet(ARTICLE_COLUMNS)
    for row in tally.article_rows():
        by_article.row(row)
    by_article.close()
    book.close()
    return sheet.rows


def _highlight_rows(
    data: ExportData,
    book: Workbook,
    sheet: Sheet,
    tally: _Tally,
    one_row_per_highlight: bool,
    tick: Callable[[int], None],
) -> None:
    """Write each highlight's rows (one per tag, or one with the tags joined) as the
    highlights stream past, and tally them. The cells a highlight's rows share are made once
    (columns in HIGHLIGHT_COLUMNS order). One loop, each record unpacked once: ~100,000
    highlights pass through it."""
    section_at = data.sections("")
    current, extra, where = None, "", ""
    dates: dict[str, str] = {}  # stamp -> its cell
    known, text, once = book.known_text_cells(), book.text_cell, book.unique_text_cells()
    tag_cells: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[tuple[str, str]]] = {}
    seen, titles, put_rows = tally.seen, tally.titles, sheet.put_rows

    def date(stamp: str) -> str:
        found = dates.get(stamp)
        if found is None:
            found = dates[stamp] = book.cell(excel_time(stamp))
        return found

    done, number, rows = 0, sheet.next_row, []  # whole `<row>` elements, put a batch at a time
    strings, half = book.strings(), CELL_LIMIT // 2  # `once` inlined for ids and quotes
    new = strings.setdefault
    for done, h in enumerate(data.records(quotes=False), 1):
        # one unpacking of the whole record (the quote context and sha256 are not read)
        (hid, article, start, end, exact, _, _, _, note, coder, created, updated, status, _,
         tags, _, title, tag_coders) = h  # fmt: skip
        # cells are made in column order (an article's attributes first): shared strings get
        # their indexes in that order; ids and quotes are (nearly) all distinct: their cells
        # are not kept (`once`, written out where the text is short and not empty)
        if article != current:
            current, section_at = article, data.sections(article)
            extra = book.cells([as_datetime(v) for v in data.attributes.row(article)])
            head = (
                f'<c t="s"><v>{new(hid, len(strings))}</v></c>'
                if 0 < len(hid) <= half
                else once(hid)
            )
            where = f"{known(article) or text(article)}{known(title) or text(title)}"
            titles.setdefault(article, title)
        else:
            head = (
                f'<c t="s"><v>{new(hid, len(strings))}</v></c>'
                if 0 < len(hid) <= half
                else once(hid)
            )
        section = "" if status == "orphaned" else section_at(start)
        head = f"{head}{where}{known(section) or text(section)}"
        quote = (
            f'<c t="s"><v>{new(exact, len(strings))}</v></c>'
            if 0 < len(exact) <= half
            else once(exact)
        )
        middle = (
            f"<c><v>{start!r}</v></c><c><v>{end!r}</v></c>{quote}"
            f"{known(note) or text(note)}{known(coder) or text(coder)}"
            f"{dates.get(created) or date(created)}{dates.get(updated) or date(updated)}"
            f"{known(status) or text(status)}"
        )
        key = (tags, tag_coders, coder)
        cells = tag_cells.get(key)
        if cells is None:  # after the middle's cells: shared strings are numbered in use order
            if len(tag_cells) > KEPT:
                tag_cells.clear()  # memory stays flat whatever the tags
            cells = tag_cells[key] = _tag_cells(h, one_row_per_highlight, text)
        for tag, by in cells:  # a loop, not a comprehension: no frame made per highlight
            rows.append(f'<row r="{number}">{head}{tag}{middle}{by}{extra}</row>')
            number += 1
        seen[article, tags, status] += 1
        if not done % TICK_EVERY:
            put_rows(rows)
            rows = []
            tick(done)
    put_rows(rows)
    if done % TICK_EVERY:
        tick(done)


def _tag_cells(
    h: Record, one_row_per_highlight: bool, text: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The (tag, tag_coder) cells of a highlight's rows (one per tag, or one with the tags
    joined), each tag's cell made before its coder's."""
    by = tag_appliers(h)
    if one_row_per_highlight or not h.tags:
        return [(text(TAG_JOIN.join(h.tags)), text(TAG_JOIN.join(by)))]
    return [(text(tag), text(tag_coder)) for tag, tag_coder in zip(h.tags, by, strict=True)]


def excel_time(stamp: str) -> datetime | str:
    """A stored time stamp as a naive UTC datetime (Excel has no zones); unparsable: as is."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
