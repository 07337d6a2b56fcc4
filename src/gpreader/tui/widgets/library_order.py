"""The library's rows filtered and sorted quickly enough for a key press at 10,000s of articles.

`reading.filter_articles` and `reading.sort_articles` say what is shown; this keeps what they
would redo on every key: each row's folded filter text is made once, each sort order is made
once per list of rows (as positions), and a filter that only extends the last one (typing on)
searches only the rows the last one kept.
"""

from __future__ import annotations

from gpreader import reading
from gpreader.models import ArticleSummary
from gpreader.tui.widgets import library_attributes as attributes

DEFAULT_SORT = ("date", True)  # the library's order until the saved layout's is shown


class LibraryOrder:
    """`view(query, key, descending)` == sort_articles(filter_articles(rows, query), ...)."""

    def __init__(self, rows: list[ArticleSummary]) -> None:
        self.rows = rows
        self._folded: list[str] | None = None
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._last: tuple[str, set[int] | None] = ("", None)  # folded query, rows it kept
        self._changes = 0  # counts replaced rows: an order made across a change is not kept
        self.values: attributes.Values = {}  # the shown attribute columns' values, by path

    def set_values(self, values: attributes.Values) -> None:
        """New attribute values: the orders by attributes are made again when next used."""
        self.values = values
        for cached in [k for k in self._orders if k[0].startswith(attributes.SORT_PREFIX)]:
            del self._orders[cached]

    def prepare(self) -> None:
        """Make the filter texts and every sort order now (a worker thread does this when the
        rows arrive, so the first `s` or filter key finds them made)."""
        self.folded  # noqa: B018 - made on first use
        for key in reading.SORT_KEYS:
            for descending in (False, True):
                self.order(key, descending)

    def replace(self, index: int, row: ArticleSummary) -> None:
        """Row `index` is now `row` (same path, title and date; other counts)."""
        self.rows[index] = row
        self._changes += 1
        kept = ("title", "date", "path")
        for cached in [k for k in self._orders if k[0] not in kept and k[0] in reading.SORT_KEYS]:
            del self._orders[cached]

    def view(self, query: str, key: str, descending: bool) -> list[ArticleSummary]:
        """The rows matching `query`, in the order of `key`."""
        order = self.order(key, descending)
        kept = self.matching(query)
        rows = self.rows
        if kept is None:
            return [rows[i] for i in order]
        if len(kept) * 8 < len(order):  # few kept: sort them rather than walk every row
            rank = self._ranks(key, descending)
            return [rows[i] for i in sorted(kept, key=rank.__getitem__)]
        return [rows[i] for i in order if i in kept]

    def matching(self, query: str) -> set[int] | None:
        """Positions of the rows holding every word of `query` (None: no words, every row)."""
        folded = query.casefold()
        terms = folded.split()
        if not terms:
            self._last = (folded, None)
            return None
        last_query, last_kept = self._last
        if last_kept is not None and last_query.split() and folded.startswith(last_query):
            candidates: range | set[int] = last_kept  # typing on: only narrows what was kept
        else:
            candidates = range(len(self.rows))
        texts = self.folded
        kept = {i for i in candidates if all(term in texts[i] for term in terms)}
        self._last = (folded, kept)
        return kept

    @property
    def folded(self) -> list[str]:
        """Each row's filter text, folded (as reading.filter_articles compares it)."""
        if self._folded is None:
            self._folded = [f"{r.title}\n{r.path}\n{r.date or ''}".casefold() for r in self.rows]
        return self._folded

    def order(self, key: str, descending: bool) -> list[int]:
        """Positions of all rows in sort_articles' order (made on first use)."""
        found = self._orders.get((key, descending))
        if found is None and key.startswith(attributes.SORT_PREFIX):
            name = key.removeprefix(attributes.SORT_PREFIX)
            found = self._orders[(key, descending)] = attributes.sort_order(
                self.rows, self.values, name, descending
            )
        if found is None:
            changes, rows = self._changes, list(self.rows)
            at = {id(row): i for i, row in enumerate(rows)}
            found = [at[id(row)] for row in reading.sort_articles(rows, key, descending)]
            if changes == self._changes:
                self._orders[(key, descending)] = found
        return found

    def _ranks(self, key: str, descending: bool) -> list[int]:
        ranks = [0] * len(self.rows)
        for rank, i in enumerate(self.order(key, descending)):
            ranks[i] = rank
        return ranks
