"""The corpus core: decoding, discovery, loading and the structure of the sample articles."""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.corpus import files as corpus
from gpreader.models import Article, Span
from gpreader.text import canonical

SAMPLES = Path(__file__).resolve().parents[2] / "articles"
NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))
LINE_KINDS = ("title", "heading", "paragraph", "furniture", "comment_header")
KIND_ORDER = ("comment", "comment_header", "title", "heading", "paragraph", "furniture", "sentence")


def sample(prefix: str) -> Article:
    name = next(n for n in NAMES if n.startswith(prefix))
    return corpus.load_article(SAMPLES, name)


def texts(article: Article, kind: str, section: str | None = None) -> list[str]:
    return [
        article.text[s.start : s.end]
        for s in article.spans_of(kind)  # type: ignore[arg-type]
        if section is None or s.section == section
    ]


def sentence_texts(body: str) -> list[str]:
    text = f"Headline\n\n{body}"
    return [text[s.start : s.end] for s in corpus.parse(text).spans if s.kind == "sentence"]


# --- the five samples -------------------------------------------------------------------------


def test_five_samples_are_found() -> None:
    assert [rel for rel, _ in corpus.discover(SAMPLES)] == NAMES
    assert len(NAMES) == 5


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("000", "Labour promises collaborative GP contract negotiations with "
         "‘a lot to be optimistic about’"),
        ("001", "Labour to prioritise GP recruitment and keep independent contractors"),
        ("003", "Major government review suggests an end to a national GP contract"),
    ],
)  # fmt: skip
def test_headline_is_the_title(prefix: str, title: str) -> None:
    article = sample(prefix)
    assert article.title == title
    assert texts(article, "title") == [title]


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_repeated_headline_is_furniture(prefix: str) -> None:
    article = sample(prefix)
    furniture = texts(article, "furniture")
    assert furniture[0] == "This site is intended for health professionals only"
    assert furniture[1] == article.title
    assert article.text.count(article.title) == 2


@pytest.mark.parametrize(
    ("prefix", "first_words"),
    [("002", "The GP partnership model is ‘in decline’"), ("004", "Primary care minister")],
)
def test_title_without_headline_is_the_shortened_first_sentence(
    prefix: str, first_words: str
) -> None:
    article = sample(prefix)
    assert article.title.startswith(first_words)
    assert article.title.endswith("…")
    assert len(article.title) <= 81
    assert not article.spans_of("title")
    first = article.paragraphs[0]
    assert first.start == 0 and first.section == "body"
    assert article.text.startswith("Exclusive " if prefix == "004" else first_words)


@pytest.mark.parametrize(
    ("prefix", "paragraphs"), [("000", 25), ("001", 21), ("002", 23), ("003", 27), ("004", 18)]
)
def test_body_paragraphs(prefix: str, paragraphs: int) -> None:
    article = sample(prefix)
    body = texts(article, "paragraph", "body")
    assert len(body) == paragraphs
    assert all(body)
    assert article.words > 500


def test_comments_of_000() -> None:
    article = sample("000")
    assert article.comments == 5
    headers = article.spans_of("comment_header")
    assert [h.author for h in headers] == [
        "David Church",
        "christine harvey",
        "So the bird flew away",
        "Dave Haddock",
        "Just My Opinion",
    ]
    assert headers[0].date == "2024-02-07T12:04"
    assert headers[1].date == "2024-02-07T19:45"
    assert headers[-1].date == "2024-02-09T09:54"
    last = article.spans_of("comment")[-1]
    assert article.text[last.start : last.end].endswith("The government created this problem.")
    assert last.end == len(article.text)


def test_comments_of_003_match_the_count_in_the_page() -> None:
    article = sample("003")
    stated = re.search(r"READERS' COMMENTS \[(\d+)\]", article.text)
    assert stated and int(stated[1]) == article.comments == 16
    authors = [h.author for h in article.spans_of("comment_header")]
    assert {"Turn out The Lights", 'Some" Bloke', "Dr No", "A Non"} <= set(authors)
    assert authors[-1] == "Dave Haddock"
    assert texts(article, "paragraph", "comments")[-1] == "Dr James Sherifi”"


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_articles_without_comments(prefix: str) -> None:
    article = sample(prefix)
    assert article.comments == 0
    assert not texts(article, "paragraph", "comments")


