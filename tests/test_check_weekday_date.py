"""TMP002: a weekday written beside a date must be that date's weekday."""

import pytest

from audit.findings import Finding
from audit.ingest.published import parse_published
from audit.normalise.timexes import tag_timexes
from audit.tables import frame
from checks.check_weekday_date import check_weekday_date


def timexes(text, language, published=None, article_id="a1"):
    """The timexes table of one article, as the engine would hand it to the check."""
    rows = tag_timexes(text, language, parse_published(published) if published else None)
    return frame("timexes", [
        row | {"article_id": article_id, "timex_id": f"{article_id}/t{number}", "sent_id": 0}
        for number, row in enumerate(rows)
    ])


def findings(text, language, published=None):
    return list(check_weekday_date(timexes(text, language, published)))


def test_german_weekday_that_is_not_the_dates_weekday():
    text = "Der Rat tagte am Freitag (15.02.2025) im Rathaus."
    assert findings(text, "de") == [
        Finding("a1", 17, 37, "‘Freitag’ but 15.02.2025 is a Saturday"),
    ]


def test_english_weekday_that_is_not_the_dates_weekday():
    text = "The council met on Friday, February 15, 2025, in the town hall."
    assert findings(text, "en") == [
        Finding("a1", 19, 44, "‘Friday’ but February 15, 2025 is a Saturday"),
    ]


def test_every_written_form_is_checked():
    text = ("Am Freitag, den 15. Februar 2025 und am So., 15.02.2025 tagte er; "
            "am Samstag (15.02.2025) auch.")
    assert [f.message for f in findings(text, "de")] == [
        "‘Freitag’ but 15. Februar 2025 is a Saturday",
        "‘So’ but 15.02.2025 is a Saturday",
    ]


def test_matching_weekdays_are_silent():
    assert findings("Der Rat tagte am Samstag (15.02.2025) im Rathaus.", "de") == []
    assert findings("The council met on Saturday, February 15, 2025.", "en") == []


def test_a_year_less_date_is_checked_against_the_publication_year():
    text = "Dienstag, 17. Februar beginnt die Messe."
    assert findings(text, "de", "2025-02-10") == [
        Finding("a1", 0, 21, "‘Dienstag’ but 17. Februar (2025) is a Monday"),
    ]
    english = "Tuesday, February 17 is the opening."
    assert [f.message for f in findings(english, "en", "2025-02-10")] == [
        "‘Tuesday’ but February 17 (2025) is a Monday",
    ]


def test_a_year_less_date_right_in_the_year_before_publication_is_silent():
    assert findings("Am Montag (27.7.) begann der Streik.", "de", "2016-03-15") == []
    assert findings("The strike began on Monday, July 27.", "en", "2016-03-15") == []


def test_a_year_less_date_without_publication_date_is_silent():
    assert findings("Dienstag, 17. Februar beginnt die Messe.", "de") == []
    assert findings("Tuesday, February 17 is the opening.", "en") == []


def test_a_weekday_alone_is_never_flagged():
    assert findings("Am Freitag tagte der Rat.", "de", "2025-02-15") == []
    assert findings("The council met on Friday.", "en", "2025-02-15") == []


@pytest.mark.shared
def test_seed_002_saturday_15_february_2025_is_consistent(seeds):
    [path] = seeds.glob("002_*.txt")
    text = path.read_text(encoding="utf-8")
    found = tag_timexes(text, "de", None)
    saturday = [t for t in found if t["text"] == "Samstag (15.02.2025)"]
    assert len(saturday) == 1
    assert (saturday[0]["value"], saturday[0]["weekday"]) == ("2025-02-15", 5)
    assert findings(text, "de") == []
