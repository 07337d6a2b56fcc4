"""The text/Markdown importer (front matter) and the table importer (CSV, TSV, JSON Lines)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gpreader.corpus import importers
from gpreader.corpus.importers import Skipped
from gpreader.corpus.importers.table import TableImporter, cell_value, parse_date
from gpreader.corpus.importers.text import TextImporter, split_front_matter

FRONT = """---
title: "GPs vote: no to the contract"
date: 2024-02-07
author: Jo Bloggs
words: 512
score: 3.5
tags: [contract, "BMA, vote"]
sections:
  - news
  - policy
draft: null
---

GPs vote: no to the contract

The BMA said on Tuesday that the vote was decisive.
"""


def test_front_matter_becomes_attributes_not_text() -> None:
    conversion = TextImporter().convert(FRONT.encode(), "a.md")
    (doc,) = conversion.documents
    assert conversion.source_format == "markdown"
    assert doc.text.startswith("GPs vote: no to the contract\n\nThe BMA said")
    assert "---" not in doc.text and "author:" not in doc.text
    assert doc.title == "GPs vote: no to the contract"
    assert doc.attributes == {
        "title": "GPs vote: no to the contract",
        "date": datetime.date(2024, 2, 7),
        "author": "Jo Bloggs",
        "words": 512,
        "score": 3.5,
        "tags": "contract; BMA, vote",
        "sections": "news; policy",
    }


@pytest.mark.parametrize(
    "text",
    [
        "---\nnot: [closed\n---\nBody\n",  # a flow list it cannot read wholly... is text
        "---\njust a line of prose\n---\nBody\n",
        "---\ntitle: x\nBody without a closing fence\n",
        "--- \ntitle: x\n---\nBody\n",  # not the opening fence exactly
        "Body\n---\ntitle: x\n---\n",  # not at the start
        "---\n  indented: x\n---\nBody\n",
        "---\nkey: {a: 1}\n---\nBody\n",
    ],
)
def test_what_is_not_front_matter_stays_text(text: str) -> None:
    found, rest = split_front_matter(text)
    if found:  # the only one that reads: `not: [closed` is text "[closed"
        assert text.startswith("---\nnot:") and found == {"not": "[closed"}
    else:
        assert rest == text


def test_plain_text_is_as_before() -> None:
    data = "Headline\r\n\r\nBody text.\r\n".encode("cp1252")
    conversion = TextImporter().convert(data, "x.txt")
    assert conversion.source_format == "text"
    assert conversion.documents[0].text == "Headline\n\nBody text.\n"
    assert conversion.documents[0].attributes == {}


def test_only_front_matter_is_skipped() -> None:
    with pytest.raises(Skipped, match="only front matter"):
        TextImporter().convert(b"---\ntitle: x\n---\n\n", "a.md")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_front_matter_split_never_fails_and_keeps_the_body(body: str) -> None:
    found, rest = split_front_matter("---\n" + body)
    assert isinstance(found, dict)
    assert ("---\n" + body).endswith(rest.lstrip("\n")) or rest == "---\n" + body


CSV = """ID,Headline,Body,Published,Source,Author,Word Count,Section
a1,Contract vote,"The BMA voted.