def test_comment_spans_hold_header_and_text() -> None:
    for prefix in ("000", "003"):
        article = sample(prefix)
        comments = article.spans_of("comment")
        for comment, header in zip(comments, article.spans_of("comment_header"), strict=True):
            assert (comment.start, comment.author, comment.date) == (
                header.start,
                header.author,
                header.date,
            )
            assert header.end < comment.end
        for paragraph in (s for s in article.paragraphs if s.section == "comments"):
            assert any(c.start < paragraph.start and paragraph.end <= c.end for c in comments)


def test_furniture_and_related_links_of_001() -> None:
    article = sample("001")
    furniture = texts(article, "furniture")
    assert furniture[:5] == [
        "Have you registered with us yet?",
        "Register now to enjoy more articles and free email bulletins",
        "Already registered?",
        "Sign in",
        "Just published",
    ]
    assert furniture[-1].startswith("The government is to set out a strategy")
    assert "Podcast: Why are junior doctors preparing to strike?" in furniture
    last_body = max(s.end for s in article.spans if s.section == "body")
    assert last_body < article.text.index("Have you registered")


def test_comment_furniture_of_000() -> None:
    furniture = texts(sample("000"), "furniture")
    assert "READERS' COMMENTS [5]" in furniture
    assert "Please note, only GPs are permitted to add comments to articles" in furniture


def test_headings_of_001() -> None:
    article = sample("001")
    assert texts(article, "heading") == [
        "Andy Burnham: pledge to recruit GPs (Photo: Alex Deverill)",
        "Labour pledges NHS funding rise",
        "Independent contractors to stay",
        "Investment in general practice",
    ]
    assert "Labour pledges NHS funding rise" not in texts(article, "paragraph")


def test_headings_elsewhere() -> None:
    assert texts(sample("003"), "heading") == ["Key recommendations from the Hewitt report"]
    for prefix in ("000", "002", "004"):
        assert texts(sample(prefix), "heading") == []


@pytest.mark.parametrize(
    ("prefix", "date"),
    [("000", "2024-02-07"), ("001", None), ("002", None), ("003", "2023-04-04"), ("004", None)],
)
def test_dates(prefix: str, date: str | None) -> None:
    assert sample(prefix).date == date


def test_sentences_keep_mr_and_curly_quotes_together() -> None:
    sentences = texts(sample("000"), "sentence")
    assert (
        "‘GP contract reform will be just one of those things, just in terms of the cycle, that "
        "will come up early after the next general election,’ Mr Streeting said."
    ) in sentences
    assert not any(s.endswith("Mr") or s.startswith("Streeting") for s in sentences)
    combat = next(s for s in sentences if "hand-to-hand combat." in s)
    assert combat.endswith("combat.’") and combat.startswith("‘And actually")
    assert "He added: ‘I think we will give GPs an awful lot to be optimistic about." in sentences
    assert (
        "Also, sometimes patients want to see GPs for problems another staff member can deal "
        "with eg. A wound dressing." in sentences
    )
    assert "His comments come as the BMA" in next(s for s in sentences if "1.9% baseline" in s)


def test_sentences_of_003_comments() -> None:
    sentences = texts(sample("003"), "sentence", "comments")
    assert "No." in sentences  # "No. They want the data" is two sentences
    assert "Aprils fool is lasting a long time this year.Does this no mean now" in " ".join(
        sentences
    )
    assert "It is achieved by public health; ie primary prevention." in sentences


@pytest.mark.parametrize("name", NAMES)
def test_span_invariants(name: str) -> None:
    article = corpus.load_article(SAMPLES, name)
    text = article.text
    for span in article.spans:
        assert 0 <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        assert (span.author is not None) == (span.kind in ("comment", "comment_header"))
    keys = [(s.start, KIND_ORDER.index(s.kind)) for s in article.spans]
    assert keys == sorted(keys)
    lines = [s for s in article.spans if s.kind in LINE_KINDS]
    for before, after in pairwise(lines):
        assert before.end < after.start
        assert "\n" in text[before.end : after.start]
    assert_sentences_tile(text, article.spans)
    covered = {i for s in lines for i in range(s.start, s.end)}
    assert all(ch.isspace() for i, ch in enumerate(text) if i not in covered)


