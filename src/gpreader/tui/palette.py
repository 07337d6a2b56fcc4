"""The command palette (ctrl+p): open articles, open a tag in the tag view, run commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from gpreader.text import safe_to_show

if TYPE_CHECKING:
    from textual.app import SystemCommand

    from gpreader.models import ArticleSummary
    from gpreader.tui.app import GPReaderApp

MAX_ARTICLE_HITS = 50  # articles offered per query
MIN_CLOSENESS = 60  # rapidfuzz partial_ratio, 0-100
TYPO_WEIGHT = 0.8  # a title matched only with typos ranks below most exact matches

COMMANDS: list[tuple[str, str, str]] = [
    # (name, help, action on the main screen or app)
    ("Tag view", "Every passage with a tag, across the corpus", "screen.tag_view"),
    ("Search the corpus", "Find passages in every article (/)", "screen.search"),
    ("Export", "Write highlights to CSV and other formats (E)", "screen.export"),
    ("Undo", "Undo your last change to a highlight (u)", "screen.undo"),
    ("Close column", "Close the focused reading column (ctrl+w)", "screen.close_column"),
    ("Show/hide the library", "More room for the reading columns (L)", "screen.toggle_library"),
    ("Show/hide annotations", "The focused column's highlights (H)", "screen.toggle_annotations"),
    ("Show/hide the quick-tag legend", "The tags on keys 1-9 (K)", "screen.toggle_legend"),
    (
        "Refresh the corpus",
        "Read new and changed files in the articles folder now",
        "app.refresh_corpus",
    ),
    (
        "Import a project",
        "A coded REFI-QDA project (.qdpx) from QualCoder, NVivo, ATLAS.ti or MAXQDA",
        "app.import_project",
    ),
    ("Keys", "Every key of this screen (?)", "app.help"),
]


HIDDEN_SYSTEM_COMMANDS = frozenset(
    {
        "Keys",  # Textual's key panel (widget class names as headings): ours is "Keys" above
        "Maximize",  # the reader columns have their own layout keys (L, A, ctrl+w)
        "Minimize",
    }
)


def system_commands(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's system commands without those gpreader does better or does not want."""
    return (c for c in commands if c.title not in HIDDEN_SYSTEM_COMMANDS)


class GPReaderCommands(Provider):
    """Articles, tags and commands. Commands and tags are matched by Textual's matcher; the
    articles (10,000 of them, say) are first narrowed by rapidfuzz in one C call to the best
    MAX_ARTICLE_HITS titles, which also forgives typos, and only those are made into hits."""

    @property
    def workbench(self) -> GPReaderApp:
        return cast("GPReaderApp", self.app)

    async def startup(self) -> None:
        app = self.workbench
        self.items: list[tuple[str, str, Callable[[], Any]]] = []
        for name, text, action in COMMANDS:
            self.items.append((name, text, partial(self._run, action)))
        try:
            tags = app.store.tags()
        except Exception:
            tags = []
        for tag in tags:
            self.items.append(
                (
                    safe_to_show(f"Tag: {tag.path}"),
                    f"{tag.highlights} passages in the tag view",
                    partial(self._tag, tag.path),
                )
            )
        self.articles, self.folded = folded_titles(app.main.library.rows)

    async def _run(self, action: str) -> None:
        app = self.workbench
        target, name = action.split(".", 1)
        await app.run_action(name, app.main if target == "screen" else app)

    def _tag(self, path: str) -> None:
        self.workbench.main.action_tag_view(path)

    async def discover(self) -> Hits:
        for name, text, callback in self.items[: len(COMMANDS)]:
            yield DiscoveryHit(name, callback, help=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, text, callback in self.items:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=text)
        for index, closeness in self.closest_articles(query):
            row = self.articles[index]
            name = safe_to_show(f"Open: {row.title}")  # titles and paths come from the database
            exact = matcher.match(name)
            yield Hit(
                max(exact, closeness * TYPO_WEIGHT),
                matcher.highlight(name) if exact > 0 else name,
                partial(self.workbench.open_at, row.path, 0),
                help=safe_to_show(_detail(row)),
            )

    def closest_articles(self, query: str) -> list[tuple[int, float]]:
        """(index, closeness 0-1) of the articles whose "open <title>" best holds `query`."""
        from rapidfuzz import fuzz, process, utils  # first use, not at start

        wanted = utils.default_process(query)
        if not wanted:
            return []
        found = process.extract(
            wanted,
            self.folded,
            scorer=fuzz.partial_ratio,
            processor=None,
            limit=MAX_ARTICLE_HITS,
            score_cutoff=MIN_CLOSENESS,
        )
        return [(index, score / 100) for _, score, index in found]


_folded: tuple[list[ArticleSummary], list[str]] | None = None


def folded_titles(rows: list[ArticleSummary]) -> tuple[list[ArticleSummary], list[str]]:
    """The library's rows and each one's "open <title>" folded for rapidfuzz, folded once per
    list of rows: the library replaces the list when it reads the articles again, and changes
    only counts in place (10,000 titles take 10s of ms to fold)."""
    from rapidfuzz import utils  # first use, not at start

    global _folded
    if _folded is None or _folded[0] is not rows or len(_folded[1]) != len(rows):
        _folded = (rows, [utils.default_process(f"open {r.title}") for r in rows])
    return _folded


def _detail(row: ArticleSummary) -> str:
    return " · ".join(p for p in (row.date or "", f"{row.highlights} highlights", row.path) if p)
