"""Word, OpenDocument and RTF: the fixtures, and documents written here with python-docx and
odfpy."""

from __future__ import annotations

import io

import docx
import pytest
from odf.dc import Title
from odf.opendocument import OpenDocumentText
from odf.text import H, P

from gpreader.corpus.importers import Skipped, choose
from gpreader.corpus.importers.office import DocxImporter, OdtImporter, RtfImporter
from tests.conftest import shared_path
from tests.unit.import_fixtures import collapse, expected


def _word_file() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Winter pressures in general practice"
    document.add_heading("Winter pressures in general practice", level=0)
    document.add_paragraph("Surgeries across the region reported longer waits this week.")
    document.add_heading("What the board decided", level=1)
    document.add_paragraph("The board agreed to fund extra sessions. It meets again in March.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "District"
    table.rows[0].cells[1].text = "Waiting days"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_paragraphs_headings_and_title() -> None:
    conversion = DocxImporter().convert(_word_file(), "winter.docx")
    (document,) = conversion.documents
    assert conversion.source_format == "docx"
    assert document.title == "Winter pressures in general practice"
    blocks = document.text.split("\n\n")
    assert blocks[:4] == [
        "Winter pressures in general practice",
        "Surgeries across the region reported longer waits this week.",
        "What the board decided",  # a heading on its own line
        "The board agreed to fund extra sessions. It meets again in March.",
    ]
    assert "District | Waiting days" in blocks


def test_autogen_docx_fixture() -> None:
    folder = shared_path("fixtures", "ingest", "docx")
    path = folder / "autogen-paper.docx"
    document = DocxImporter().convert(path.read_bytes(), path.name).documents[0]
    text = collapse(document.text)
    facts = expected(folder)["autogen-paper.docx"]
    for marker in facts["markitdown_must_include"]:
        plain = marker.lstrip("# ")
        if not plain.startswith("data:image"):  # the image URI is Markdown-only
            assert plain in text
    assert "base64" not in text
    assert (
        document.title == "AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation"
    )


@pytest.mark.parametrize(
    ("folder", "name"),
    [("ingest", "omrlp-manifesto-2015.docx"), ("ingest-more", "eccentric-manifesto-2015.docx")],
)
def test_manifesto_first_lines(folder: str, name: str) -> None:
    root = shared_path("fixtures", folder, "docx")
    first_lines = expected(root)[name]["observed_by_collector"]["first_lines"]
    document = DocxImporter().convert((root / name).read_bytes(), name).documents[0]
    assert document.text.split("\n\n")[: len(first_lines)] == first_lines


def test_opendocument_paragraphs_headings_and_title() -> None:
    odt = OpenDocumentText()
    odt.meta.addElement(Title(text="Clinic closures"))
    odt.text.addElement(H(outlinelevel=1, text="Clinic closures"))
    odt.text.addElement(P(text="Three clinics will close in May."))
    odt.text.addElement(H(outlinelevel=2, text="Why"))
    odt.text.addElement(P(text="Staff shortages, the trust said."))
    buffer = io.BytesIO()
    odt.write(buffer)
    (document,) = OdtImporter().convert(buffer.getvalue(), "closures.odt").documents
    assert document.title == "Clinic closures"
    assert document.text == (
        "Clinic closures\n\nThree clinics will close in May.\n\nWhy\n\n"
        "Staff shortages, the trust said."
    )


def test_rtf_paragraphs() -> None:
    rtf = (
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}"
        rb"\pard Nurses vote on strike\par"
        rb"\pard The ballot closes on Friday. Turnout was high.\par}"
    )
    assert choose("vote.rtf", rtf) is not None
    (document,) = RtfImporter().convert(rtf, "vote.rtf").documents
    assert (
        document.text == "Nurses vote on strike\n\nThe ballot closes on Friday. Turnout was high."
    )


def test_damaged_office_files_are_skipped() -> None:
    with pytest.raises(Skipped):
        DocxImporter().convert(b"PK\x03\x04 not a zip", "broken.docx")
    with pytest.raises(Skipped):
        OdtImporter().convert(b"PK\x03\x04 not a zip", "broken.odt")
