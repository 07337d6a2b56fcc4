"""Corpus search on the sample articles: typos, folding, phrases, filters, notes, safety; and
SearchIndex: its caches follow changes, belong to one database, and search/ leaves SQL about
articles, highlights and tags to the store."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpreader.corpus import sync as library
from gpreader.search import Hit, SearchIndex, parse
from gpreader.search import index as search_index
from gpreader.store import AnnotationStore

SEARCH_SRC = Path(__file__).resolve().parents[2] / "src" / "gpreader" / "search"

A000 = "000_457775139af1eb7c.txt"  # Labour promises ... (comments)
A003 = "003_24c3c5c25ddb21cc.txt"  # national GP contract review (many comments)
A004 = "004_b8ee73ebef15a597.txt"  # Kinnock on partnerships ("it’s about integration")


def search(store: AnnotationStore, query: str, limit: int = 50) -> list[Hit]:
    """A search by a new SearchIndex (nothing cached from an earlier call)."""
    return SearchIndex(store).search(query, limit=limit)


def find_in_article(store: AnnotationStore, path: str, query: str) -> list[Hit]:
    return SearchIndex(store).find_in_article(path, query)


def _flat(text: str) -> str:
    return " ".join(search_index.fold_words(text))


def _top(store: AnnotationStore, query: str, n: int = 5) -> list[Hit]:
    return search(store, query, limit=n)


def _assert_consistent(store: AnnotationStore, hits: list[Hit]) -> None:
    """Every hit's offsets point into its article; its matched words lie inside its text."""
    for h in hits:
        text = store.article(h.article).text
        assert text[h.start : h.end] == h.text
        assert text[h.context_start : h.context_end] == h.context
        assert h.context_start <= h.start < h.end <= h.context_end
        for a, b in h.terms:
            assert 0 <= a < b <= len(h.text)


# -- what it finds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("contarct", "contract"),
        ("partnersip", "partnership"),
        ("contrcat", "contract"),
        ("partnerhsip", "partnership"),
        ("negotations", "negotiations"),
    ],
)
def test_a_misspelt_word_finds_the_word(loaded_store: AnnotationStore, query: str, word: str):
    hits = _top(loaded_store, query)
    assert hits and all(word in _flat(h.text).split() for h in hits)
    for h in hits:
        assert any(_flat(h.text[a:b]) == word for a, b in h.terms)
    _assert_consistent(loaded_store, hits)


def test_three_letter_words_get_one_edit_only_when_unknown(loaded_store: AnnotationStore) -> None:
    assert parse("gpx").terms == ("gpx",)
    hits = search(loaded_store, "bmx ")  # not a word of the corpus: "bma" is one edit away
    assert hits and all("bma" in _flat(h.text).split() for h in hits)
    assert search(loaded_store, "xq ") == []  # two letters: no edit
    vocab = SearchIndex(loaded_store)._vocabulary()
    assert vocab is not None and "bma" in vocab and "gps" in vocab
    assert "gps" not in vocab.expand("bma")  # a known 3-letter word is taken as typed


def test_apostrophes_and_case_are_folded(loaded_store: AnnotationStore) -> None:
    hits = _top(loaded_store, "its about integration")
    assert hits[0].article == A004
    assert "it’s about integration" in hits[0].text
    assert [hits[0].text[a:b] for a, b in hits[0].terms][-3:] == ["it’s", "about", "integration"]
    assert _top(loaded_store, "IT’S ABOUT INTEGRATION")[0].start == hits[0].start


def test_accents_are_folded(loaded_store: AnnotationStore) -> None:
    plain = _top(loaded_store, "Streeting")
    assert plain and _top(loaded_store, "Stréeting")[0].start == plain[0].start


