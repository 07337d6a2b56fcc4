"""W3C Web Annotation and Markdown exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.export import Filters
from gpreader.export.markdown import escape
from gpreader.store import AnnotationStore
from tests.unit.test_export import code_corpus, export_bytes


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    return code_corpus(loaded_store)


def _w3c(store: AnnotationStore, **filters: object) -> dict:
    return json.loads(export_bytes(store, format="w3c", filters=Filters(**filters)))  # type: ignore[arg-type]


def test_w3c_is_an_annotation_collection_of_every_highlight(coded: AnnotationStore) -> None:
    doc = _w3c(coded)
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == len(coded.highlights())
    assert doc["first"]["type"] == "AnnotationPage"


def test_w3c_selectors_point_at_the_quote(coded: AnnotationStore) -> None:
    """Without the articles folder, the source is the stored text, named by its hash."""
    by_sha = {coded.article(a.path).sha256: a.path for a in coded.articles()}
    for item in _w3c(coded)["first"]["items"]:
        target = item["target"]
        text = coded.article(by_sha[target["source"]["id"].removeprefix("urn:sha256:")]).text
        by_type = {s["type"]: s for s in target["selector"]}
        quote, position = by_type["TextQuoteSelector"], by_type["TextPositionSelector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_w3c_bodies_carry_tags_and_note(coded: AnnotationStore) -> None:
    items = {i["id"]: i for i in _w3c(coded)["first"]["items"]}
    for h in coded.highlights():
        item = items[f"urn:uuid:{h.id}"]
        bodies = item.get("body", [])
        tags = [b["value"] for b in bodies if b["purpose"] == "tagging"]
        notes = [b["value"] for b in bodies if b["purpose"] == "commenting"]
        assert tags == list(h.tags)
        assert notes == ([h.note] if h.note else [])
        assert all(b["type"] == "TextualBody" for b in bodies)
        assert item["creator"]["name"] == "tester"
        assert item["created"].endswith("Z") and item["modified"].endswith("Z")


def test_w3c_orphans_keep_only_their_quote(coded: AnnotationStore, corpus_dir: Path) -> None:
    path = "004_b8ee73ebef15a597.txt"
    h = coded.add_highlight(path, 100, 160, tags=["lost"])
    file = corpus_dir / path
    file.write_text(file.read_text("utf-8").replace(h.exact, "gone " * 20), "utf-8")
    library.refresh(coded, corpus_dir)
    (item,) = _w3c(coded, status="orphaned")["first"]["items"]
    assert [s["type"] for s in item["target"]["selector"]] == ["TextQuoteSelector"]
    assert item["target"]["selector"][0]["exact"] == h.exact


def test_w3c_source_is_the_file_uri_percent_encoded(tmp_path: Path) -> None:
    from gpreader.export.source_text import file_uri

    uri = file_uri(tmp_path, "news/a b#1.txt")
    assert uri.startswith("file:///") and uri.endswith("/news/a%20b%231.txt")


def test_markdown_report_groups_passages_by_tag(coded: AnnotationStore) -> None:
    report = export_bytes(coded, format="md").decode("utf-8")
    assert report.startswith("# gpreader highlights\n")
    assert "## theme/sub (" in report and "## (untagged) (1)" in report
    h = next(h for h in coded.highlights() if h.tags == ("where/title",))
    title = coded.article(h.article).title
    assert f"> {escape(h.exact)}" in report
    assert f"*{escape(title)}*" in report
    assert "**Note:** title" in report


def test_markdown_summary_table_escapes_pipes(coded: AnnotationStore) -> None:
    report = export_bytes(coded, format="md").decode("utf-8")
    section = report.split("## Summary\n", 1)[1].split("\n## ", 1)[0]  # more tables follow
    table = [line for line in section.splitlines() if line.startswith("|")]
    assert table, "summary table missing"
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in table]
    assert len(set(cells)) == 1  # every row has the same number of columns
    assert "pipe \\| in it" in table[0]
    assert len(table) == 2 + len({h.article for h in coded.highlights()})


def test_markdown_escapes_markup_in_passages_and_notes() -> None:
    assert escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert escape("# not a heading\n- not a list\n1. nor this") == (
        "\\# not a heading\n\\- not a list\n1\\. nor this"
    )
    assert escape("a *b* _c_ [d](e) `f` | g") == "a \\*b\\* \\_c\\_ \\[d\\](e) \\`f\\` \\| g"


def test_markdown_quotes_every_line_of_a_passage(coded: AnnotationStore) -> None:
    h = coded.add_highlight("000_457775139af1eb7c.txt", 150, 400, tags=["long"])
    assert "\n" in h.exact
    report = export_bytes(coded, format="md", filters=Filters(tag="long")).decode("utf-8")
    quoted = report.split("## long (1)\n\n", 1)[1].split("\n\n— ", 1)[0]
    assert all(line.startswith(">") for line in quoted.splitlines())
