"""PDF: reading order on the fixtures, and furniture, hyphenation, scans and encryption on
PDFs written here with fpdf2."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from gpreader.corpus.importers import Skipped
from gpreader.corpus.importers.pdf import PdfImporter
from tests.conftest import shared_path
from tests.unit.import_fixtures import collapse, expected

PARAGRAPH = (
    "The health board met on Tuesday to discuss the winter plan for general practice. "
    "Members heard that waiting times had grown in district {n}, and that the new "
    "funding would go first to the {n} surgeries with the longest lists. "
)


OPENINGS = ("Spring came early.", "Summer was dry.", "In autumn, flu.", "Winter: a queue.")


class _Report(FPDF):
    """A report with a running header and a page-number footer on every page."""

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, "Pulse Weekly Digest", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, str(self.page_no()), align="C")


def _report(pages: int = 4, hyphenate: bool = False) -> bytes:
    pdf = _Report()
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        pdf.multi_cell(
            0,
            6,
            f"{OPENINGS[n]} " + PARAGRAPH.format(n=n) * 3,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if hyphenate:
            pdf.multi_cell(
                0, 6, "The committee discussed the vaccina-", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.multi_cell(0, 6, "tion programme at length.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    document = PdfImporter().convert(_report(), "report.pdf").documents[0]
    assert "Pulse Weekly Digest" not in document.text
    assert document.attributes["pages"] == 4
    assert not any(line.strip().isdigit() for line in document.text.split("\n"))
    assert collapse(document.text).count("The health board met on Tuesday") == 12
    assert all(opening in document.text for opening in OPENINGS)


def test_hyphenation_at_a_line_end_is_repaired() -> None:
    document = PdfImporter().convert(_report(pages=1, hyphenate=True), "h.pdf").documents[0]
    assert "vaccination programme" in collapse(document.text)


def test_a_pdf_without_text_is_skipped_as_scanned() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")  # a picture and no text, as a scan is
    with pytest.raises(Skipped, match=r"no text layer \(scanned\?\)"):
        PdfImporter().convert(bytes(pdf.output()), "scan.pdf")


def test_an_encrypted_pdf_is_skipped() -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Confidential minutes")
    with pytest.raises(Skipped, match="encrypted"):
        PdfImporter().convert(bytes(pdf.output()), "locked.pdf")


def test_a_damaged_file_is_skipped() -> None:
    with pytest.raises(Skipped, match="PDF"):
        PdfImporter().convert(b"%PDF-1.7\nnot really a pdf", "broken.pdf")


def test_federal_register_columns_come_in_reading_order() -> None:
    folder = shared_path("fixtures", "ingest", "pdf")
    stated = expected(folder)["federal-register-2020-17221.pdf"]
    path = folder / "federal-register-2020-17221.pdf"
    document = PdfImporter().convert(path.read_bytes(), path.name).documents[0]
    assert collapse(stated["page1_text_in_reading_order_contains"]) in collapse(document.text)
    assert document.attributes["pages"] == 15
    assert "47698" not in document.text.split("\n\n")[0]  # the page number on page 1


def test_autogen_paper_sentence() -> None:
    folder = shared_path("fixtures", "ingest-more", "pdf")
    path = folder / "autogen-paper.pdf"
    document = PdfImporter().convert(path.read_bytes(), path.name).documents[0]
    for text in expected(folder)["autogen-paper.pdf"]["must_contain"]:
        assert collapse(text) in collapse(document.text)


def test_clipping_digest_keeps_its_index_headlines() -> None:
    folder = shared_path("fixtures", "ingest", "pdf")
    facts = expected(folder)["bzk-knipselkrant-20130621.pdf"]["observed_by_collector"]
    path = folder / "bzk-knipselkrant-20130621.pdf"
    text = collapse(PdfImporter().convert(path.read_bytes(), path.name).documents[0].text)
    titles = [entry["title"] for entry in facts["index_entries"]]
    found = sum(collapse(title) in text for title in titles)
    assert found >= 0.9 * len(titles), f"{found}/{len(titles)} index headlines"


def test_scotus_transcript_lines_when_present() -> None:
    folder = shared_path("fixtures", "ingest-more", "pdf")
    pdf = folder / "scotus-transcript-p1.pdf"
    if not pdf.exists():
        pytest.skip("scotus-transcript-p1.pdf is listed in the README but not in the folder")
    layout = (folder / "scotus-transcript-p1.expected-layout.txt").read_text(encoding="utf-8")
    text = collapse(PdfImporter().convert(pdf.read_bytes(), pdf.name).documents[0].text)
    lines = [collapse(line.lstrip(" 0123456789")) for line in layout.split("\n")]
    lines = [line for line in lines if len(line) > 20]
    assert sum(line in text for line in lines) >= 0.9 * len(lines)
