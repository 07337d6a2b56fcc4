"""Property tests: any text survives a CSV export and csv.reader, apart from the `'` prefix."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader import codebook as tagging
from gpreader.corpus import sync as library
from gpreader.errors import InvalidInputError
from gpreader.export import ExportOptions, export
from gpreader.export.csv_export import line
from gpreader.store import AnnotationStore
from tests.unit.test_export import neutralise

SAMPLE = Path(__file__).resolve().parents[2] / "articles"
ARTICLE = "002_1cf731f5e7a28a3f.txt"
FORMULA = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", '"', ","])
TEXT = st.builds(lambda a, b: a + b, FORMULA, st.text(max_size=40))


def _tag_or_none(value: str) -> str | None:
    try:
        return tagging.normalize(value)
    except InvalidInputError:
        return None


@given(st.lists(st.one_of(TEXT, st.integers(), st.none()), max_size=8), st.booleans())
def test_a_record_reads_back_like_python_csv_writes_it(values: list, raw: bool) -> None:
    """The hand-rolled writer agrees with csv.writer, field for field and byte for byte.

    (csv.writer only quotes the characters of its own line terminator: with "\n" it would
    leave a bare "\r" unquoted, so the reference here uses "\r\n"; ours quotes both.)
    """
    ours = line(values, raw=raw) + "\r\n"
    cells = [
        "" if v is None else v if raw or not isinstance(v, str) else neutralise(v) for v in values
    ]
    theirs = io.StringIO()
    csv.writer(theirs, lineterminator="\r\n").writerow(cells)
    assert ours == theirs.getvalue()
    assert list(csv.reader(io.StringIO(ours, newline=""))) == [[str(c) for c in cells]]


class _Corpus:
    """One store for every example (building one per example would take minutes)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gpreader-props-"))
        shutil.copytree(SAMPLE, self.dir / "articles")
        self.store = AnnotationStore(self.dir / "a.db", coder="prop")
        library.refresh(self.store, self.dir / "articles")

    def close(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=TEXT, tag=TEXT, start=st.integers(0, 2000), size=st.integers(1, 200))
def test_notes_and_tags_round_trip_through_csv(note: str, tag: str, start: int, size: int) -> None:
    corpus = _CORPUS
    tags = [tag] if _tag_or_none(tag) else []
    h = corpus.store.add_highlight(ARTICLE, start, start + size, tags=tags, note=note)
    out = io.BytesIO()
    export(corpus.store, ExportOptions(), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
    (row,) = [r for r in rows if r["highlight_id"] == h.id]
    assert row["note"] == neutralise(h.note)
    assert row["tag"] == (h.tags[0] if h.tags else "")  # data columns are never guarded
    assert row["text"] == h.exact
    assert len(row["text"]) == h.end - h.start
    assert (row["start"], row["end"]) == (str(h.start), str(h.end))
    corpus.store.delete_highlight(h.id)


_CORPUS: _Corpus


def setup_module() -> None:
    global _CORPUS
    _CORPUS = _Corpus()


def teardown_module() -> None:
    _CORPUS.close()
