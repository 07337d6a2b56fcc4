"""News-database exports: each fixture splits into the stated articles with their metadata."""

from __future__ import annotations

import datetime
import re

import pytest

from gpreader.corpus.importers import Conversion, Skipped
from gpreader.corpus.importers.factiva import FactivaImporter
from gpreader.corpus.importers.nexis import NexisImporter, split_uni
from gpreader.corpus.importers.office import DocxImporter
from tests.conftest import shared_path
from tests.unit.import_fixtures import Score, collapse, convert, expected

# (folder, file, importer name, articles): the count each fixture's expected.json states (for
# the Factiva downloads without tests, the count of accession numbers the collector saw).
COUNTS = [
    ("ingest", "ln-amcat-mixed.txt", "nexis", 26),
    ("ingest", "ln-amcat-telegraaf.txt", "nexis", 2),
    ("ingest", "ln-sun.html", "nexis", 32),
    ("ingest", "nexisuni-lnt.docx", "nexis", 10),
    ("ingest", "factiva-amcat-sudost.htm", "factiva", 9),
    ("ingest", "factiva-paper.rtf", "factiva", 55),
    ("ingest", "apa-online.rtf", "apa", 38),
    ("ingest-more", "ln-lnt-sample.txt", "nexis", 10),
    ("ingest-more", "ln-amcat-pioneer.txt", "nexis", 1),
    ("ingest-more", "ln-afp.html", "nexis", 74),
    ("ingest-more", "factiva-paper.txt", "factiva", 55),
    ("ingest-more", "factiva-reuters.txt", "factiva", 2),
    ("ingest-more", "factiva-temis-anon.html", "factiva", 2),
    ("ingest-more", "apa-onlinemanager.rtf", "apa", 20),
]


def _convert(folder: str, name: str) -> Conversion:
    return convert(shared_path("fixtures", folder, "news-db", name))


@pytest.mark.parametrize(("folder", "name", "fmt", "count"), COUNTS)
def test_export_splits_into_the_stated_articles(
    folder: str, name: str, fmt: str, count: int
) -> None:
    conversion = _convert(folder, name)
    assert conversion.source_format == fmt
    assert len(conversion.documents) == count
    keys = [d.key for d in conversion.documents]
    assert len(set(keys)) == len(keys)  # every article has its own address in the file
    for document in conversion.documents:
        assert document.text.strip(), "no article has an empty body"
        assert document.attributes.get("publication") or fmt == "factiva"


@pytest.mark.parametrize("name", ["ln-sun.html"])
def test_no_empty_headline(name: str) -> None:
    documents = _convert("ingest", name).documents
    assert all(d.title for d in documents)


def _date(value: object) -> str:
    assert isinstance(value, datetime.date)
    return value.isoformat()


def test_lexisnexis_text_articles_have_their_stated_fields() -> None:
    """AmCAT edited some articles of this file into edge cases (no date line, a copyright
    line as the publication, a URL before the headline); most fields must still match."""
    facts = expected(shared_path("fixtures", "ingest", "news-db"))["ln-amcat-mixed.txt"]
    documents = _convert("ingest", "ln-amcat-mixed.txt").documents
    assert len(documents) == len(facts["articles"])
    score = Score()
    for document, stated in zip(documents, facts["articles"], strict=True):
        where = f"article {document.key}"
        when = document.attributes.get("date")
        ok = isinstance(when, datetime.date) and when.isoformat() == stated["date"][:10]
        score.check(ok, f"{where}: date {when}")
        publication = document.attributes.get("publication")
        score.check(publication == stated["medium"], f"{where}: publication {publication!r}")
        if stated["title"] != "No title found!":
            ok = collapse(document.title or "").startswith(collapse(stated["title"]))
            score.check(ok, f"{where}: title {document.title!r}")
        if "length_int" in stated:
            length = document.attributes.get("length")
            score.check(length == stated["length_int"], f"{where}: length {length}")
        if not re.match(r"[A-Z-]+:", stated["text"]):  # a field AmCAT keeps as text
            ok = collapse(stated["text"])[:40] in collapse(document.text)
            score.check(ok, f"{where}: text")
        assert "LOAD-DATE:" not in document.text
    print(f"\nln-amcat-mixed.txt: {score.passed}/{score.total} fields match", *score.failures)
    assert score.share >= 0.9, score.failures


def test_lexisnexis_dutch_labels_give_the_headline() -> None:
    documents = _convert("ingest", "ln-amcat-telegraaf.txt").documents
    titles = [d.title for d in documents]
    assert titles == ["Gretta Duisenberg oprichtster van Palestina-groep", "Der zweite Überschrift"]


def test_lexisnexis_sample_has_the_stated_fields() -> None:
    facts = expected(shared_path("fixtures", "ingest-more", "news-db"))["ln-lnt-sample.txt"]
    documents = _convert("ingest-more", "ln-lnt-sample.txt").documents
    for document, stated in zip(documents, facts["articles"], strict=True):
        assert document.attributes["publication"] == stated["Newspaper"]
        assert _date(document.attributes["date"]) == stated["Date"][:10]
        assert document.attributes["length"] == int(
            str(stated["Length"]).split()[0].replace(",", "")
        )
        assert collapse(stated["Article"])[:60] in collapse(document.text)


def test_factiva_browser_page_first_article() -> None:
    facts = expected(shared_path("fixtures", "ingest", "news-db"))["factiva-amcat-sudost.htm"]
    stated = facts["articles"][0]
    document = _convert("ingest", "factiva-amcat-sudost.htm").documents[0]
    assert document.title == stated["title"]
    assert _date(document.attributes["date"]) == stated["date"]
    assert document.attributes["publication"] == stated["medium"]
    assert document.attributes["author"] == stated["author"]
    assert document.attributes["length"] == stated["length_words"]
    assert document.attributes["page"] == stated["page"]
    for text in stated["text_contains"]:
        assert text in document.text
    assert "©" not in document.text  # the copyright line is left out


