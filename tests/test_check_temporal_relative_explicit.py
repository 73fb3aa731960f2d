"""TMP001: a relative or vague date that cannot be the explicit date of the same event."""

from audit.findings import Finding, Span
from checks.check_temporal_relative_explicit import check_temporal_relative_explicit
from tests.temporal_tables import tables


def findings(text, language, published):
    _, timexes, assertions = tables(text, language, published)
    return list(check_temporal_relative_explicit(timexes, assertions))


GERMAN = ("Die Verhandlungen in Genf fanden am 3. Februar statt. "
          "Die vor wenigen Tagen geführten Verhandlungen brachten keinen Durchbruch.")
ENGLISH = "The talks in Geneva took place on 2 June. The talks a few weeks ago brought nothing."


def test_german_vague_offset_against_the_explicit_date_of_the_same_talks():
    start = GERMAN.index("vor wenigen Tagen")
    explicit = GERMAN.index("3. Februar")
    assert findings(GERMAN, "de", "2025-11-20") == [Finding(
        "a1", start, start + len("vor wenigen Tagen"),
        "‘vor wenigen Tagen’ means 2025-11-15 – 2025-11-18 from the publication date, but "
        "the same verhandlungen is dated ‘3. Februar’ (2025-02-03)",
        related=(Span("a1", explicit, explicit + len("3. Februar")),))]


def test_english_a_few_weeks_ago_against_2_june_published_in_december():
    [finding] = findings(ENGLISH, "en", "2025-12-10")
    start = ENGLISH.index("a few weeks ago")
    assert (finding.start, finding.end) == (start, start + len("a few weeks ago"))
    assert finding.message == (
        "‘a few weeks ago’ means 2025-11-05 – 2025-11-26 from the publication date, but the "
        "same talks is dated ‘2 June’ (2025-06-02)")


def test_near_miss_the_same_text_published_when_the_relative_date_holds():
    assert findings(ENGLISH, "en", "2025-06-20") == []
    assert findings(GERMAN, "de", "2025-02-06") == []


def test_near_miss_sentences_about_different_events_are_not_compared():
    german = ("Die Wahl fand am 3. Februar statt. "
              "Vor wenigen Tagen begann der Streik der Lokführer.")
    english = "The election took place on 2 June. A strike began a few weeks ago."
    assert findings(german, "de", "2025-11-20") == []
    assert findings(english, "en", "2025-12-10") == []
