"""Sync through the importers: containers as FILE#N, attributes, source hashes, reasons."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from gpreader.corpus import files, importers, ingest, summary
from gpreader.corpus import sync as library
from gpreader.corpus.importers import Conversion, Document, NeedsExtra, Skipped
from gpreader.errors import NotFoundError
from gpreader.store import AnnotationStore

ROWS = """title,text,date,publication
Contract vote,The BMA voted against the contract on Tuesday.,2024-02-07,Pulse
Funding row,Practices say the funding is not enough for next year.,2024-01-15,GP Online
Data sharing,NHS England wants more data from practices.,2023-12-01,Pulse
"""


def _write(path: Path, text: str) -> None:
    """Write and move the mtime on, so that a refresh sees the change on coarse clocks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    mtime = max(path.stat().st_mtime_ns, old + 1_000_000_000)
    os.utime(path, ns=(mtime, mtime))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write(root / "rows.csv", ROWS)
    _write(root / "plain.txt", "A headline\n\nSome body text here.\n")
    return root


def test_container_rows_are_articles_at_file_hash_n(store: AnnotationStore, folder: Path) -> None:
    report = library.refresh(store, folder)
    assert sorted(report.loaded) == ["plain.txt", "rows.csv#1", "rows.csv#2", "rows.csv#3"]
    article = store.article("rows.csv#2")
    assert article.title == "Funding row" and article.date == "2024-01-15"
    assert article.text.startswith("Funding row\n\nPractices say")
    assert article.spans_of("title")  # the structure parser read the title line
    attrs = {a.key: a for a in store.attributes("rows.csv#2")}
    assert attrs["publication"].value == "GP Online" and attrs["publication"].origin == "import"
    assert (attrs["date"].kind, attrs["date"].value) == ("date", "2024-01-15")
    assert attrs["format"].value == "csv" and attrs["words"].kind == "number"
    assert store.source_format("rows.csv#2") == "csv"
    assert store.source_format("plain.txt") == "text"
    again = library.refresh(store, folder)
    assert not again.loaded and not again.updated and len(again.unchanged) == 4


def test_renamed_container_keeps_highlights(store: AnnotationStore, folder: Path) -> None:
    library.refresh(store, folder)
    text = store.article("rows.csv#3").text
    start = text.index("more data")
    h = store.add_highlight("rows.csv#3", start, start + 9, tags=("data",))
    (folder / "rows.csv").rename(folder / "export-2024.csv")
    report = library.refresh(store, folder)
    assert ("rows.csv#3", "export-2024.csv#3") in report.relinked
    assert store.highlight(h.id).article == "export-2024.csv#3"
    assert store.highlight(h.id).exact == "more data"


def test_reordered_rows_keep_highlights_by_content(store: AnnotationStore, folder: Path) -> None:
    library.refresh(store, folder)
    start = store.article("rows.csv#1").text.index("voted")
    h = store.add_highlight("rows.csv#1", start, start + 5)
    header, *rows = ROWS.strip().split("\n")
    _write(folder / "rows.csv", "\n".join([header, *reversed(rows)]) + "\n")
    library.refresh(store, folder)
    moved = store.highlight(h.id)
    assert moved.article == "rows.csv#3" and moved.exact == "voted" and moved.status == "anchored"


def test_an_edited_row_is_reanchored_and_reported(store: AnnotationStore, folder: Path) -> None:
    library.refresh(store, folder)
    start = store.article("rows.csv#2").text.index("not enough")
    h = store.add_highlight("rows.csv#2", start, start + 10)
    _write(folder / "rows.csv", ROWS.replace("Practices say", "Many practices say"))
    report = library.refresh(store, folder)
    assert report.updated == ["rows.csv#2"] and report.reanchored == {"anchored": 1}
    assert store.highlight(h.id).exact == "not enough"