def test_factiva_zofinger_article() -> None:
    documents = _convert("ingest-more", "factiva-amcat-zofinger.htm").documents
    (found,) = [d for d in documents if d.title == "Das ganze volle Leben in der Zeitung"]
    assert _date(found.attributes["date"]) == "2011-08-10"
    assert found.attributes["length"] == 569
    assert found.attributes["publication"] == "Zofinger Tagblatt"
    assert "page" not in found.attributes


def test_factiva_rtf_and_txt_of_one_download_agree() -> None:
    from_rtf = _convert("ingest", "factiva-paper.rtf").documents
    from_txt = _convert("ingest-more", "factiva-paper.txt").documents
    assert [d.key for d in from_rtf] == [d.key for d in from_txt]
    assert [d.title for d in from_rtf] == [d.title for d in from_txt]
    first = from_txt[0]
    assert first.key == "gmes000020010810dw47004yg"
    assert first.title == "Norsk to set up paper factory in Brazil."
    assert _date(first.attributes["date"]) == "2000-04-07"
    assert first.attributes["publication"] == "Gazeta Mercantil"


def test_factiva_tagged_text_with_tabs() -> None:
    documents = _convert("ingest-more", "factiva-reuters.txt").documents
    assert [d.title for d in documents] == [
        "Apple stock could jump 10 percent in 6 months -Barron's",
        "REFILE-TSMC says to decide on U.S. chip plant next year",
    ]
    assert documents[0].key == "LBA0000020170319ed3j00q06"
    assert _date(documents[0].attributes["date"]) == "2017-03-19"
    assert documents[0].attributes["publication"] == "Reuters News"


def test_factiva_table_layout_in_french() -> None:
    documents = _convert("ingest-more", "factiva-temis-anon.html").documents
    assert [d.key for d in documents] == ["TESTFR0020111229e7ct0001r", "TESTFR0020111229e7ct0015j"]
    assert [_date(d.attributes["date"]) for d in documents] == ["2011-12-29"] * 2
    assert [d.title for d in documents] == ["Test 1", "Test 2"]


def test_nexis_uni_docx_articles() -> None:
    documents = _convert("ingest", "nexisuni-lnt.docx").documents
    first = documents[0]
    assert first.attributes["publication"] == "The Guardian(London)"
    assert _date(first.attributes["date"]) == "2019-07-01"
    assert first.attributes["length"] == 355
    assert first.attributes["section"] == "POLITICS"
    assert "Mattha Busby" in str(first.attributes["author"])
    assert "End of Document" not in first.text and "Job Number" not in first.text


def test_nexis_uni_cover_only_has_no_articles() -> None:
    path = shared_path("fixtures", "ingest-more", "news-db", "nexisuni-lnt-coveronly.docx")
    conversion = DocxImporter().convert(path.read_bytes(), path.name)
    assert conversion.source_format == "docx"  # not an export: an ordinary one-line document
    with pytest.raises(Skipped, match="no articles found to parse"):
        split_uni(conversion.documents[0].text)


def test_claims_by_content() -> None:
    assert FactivaImporter().claims("x.txt", b"\n HD\tHeadline\n WC\t10 words\n PD\t7 May 2020\n")
    assert not FactivaImporter().claims("x.txt", b"Plain notes\n")
    # an article that names the database is no export
    assert not FactivaImporter().claims("story.txt", b"Figures from Factiva show...\nHD\n")
    assert NexisImporter().claims("x.txt", b"\n      1 of 3 DOCUMENTS\n")
    assert not NexisImporter().claims("x.pdf", b"      1 of 3 DOCUMENTS")


def test_claims_look_at_line_starts_only() -> None:
    """The field codes and the numbering count at the start of any line, the first too,
    whatever the line endings, and nowhere else."""
    factiva, nexis = FactivaImporter(), NexisImporter()
    assert factiva.claims("x.txt", b"HD\tHeadline\r\nWC\t10 words\r\n\tPD\t7 May 2020\r\n")
    assert factiva.claims("x.txt", b"SN|Pulse\nSN|Pulse\nHD|A\nBY|B")
    assert not factiva.claims("x.txt", b"SN|Pulse\nSN|Pulse\nHD|A\nxBY|B")  # two codes only
    assert not factiva.claims("x.txt", b"A HD\tx\nA WC\ty\nA PD\tz\n")
    assert nexis.claims("x.txt", b"1 of 3 DOCUMENTS\r\n")
    assert nexis.claims("x.txt", b"Cover page\r\n \t2 OF 3 documents\r\n")
    assert not nexis.claims("x.txt", b"Cover page: 2 of 3 DOCUMENTS\r\n")


def test_apa_articles_and_umlauts() -> None:
    documents = _convert("ingest", "apa-online.rtf").documents
    first = documents[0]
    assert first.title == "Doskozil: Nein zu Superministerium"
    assert first.attributes["publication"] == "Kurier.at"
    assert _date(first.attributes["date"]) == "2017-12-28"
    assert "Ohrenstöpsel" in first.text  # UTF-8 inside the RTF, read as such
    more = _convert("ingest-more", "apa-onlinemanager.rtf").documents
    stated = "Eine Urne als Glücksbringer des Hauses der Geschichte"
    assert any(stated in d.text for d in more)
    assert more[0].attributes["section"] == "Politik" and more[0].attributes["page"] == 2
