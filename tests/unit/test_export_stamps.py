"""Time stamps in exports are xsd:dateTime in UTC with four-digit years, for any moment."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from gpreader.export.common import utc_stamp, xsd_utc

XSD = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_a_year_before_1000_keeps_four_digits() -> None:
    assert utc_stamp("0999-05-01T10:00:00+00:00") == "0999-05-01T10:00:00Z"


def test_an_offset_is_turned_into_utc_and_a_naive_stamp_is_taken_as_utc() -> None:
    assert utc_stamp("2024-05-01T12:30:00+02:00") == "2024-05-01T10:30:00Z"
    assert utc_stamp("2024-05-01T10:30:00") == "2024-05-01T10:30:00Z"
    assert utc_stamp("not a time") is None


@given(
    st.datetimes(
        min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
    ),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_any_moment_reads_back_as_itself_to_the_second(moment: datetime, minutes: int) -> None:
    local = moment.astimezone(timezone(timedelta(minutes=minutes)))
    written = xsd_utc(local)
    assert XSD.fullmatch(written)
    back = datetime.fromisoformat(written.replace("Z", "+00:00"))
    assert back == moment.replace(microsecond=0)
    assert utc_stamp(local.isoformat()) == written
