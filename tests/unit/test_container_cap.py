"""Containers (tables, news-database exports) have their own, larger size cap, and a table
is read row by row whatever its encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from gpreader.corpus import files, ingest
from gpreader.corpus.files import SkipFile
from gpreader.corpus.importers.table import TableImporter

ROW = "Headline {n},The body of article {n}; it has words.,2024-02-07,Pulse\n"


def _table(rows: int) -> str:
    return "title,text,date,publication\n" + "".join(ROW.format(n=n) for n in range(rows))


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2,000-byte file cap and a 20,000-byte container cap."""
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 2000)
    monkeypatch.setattr(files, "MAX_CONTAINER_BYTES", 20_000)


@pytest.mark.usefixtures("small_caps")
def test_a_table_over_the_file_cap_is_read_under_the_container_cap(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(_table(100))
    assert 2000 < (tmp_path / "rows.csv").stat().st_size < 20_000
    source = ingest.read_source(tmp_path, "rows.csv")
    assert len(source.articles) == 100
    assert source.articles[-1].path == "rows.csv#100"


@pytest.mark.usefixtures("small_caps")
def test_a_table_over_the_container_cap_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(_table(600))
    with pytest.raises(SkipFile) as caught:
        ingest.read_source(tmp_path, "rows.csv")
    assert str(caught.value).startswith("too large: over the 0.02 MB cap (")
    assert "may be up to" not in str(caught.value)


@pytest.mark.usefixtures("small_caps")
def test_a_single_article_over_the_file_cap_keeps_the_file_cap(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("Title\n\n" + "word " * 1000)
    (tmp_path / "page.html").write_text("<html><body><p>" + "word " * 1000 + "</p></body></html>")
    for name in ("long.txt", "page.html"):
        with pytest.raises(SkipFile, match=r"^too large: .*tables and news-database exports"):
            ingest.read_source(tmp_path, name)


@pytest.mark.usefixtures("small_caps")
def test_a_nexis_text_export_over_the_file_cap_is_a_container(tmp_path: Path) -> None:
    article = (
        "                              {n} of 60 DOCUMENTS\n\n"
        "                                 The Guardian\n\n"
        "                            February 7, 2024 Wednesday\n\n"
        "Story {n}\n\nLENGTH: 9 words\n\nBody of story {n}.\n\nLANGUAGE: ENGLISH\n\n"
    )
    (tmp_path / "export.txt").write_text("".join(article.format(n=n) for n in range(1, 61)))
    head = (tmp_path / "export.txt").read_bytes()[:8192]
    assert ingest.container_cap("export.txt", head) == 20_000
    assert ingest.container_cap("notes.txt", b"Just notes.\n") == 2000


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_tables_decode_as_files_do(encoding: str) -> None:
    text = "title,text\nCafé,Crème brûlée – “quoted” text\r\nNaïve,Second\rrow\n"
    data = text.encode(encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(codecs.BOM_UTF8)
    documents = TableImporter().convert(data, "t.csv").documents
    assert [d.title for d in documents] == ["Café", "Naïve"]
    assert documents[0].text == "Café\n\nCrème brûlée – “quoted” text"


def test_control_characters_in_cells_become_placeholders() -> None:
    data = b'title,text\n"A\x1b[31m title","Body\x07 text\r\nnext"\n'
    (document,) = TableImporter().convert(data, "t.csv").documents
    assert document.title == "A\ufffd[31m title"
    assert document.text == "A\ufffd[31m title\n\nBody\ufffd text\nnext"
    line = b'{"title": "J\\u001b", "text": "Body\\r\\ntext"}\r\n'
    (row,) = TableImporter().convert(line, "t.jsonl").documents
    assert row.title == "J\ufffd" and row.text == "J\ufffd\n\nBody\ntext"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n", "empty file"), (b"title,text\n\x00", "binary file")],
)
def test_unreadable_tables_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(Exception, match=reason):
        TableImporter().convert(data, "t.csv")


def test_bytes_outside_cp1252_are_refused() -> None:
    with pytest.raises(Exception, match="not valid UTF-8 or cp1252"):
        TableImporter().convert(b"title,text\nA,\x81\xff\n", "t.csv")
