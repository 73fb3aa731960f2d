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
        "no publication date: 3 relative dates (‘gestern’, ‘Samstag’, ‘vor einigen Wochen’) "
        "cannot be resolved; give the article a `published` date")]


def test_english_relative_dates_listed_in_one_finding_at_the_first():
    text = "The council met yesterday and votes next week."
    start = text.index("yesterday")
    assert findings(text, "en") == [Finding(
        "a1", start, start + len("yesterday"),
        "no publication date: 2 relative dates (‘yesterday’, ‘next week’) cannot be "
        "resolved; give the article a `published` date")]


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


def test_year_less_dates_are_named_as_such_not_as_relative():
    german = "Der Rat tagte am 2. Juni, gestern folgte die Abstimmung, im Mai die Anhörung."
    start = german.index("2. Juni")
    assert findings(german, "de") == [Finding(
        "a1", start, start + len("2. Juni"),
        "no publication date: 1 relative date (‘gestern’) and 2 dates without their year "
        "(‘2. Juni’, ‘Mai’) cannot be resolved; give the article a `published` date")]
    english = "The council met on June 2."
    start = english.index("June 2")
    assert findings(english, "en") == [Finding(
        "a1", start, start + len("June 2"),
        "no publication date: 1 date without its year (‘June 2’) cannot be resolved; give "
        "the article a `published` date")]