def test_typographic_quotes_and_dashes_are_folded(loaded_store: AnnotationStore) -> None:
    dashes = _top(loaded_store, "hand–to–hand combat")  # en dashes in the query
    assert dashes and all("hand-to-hand combat" in h.text for h in dashes)
    curly = _top(loaded_store, "“a lot to be optimistic”")  # curly quotes: a phrase
    assert curly and all("a lot to be optimistic" in h.text for h in curly)
    apostrophe = _top(loaded_store, '"patients\' data - which"')  # the text has ’ and –
    assert apostrophe and "patients’ data – which" in apostrophe[0].text


def test_words_in_any_order_but_together_and_in_order_rank_first(loaded_store) -> None:
    hits = search(loaded_store, "awful lot optimistic", limit=50)
    assert hits[0].score >= hits[-1].score
    best = hits[0]
    assert "awful lot to be optimistic" in best.text
    reverse = search(loaded_store, "optimistic lot awful", limit=50)
    assert {(h.article, h.start) for h in reverse} == {(h.article, h.start) for h in hits}


def test_a_quoted_phrase_must_match_as_a_phrase(loaded_store: AnnotationStore) -> None:
    hits = search(loaded_store, '"national contract"', limit=50)
    assert hits and all("national contract" in _flat(h.text) for h in hits)
    assert search(loaded_store, '"contract national"') == []
    assert search(loaded_store, '"natoinal contract"') == []  # no typos inside quotes
    mixed = search(loaded_store, '"national contract" problem', limit=50)
    assert mixed[0].text == "A national contract is not the problem."


def test_the_last_word_is_a_prefix_while_typing(loaded_store: AnnotationStore) -> None:
    q = parse("national contr")
    assert q.prefix and q.terms == ("national", "contr")
    hits = _top(loaded_store, "national contr")
    assert hits and all("national" in _flat(h.text).split() for h in hits)
    assert not parse("national contr ").prefix  # a space: the word is finished


# -- filters -------------------------------------------------------------------------------------


def test_in_comments_and_in_body(loaded_store: AnnotationStore) -> None:
    comments = search(loaded_store, "contract in:comments", limit=50)
    body = search(loaded_store, "contract in:body", limit=50)
    assert comments and {h.section for h in comments} == {"comments"}
    assert body and {h.section for h in body} == {"body"}


def test_article_filter_is_fuzzy_on_the_title(loaded_store: AnnotationStore) -> None:
    assert {h.article for h in search(loaded_store, "partnership article:Kinnock", limit=50)} == {
        A004
    }
    typo = search(loaded_store, "partnership article:Kinock", limit=50)
    assert {h.article for h in typo} == {A004}
    titles = search(loaded_store, 'article:"labour promises"')
    assert [(h.article, h.section) for h in titles] == [(A000, "title")]
    assert search(loaded_store, "partnership article:zzzzzz") == []


def test_tag_filter_includes_children(loaded_store: AnnotationStore) -> None:
    text = loaded_store.article(A004).text
    start = text.index("It’s about pooling resources.")
    loaded_store.add_highlight(A004, start, start + 10, tags=["policy/contract/gms"])
    other = text.index("If there is a different model")
    loaded_store.add_highlight(A004, other, other + 20, tags=["workforce"])
    for query in ("tag:policy", "tag:policy/contract", "tag:Policy/Contract/GMS", "tag:gms"):
        hits = search(loaded_store, query)
        assert [h.text for h in hits] == ["It’s about pooling resources."], query
    assert [h.text for h in search(loaded_store, "tag:policy pooling")] == [
        "It’s about pooling resources."
    ]
    assert search(loaded_store, "tag:policy different") == []
    assert search(loaded_store, "tag:nosuchtag") == []