A second paragraph.",2024-02-07T09:30:00Z,Pulse,Jo Bloggs,420,News
a2,,Text without a title,7 February 2024,GP Online,,00123,
a3,Empty row,,2024-01-01,Pulse,,,
"""


def test_csv_rows_become_documents_with_attributes() -> None:
    conversion = TableImporter().convert(CSV.encode(), "rows.csv")
    assert conversion.source_format == "csv"
    first, second = conversion.documents
    assert (first.key, second.key) == ("1", "2")
    assert first.text == "Contract vote\n\nThe BMA voted.\n\nA second paragraph."
    assert first.title == "Contract vote"
    assert first.attributes == {
        "ID": "a1",
        "title": "Contract vote",
        "date": datetime.date(2024, 2, 7),
        "publication": "Pulse",
        "author": "Jo Bloggs",
        "Word Count": 420,
        "Section": "News",
    }
    assert second.title is None and second.text == "Text without a title"
    assert second.attributes["date"] == datetime.date(2024, 2, 7)
    assert second.attributes["Word Count"] == "00123"  # a leading zero: an identifier, text
    assert conversion.skipped == ("row 3: no text",)


def test_columns_are_found_case_insensitively_and_can_be_named() -> None:
    data = b"HEADLINE;Story;Summary\nT;the story;the summary\n"
    (doc,) = TableImporter().convert(data, "x.csv").documents
    assert doc.title == "T" and doc.text == "T\n\nthe story" and doc.attributes["Summary"]
    (doc,) = TableImporter(columns={"text": "summary"}).convert(data, "x.csv").documents
    assert doc.text == "T\n\nthe summary" and doc.attributes["Story"] == "the story"
    with pytest.raises(Skipped, match="no column 'lede'"):
        TableImporter(columns={"text": "lede"}).convert(data, "x.csv")


def test_tsv_and_jsonl() -> None:
    tsv = b"title\ttext\nA, with comma\tBody one\n"
    (doc,) = TableImporter().convert(tsv, "x.tsv").documents
    assert doc.title == "A, with comma"
    lines = [
        {"headline": "One", "content": "Body one", "tags": ["a", "b"], "n": 3},
        [1, 2],
        {"headline": "Two", "content": "Body two", "published": "2023-12-31"},
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode() + b"\n{broken\n"
    conversion = TableImporter().convert(data, "x.jsonl")
    assert [d.key for d in conversion.documents] == ["1", "3"]
    assert conversion.documents[0].attributes["tags"] == '["a", "b"]'
    assert conversion.documents[0].attributes["n"] == 3
    assert conversion.documents[1].attributes["date"] == datetime.date(2023, 12, 31)
    assert conversion.skipped == ("row 2: not a JSON object", "row 4: not JSON")


def test_a_table_without_text_is_skipped_with_its_columns() -> None:
    with pytest.raises(Skipped, match=r"needs a text column.*columns are: a, b"):
        TableImporter().convert(b"a,b\n1,2\n", "x.csv")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-02-07", datetime.date(2024, 2, 7)),
        ("2024-02-07 10:00:00", datetime.date(2024, 2, 7)),
        ("7 February 2024", datetime.date(2024, 2, 7)),
        ("Wed, 7 Feb 2024 10:00", datetime.date(2024, 2, 7)),
        ("February 7, 2024", datetime.date(2024, 2, 7)),
        ("07/02/2024", None),
        ("2024-02-30", None),
        ("soon", None),
    ],
)
def test_parse_date(raw: str, expected: datetime.date | None) -> None:
    assert parse_date(raw) == expected


def test_cell_values() -> None:
    assert cell_value("12") == 12 and cell_value("1.5") == 1.5 and cell_value(" ") is None
    assert cell_value(True) == "true" and cell_value("x") == "x"


def test_registry_picks_tables_and_text() -> None:
    assert isinstance(importers.choose("a.CSV", b""), TableImporter)
    assert isinstance(importers.choose("a.jsonl", b""), TableImporter)
    assert isinstance(importers.choose("a.Md", b""), TextImporter)
    assert importers.choose("a.png", b"\x89PNG") is None


_CELL = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"), max_size=40
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL), min_size=1, max_size=8), st.sampled_from(",;\t"))
@example([(" ", "body", "")], ",")  # a blank title is no title
@example([("", "", ""), ("T", "", "x"), ("T", "Tx", "")], ";")
def test_any_table_reads_back_row_by_row(rows: list[tuple[str, str, str]], sep: str) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(["Title", "Text", "Other"])
    writer.writerows(rows)
    name = "x.tsv" if sep == "\t" else "x.csv"
    try:
        conversion = TableImporter().convert(out.getvalue().encode(), name)
    except Skipped as exc:
        assert not any(text.strip() for _, text, _ in rows), exc
        return
    numbered = [row for row in rows if any(cell.strip() for cell in row)]  # blank rows: none
    found = {d.key: d for d in conversion.documents}
    for n, (title, text, _) in enumerate(numbered, 1):
        document = found.pop(str(n), None)
        if not text.strip():
            assert document is None and f"row {n}: no text" in conversion.skipped
            continue
        assert document is not None
        assert document.text.endswith(text.strip())
        shown_title = " ".join(title.split())
        assert document.title == (shown_title or None)
    assert not found
