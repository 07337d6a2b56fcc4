"""An article prepared off the UI thread is the same as one made on it; a load stops once its
cancel event is set; what a reader lets go of is freed completely."""

from __future__ import annotations

import threading

import pytest

from gpreader import reading
from gpreader.errors import Cancelled, NotFoundError
from gpreader.store import AnnotationStore
from gpreader.tui.widgets.layout import Layout
from gpreader.tui.widgets.prepared import model, prepare, release, wrap

PATH = "001_cf2217d43cbec0e3.txt"


def test_prepare_reads_and_wraps_like_the_ui_thread(loaded_store: AnnotationStore) -> None:
    article = loaded_store.article(PATH)
    made = prepare(loaded_store.path, PATH, 60, threading.Event())
    assert made.article == article
    assert made.blocks == reading.blocks(article)
    assert made.units == reading.units(article, made.blocks)
    assert made.starts == [s for s, _ in made.units] and made.ends == [e for _, e in made.units]
    assert made.measure == 60 and made.layout is not None
    expected = Layout(article.text, made.blocks, 60, article.comments)
    assert list(made.layout.lines) == list(expected.lines)
    assert model(article, None).layout is None


def test_prepare_stops_once_cancelled(loaded_store: AnnotationStore) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        prepare(loaded_store.path, PATH, 60, cancel)


def test_prepare_reports_a_missing_article(loaded_store: AnnotationStore) -> None:
    with pytest.raises(NotFoundError):
        prepare(loaded_store.path, "no-such.txt", 60, threading.Event())


def test_release_empties_what_it_is_given(loaded_store: AnnotationStore) -> None:
    article = loaded_store.article(PATH)
    made = model(article, 40)
    layout = made.layout
    assert layout is not None and len(layout.lines) > 0
    units = list(made.units)
    other = wrap(article, made.blocks, 70)
    old: list[object] = [article, units, {40: layout, 70: other}, made.starts]
    release(old)
    assert old == [] and units == [] and made.starts == []
    assert layout.lines.rows == [] and layout.starts == [] and other.lines.rows == []