def test_has_note_and_notes_and_tag_names_are_searchable(loaded_store: AnnotationStore) -> None:
    text = loaded_store.article(A003).text
    start = text.index("A national contract is a good thing.")
    loaded_store.add_highlight(A003, start, start + 36, note="zebra crossing argument")
    other = text.index("A national contract is not the problem.")
    loaded_store.add_highlight(A003, other, other + 10, tags=["workforce/burnout"])
    noted = search(loaded_store, "has:note")
    assert [h.text for h in noted] == ["A national contract is a good thing."]
    by_note = search(loaded_store, "zebra")
    assert [(h.text, h.via, h.note) for h in by_note] == [
        ("A national contract is a good thing.", "note", "zebra crossing argument")
    ]
    assert search(loaded_store, "zebar crossing")[0].via == "note"  # typos in notes too
    by_tag = search(loaded_store, "burnout")
    assert [(h.text, h.via) for h in by_tag] == [("A national contract is not the problem.", "tag")]
    assert search(loaded_store, "burnot")[0].via == "tag"  # a typo of a tag name
    assert search(loaded_store, "has:note national")[0].start == start


# -- safety ------------------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\t\n ",
    '"',
    '""',
    '" "',
    "'",
    "(",
    ")",
    "()",
    "NEAR(",
    "NEAR(a b, 3)",
    "AND",
    "OR",
    "NOT",
    "a AND",
    "AND OR NOT",
    "*",
    "**",
    "-",
    "--",
    "-contract",
    "contract*",
    "con*tract",
    "^contract",
    "contract:",
    ":",
    "tag:",
    "in:",
    "article:",
    "has:",
    'tag:"',
    'article:"',
    "in:nowhere",
    "has:everything",
    "{words}: contract",
    "words:contract",
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "contract); DELETE FROM highlights; --",
    "%",
    "_",
    "\\",
    "\x00",
    "\ufffd",
    "😀",
    "ᛗᛁᚾ",
    "a" * 5000,
    "contract " * 300,
    '"contract',
    'contract"',
    '"a" "b" "c" "d" "e" "f" "g" "h" "i" "j"',
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_input_is_safe(loaded_store: AnnotationStore, query: str) -> None:
    conn = loaded_store.db.conn
    before = conn.total_changes
    counts = loaded_store.stats()
    hits = search(loaded_store, query)
    _assert_consistent(loaded_store, hits)
    assert find_in_article(loaded_store, A000, query) is not None
    assert conn.total_changes == before and loaded_store.stats() == counts
    if not query.strip():
        assert hits == []


def test_sql_and_fts_syntax_are_plain_words(loaded_store: AnnotationStore) -> None:
    assert search(loaded_store, "NEAR(contract national, 2)")  # finds the words, no syntax
    assert parse('"contract').terms == ("contract",)  # an unclosed quote is ignored


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_random_queries_never_raise_and_point_into_their_articles(
    loaded_store: AnnotationStore, query: str
) -> None:
    hits = search(loaded_store, query, limit=10)
    _assert_consistent(loaded_store, hits)


# -- the index -------------------------------------------------------------------------------


def _unit_ids(store: AnnotationStore, path: str) -> list[int]:
    return [
        r[0]
        for r in store.db.execute(
            """SELECT u.id FROM search_units u JOIN articles a ON a.id = u.article_id
               WHERE a.path = ? ORDER BY u.id""",
            [path],
        )
    ]


