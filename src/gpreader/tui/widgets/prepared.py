"""An article made ready to show, off the UI thread: its row read, its blocks and cursor units
found, its text wrapped to a width. A reader's thread workers call `prepare` and `wrap` and post
the messages below back; the reader only swaps the result in (a 5 MB article takes a second or
more to read and wrap, far past the 50 ms a key may take on the UI thread)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from gpreader import reading
from gpreader.errors import Cancelled
from gpreader.models import Article
from gpreader.store import AnnotationStore
from gpreader.tui.widgets.layout import Layout

SYNC_CHARS = 100_000  # texts up to this long are wrapped on the UI thread (well under 50 ms)
SYNC_BYTES = SYNC_CHARS  # ... and files up to this size are read there too
RELEASE_STEP = 5_000  # objects freed at a time by `release`


@dataclass(frozen=True)
class Prepared:
    """What the reader shows for one article: its blocks, its cursor units (and their starts
    and ends, for bisecting), and its layout for `measure` cells (None: no width known yet)."""

    article: Article
    blocks: list[reading.Block]
    units: list[reading.Range]
    starts: list[int]
    ends: list[int]
    measure: int | None
    layout: Layout | None


def model(article: Article, measure: int | None, cancel: threading.Event | None = None) -> Prepared:
    """Blocks, units and (for a known `measure`) the layout of an article already read."""
    blocks = reading.blocks(article)
    _check(cancel)
    units = reading.units(article, blocks)
    starts, ends = [s for s, _ in units], [e for _, e in units]
    _check(cancel)
    layout = None if measure is None else wrap(article, blocks, measure)
    return Prepared(article, blocks, units, starts, ends, measure, layout)


def prepare(database: Path, path: str, measure: int | None, cancel: threading.Event) -> Prepared:
    """Read `path` on a connection of this thread and make it ready to show; raises Cancelled
    once `cancel` is set, and the store's errors as they are."""
    with AnnotationStore(database, verify=False) as store:  # the app's store verified it
        article = store.article(path)
    _check(cancel)
    return model(article, measure, cancel)


def wrap(article: Article, blocks: list[reading.Block], measure: int) -> Layout:
    """The article's blocks wrapped to `measure` cells."""
    return Layout(article.text, blocks, measure, article.comments)


def release(old: list[Any]) -> None:
    """Free what a reader let go of (`old` holding the last references) a slice at a time: a
    5 MB article's spans, units and layouts are hundreds of thousands of objects, and freeing
    one list frees all its items in one step that holds the GIL throughout."""
    while old:
        item = old.pop()
        parts: list[list[Any]] = []
        if isinstance(item, Article):
            parts = [list(item.spans)]
        elif isinstance(item, Layout):
            parts = [item.lines.rows, item.starts]
        elif isinstance(item, dict):
            old.extend(item.values())
            item.clear()
        elif isinstance(item, list):
            parts = [item]
        del item  # the spans now live in `parts` only, and go a slice at a time
        for part in parts:
            while part:
                del part[-RELEASE_STEP:]


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("superseded")


@dataclass
class ArticlePrepared(Message):
    """A reader's load worker finished ticket `ticket`: with the article ready, or with the
    error that stopped it (a superseded load posts nothing)."""

    ticket: int
    prepared: Prepared | None
    error: str | None = None


@dataclass
class LayoutPrepared(Message):
    """A reader's layout worker wrapped the article of load `ticket` to a new width."""

    ticket: int
    measure: int
    layout: Layout