def assert_sentences_tile(text: str, spans: tuple[Span, ...]) -> None:
    """Every paragraph and heading is tiled by its sentences, separated only by whitespace."""
    sentences = [s for s in spans if s.kind == "sentence"]
    blocks = [s for s in spans if s.kind in ("paragraph", "heading")]
    for block in blocks:
        inside = [s for s in sentences if block.start <= s.start and s.end <= block.end]
        assert inside, text[block.start : block.end]
        assert inside[0].start == block.start and inside[-1].end == block.end
        assert all(s.section == block.section for s in inside)
        for a, b in pairwise(inside):
            assert a.end < b.start and text[a.end : b.start].isspace()
    for sentence in sentences:
        assert sum(b.start <= sentence.start and sentence.end <= b.end for b in blocks) == 1


def test_article_identity_fields() -> None:
    article = sample("003")
    path = SAMPLES / article.path
    assert article.sha256 == corpus.sha256_text(article.text)
    assert article.encoding == "utf-8"
    assert article.size == path.stat().st_size
    assert article.mtime_ns == path.stat().st_mtime_ns
    assert article.text == path.read_text(encoding="utf-8")


# --- parse on small texts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Smith met Prof. Jones. Then Mr. Brown left.",
         ["Dr Smith met Prof. Jones.", "Then Mr. Brown left."]),
        ("Costs rose 1.9% to £1.25bn. It is a lot.",
         ["Costs rose 1.9% to £1.25bn.", "It is a lot."]),
        ("Use e.g. Aspirin, i.e. This one. Done.", ["Use e.g. Aspirin, i.e. This one.", "Done."]),
        ("He lives at No. 10 Downing Street. No. He does not.",
         ["He lives at No. 10 Downing Street.", "No.", "He does not."]),
        ("She said ‘it is over.’ Then left!  Really? “Yes.” (Fine.) Ok",
         ["She said ‘it is over.’", "Then left!", "Really?", "“Yes.”", "(Fine.)", "Ok"]),
        ("Wait... What? J. K. Rowling wrote it. vs. them",
         ["Wait...", "What?", "J. K. Rowling wrote it. vs. them"]),
        ("lower. case stays. 3 starts one.", ["lower. case stays.", "3 starts one."]),
        ("Élan. Über alles. ñ stays.", ["Élan.", "Über alles. ñ stays."]),
    ],
)  # fmt: skip
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_headline_needs_a_blank_line_or_a_repeat() -> None:
    assert corpus.parse("Short headline\n\nBody text here.").title == "Short headline"
    assert corpus.parse("Is this a question?\nIs this a question?\nBody.").title == (
        "Is this a question?"
    )
    single = corpus.parse("Short line no stop\nBody text follows on the next line.")
    assert single.title == "Short line no stop" and not [
        s for s in single.spans if s.kind == "title"
    ]
    assert corpus.parse("A sentence ends.\n\nAnother.").title == "A sentence ends."


def test_derived_title_is_cut_at_a_word_boundary() -> None:
    text = "Exclusive " + "word " * 40 + "end."
    title = corpus.parse(text).title
    assert title.startswith("word word") and title.endswith("word…") and len(title) <= 80
    assert corpus.parse("Exclusive: Short story here.\nMore.").title == "Short story here."


@pytest.mark.parametrize(
    ("body", "date"),
    [
        ("Published 7 February, 2024 by us.", "2024-02-07"),
        ("Published 7 February 2024.", "2024-02-07"),
        ("Published February 7, 2024.", "2024-02-07"),
        ("Published 2024-02-07.", "2024-02-07"),
        ("On 31 February 2024 nothing; on 1st Sept 2023 something.", "2023-09-01"),
        ("In 2024 and 2025/26 nothing dated.", None),
    ],
)
def test_date_formats(body: str, date: str | None) -> None:
    assert corpus.parse(f"Headline\n\n{body}").date == date


def test_date_falls_back_to_the_earliest_comment() -> None:
    text = (
        "Headline\n\nBody.\n\nREADERS' COMMENTS [2]\n\n"
        "B Writer 9 March, 2024 1:00 am\n\nLater.\n\nA Writer 8 March, 2024 11:59 pm\n\nEarlier."
    )
    found = corpus.parse(text)
    assert found.date == "2024-03-08" and found.comments == 2
    assert [s.date for s in found.spans if s.kind == "comment"] == [
        "2024-03-09T01:00",
        "2024-03-08T23:59",
    ]
    assert found.words == 2  # "Headline" and "Body": comments and furniture do not count


def test_comment_headers_only_after_the_comments_marker() -> None:
    byline = "Jane Smith 7 February, 2024 12:04 pm"
    assert corpus.parse(f"Headline\n\n{byline}\n\nBody.").comments == 0


