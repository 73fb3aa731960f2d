"""TMP004: tense against date — past tense after publication, future tense well before it."""

import pytest

from audit.findings import Finding
from checks.check_temporal_tense import check_temporal_tense
from tests.temporal_tables import tables


def findings(text, language, published, config=None):
    articles, timexes, _ = tables(text, language, published)
    return list(check_temporal_tense(timexes, articles, config or {}))


def at(text, phrase, message):
    start = text.index(phrase)
    return Finding("a1", start, start + len(phrase), message)


def test_german_past_tense_about_a_date_after_publication():
    text = "Die Minister trafen sich am 20. März 2025 in Brüssel."
    assert findings(text, "de", "2025-03-10") == [at(
        text, "20. März 2025",
        "past tense about ‘20. März 2025’, after the publication date 2025-03-10")]


def test_english_future_tense_about_a_date_well_before_publication():
    text = "The ministers will meet in Brussels on 3 January 2025."
    assert findings(text, "en", "2025-02-15") == [at(
        text, "3 January 2025",
        "future tense about ‘3 January 2025’, 43 days before the publication date 2025-02-15")]


@pytest.mark.parametrize("text, language, published", [
    # the tense fits the date
    ("Die Minister werden sich am 20. März 2025 in Brüssel treffen.", "de", "2025-03-10"),
    ("The ministers met in Brussels on 3 January 2025.", "en", "2025-02-15"),
    # a date that is the target of the clause, not its time
    ("Der Gipfel wurde auf den 20. März 2025 verschoben.", "de", "2025-03-10"),
    ("The summit was postponed to 20 March 2025.", "en", "2025-03-10"),
    # future tense a few days before publication: written before it appeared
    ("Die Minister werden sich am 8. März 2025 treffen.", "de", "2025-03-10"),
    ("The ministers will meet on 8 March 2025.", "en", "2025-03-10"),
])
def test_near_misses(text, language, published):
    assert findings(text, language, published) == []


def test_the_grace_period_is_an_option():
    text = "The ministers will meet on 8 March 2025."
    assert len(findings(text, "en", "2025-03-10", {"grace-days": 1})) == 1


def test_near_miss_a_bare_year_is_too_coarse():
    assert findings("Die Brücke wird 2017 eröffnet werden.", "de", "2025-03-10") == []
    assert findings("The bridge will open in 2017.", "en", "2025-03-10") == []


def test_near_miss_a_maturity_or_deadline_is_a_target_not_the_time_of_the_clause():
    english = "The company said holders of its notes due March 15, 2007, elected to convert them."
    assert findings(english, "en", "1989-10-30") == []
    assert findings(english.replace("due ", ""), "en", "1989-10-30") == [at(
        english.replace("due ", ""), "March 15, 2007",
        "past tense about ‘March 15, 2007’, after the publication date 1989-10-30")]
    german = "Die Firma hatte die Anleihe, fällig am 1. März 2031, zurückgezahlt."
    assert findings(german, "de", "2025-10-30") == []
    plain = "Die Firma hatte die Anleihe am 1. März 2031 zurückgezahlt."
    assert findings(plain, "de", "2025-10-30") == [at(
        plain, "1. März 2031", "past tense about ‘1. März 2031’, after the publication date "
        "2025-10-30")]
