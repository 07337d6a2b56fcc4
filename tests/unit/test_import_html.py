"""Web pages: every page in the ingest fixtures against what its expected.json states."""

from __future__ import annotations

import datetime

import pytest

from gpreader.corpus.importers import Document, Skipped
from gpreader.corpus.importers.html import HtmlImporter
from tests.conftest import shared_path
from tests.unit.import_fixtures import Score, collapse, convert, expected

TARGET = 0.9  # issue 14: at least 90% of the HTML assertions


def _score_page(name: str, facts: dict[str, object], document: Document, score: Score) -> None:
    comments = [document.text[s.start : s.end] for s in document.spans or () if s.kind == "comment"]
    body_end = min(
        (s.start for s in document.spans or () if s.section == "furniture"), default=None
    )
    body = collapse(document.text[:body_end])
    for text in facts.get("must_contain", []):  # type: ignore[attr-defined]
        score.check(collapse(text) in body, f"{name}: missing {text!r}")
    for text in facts.get("must_not_contain", []):  # type: ignore[attr-defined]
        score.check(collapse(text) not in body, f"{name}: has {text!r}")
    for text in facts.get("comments_contain", []):  # type: ignore[attr-defined]
        found = any(collapse(text) in collapse(c) for c in comments)
        score.check(found, f"{name}: comment {text!r} not a comment span")
    for text in facts.get("comments_not_in_saved_html", []):  # type: ignore[attr-defined]
        score.check(collapse(text) not in collapse(document.text), f"{name}: made up {text!r}")
    if article_body := str(facts.get("article_body", "")):
        paragraphs = [p for p in article_body.split("\n") if p.strip()]
        for piece in (paragraphs[0][:80], paragraphs[-1][-80:]):
            score.check(collapse(piece) in body, f"{name}: body lacks {piece!r}")
    if title := str(facts.get("title", "")).strip():
        got = (document.title or "").casefold()
        score.check(collapse(title).casefold() == got, f"{name}: title {document.title!r}")
    if date := str(facts.get("date", "")):
        got_date = document.attributes.get("date")
        ok = isinstance(got_date, datetime.date) and got_date.isoformat() == date
        score.check(ok, f"{name}: date {got_date} not {date}")


@pytest.mark.parametrize("folder", ["ingest", "ingest-more"])
def test_html_fixtures_meet_the_target(folder: str) -> None:
    root = shared_path("fixtures", folder, "html")
    score = Score()
    for name, facts in expected(root).items():
        path = root / name
        if not path.exists():
            continue
        conversion = convert(path)
        assert conversion.source_format == "html", name
        assert len(conversion.documents) == 1
        _score_page(name, facts, conversion.documents[0], score)
    print(f"\n{folder}/html: {score.passed}/{score.total} assertions pass ({score.share:.0%})")
    print("\n".join(score.failures))
    assert score.share >= TARGET, score.failures


def test_comments_are_comment_spans_after_the_article() -> None:
    path = shared_path("fixtures", "ingest", "html", "californiaglobe.com.amazon.html")
    document = HtmlImporter().convert(path.read_bytes(), path.name).documents[0]
    spans = document.spans or ()
    comments = [s for s in spans if s.kind == "comment"]
    assert len(comments) >= 3
    first_comment = comments[0].start
    body = [s for s in spans if s.section == "body"]
    assert body and all(s.end < first_comment for s in body)
    assert all(s.section == "comments" for s in spans if s.start >= first_comment)
    for span in spans:  # every span is a trimmed range of the text
        piece = document.text[span.start : span.end]
        assert piece == piece.strip() and piece


def test_metadata_of_a_page() -> None:
    path = shared_path("fixtures", "ingest", "html", "reuters.com.parasite.html")
    document = HtmlImporter().convert(path.read_bytes(), path.name).documents[0]
    assert document.attributes["author"] == "Jill Serjeant"
    assert document.attributes["publication"] == "Reuters"
    assert str(document.attributes["url"]).startswith("https://www.reuters.com/article/")
    assert document.text.startswith(f"{document.title}\n\n")


def test_a_page_without_text_is_skipped() -> None:
    with pytest.raises(Skipped, match="no main text"):
        HtmlImporter().convert(b"<html><head></head><body></body></html>", "empty.html")


def test_claimed_by_content_as_well_as_extension() -> None:
    importer = HtmlImporter()
    assert importer.claims("saved.htm", b"")
    assert importer.claims("page", b"<!DOCTYPE html><html><body>")
    assert not importer.claims("notes.txt", b"Plain words")


def test_comments_carry_their_author_and_date() -> None:
    path = shared_path("fixtures", "ingest", "html", "californiaglobe.com.amazon.html")
    document = HtmlImporter().convert(path.read_bytes(), path.name).documents[0]
    spans = document.spans or ()
    comments = [s for s in spans if s.kind == "comment"]
    headers = [s for s in spans if s.kind == "comment_header"]
    assert comments[0].author == "Michael F Dougherty"
    assert comments[0].date == "2020-08-15T09:35"
    assert len(headers) == len(comments)
    for comment, header in zip(comments, headers, strict=True):
        assert comment.start == header.start and header.end < comment.end
        assert (header.author, header.date) == (comment.author, comment.date)
        assert document.text[header.start : header.end].startswith(str(header.author))
