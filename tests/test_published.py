"""Publication dates (audit/ingest/published.py): relative strings, day/month order."""

import pytest

from audit.ingest.published import parse_published, read_published


@pytest.mark.parametrize("raw", ["gestern", "vor 2 Tagen", "heute", "yesterday",
                                 "2 hours ago", "letzte Woche", "Montag"])
def test_a_date_relative_to_the_day_it_is_read_is_rejected(raw):
    with pytest.raises(ValueError, match=f"{raw!r} is relative to the day it is read"):
        read_published(raw)


def test_a_written_date_with_its_year_is_no_relative_date():
    # Near misses: a weekday or a month beside the year is an explicit date.
    assert parse_published("Montag, 3. März 2025").isoformat() == "2025-03-03"
    assert parse_published("Monday, March 3, 2025").isoformat() == "2025-03-03"


@pytest.mark.parametrize("raw, language, order, value, warned", [
    ("03/04/2025", "de", None, "2025-04-03", True),     # German: day first, said
    ("03/04/2025", "en", None, "2025-03-04", True),     # English: month first, said
    ("03/04/2025", None, None, "2025-04-03", True),     # unknown: day first, said
    ("03/04/2025", "en", "DMY", "2025-04-03", False),   # configured: no warning
    ("03-04-2025", "de", "MDY", "2025-03-04", False),
    # Near misses: one reading only, whatever the language says.
    ("25/04/2025", "en", None, "2025-04-25", False),
    ("04/25/2025", "de", None, "2025-04-25", False),
    ("04/04/2025", "en", None, "2025-04-04", False),
])
def test_day_and_month_order_follows_the_configuration_or_the_language(raw, language, order,
                                                                       value, warned):
    published, warning = read_published(raw, language, order)
    assert (published.isoformat(), published.precision) == (value, "day")
    assert (warning is not None) == warned
    if warned:
        assert warning.startswith(f"publication date {raw!r} may be read day first or month")


def test_an_impossible_numeric_date_is_rejected_in_either_order():
    with pytest.raises(ValueError, match="'31/31/2025' is not a calendar date"):
        read_published("31/31/2025", "en")
