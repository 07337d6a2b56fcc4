"""The registry: which importer reads which fixture, and what a missing extra says."""

from __future__ import annotations

import sys

import pytest

from gpreader.corpus.importers import NeedsExtra, choose
from gpreader.corpus.importers.html import HtmlImporter
from gpreader.corpus.importers.pdf import PdfImporter
from tests.conftest import shared_path

CHOICES = [
    ("ingest/news-db/factiva-amcat-sudost.htm", "factiva"),  # an .htm that is a Factiva page
    ("ingest/news-db/factiva-paper.rtf", "factiva"),
    ("ingest/news-db/ln-sun.html", "nexis"),
    ("ingest/news-db/ln-amcat-mixed.txt", "nexis"),
    ("ingest/news-db/nexisuni-lnt.docx", "docx"),  # splits itself into Nexis articles
    ("ingest-more/news-db/factiva-reuters.txt", "factiva"),
    ("ingest-more/news-db/factiva-temis-anon.html", "factiva"),
    ("ingest/html/bbc.com.52241221.html", "html"),
    ("ingest/pdf/federal-register-2020-17221.pdf", "pdf"),
    ("ingest/docx/autogen-paper.docx", "docx"),
]


@pytest.mark.parametrize(("relative", "name"), CHOICES)
def test_the_right_importer_claims_each_fixture(relative: str, name: str) -> None:
    path = shared_path("fixtures", *relative.split("/"))
    importer = choose(path.name, path.read_bytes()[:8192])
    assert importer is not None and importer.name == name


def test_unknown_files_are_not_claimed() -> None:
    assert choose("picture.png", b"\x89PNG\r\n") is None
    assert choose("notes", b"Just some notes.\n") is None


def test_plain_notes_go_to_the_text_importer_not_a_news_database_one() -> None:
    found = choose("notes.txt", b"Just some notes.\n")
    assert found is not None and found.name == "text"


@pytest.mark.parametrize(
    ("importer", "module", "extra"),
    [(HtmlImporter(), "trafilatura", "html"), (PdfImporter(), "pdfminer.high_level", "pdf")],
)
def test_a_missing_library_names_its_extra(
    importer: HtmlImporter | PdfImporter, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    with pytest.raises(NeedsExtra, match=rf"pip install 'gpreader\[{extra}\]'") as raised:
        importer.convert(b"%PDF-1.4" if extra == "pdf" else b"<html></html>", "f")
    assert raised.value.extra == extra
