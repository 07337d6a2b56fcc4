"""Article attributes in the store: typed values, the user's over the importer's, conditions."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import pytest

from gpreader.errors import InvalidInputError, NotFoundError
from gpreader.store import AnnotationStore
from gpreader.store.attributes import (
    Attribute,
    Condition,
    attribute_key,
    parse_condition,
    typed_value,
)
from tests.old_schema import schema_at

A = "000_457775139af1eb7c.txt"
B = "001_cf2217d43cbec0e3.txt"
C = "002_1cf731f5e7a28a3f.txt"


def test_sample_articles_carry_importer_attributes(loaded_store: AnnotationStore) -> None:
    attrs = {a.key: a for a in loaded_store.attributes(A)}
    assert attrs["format"] == Attribute("format", "text", "text", "import")
    assert attrs["date"].kind == "date" and attrs["date"].typed == datetime.date(2024, 2, 7)
    assert attrs["words"].kind == "number" and attrs["words"].typed == loaded_store.article(A).words
    assert attrs["title"].value == loaded_store.article(A).title


def test_set_list_delete(loaded_store: AnnotationStore) -> None:
    loaded_store.set_attribute(A, "Publication", "Pulse")
    loaded_store.set_attribute(A, "rating", 4)
    loaded_store.set_attribute(B, "publication", "GP Online")
    by_path = loaded_store.all_attributes()
    pub = next(a for a in by_path[A] if a.key == "publication")
    assert pub == Attribute("publication", "text", "Pulse", "user")
    assert next(a for a in by_path[A] if a.key == "rating").typed == 4
    assert "publication" in loaded_store.attribute_keys()
    assert loaded_store.delete_attribute(A, "publication")
    assert not loaded_store.delete_attribute(A, "publication")
    with pytest.raises(NotFoundError):
        loaded_store.set_attribute("nope.txt", "x", "y")


def test_a_failed_batch_writes_nothing(loaded_store: AnnotationStore) -> None:
    with pytest.raises(NotFoundError):
        loaded_store.set_attributes([(A, "x", "1"), ("nope.txt", "x", "2")])
    assert all(a.key != "x" for a in loaded_store.attributes(A))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-02-07", datetime.date(2024, 2, 7)),
        ("2024-02-30", "2024-02-30"),
        ("12", 12),
        ("-1.5", -1.5),
        ("Pulse", "Pulse"),
        ("  x ", "x"),
    ],
)
def test_typed_value(raw: str, expected: object) -> None:
    assert typed_value(raw) == expected


def test_attribute_key() -> None:
    assert attribute_key("Word Count") == "word_count"
    assert attribute_key(" Source/Publication ") == "source_publication"
    with pytest.raises(InvalidInputError):
        attribute_key(" - ")


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("publication=pulse", Condition("publication", "=", "pulse")),
        ("date>=2024-01", Condition("date", ">=", "2024-01")),
        ("Word Count < 500", Condition("word_count", "<", "500")),
        ("author~smith", Condition("author", "~", "smith")),
        ("x!=y", Condition("x", "!=", "y")),
    ],
)
def test_parse_condition(text: str, condition: Condition) -> None:
    assert parse_condition(text) == condition


@pytest.mark.parametrize("text", ["publication", "=pulse", "date>=", ""])
def test_bad_conditions(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_condition(text)


def test_conditions_select_articles(loaded_store: AnnotationStore) -> None:
    s = loaded_store
    s.set_attributes([(A, "publication", "Pulse"), (B, "publication", "pulse"), (C, "pages", 12)])
    s.set_attribute(C, "publication", "GP Online")
    dates = {p: s.article(p).date for p in (A, B, C)}

    def paths(text: str) -> set[str]:
        return set(s.paths_matching(parse_condition(text)))

    assert paths("publication=PULSE") == {A, B}
    assert paths("publication~online") == {C}
    assert C not in paths("publication!=gp online") and A in paths("publication!=gp online")
    assert paths("pages>=12") == {C} and paths("pages>9") == {C} and not paths("pages<12")
    month = dates[A][:7]
    assert A in paths(f"date={month}") and A in paths(f"date>={month}")
    assert A not in paths(f"date<{month}")
    assert A in paths(f"date<={month}")  # the whole month counts
    assert {p for p, d in dates.items() if d and d >= "2024-01"} <= paths("date>=2024-01")


# -- migration from a version-5 database ---------------------------------------------------


def test_migration_gives_existing_articles_their_attributes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v5.db"
    with schema_at(monkeypatch, 5):  # the code path of version 5
        AnnotationStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        """INSERT INTO articles (id, path, sha256, text, title, date, words, missing)
           VALUES (1, 'a.txt', 'x', 'A\n\nText.', 'A', '2024-02-07', 2, 0),
                  (2, 'b.MD', 'y', 'B\n\nText.', 'B', NULL, 2, 0)"""
    )
    conn.commit()
    conn.close()
    with AnnotationStore(path) as store:
        a = {x.key: (x.kind, x.value) for x in store.attributes("a.txt")}
        b = {x.key: (x.kind, x.value) for x in store.attributes("b.MD")}
        assert a == {
            "date": ("date", "2024-02-07"),
            "format": ("text", "text"),
            "title": ("text", "A"),
            "words": ("number", "2"),
        }
        assert b["format"] == ("text", "markdown") and "date" not in b
        assert store.paths_matching(parse_condition("words>=2")) == ["a.txt", "b.MD"]