def test_words_join_apostrophes() -> None:
    assert corpus.parse("Title here\n\nGPs’ data isn't Labour’s.").words == 2 + 4


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "   \t  ",
        "x",
        "Sign in",
        "READERS' COMMENTS [3]",
        "Just published\n\nA\nB",
        "a" * 100_000,
        "Mr. " * 10_000,
        "שלום עולם. مرحبا بالعالم. 你好。😀 e\u0301\u0301 Z\u0336a\u0336.",
        "\u2028\u2029\ufeff\ufffd. \u00a0A.",
        "Headline\nHeadline",
    ],
)
def test_parse_never_raises_on_odd_text(text: str) -> None:
    found = corpus.parse(text)
    assert all(0 <= s.start <= s.end <= len(text) for s in found.spans)


def test_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "only-furniture.txt").write_text("Sign in\n\nAlready registered?\n")
    article = corpus.load_article(tmp_path, "only-furniture.txt")
    assert article.title == "only-furniture"
    assert article.words == 0


# --- decoding ---------------------------------------------------------------------------------


def test_decode_cp1252() -> None:
    assert corpus.decode(b"\x93quoted\x94 costs \xa35 \x96 it\x92s") == (
        "“quoted” costs £5 – it’s",
        "cp1252",
    )


def test_decode_utf8_with_bom_and_crlf() -> None:
    text, encoding = corpus.decode("\ufeffTitle\r\n\r\nBody £5.\r\n".encode())
    assert (text, encoding) == ("Title\n\nBody £5.\n", "utf-8-sig")


def test_decode_plain_utf8_and_lone_cr() -> None:
    assert corpus.decode("£\rb\r\rc".encode()) == ("£\nb\n\nc", "utf-8")


def test_controls_are_replaced_one_for_one() -> None:
    raw = "a\x1bb\x07c\x85d\x7fe\tf\ng\x9fh"
    text = canonical(raw)
    assert text == "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng\ufffdh"
    assert len(text) == len(raw)
    assert canonical("x\r\ny\rz\x0b") == "x\ny\nz\ufffd"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n  ", "empty file"),
        ("\ufeff\u00a0\n".encode(), "empty file"),
        (b"text\x00more", "binary file (NUL bytes)"),
        (b"\x81\x8d\x8f\x90\x9d", "not valid UTF-8 or cp1252"),
    ],
)
def test_decode_skips(data: bytes, reason: str) -> None:
    with pytest.raises(corpus.SkipFile, match=re.escape(reason)):
        corpus.decode(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"PK\x03\x04\x00\x00", "binary file"),
        (b"\x81\x8d\x8f\x90\x9d", "not valid UTF-8 or cp1252"),
    ],
)
def test_load_article_skips(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "a.txt").write_bytes(data)
    with pytest.raises(corpus.SkipFile, match=re.escape(reason)):
        corpus.load_article(tmp_path, "a.txt")


def test_oversized_file_is_skipped_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.txt").write_bytes(b"Headline\n\n" + b"x" * 2000)
    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read an oversized file"))
    with pytest.raises(corpus.SkipFile, match=r"^too large: over the .* cap \(.* MB\);"):
        corpus.load_article(tmp_path, "big.txt")


def test_size_cap_message() -> None:
    assert corpus.MAX_FILE_BYTES == 16 * 1024 * 1024
    assert corpus._megabytes(corpus.MAX_FILE_BYTES) == "16 MB"
    assert corpus._megabytes(18_035_000) == "17.2 MB"


def test_missing_file_is_skipped(tmp_path: Path) -> None:
    with pytest.raises(corpus.SkipFile, match="cannot read file"):
        corpus.load_article(tmp_path, "gone.txt")


def test_five_megabyte_article_loads(tmp_path: Path) -> None:
    one = (SAMPLES / NAMES[3]).read_text(encoding="utf-8") + "\n\n"
    copies = 5 * 1024 * 1024 // len(one.encode()) + 1
    (tmp_path / "huge.txt").write_text(one * copies, encoding="utf-8")
    article = corpus.load_article(tmp_path, "huge.txt")
    assert article.size > 5 * 1024 * 1024
    assert article.title == sample("003").title
    assert article.comments == 16 * copies


# --- discovery --------------------------------------------------------------------------------