def test_a_changed_article_is_reindexed_and_an_unchanged_one_is_not(
    loaded_store: AnnotationStore, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed: list[str] = []
    real = search_index.index_articles

    def spy(conn, articles):  # type: ignore[no-untyped-def]
        indexed.extend(article.path for _, article in articles)
        return real(conn, articles)

    monkeypatch.setattr(search_index, "index_articles", spy)
    before = {p: _unit_ids(loaded_store, p) for p in (A000, A003)}
    path = corpus_dir / A004
    path.write_text(path.read_text() + "\nA quokka was seen near the surgery.\n")
    (corpus_dir / A003).touch()  # a new mtime, the same text: read again, not reindexed
    report = library.refresh(loaded_store, corpus_dir)
    assert report.updated == [A004] and indexed == [A004]
    assert {p: _unit_ids(loaded_store, p) for p in (A000, A003)} == before
    library.refresh(loaded_store, corpus_dir)
    assert indexed == [A004]
    hits = search(loaded_store, "quokka")
    assert [h.article for h in hits] == [A004]
    _assert_consistent(loaded_store, hits)
    assert search(loaded_store, "quokka surgery")[0].text == "A quokka was seen near the surgery."


def test_vocabulary_counts_follow_edits(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    conn = loaded_store.db.conn
    path = corpus_dir / A004
    original = path.read_text()
    path.write_text(original + "\nWombats everywhere.\n")
    library.refresh(loaded_store, corpus_dir)
    freq = lambda w: conn.execute(  # noqa: E731
        "SELECT freq FROM search_vocab WHERE word = ?", [w]
    ).fetchone()
    assert freq("wombats") == (1,)
    path.write_text(original.replace("Kinnock", "Kinnock "))
    library.refresh(loaded_store, corpus_dir)
    assert freq("wombats") is None
    assert all("wombats" not in _flat(h.text).split() for h in search(loaded_store, "wombats"))


def test_a_missing_article_is_not_found(loaded_store: AnnotationStore, corpus_dir: Path) -> None:
    assert any(h.article == A004 for h in search(loaded_store, "partnerships", limit=50))
    (corpus_dir / A004).unlink()
    library.refresh(loaded_store, corpus_dir)
    assert all(h.article != A004 for h in search(loaded_store, "partnerships", limit=50))


def test_an_index_from_an_older_version_is_rebuilt_by_refresh(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    conn = loaded_store.db.conn
    with loaded_store.action():
        conn.execute("UPDATE search_meta SET value = 'old' WHERE key = 'version'")
        search_index._clear(conn)
        conn.execute("UPDATE search_meta SET value = 'old' WHERE key = 'version'")
    assert search(loaded_store, "contract") == []
    assert search_index.outdated(conn)
    library.refresh(loaded_store, corpus_dir)
    assert not search_index.outdated(conn)
    assert _top(loaded_store, "contarct")


def test_searching_a_database_without_an_index_finds_nothing(store: AnnotationStore) -> None:
    with store.action() as db:
        db.execute("DROP TABLE search_meta")
    assert SearchIndex(store).search("contract") == []
    assert SearchIndex(store).find_in_article(A000, "contract") == []


def test_find_in_article_lists_matches_in_text_order(loaded_store: AnnotationStore) -> None:
    hits = find_in_article(loaded_store, A003, "contract ")
    assert len(hits) > 5 and {h.article for h in hits} == {A003}
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert all(any(_flat(h.text[a:b]).startswith("contract") for a, b in h.terms) for h in hits)
    everywhere = search(loaded_store, "contract in:comments", limit=1000)
    assert len(find_in_article(loaded_store, A003, "contract in:comments")) == len(
        [h for h in everywhere if h.article == A003]
    )
    typo = find_in_article(loaded_store, A000, "negotations")
    assert typo and all("negotiations" in _flat(h.text).split() for h in typo)
    assert find_in_article(loaded_store, "no/such.txt", "contract") == []
    assert find_in_article(loaded_store, A003, "") == []


def test_hits_carry_paragraph_context_and_snippet(loaded_store: AnnotationStore) -> None:
    hit = _top(loaded_store, "its about integration")[0]
    assert "It’s about bringing resources together." in hit.context
    snippet, marks = hit.snippet(60)
    assert len(snippet) <= 62 and next(snippet[a:b] for a, b in marks) == "about"
    whole, marks = hit.snippet(500)
    assert whole == " ".join(hit.text.split())
    assert [whole[a:b] for a, b in marks] == ["about", "it’s", "about", "integration"]
    data = hit.to_json()
    assert {"article", "title", "section", "start", "end", "text", "score"} <= data.keys()


def test_a_bound_index_shares_the_vocabulary_and_refuses_another_database(
    loaded_store: AnnotationStore, tmp_path: Path
) -> None:
    index = SearchIndex(loaded_store)
    expected = index.search("contract")
    with AnnotationStore(loaded_store.path, verify=False) as worker:
        bound = index.bind(worker)
        assert bound.store is worker and bound.search("contract") == expected
        index.warm()
        assert bound._vocabulary() is index._vocabulary()  # loaded once, shared
    with AnnotationStore(tmp_path / "other.db") as other, pytest.raises(ValueError):
        index.bind(other)


def test_results_are_ranked_best_first(loaded_store: AnnotationStore) -> None:
    hits = search(loaded_store, "partnership model", limit=50)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert re.search(r"partnership model", hits[0].text, re.IGNORECASE)


def test_non_latin_and_accented_words_are_found_folded(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    (corpus_dir / "005_extra.txt").write_text(
        "Ελλάδα and the café\n\n"
        "Dr Müller visited Ελλάδα – the naïve plan of the ﬁrm, ‘GP’s’ choice.\n",
        encoding="utf-8",
    )
    library.refresh(loaded_store, corpus_dir)
    for query in ("ΕΛΛΑΔΑ visited", "muller", "MÜLLER naive", "firm plan", "gps choice"):
        hits = search(loaded_store, query)
        assert hits and hits[0].article == "005_extra.txt", query
        assert "Müller" in hits[0].text
        _assert_consistent(loaded_store, hits)


def test_orphaned_highlights_do_not_match_tag_or_note_filters(loaded_store, corpus_dir) -> None:
    """An orphan's offsets point at whatever text is there now, which was never coded."""
    name = "000_457775139af1eb7c.txt"
    text = loaded_store.article(name).text
    quote = "No plan. No idea. Might as well appoint Daffy Duck."
    start = text.index(quote)
    loaded_store.add_highlight(
        name, start, start + len(quote), tags=["tone/satire"], note="duckish"
    )
    assert search(loaded_store, "tag:satire")
    assert search(loaded_store, "duckish")
    path = corpus_dir / name
    path.write_text(path.read_text(encoding="utf-8").replace(quote, "No plan."), encoding="utf-8")
    library.refresh(loaded_store, corpus_dir)
    assert loaded_store.highlights(status="orphaned")
    assert search(loaded_store, "tag:satire") == []
    assert search(loaded_store, "duckish") == []


# -- SearchIndex: caches, one database each, SQL through the store ---------------------------


def test_one_index_follows_new_notes_edits_and_articles(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """The vocabulary, title index and notes a SearchIndex keeps are read again on change."""
    index = SearchIndex(loaded_store)
    assert index.search("zebra") == [] and index.search("quokka") == []
    assert index.search("article:wombat") == []
    text = loaded_store.article(A003).text
    start = text.index("A national contract is a good thing.")
    loaded_store.add_highlight(A003, start, start + 36, note="zebra crossing")
    assert [h.via for h in index.search("zebra")] == ["note"]
    path = corpus_dir / A004
    path.write_text(path.read_text() + "\nA quokka was seen near the surgery.\n")
    (corpus_dir / "006_wombat.txt").write_text("Wombat review\n\nThe wombat report.\n")
    library.refresh(loaded_store, corpus_dir)
    assert [h.article for h in index.search("quokka")] == [A004]
    assert [h.article for h in index.search("qukka surgery")] == [A004]  # a new typo variant
    assert {h.article for h in index.search("article:wombat")} == {"006_wombat.txt"}
    assert [h.start for h in index.find_in_article(A004, "quokka")] == [
        h.start for h in search(loaded_store, "quokka")
    ]


def _one_article_store(folder: Path, sentence: str) -> AnnotationStore:
    corpus = folder / "articles"
    corpus.mkdir(parents=True)
    (corpus / "only.txt").write_text(f"Only article\n\n{sentence}\n")
    store = AnnotationStore(folder / "annotations.db", coder="tester")
    library.refresh(store, corpus)
    return store


def test_two_indexes_on_two_databases_never_share_state(tmp_path: Path) -> None:
    """Typo variants come from each database's own vocabulary, notes from its own highlights,
    titles from its own articles, however their searches interleave."""
    first = _one_article_store(tmp_path / "a", "The contract was signed in March.")
    second = _one_article_store(tmp_path / "b", "The contrast was sharp in March.")
    try:
        a, b = SearchIndex(first), SearchIndex(second)
        text = first.article("only.txt").text
        start = text.index("The contract")
        first.add_highlight("only.txt", start, start + 12, note="zebra", tags=["policy"])
        for _ in range(2):  # each loaded, then used again after the other
            assert [h.text for h in a.search("contrat")] == ["The contract was signed in March."]
            assert [h.text for h in b.search("contrat")] == ["The contrast was sharp in March."]
            assert [h.via for h in a.search("zebra")] == ["note"]
            assert b.search("zebra") == [] and b.search("tag:policy") == []
            assert a.search("article:only") and b.search("article:only")
        assert a._caches is not b._caches
        a.warm()
        b.warm()
        assert a._vocabulary() is not b._vocabulary()
        assert "contract" in a._vocabulary() and "contract" not in b._vocabulary()
    finally:
        first.close()
        second.close()


def test_hits_carry_the_stored_text_verbatim(
    loaded_store: AnnotationStore, corpus_dir: Path
) -> None:
    """A bidi override in a title, the text or a note reaches a hit as stored (the CLI and the
    TUI make it safe to show: tests/reliability/test_hostile_output.py)."""
    (corpus_dir / "007_bidi.txt").write_text(
        "Capybara \u202etitle\n\nThe capybara \u202ereport was filed.\n", encoding="utf-8"
    )
    library.refresh(loaded_store, corpus_dir)
    hit = search(loaded_store, "capybara report")[0]
    assert hit.article == "007_bidi.txt"
    assert "\u202e" in hit.title and "\u202e" in hit.text
    _assert_consistent(loaded_store, [hit])
    start = loaded_store.article("007_bidi.txt").text.index("The capybara")
    loaded_store.add_highlight("007_bidi.txt", start, start + 12, note="okapi \u202enote")
    noted = search(loaded_store, "okapi")
    assert noted and noted[0].via == "note" and "\u202e" in noted[0].note


_TABLES = r"(?:articles|highlights|highlight_tags|tags|spans|article_spans)"
_SQL_ON_TABLE = re.compile(rf"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+{_TABLES}\b", re.IGNORECASE)


def _code_strings(source: str) -> list[str]:
    """The string literals of a module (f-strings' literal parts included), docstrings not."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_search_package_leaves_sql_about_articles_highlights_and_tags_to_the_store() -> None:
    sources = sorted(SEARCH_SRC.glob("*.py"))
    assert len(sources) >= 6, SEARCH_SRC
    found = [
        f"{path.name}: {m.group()}"
        for path in sources
        for text in _code_strings(path.read_text(encoding="utf-8"))
        for m in _SQL_ON_TABLE.finditer(text)
    ]
    assert found == []
    sample = 'def f(c):\n    """FROM articles"""\n    return c.execute(f"SELECT 1 FROM tags {c}")'
    assert [m.group() for t in _code_strings(sample) for m in _SQL_ON_TABLE.finditer(t)] == [
        "FROM tags"
    ]
    assert not _SQL_ON_TABLE.search("SELECT article_id FROM search_articles")


def test_hits_read_whole_or_in_paragraphs_agree(loaded_store: AnnotationStore) -> None:
    """find_in_article reads a much-matched article's text once (rank.READ_WHOLE) and slices
    it; a search with hits in many articles reads each paragraph: both give the same text."""
    from gpreader.search import rank

    many = find_in_article(loaded_store, A003, "the")
    assert len(many) >= rank.READ_WHOLE
    _assert_consistent(loaded_store, many)
    across = search(loaded_store, "the contract", limit=40)
    assert len({h.article for h in across}) > 1
    _assert_consistent(loaded_store, across)
