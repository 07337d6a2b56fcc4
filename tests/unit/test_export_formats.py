"""W3C Web Annotation and Markdown exports."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from gpreader.corpus import sync as library
from gpreader.corpus.files import sha256_text
from gpreader.export import ExportOptions, Filters, export
from gpreader.export.markdown import escape
from gpreader.store import AnnotationStore
from tests.unit.test_export import code_corpus, export_bytes


@pytest.fixture
def coded(loaded_store: AnnotationStore) -> AnnotationStore:
    return code_corpus(loaded_store)


def _w3c(store: AnnotationStore, **filters: object) -> dict:
    return json.loads(export_bytes(store, format="w3c", filters=Filters(**filters)))  # type: ignore[arg-type]


def _w3c_in(store: AnnotationStore, root: Path, **filters: object) -> dict:
    """The W3C export with the articles folder known (sources are the files)."""
    out = io.BytesIO()
    options = ExportOptions(format="w3c", filters=Filters(**filters))  # type: ignore[arg-type]
    export(store, options, out, articles_root=root)
    return json.loads(out.getvalue())


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


def test_w3c_orphans_point_into_the_text_they_were_anchored_on(
    coded: AnnotationStore, corpus_dir: Path
) -> None:
    """An orphan's words are gone from the article: its target is the text version its stored
    quote and offsets index (named by its hash), scoped to the article's file."""
    path = "004_b8ee73ebef15a597.txt"
    h = coded.add_highlight(path, 100, 160, tags=["lost"])
    old_text = coded.article(path).text
    file = corpus_dir / path
    file.write_text(file.read_text("utf-8").replace(h.exact, "gone " * 20), "utf-8")
    library.refresh(coded, corpus_dir)
    (item,) = _w3c_in(coded, corpus_dir, status="orphaned")["first"]["items"]
    target = item["target"]
    assert target["source"]["id"] == f"urn:sha256:{h.article_sha256}"
    assert h.article_sha256 == sha256_text(old_text) != coded.article(path).sha256
    assert target["scope"] == file.resolve().as_uri()
    by_type = {s["type"]: s for s in target["selector"]}
    quote, position = by_type["TextQuoteSelector"], by_type["TextPositionSelector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": h.exact,
        "prefix": h.prefix,
        "suffix": h.suffix,
    }
    assert old_text[position["start"] : position["end"]] == h.exact
    assert by_type["FragmentSelector"]["value"] == f"char={position['start']},{position['end']}"


def test_w3c_fragments_count_a_crlf_as_one_character(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """RFC 5147 counts each line ending as one character: the fragment indexes the text with
    CRLF as one, the TextPositionSelector the decoded file with CRLF as two."""
    (corpus_dir / "crlf.txt").write_bytes(b"Title\r\n\r\nOne line.\r\nTwo words here.\r\n")
    library.refresh(loaded_store, corpus_dir)
    text = loaded_store.article("crlf.txt").text
    start = text.index("Two")
    loaded_store.add_highlight("crlf.txt", start, start + 9, tags=["t"])
    (item,) = _w3c_in(loaded_store, corpus_dir, article="crlf.txt")["first"]["items"]
    by_type = {s["type"]: s for s in item["target"]["selector"]}
    assert by_type["FragmentSelector"] == {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc5147",
        "value": f"char={start},{start + 9}",
    }
    decoded = (corpus_dir / "crlf.txt").read_bytes().decode("utf-8")
    position = by_type["TextPositionSelector"]
    assert position["start"] == start + 3  # three CRLFs before it
    assert decoded[position["start"] : position["end"]] == "Two words"


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


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_streamed_w3c_and_jsonl_are_whole_at_any_chunk_size(
    coded: AnnotationStore, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written a chunk at a time as the highlights stream: the same document whatever the
    chunk size (separators between chunks, none after the last)."""
    from gpreader.export import jsonl, w3c

    monkeypatch.setattr(w3c, "CHUNK", chunk)
    monkeypatch.setattr(jsonl, "CHUNK", chunk)
    ids = [f"urn:uuid:{h.id}" for h in coded.highlights()]
    doc = _w3c(coded)
    assert (
        [i["id"] for i in doc["first"]["items"]]
        == ids
        == [i["id"] for i in json.loads(json.dumps(doc))["first"]["items"]]
    )
    lines = export_bytes(coded, format="jsonl").decode("utf-8").split("\n")
    assert lines[-1] == "" and [json.loads(x)["highlight_id"] for x in lines[:-1]] == [
        h.id for h in coded.highlights()
    ]


def test_w3c_of_nothing_is_an_empty_page(store: AnnotationStore) -> None:
    doc = _w3c(store)
    assert doc["total"] == 0 and doc["first"]["items"] == []


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx", "w3c", "codebook-csv"])
def test_streaming_formats_never_hold_every_highlight(
    coded: AnnotationStore, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """These formats read the highlights as a stream (`records()`), never the whole list."""
    from gpreader.export.common import ExportData

    def refused(self: ExportData) -> list[object]:
        raise AssertionError("a streaming format asked for every highlight at once")

    monkeypatch.setattr(ExportData, "highlights", property(refused))
    assert export_bytes(coded, format=fmt)


def test_w3c_text_is_the_json_of_each_annotation(coded: AnnotationStore, corpus_dir: Path) -> None:
    """The streamed annotations (built around pre-encoded parts) equal the plain dicts
    `annotation` makes, with and without the articles folder, orphans included."""
    from gpreader.export.common import ExportData
    from gpreader.export.w3c import Annotations, Encoded, Sources

    h = coded.add_highlight("004_b8ee73ebef15a597.txt", 100, 160, tags=["lost"], note="x")
    file = corpus_dir / h.article
    file.write_text(file.read_text("utf-8").replace(h.exact, "gone " * 20), "utf-8")
    library.refresh(coded, corpus_dir)
    coded.add_highlight("004_b8ee73ebef15a597.txt", 10, 30)  # no tag, no note
    for root in (corpus_dir, None):
        data = ExportData(coded, root=root)
        encoded, plain = Encoded(Sources(data)), Annotations(Sources(data))
        records = list(data.records())
        assert {r.status for r in records} >= {"anchored", "orphaned"}
        for record in records:
            assert json.loads(encoded(record)) == plain(record)


def test_as_uuid_keeps_a_canonical_uuid_and_normalises_others() -> None:
    from gpreader.export.common import as_uuid, stable_uuid

    key = "0f8e2a3b-1c4d-4e5f-8a9b-0c1d2e3f4a5b"
    assert as_uuid("highlight", key) == key
    assert as_uuid("highlight", key.upper()) == key
    assert as_uuid("highlight", "not-a-uuid") == stable_uuid("highlight", "not-a-uuid")
