"""text.safe_to_show: what may reach a terminal, one character for one; and the CLI's JSON."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from gpreader.cli.output import json_text
from gpreader.text import PLACEHOLDER, escape_unsafe, is_safe_to_show, safe_to_show

# The policy, written out independently of text.py's regular expression.
UNSAFE_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),  # C0 but \t and \n
    (0x7F, 0x9F),  # DEL and C1
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200B),  # zero-width space
    (0x200E, 0x200F),  # LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xD800, 0xDFFF),  # lone surrogates
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
)


def unsafe(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in UNSAFE_RANGES)


# Text weighted towards the characters that matter, plus anything at all.
hostile_chars = st.sampled_from(
    [chr(c) for lo, hi in UNSAFE_RANGES for c in range(lo, min(hi, lo + 40) + 1)]
    + ["\n", "\t", "\u200c", "\u200d", "\ufffd", "[", "]", "a", "é", "界", "🙂"]
)
texts = st.text(alphabet=st.one_of(hostile_chars, st.characters()), max_size=200)


@given(texts)
@settings(max_examples=300)
def test_safe_to_show_replaces_exactly_the_unsafe_characters_one_for_one(text: str) -> None:
    shown = safe_to_show(text)
    assert len(shown) == len(text)
    for before, after in zip(text, shown, strict=True):
        assert after == (PLACEHOLDER if unsafe(before) else before), hex(ord(before))
    assert not any(unsafe(c) for c in shown)
    assert safe_to_show(shown) == shown  # idempotent
    assert is_safe_to_show(shown)
    assert is_safe_to_show(text) == (shown == text)
    shown.encode("utf-8")  # no lone surrogate is left: it can always be written
    assert escape_unsafe(text, lambda char: PLACEHOLDER) == shown  # the same characters


def test_escape_unsafe_hands_each_unsafe_character_to_the_caller() -> None:
    assert escape_unsafe("a\x1bb\u200bc\u200d", lambda c: f"<{ord(c):x}>") == "a<1b>b<200b>c\u200d"


def test_the_characters_that_hide_or_reorder_text_and_those_kept() -> None:
    hostile = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u0085\u202e\u2066\u200b\ufeff"
    assert safe_to_show(hostile) == "\ufffd]0;pwned\ufffd\ufffd[2J\ufffd31m" + "\ufffd" * 5
    kept = "a\tb\nc \u200c\u200d 👩\u200d💻 سلام"  # ZWNJ / ZWJ: scripts and emoji need them
    assert safe_to_show(kept) == kept


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
@settings(max_examples=200)
def test_cli_json_escapes_every_unsafe_character_and_parses_to_the_same_data(
    value: object,
) -> None:
    for indent in (None, 2):
        out = json_text(value, indent)
        assert not any(unsafe(c) for c in out), out
        assert json.loads(out) == value


def test_cli_json_escapes_c1_bidi_and_zero_width_as_u_escapes() -> None:
    out = json_text({"t": "a\u009b\u202e\u200b\ufeff\x1bz"})
    assert out == '{"t": "a\\u009b\\u202e\\u200b\\ufeff\\u001bz"}'
