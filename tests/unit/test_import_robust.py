"""Any bytes at all: every importer gives documents of canonical text, or Skipped."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus.importers import IMPORTERS, Skipped
from gpreader.text import canonical

NAMES = {
    "factiva": "export.txt",
    "nexis": "export.txt",
    "docx": "file.docx",
    "odt": "file.odt",
    "rtf": "file.rtf",
    "pdf": "file.pdf",
    "html": "page.html",
    "table": "rows.csv",
    "text": "notes.txt",
}
HEADS = [
    b"",
    b"{\\rtf1 ",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<html><body><p>",
    b" HD\t",
    b"1 of 2 DOCUMENTS\n",
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=st.sampled_from(HEADS),
    tail=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
)
def test_any_bytes_give_documents_or_skipped(head: bytes, tail: bytes) -> None:
    data = head + tail
    for importer in IMPORTERS:
        try:
            conversion = importer.convert(data, NAMES[importer.name])
        except Skipped:
            continue
        for document in conversion.documents:
            assert document.text == canonical(document.text)
            for span in document.spans or ():
                assert 0 <= span.start <= span.end <= len(document.text)
