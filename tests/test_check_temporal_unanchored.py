"""TMP003: relative dates in an article without a publication date, one finding per article."""

from audit.findings import Finding
from checks.check_temporal_unanchored import check_temporal_unanchored
from tests.temporal_tables import tables


def findings(text, language, published=None):
    articles, timexes, _ = tables(text, language, published)
    return list(check_temporal_unanchored(timexes, articles))


def test_german_relative_dates_listed_in_one_finding_at_the_first():
    text = ("Der Rat tagte gestern. Am Samstag folgt die Abstimmung, "
            "vor einigen Wochen die Anhörung.")
    start = text.index("gestern")
    assert findings(text, "de") == [Finding(
        "a1", start, start + len("gestern"),
        "no publication date: 3 relative dates cannot be resolved (‘gestern’, ‘Samstag’, "
        "‘vor einigen Wochen’); give the article a `published` date")]


def test_english_relative_dates_listed_in_one_finding_at_the_first():
    text = "The council met yesterday and votes next week."
    start = text.index("yesterday")
    assert findings(text, "en") == [Finding(
        "a1", start, start + len("yesterday"),
        "no publication date: 2 relative dates cannot be resolved (‘yesterday’, "
        "‘next week’); give the article a `published` date")]


def test_near_miss_a_publication_date_resolves_them():
    assert findings("Der Rat tagte gestern.", "de", "2025-06-20") == []
    assert findings("The council met yesterday.", "en", "2025-06-20") == []


def test_near_miss_dates_with_their_year_and_durations_need_no_publication_date():
    assert findings("Der Rat tagte am 2. Juni 2025 drei Stunden lang.", "de") == []
    assert findings("The council met on 2 June 2025 for three hours.", "en") == []


def test_near_miss_a_date_counted_from_an_explicit_date_is_anchored_by_it():
    german = "Am 2. Juni 2025 begann der Streik, zwei Tage später endete er."
    english = "The strike began on 2 June 2025 and ended two days later."
    assert findings(german, "de") == []
    assert findings(english, "en") == []
