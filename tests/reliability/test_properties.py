"""Decoder properties not already in tests/unit/test_corpus.py.

Already proven there (not repeated here): random bytes only ever raise SkipFile
(test_decode_only_ever_skips) and valid UTF-8 decodes to its canonical form
(test_utf8_text_decodes_to_its_canonical_form). The anchoring properties (edit outside
-> exact, edit inside <= a tenth -> fuzzy or exact, offsets in the text, never raises) are
in tests/unit/test_anchoring.py; search and CSV properties in tests/unit/test_search.py and
tests/unit/test_export_props.py.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gpreader.corpus import files as corpus
from gpreader.text import canonical

# Every character cp1252 can encode (Python's codec leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D out).
CP1252_CHARS = sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(256)} - {""})
NO_SURROGATES = st.characters(blacklist_categories=("Cs",))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(CP1252_CHARS), min_size=1, max_size=300))
def test_cp1252_text_decodes_to_the_same_characters(text: str) -> None:
    data = text.encode("cp1252")
    assume("\x00" not in text and text.strip())
    # Bytes that are also valid UTF-8 are read as UTF-8 (first in the chain): not cp1252.
    assume(not _is_utf8(data))
    assert corpus.decode(data) == (canonical(text), "cp1252")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=NO_SURROGATES, max_size=300))
def test_canonical_offsets_are_stable(text: str) -> None:
    """Controls are replaced one for one, so every other character keeps its offset; only
    CR LF pairs shrink to one character. Canonical text is a fixed point: re-reading it (or
    re-canonicalising it) moves nothing, so stored offsets keep pointing at the same text."""
    canon = canonical(text)
    if "\r" not in text:
        assert len(canon) == len(text)
        for i, (before, after) in enumerate(zip(text, canon, strict=True)):
            control = (
                before != "\t"
                and before != "\n"
                and (ord(before) < 0x20 or 0x7F <= ord(before) <= 0x9F)
            )
            assert after == ("\ufffd" if control else before), i
    else:
        assert len(canon) == len(text) - text.count("\r\n")
    assert canonical(canon) == canon
    if "\x00" not in text and canon.strip() and not canon.startswith("\ufeff"):
        assert corpus.decode(canon.encode("utf-8")) == (canon, "utf-8")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=NO_SURROGATES, min_size=1, max_size=400))
def test_an_article_reloads_with_the_same_text_hash_and_spans(tmp_path: Path, text: str) -> None:
    data = text.encode("utf-8")
    (tmp_path / "a.txt").write_bytes(data)
    try:
        first = corpus.load_article(tmp_path, "a.txt")
    except corpus.SkipFile:
        return
    assume(not first.text.startswith("\ufeff"))  # a second BOM would be read as one
    (tmp_path / "b.txt").write_bytes(first.text.encode("utf-8"))
    again = corpus.load_article(tmp_path, "b.txt")
    assert (again.text, again.sha256, again.spans) == (first.text, first.sha256, first.spans)
    assert all(0 <= s.start <= s.end <= len(first.text) for s in first.spans)
