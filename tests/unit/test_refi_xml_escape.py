"""REFI-QDA XML values: the one-class search for what needs escaping finds exactly what the
two classes it replaced found (the bytes of a project stay the same)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gpreader.export import refi_xml

BEFORE = re.compile('[&<>"\t\n\r]|[^\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]')
AROUND = "\x00\x08\t\n\x0b\r\x1f !\"#%&'(;<=>?~\x7f\xa0é\ud7ff\ud800\udfff\ue000\ufffd\uffff🎉"


@given(st.text(alphabet=st.sampled_from(AROUND)) | st.text())
def test_special_finds_what_the_two_classes_found(value: str) -> None:
    assert bool(refi_xml._SPECIAL.search(value)) == bool(BEFORE.search(value))


def test_every_boundary_character_alone() -> None:
    for code in [*range(0x80), 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000]:
        c = chr(code)
        assert bool(refi_xml._SPECIAL.search(c)) == bool(BEFORE.search(c)), hex(code)
