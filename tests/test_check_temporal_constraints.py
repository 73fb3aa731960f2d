"""TMP005: the dates of an undated article as constraints on its publication date."""

from audit.findings import Finding, Span
from checks.check_temporal_constraints import check_temporal_constraints
from tests.temporal_tables import tables


def findings(text, language, published=None):
    articles, timexes, assertions = tables(text, language, published)
    return list(check_temporal_constraints(timexes, assertions, articles))


def test_german_window_of_publication_from_a_relative_and_an_explicit_date():
    text = ("Die Verhandlungen in Genf begannen am 2. Juni 2025. Die Verhandlungen in Genf "
            "endeten gestern.")
    start = text.index("gestern")
    assert findings(text, "de") == [Finding(
        "a1", start, start + len("gestern"),
        "no publication date; the article's dates place it on 2025-06-03",
        severity="info")]


def test_english_window_from_a_vague_date():
    text = "The Geneva talks began on 2 June 2025. The Geneva talks a few weeks ago failed."
    [finding] = findings(text, "en")
    assert finding.severity == "info"
    assert finding.message == ("no publication date; the article's dates place it between "
                               "2025-06-16 and 2025-07-07")


def test_german_conflict_names_the_minimal_set():
    text = ("Die Verhandlungen in Genf begannen am 2. Juni 2025. Die Verhandlungen in Genf "
            "endeten gestern. Die Minister werden sich am 20. Mai 2025 treffen.")
    [finding] = findings(text, "de")
    gestern, june, may = (text.index(p) for p in ("gestern", "2. Juni 2025", "20. Mai 2025"))
    assert (finding.start, finding.end) == (gestern, gestern + len("gestern"))
    assert finding.related == (Span("a1", june, june + len("2. Juni 2025")),
                               Span("a1", may, may + len("20. Mai 2025")))
    assert finding.message == (
        "these dates cannot all hold: ‘gestern’ and ‘2. Juni 2025’ name one event (published "
        "on or after 2025-06-03), but ‘20. Mai 2025’ is told in the future tense (published "
        "on or before 2025-05-20)")


def test_english_conflict_between_past_and_future_tense():
    text = "The council met on 14 June 2025. It will vote on 10 June 2025."
    [finding] = findings(text, "en")
    assert finding.message.startswith("these dates cannot all hold: ‘14 June 2025’ is told "
                                      "in the past tense")


def test_near_misses():
    # dated articles are TMP001's and TMP004's concern
    assert findings("Die Verhandlungen begannen am 2. Juni 2025. Die Verhandlungen endeten "
                    "gestern.", "de", "2025-06-20") == []
    # different events: nothing ties "gestern" to the June date
    assert findings("The election took place on 2 June 2025. A strike began yesterday.",
                    "en") == []
    # one shared word is not enough to make one event
    assert findings("Die Verhandlungen begannen am 2. Juni 2025. Die Verhandlungen endeten "
                    "gestern.", "de") == []


# A computed date beside a written day, in dated articles too.
COUNTED_DE = ("Am 3. März 2025 trafen sich die Minister. Zwei Tage später, am 7. März, "
              "unterzeichneten sie den Vertrag.")
COUNTED_EN = "The ministers met on 3 March 2025. Two days later, on 7 March, they signed."


def test_german_counted_date_beside_a_written_day_it_cannot_be():
    later, march_7, march_3 = (COUNTED_DE.index(p) for p in
                               ("Zwei Tage später", "7. März", "3. März 2025"))
    assert findings(COUNTED_DE, "de", "2025-03-20") == [Finding(
        "a1", later, later + len("Zwei Tage später"),
        "these dates cannot all hold: ‘Zwei Tage später’ counts to 2025-03-05 from "
        "‘3. März 2025’, but the day beside it is ‘7. März’ (2025-03-07)",
        related=(Span("a1", march_7, march_7 + len("7. März")),
                 Span("a1", march_3, march_3 + len("3. März 2025"))))]


def test_english_yesterday_beside_a_day_far_from_publication():
    text = "The dockers went on strike again yesterday, 14 January."
    start = text.index("yesterday")
    assert findings(text, "en", "2025-03-10") == [Finding(
        "a1", start, start + len("yesterday"),
        "these dates cannot all hold: ‘yesterday’ counts to 2025-03-09 from the publication "
        "date, but the day beside it is ‘14 January’ (2025-01-14)",
        related=(Span("a1", text.index("14 January"),
                      text.index("14 January") + len("14 January")),))]
    [english] = findings(COUNTED_EN, "en", "2025-03-20")
    assert english.message.startswith("these dates cannot all hold: ‘Two days later’ counts "
                                      "to 2025-03-05 from ‘3 March 2025’")


def test_near_miss_the_counted_date_is_the_day_beside_it():
    assert findings(COUNTED_DE.replace("7. März", "5. März"), "de", "2025-03-20") == []
    assert findings("Die Hafenarbeiter streikten gestern, am 9. März, erneut.", "de",
                    "2025-03-10") == []


def test_near_miss_two_dates_joined_by_and_are_two_days():
    assert findings("The dockers went on strike yesterday and on 14 January.", "en",
                    "2025-03-10") == []


def test_a_stretch_beside_a_day_outside_it():
    # Published Friday 2025-06-20: "Anfang dieser Woche" is 16-18 June, "earlier this month"
    # June, "the 28th of last month" 28 May.
    german = "Anfang dieser Woche, am Freitag, den 13. Juni, begann der Streik."
    start, day = german.index("Anfang"), german.index("Freitag, den 13. Juni")
    assert findings(german, "de", "2025-06-20") == [Finding(
        "a1", start, start + len("Anfang dieser Woche"),
        "these dates cannot all hold: ‘Anfang dieser Woche’ means 2025-06-16 to 2025-06-18 "
        "from the publication date, but the day beside it is ‘Freitag, den 13. Juni’ "
        "(2025-06-13)", related=(Span("a1", day, day + len("Freitag, den 13. Juni")),))]
    english = "Earlier this month, on the 28th of last month, the strike began."
    start, day = english.index("Earlier"), english.index("the 28th of last month")
    assert findings(english, "en", "2025-06-20") == [Finding(
        "a1", start, start + len("Earlier this month"),
        "these dates cannot all hold: ‘Earlier this month’ means 2025-06-01 to 2025-06-30 "
        "from the publication date, but the day beside it is ‘the 28th of last month’ "
        "(2025-05-28)", related=(Span("a1", day, day + len("the 28th of last month")),))]


def test_near_miss_the_day_lies_in_the_stretch_beside_it():
    assert findings("Anfang dieser Woche, am Montag, den 16. Juni, begann der Streik.", "de",
                    "2025-06-20") == []
    assert findings("Earlier this month, on June 3, the strike began.", "en",
                    "2025-06-20") == []
    assert findings("Anfang des Monats, am 3. dieses Monats, begann es.", "de",
                    "2025-06-20") == []
