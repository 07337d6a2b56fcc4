"""The analysis screen's agreement tab (issue 16): team/report.py's agreement report for the
coders picked (`c`) over the unit picked (`U`), per tag and overall; Enter on a tag's row lists
the units where the coders disagree (team/disagreements.py), and Enter there opens one.

Computed in a thread worker with its own store, like the other tabs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual import on
from textual.message import Message
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from gpreader import reading
from gpreader.errors import GPReaderError
from gpreader.store import AnnotationStore
from gpreader.team.disagreements import Disagreement
from gpreader.team.report import AgreementReport, Measures, agreement_report, coded_articles
from gpreader.team.units import UNIT_KINDS, CodedArticle, UnitKind
from gpreader.tui.screens.analysis_passages import PassagesScreen
from gpreader.tui.widgets.shown import assemble, shown

COLUMNS = ("tag", "units", "% agree", "Cohen κ", "Fleiss κ", "α", "α-u", "reading")
OVERALL = "(overall)"


@dataclass
class AgreementRead(Message):
    """The report for some coders and a unit (or why there is none), with the coded articles
    it was computed from (what Enter lists disagreements from)."""

    coders: tuple[str, ...]
    unit: UnitKind
    report: AgreementReport | None = None
    articles: list[CodedArticle] = field(default_factory=list)
    error: str | None = None


def default_coders(store: AnnotationStore) -> tuple[str, ...]:
    """The coders who marked articles coded (every one of them), else every coder."""
    marked = sorted({m.coder for m in store.coded_marks()})
    return tuple(marked if len(marked) >= 2 else store.coders())


def read_agreement(path: Path, coders: tuple[str, ...], unit: UnitKind) -> AgreementRead:
    """The report, with a store of the calling thread's own."""
    try:
        with AnnotationStore(path, verify=False) as store:
            if not coders:
                coders = default_coders(store)
            report = agreement_report(store, coders, unit=unit)
            articles = coded_articles(store, coders, unit)
    except GPReaderError as exc:
        return AgreementRead(coders, unit, error=str(exc))
    return AgreementRead(coders, unit, report, articles)


def _figure(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.1f}" if percent else f"{value:.3f}"


def _row(label: str, m: Measures) -> list[str]:
    units = f"{m.units:g}"
    figures = [m.cohen_kappa, m.fleiss_kappa, m.krippendorff_alpha, m.alpha_u]
    return [
        shown(label),
        units,
        _figure(m.percent_agreement, percent=True),
        *(_figure(v) for v in figures),
        shown(m.reading),
    ]


def fill_agreement(grid: DataTable[str], report: AgreementReport) -> list[str]:
    """The report as rows (overall first, then each tag); the row labels, in order."""
    row = grid.cursor_coordinate.row
    grid.clear(columns=True)
    for name in COLUMNS:
        grid.add_column(name, key=name)
    labels = [OVERALL, *report.tags]
    grid.add_row(*_row(OVERALL, report.overall), key="overall")
    for i, (tag, measures) in enumerate(report.tags.items()):
        grid.add_row(*_row(tag, measures), key=f"t{i}")
    if grid.row_count:
        grid.move_cursor(row=min(row, grid.row_count - 1), column=0)
    return labels


def next_unit(unit: UnitKind) -> UnitKind:
    return UNIT_KINDS[(UNIT_KINDS.index(unit) + 1) % len(UNIT_KINDS)]


def disagreement_option(store: AnnotationStore, d: Disagreement) -> Option:
    """A unit the coders disagree on: where, who coded it and who did not, its text."""
    try:
        text = store.article(d.article).text[d.start : d.end]
    except GPReaderError:
        text = ""
    who = f"coded by {', '.join(d.coded_by)}; not by {', '.join(d.not_coded_by)}"
    return Option(
        assemble(
            (f"{d.article} {d.start}-{d.end}", "bold"),
            (f"  {who}", "$text-muted"),
            "\n",
            f"“{reading.clip(' '.join(text.split()), 150)}”",
        )
    )


class DisagreementsScreen(PassagesScreen):
    """The units where the coders disagree on one tag; Enter opens one (the passages list's
    keys and look)."""

    MOST = 500

    def __init__(self, store: AnnotationStore, found: list[Disagreement], title: str) -> None:
        super().__init__(store, [], title)
        self.found = found

    def on_mount(self) -> None:
        more = f" (the first {self.MOST} listed)" if len(self.found) > self.MOST else ""
        title = f"{self.title_text}: {len(self.found)} unit(s) in disagreement{more}"
        self.query_one("#passages-title", Static).update(shown(title))
        listing = self.query_one(OptionList)
        listing.set_options(disagreement_option(self.store, d) for d in self.found[: self.MOST])
        listing.focus()
        if self.found:
            listing.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        d = self.found[event.option_index]
        self.dismiss((d.article, d.start))