def test_a_changed_attribute_column_updates_attributes(
    store: AnnotationStore, folder: Path
) -> None:
    library.refresh(store, folder)
    _write(folder / "rows.csv", ROWS.replace("GP Online", "Pulse Today"))
    report = library.refresh(store, folder)
    assert not report.updated  # the text is the same
    attrs = {a.key: a.value for a in store.attributes("rows.csv#2")}
    assert attrs["publication"] == "Pulse Today"


def test_user_attributes_win_and_survive_reimport(store: AnnotationStore, folder: Path) -> None:
    library.refresh(store, folder)
    store.set_attribute("rows.csv#1", "publication", "Pulse (print)")
    _write(folder / "rows.csv", ROWS.replace("BMA voted", "BMA firmly voted"))
    library.refresh(store, folder)
    attrs = {a.key: a for a in store.attributes("rows.csv#1")}
    assert attrs["publication"].value == "Pulse (print)" and attrs["publication"].origin == "user"


class _Converter:
    """A stand-in format (`.fake`) that counts its conversions; what it gives is a parameter."""

    name = "fake"

    def __init__(self, outcome: Conversion | Exception) -> None:
        self.outcome = outcome
        self.calls = 0

    def claims(self, filename: str, head: bytes) -> bool:
        return filename.endswith(".fake")

    def convert(self, data: bytes, filename: str) -> Conversion:
        self.calls += 1
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def test_unchanged_source_bytes_are_not_converted_again(
    store: AnnotationStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _Converter(Conversion((Document("Title\n\nBody of version one."),), "fake"))
    monkeypatch.setattr(importers, "IMPORTERS", [fake, *importers.IMPORTERS])
    _write(folder / "a.fake", "bytes")
    library.refresh(store, folder)
    assert fake.calls == 1
    # a newer library would extract otherwise; the bytes are the same: nothing changes
    fake.outcome = Conversion((Document("Title\n\nBody of version two."),), "fake")
    _write(folder / "a.fake", "bytes")  # touched: a new mtime, the same bytes
    report = library.refresh(store, folder)
    assert fake.calls == 1 and "a.fake" in report.unchanged and not report.updated
    assert "version one" in store.article("a.fake").text
    _write(folder / "a.fake", "new bytes")  # the source changed: converted, an edit
    report = library.refresh(store, folder)
    assert fake.calls == 2 and report.updated == ["a.fake"]
    assert "version two" in store.article("a.fake").text


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (NeedsExtra("pdf", "a PDF"), "a PDF needs the 'pdf' extra: pip install 'gpreader[pdf]'"),
        (Skipped("no text layer (a scanned PDF?)"), "no text layer (a scanned PDF?)"),
        (Skipped("encrypted"), "encrypted"),
        (ValueError("bad zip"), "cannot read as fake: ValueError: bad zip"),
        (Conversion((Document("  \n"),), "fake"), "no text in it (document 1: no text)"),
    ],
)
def test_every_file_not_imported_has_its_reason(
    store: AnnotationStore,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    outcome: Conversion | Exception,
    reason: str,
) -> None:
    monkeypatch.setattr(importers, "IMPORTERS", [_Converter(outcome), *importers.IMPORTERS])
    _write(folder / "x.fake", "data")
    _write(folder / "image.jpeg", "data")
    (folder / "Makefile").write_text("all:")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    _write(folder / "big.txt", "word " * 300)
    report = library.refresh(store, folder)
    reasons = dict(report.skipped)
    assert reasons.pop("x.fake").startswith(reason)
    reasons_big = reasons.pop("big.txt")
    assert reasons == {
        "image.jpeg": "unsupported type (.jpeg)",
        "Makefile": "unsupported type (no extension)",
    }
    assert reasons_big.startswith("too large: over the")


def test_container_parts_left_out_are_reported(store: AnnotationStore, folder: Path) -> None:
    _write(folder / "rows.csv", ROWS + "No text,,2024-01-01,Pulse\n")
    report = library.refresh(store, folder)
    assert ("rows.csv", "row 4: no text") in report.skipped


