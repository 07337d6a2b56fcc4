"""`gpreader attrs`, `gpreader show`, and `gpreader import`'s counts by format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpreader.cli import cli
from gpreader.store import AnnotationStore

ARTICLE = "000_457775139af1eb7c.txt"
ROWS = "Headline,Body,Outlet\nOne,Body of the first row.,Pulse\nTwo,Body of row two.,GP Online\n"


@pytest.fixture
def run(corpus_dir: Path, db_path: Path):
    (corpus_dir / "rows.csv").write_text(ROWS, encoding="utf-8")

    def invoke(*args: str, expect: int = 0) -> str:
        result = CliRunner().invoke(
            cli, ["--articles", str(corpus_dir), "--db", str(db_path), *args]
        )
        assert result.exit_code == expect, (result.output, result.exception)
        return result.stdout if expect == 0 else result.stderr

    return invoke


def test_import_prints_counts_by_format_and_skips_by_reason(run, corpus_dir: Path) -> None:
    (corpus_dir / "cover.png").write_bytes(b"\x89PNG")
    (corpus_dir / "table.tsv").write_text("a\tb\n1\t2\n")
    out = run("import")
    assert out.splitlines()[0] == "7 loaded, 0 updated, 0 unchanged, 2 skipped"
    assert "formats: csv 2 (2 new or updated), text 5 (5 new or updated)" in out
    assert "left out: 1 unsupported type, 1 a table of articles needs a text column" in out
    assert "skipped cover.png: unsupported type (.png)" in out
    again = run("import")
    assert "formats: csv 2, text 5" in again and "7 unchanged" in again


def test_set_list_unset(run, db_path: Path) -> None:
    out = run("attrs", "set", "rows.csv#2", "rating=4", "checked=2024-03-01", "Coder Note=ok")
    assert out.strip() == "rows.csv#2: set rating, checked, Coder Note"
    listed = json.loads(run("attrs", "list", "rows.csv#2", "--json"))
    words = listed["rows.csv#2"]["words"]
    assert isinstance(words, int) and words > 0
    assert listed == {
        "rows.csv#2": {
            "checked": "2024-03-01",
            "coder_note": "ok",
            "format": "csv",
            "publication": "GP Online",
            "rating": 4,
            "title": "Two",
            "words": words,
        }
    }
    text = run("attrs", "list", "rows.csv#2")
    assert "  rating       4  (set by you)" in text and "  publication  GP Online\n" in text
    with AnnotationStore(db_path) as store:
        kinds = {a.key: a.kind for a in store.attributes("rows.csv#2")}
    assert kinds["checked"] == "date" and kinds["rating"] == "number"
    assert run("attrs", "unset", "rows.csv#2", "rating").strip() == "rows.csv#2: removed rating"
    assert "has no attribute 'rating'" in run("attrs", "unset", "rows.csv#2", "rating", expect=1)


def test_list_where(run) -> None:
    found = json.loads(run("attrs", "list", "--where", "publication=pulse", "--json"))
    assert list(found) == ["rows.csv#1"]
    found = json.loads(
        run("attrs", "list", "--where", "date>=2024-01", "--where", "words>100", "--json")
    )
    assert found and all(v["date"] >= "2024-01" and v["words"] > 100 for v in found.values())
    assert "not an attribute condition" in run("attrs", "list", "--where", "pulse", expect=1)


def test_attrs_import(run, tmp_path: Path, db_path: Path) -> None:
    sheet = tmp_path / "coding.csv"
    sheet.write_text(f"Article;stance;pages\n{ARTICLE};critical;3\nrows.csv#1;;2\n")
    assert run("attrs", "import", str(sheet)).strip() == "set 3 attribute value(s) on 2 article(s)"
    with AnnotationStore(db_path) as store:
        values = {(a.key, a.value) for a in store.attributes(ARTICLE) if a.origin == "user"}
        assert values == {("stance", "critical"), ("pages", "3")}
        assert all(a.key != "stance" for a in store.attributes("rows.csv#1"))
    sheet.write_text("article,stance\nno-such-article,x\n" + f"{ARTICLE},supportive\n")
    err = run("attrs", "import", str(sheet), expect=1)
    assert "nothing set; line 2: no article matches 'no-such-article'" in err
    with AnnotationStore(db_path) as store:
        assert {a.value for a in store.attributes(ARTICLE) if a.key == "stance"} == {"critical"}
    assert "is not KEY=VALUE" in run("attrs", "set", ARTICLE, "novalue", expect=2)


def test_show_text_and_json(run, corpus_dir: Path) -> None:
    text = (corpus_dir / ARTICLE).read_text(encoding="utf-8")
    assert run("show", ARTICLE) == text.rstrip("\n") + "\n"
    data = json.loads(run("show", "rows.csv#1", "--json"))
    assert data["text"] == "One\n\nBody of the first row."
    assert data["source_format"] == "csv" and data["attributes"]["publication"] == "Pulse"
    assert data["spans"]["title"] == [{"start": 0, "end": 3, "section": "title"}]
    assert {"paragraph", "sentence"} <= set(data["spans"])
    assert "no article matches" in run("show", "rows.csv#9", expect=1)


def test_import_column_names_a_role_and_tables_are_read_again(
    run, corpus_dir: Path, db_path: Path
) -> None:
    (corpus_dir / "rows.csv").write_text("title,story,summary\nT,The story.,The summary.\n")
    run("import")
    with AnnotationStore(db_path) as store:
        assert store.article("rows.csv#1").text == "T\n\nThe story."
        start = store.article("rows.csv#1").text.index("The")
        h = store.add_highlight("rows.csv#1", start, start + 3)
    out = run("import", "--column", "text=Summary")
    assert "1 updated" in out.splitlines()[0] and "re-anchored highlights: 1 anchored" in out
    with AnnotationStore(db_path) as store:
        assert store.article("rows.csv#1").text == "T\n\nThe summary."
        assert store.highlight(h.id).exact == "The"
        assert {a.key: a.value for a in store.attributes("rows.csv#1")}["story"] == "The story."
    again = run("import")  # remembered: nothing to read again
    assert again.splitlines()[0] == "6 unchanged".join(["0 loaded, 0 updated, ", ", 0 skipped"])
    out = run("import", "--column", "text=")  # forgotten: the default column again
    assert "1 updated" in out.splitlines()[0]
    assert "ROLE one of title, text" in run("import", "--column", "lede=x", expect=2)
    assert "no column 'lede' for the text" in run("import", "--column", "text=lede")