def make_tree(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    for rel in ("b.md", "a.txt", "sub/d.txt", "sub/deeper/e.TXT", ".hidden/h.txt", ".h.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("Headline\n\nBody.\n")
    (root / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "outside.txt").write_text("secret")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "outside.txt", root / "out.txt")
    os.symlink(tmp_path / "elsewhere", root / "outdir")
    os.symlink(root, root / "sub" / "loop")
    os.symlink(root / "sub", root / "again")
    os.symlink(root / "a.txt", root / "link.txt")
    os.symlink(root / "missing.txt", root / "broken.txt")
    os.symlink(root / "x1", root / "x2")
    os.symlink(root / "x2", root / "x1")
    return root


def test_discover(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    found = dict(corpus.discover(root))
    assert list(found) == sorted(found)
    files = {rel: item for rel, item in found.items() if isinstance(item, Path)}
    skipped = {rel: str(item) for rel, item in found.items() if isinstance(item, corpus.SkipFile)}
    # every file is listed: the importers decide which they read (notes.pdf is reported later)
    assert sorted(files) == [
        "a.txt",
        "b.md",
        "link.txt",
        "notes.pdf",
        "sub/d.txt",
        "sub/deeper/e.TXT",
    ]
    assert files["sub/d.txt"] == root.resolve() / "sub" / "d.txt"
    assert skipped == {
        "again": "symlink to a folder already included",
        "broken.txt": "broken symlink",
        "out.txt": "symlink points outside the articles folder",
        "outdir": "symlink points outside the articles folder",
        "sub/loop": "symlink loop",
        "x1": "symlink loop",
        "x2": "symlink loop",
    }
    assert corpus.load_article(root, "link.txt", files["link.txt"]).title == "Headline"


def test_discover_follows_a_link_to_a_hidden_folder_once(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / ".store").mkdir(parents=True)
    (root / ".store" / "a.txt").write_text("A")
    os.symlink(root / ".store", root / "shelf")
    os.symlink(root / ".store", root / "shelf2")
    assert [(rel, str(item)) for rel, item in corpus.discover(root)] == [
        ("shelf/a.txt", str(root.resolve() / "shelf" / "a.txt")),
        ("shelf2", "symlink to a folder already included"),
    ]


def test_discover_sorts_across_folders(tmp_path: Path) -> None:
    for rel in ("a/x.txt", "a.txt", "a-b.txt", "B.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [rel for rel, _ in corpus.discover(tmp_path)] == ["B.txt", "a-b.txt", "a.txt", "a/x.txt"]


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_only_ever_skips(data: bytes) -> None:
    try:
        text, encoding = corpus.decode(data)
    except corpus.SkipFile:
        return
    assert encoding in ("utf-8", "utf-8-sig", "cp1252")
    assert "\r" not in text and text.strip()


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300).filter(
        lambda s: "\x00" not in s and s.strip() and not s.startswith("\ufeff")
    )
)
def test_utf8_text_decodes_to_its_canonical_form(text: str) -> None:
    assert corpus.decode(text.encode("utf-8")) == (canonical(text), "utf-8")


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(), st.sampled_from(list("\n\n\n  .!?’‘“”'\"()MrDNo:,…")), st.just("\r")
        ),
        max_size=400,
    )
)
def test_parse_never_raises(text: str) -> None:
    found = corpus.parse(text)
    assert all(0 <= s.start <= s.end <= len(text) for s in found.spans)
    assert found.comments == sum(1 for s in found.spans if s.kind == "comment")
    parsed = corpus.parse(canonical(text))
    assert_sentences_tile(canonical(text), parsed.spans)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([b"\r", b"\r\n", b"\n", b"\t", b"\x1b", b"\x7f", b"\xc2\x85"]),
            st.sampled_from([b"\xc2\xa0", b"\xc2\x9f", b"\x80", b"\x9d", b"\xe2\x80\x99"]),
            st.binary(max_size=4),
            st.just(b"word "),
        ),
        max_size=40,
    ).map(b"".join)
)
def test_decoded_text_is_canonical_whatever_the_bytes(data: bytes) -> None:
    """Bytes with controls, CR, C1 controls in UTF-8 and cp1252's high bytes: the text is
    always the canonical form of the bytes decoded."""
    try:
        text, encoding = corpus.decode(data)
    except corpus.SkipFile:
        return
    raw = data[3:] if encoding == "utf-8-sig" else data
    assert text == canonical(raw.decode(encoding.replace("-sig", "")))