def test_a_file_whose_name_has_a_hash(store: AnnotationStore, folder: Path) -> None:
    _write(folder / "issue#3.txt", "Issue three\n\nBody.\n")
    library.refresh(store, folder)
    assert store.article("issue#3.txt").title == "Issue three"
    assert not library.refresh(store, folder).loaded


def test_files_of_groups_articles_by_their_file(store: AnnotationStore, folder: Path) -> None:
    library.refresh(store, folder)
    grouped = ingest.files_of(["rows.csv", "plain.txt", "rows.csv#1"], store.known_articles())
    assert sorted(r.path for r in grouped["rows.csv"]) == ["rows.csv#2", "rows.csv#3"]
    assert [r.path for r in grouped["rows.csv#1"]] == ["rows.csv#1"]  # a file of that name


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("unsupported type (.png)", "unsupported type"),
        ("too large: over the 16 MB cap (20 MB)", "too large"),
        ("a PDF needs the 'pdf' extra: pip install 'gpreader[pdf]'", "needs the 'pdf' extra"),
        ("row 3: no text", "part of a file left out"),
        ("encrypted", "encrypted"),
        ("no text layer (a scanned PDF?)", "no text layer"),
        ("empty file", "empty file"),
    ],
)
def test_reason_kinds(reason: str, kind: str) -> None:
    assert summary.reason_kind(reason) == kind


def test_an_article_is_found_by_its_document_id(store: AnnotationStore, folder: Path) -> None:
    _write(folder / "ids.csv", "ID,title,text\nAN-77,Seven,Body seven.\nAN-78,Eight,Body 8.\n")
    library.refresh(store, folder)
    assert store.resolve_article("AN-78") == "ids.csv#2"
    assert store.resolve_article("ids.csv#1") == "ids.csv#1"
    with pytest.raises(NotFoundError):
        store.resolve_article("AN-79")


def test_container_articles_read_again_beyond_the_text_budget(
    store: AnnotationStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the budget, a container's article is converted again when written, with the
    table columns the user named."""
    monkeypatch.setattr(library, "TEXT_BUDGET", 0)
    store.set_state(ingest.COLUMNS_KEY, {"title": "publication"})
    _write(folder / "rows.csv", ROWS + ",Text of a row without a title.,2024-01-01,\n")
    library.refresh(store, folder)
    assert store.article("rows.csv#1").text.startswith("Pulse\n\nThe BMA voted")
    assert store.article("rows.csv#4").title == "Text of a row without a title."


def test_fallback_title_names_the_document() -> None:
    (row,) = ingest.convert_source("dir/rows.csv", b"title,text\n,--\n").articles
    (page,) = ingest.convert_source("dir/page.txt", b"--\n").articles
    assert (ingest._fallback_title(row), ingest._fallback_title(page)) == ("rows #1", "page")


def test_a_text_file_gives_canonical_text_with_or_without_front_matter() -> None:
    raw = b"---\r\ntitle: Vote\r\n---\r\n\r\nLine one\r\nLine\x01two\rend\r\n"
    (found,) = ingest.convert_source("a.md", raw).articles
    assert found.text == "Line one\nLine\ufffdtwo\nend\n"
    assert found.document.title == "Vote"
    (plain,) = ingest.convert_source("b.txt", b"One\r\nTwo\x7f\r\n").articles
    assert plain.text == "One\nTwo\ufffd\n"
    assert plain.sha256 == files.sha256_text(plain.text)


def test_files_are_read_and_parsed_with_the_collector_paused(
    store: AnnotationStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector found no cycle to free in an import, only walked what it made."""
    seen: list[bool] = []
    convert, parse = ingest.convert_source, ingest.to_article
    monkeypatch.setattr(
        ingest, "convert_source", lambda *a: seen.append(gc.isenabled()) or convert(*a)
    )
    monkeypatch.setattr(ingest, "to_article", lambda f: seen.append(gc.isenabled()) or parse(f))
    gc.enable()
    library.refresh(store, folder)
    assert len(seen) == 6 and not any(seen)  # two files read, four articles parsed
    assert gc.isenabled()
