"""What the main screen opens over itself: the tag view, analysis, memos, attributes, search,
export and the coder actions, and the search matches inside one article (`n` / `N`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.worker import get_current_worker

from gpreader.store import AnnotationStore
from gpreader.tui.screens import elsewhere, team_actions
from gpreader.tui.screens.team_actions import CoderView

if TYPE_CHECKING:
    from textual.screen import Screen

    from gpreader.search import SearchIndex
    from gpreader.tui.screens.main import MainScreen
    from gpreader.tui.widgets.column import ReadingColumn
    from gpreader.tui.widgets.library import LibraryPanel
    from gpreader.tui.widgets.reader import Reader

    _Host = Screen[None]  # the checker sees the Screen this is mixed into
else:
    _Host = object


class OtherScreensMixin(_Host):
    """Mixed into MainScreen (a Screen), which provides the attributes below. Message handlers
    are named `on_…` so that Textual finds them on this plain mixin."""

    store: AnnotationStore
    active: ReadingColumn | None
    coder_view: CoderView

    if TYPE_CHECKING:

        @property
        def library(self) -> LibraryPanel: ...
        def open_article(
            self,
            path: str,
            offset: int | None = None,
            *,
            new_column: bool = False,
            focus: bool = True,
        ) -> bool: ...
        def landed(self, reader: Reader, offset: int, highlight_id: str | None = None) -> None: ...

    @property
    def as_main(self) -> MainScreen:
        """This screen, as the MainScreen it is mixed into (for the helper modules)."""
        return cast("MainScreen", self)

    def action_tag_view(self, tag: str | None = None) -> None:
        from gpreader.tui.screens.kept import kept, show
        from gpreader.tui.screens.tag_view import TAG_VIEW, TagViewScreen

        def make() -> TagViewScreen:
            return TagViewScreen(self.store, tag, self.coder_view)

        screen = kept(self.app, TAG_VIEW, TagViewScreen, make)
        screen.reset(tag, self.coder_view)

        def jump(target: tuple[str, int] | None) -> None:
            if target is None or not self.open_article(*target, new_column=screen.beside):
                return
            if self.active is not None:
                self.landed(self.active.reader, target[1])

        show(self.app, screen, jump)

    def action_analysis(self) -> None:
        from gpreader.tui.screens.analysis import open_analysis

        open_analysis(self.as_main)

    def action_memo(self) -> None:
        from gpreader.tui.screens.analysis import open_memo

        open_memo(self.as_main)

    def action_attributes(self) -> None:
        """The attributes panel of the focused article (the library's row, else the column's)."""
        from gpreader.tui.screens.kept import kept, show
        from gpreader.tui.widgets.attributes import ATTRIBUTES, AttributesPanel

        if self.library.table.has_focus or self.active is None:
            path = self.library.current
        else:
            path = self.active.path
        if path is None:
            self.notify("No article here: open or highlight one first.", markup=False)
            return
        store = self.store
        panel = kept(self.app, ATTRIBUTES, AttributesPanel, lambda: AttributesPanel(store, path))
        panel.reset(path)
        show(self.app, panel, self._attributes_closed)

    def _attributes_closed(self, changed: bool | None) -> None:
        if changed:
            self.library.attributes_changed()

    def action_search(self) -> None:
        elsewhere.open_search(self.as_main)

    def action_cycle_coders(self) -> None:
        team_actions.cycle_coders(self.as_main)

    def action_choose_coders(self) -> None:
        team_actions.choose_coders(self.as_main)

    def action_mark_done(self) -> None:
        team_actions.mark_done(self.as_main)

    def action_compare(self) -> None:
        team_actions.open_compare(self.as_main)

    def action_search_next(self, step: int) -> None:
        elsewhere.search_next(self.as_main, step)

    @work(thread=True, exclusive=True, group="article-matches")
    def find_matches(self, index: SearchIndex, key: elsewhere.MatchesKey, step: int) -> None:
        """Find the query's matches in one article with a store of this thread's own."""
        path, _, query, _ = key
        coders = self.coder_view  # `c`/`W` drop the kept matches (reload_highlights)
        try:
            with AnnotationStore(self.store.path, verify=False) as store:
                found = index.bind(store).find_in_article(path, query, coder=coders)
        except Exception as exc:  # a search failure must not end the session
            self.post_message(elsewhere.ArticleMatches(key, step, error=str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(elsewhere.ArticleMatches(key, step, found))

    def on_article_matches(self, message: elsewhere.ArticleMatches) -> None:
        elsewhere.matches_found(self.as_main, message)

    def action_export(self) -> None:
        elsewhere.open_export(self.as_main)
