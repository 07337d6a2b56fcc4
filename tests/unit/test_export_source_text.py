"""SourceText.quote (what a W3C export reads per highlight) against its offsets and slices."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gpreader.export.source_text import SourceText

lines = st.lists(st.tuples(st.text("ab é\t", max_size=8), st.sampled_from(["\n", "\r\n"])))


@given(lines, st.data())
def test_quote_is_the_slices_and_offsets(found: list[tuple[str, str]], data: st.DataObject) -> None:
    text = "".join(words + end for words, end in found) + "tail"
    canonical = text.replace("\r\n", "\n")
    crlf_at = tuple(m.start() - i for i, m in enumerate(re.finditer("\r\n", text)))
    source = SourceText("file:///a.txt", "urn:sha256:x", text, crlf_at)
    start = data.draw(st.integers(0, len(canonical) - 1))
    end = data.draw(st.integers(start + 1, len(canonical)))
    before, after = max(start - 32, 0), min(end + 32, len(canonical))
    assert source.quote(before, start, end, after) == (
        source.slice(start, end),
        source.slice(before, start),
        source.slice(end, after),
        source.offset(start),
        source.offset(end),
    )
    assert source.slice(start, end).replace("\r\n", "\n") == canonical[start:end]
