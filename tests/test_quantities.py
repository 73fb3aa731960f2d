"""The quantities table: numbers in claims, normalised, in German and English."""

import pytest

from audit.normalise.quantities import extract_quantities, parse_digits, parse_written


def read(text, language):
    return [(row["text"], row["value"], row["low"], row["high"], row["approx"], row["unit"],
             row["noun_key"]) for row in extract_quantities(text, language, 0, len(text))]


@pytest.mark.parametrize("text, language, expected", [
    ("Rund 70 Gefangene kamen frei.", "de",
     ("Rund 70", 70.0, 63.0, 77.0, "rund", None, "prisoners")),
    ("About 70 prisoners were freed.", "en",
     ("About 70", 70.0, 63.0, 77.0, "about", None, "prisoners")),
    ("Es kamen vierhundert Fahrzeuge.", "de",
     ("vierhundert", 400.0, 400.0, 400.0, None, None, "vehicles")),
    ("Nearly 1,200 vehicles waited.", "en",
     ("Nearly 1,200", 1200.0, 1080.0, 1200.0, "nearly", None, "vehicles")),
    ("Das kostet zweieinhalb Millionen Euro.", "de",
     ("zweieinhalb Millionen Euro", 2.5e6, 2.45e6, 2.55e6, None, "EUR", None)),
    ("Das kostet 2,5 Mio. Euro.", "de",
     ("2,5 Mio. Euro", 2.5e6, 2.45e6, 2.55e6, None, "EUR", None)),
    ("Das kostet 2.500.000 Euro.", "de",
     ("2.500.000 Euro", 2.5e6, 2.5e6, 2.5e6, None, "EUR", None)),
    ("It costs $2.5 million.", "en",
     ("$2.5 million", 2.5e6, 2.45e6, 2.55e6, None, "USD", None)),
    ("It costs 25 million dollars.", "en",
     ("25 million dollars", 25e6, 24.5e6, 25.5e6, None, "USD", None)),
    ("He was sentenced to eight years.", "en",
     ("eight years", 8.0, 8.0, 8.0, None, "year", None)),
    ("Mehr als 500 Menschen kamen.", "de",
     ("Mehr als 500", 500.0, 500.0, None, "mehr als", None, "people")),
    ("At least 12 people were injured.", "en",
     ("At least 12", 12.0, 12.0, None, "at least", None, "people")),
    ("Bis zu 30 Tote werden befürchtet.", "de",
     ("Bis zu 30", 30.0, None, 30.0, "bis zu", None, "dead")),
    ("Zwischen 20 und 30 Soldaten fehlen.", "de",
     ("Zwischen 20 und 30", 25.0, 20.0, 30.0, None, None, "soldiers")),
    ("Some 20 to 30 million euros are missing.", "en",
     ("20 to 30 million euros", 25e6, 19.5e6, 30.5e6, None, "EUR", None)),
    ("Die Preise stiegen um 3,5 Prozent.", "de",
     ("3,5 Prozent", 3.5, 3.5, 3.5, None, "%", None)),
])
def test_numbers_are_normalised_with_their_interval_unit_and_counted_noun(text, language,
                                                                          expected):
    assert read(text, language) == [expected]


@pytest.mark.parametrize("text, language", [
    ("Der Vertrag gilt seit 2025 und endet 2030.", "de"),  # years
    ("Das Treffen beginnt um 14 Uhr.", "de"),  # a time
    ("Der 3. Platz ging an Graz.", "de"),  # an ordinal
    ("Anrufe unter 0664 123 45 67 oder 0664/1234567.", "de"),  # phone numbers
    ("The A320 and COVID-19 and the G7 met on the 1st.", "en"),  # ids, ordinals
    ("Ein Sprecher sagte, eine Lösung sei nah.", "de"),  # the article "ein", "eine"
])
def test_what_is_not_a_quantity(text, language):
    assert read(text, language) == []


@pytest.mark.parametrize("text, language, expected", [
    # written numbers are found whatever their case; inside a word they are none
    ("VIER Fahrzeuge brannten, Vereinsheim und Nachtcafé blieben stehen.", "de",
     [("VIER", 4.0, "vehicles")]),
    ("Three vehicles burned; nobody and tenants were safe.", "en",
     [("Three", 3.0, "vehicles")]),
    # a letter whose lower case is longer ("İ" → "i̇") moves no offset
    ("İstanbul meldet drei Tote.", "de", [("drei", 3.0, "dead")]),
    ("İzmir reported three dead.", "en", [("three", 3.0, "dead")]),
])
def test_written_numbers_in_any_case_at_the_right_offsets(text, language, expected):
    rows = extract_quantities(text, language, 0, len(text))
    assert [(row["text"], row["value"], row["noun_key"]) for row in rows] == expected
    assert all(text[row["start"]:row["end"]] == row["text"] for row in rows)


def test_dates_given_as_spans_are_not_quantities_but_durations_are():
    text = "Am 5. Mai 2025 wurde er zu acht Jahren Haft verurteilt."
    rows = extract_quantities(text, "de", 0, len(text), dates=[(3, 14)])
    assert [(row["text"], row["unit"]) for row in rows] == [("acht Jahren", "year")]


def test_digit_conventions_of_each_language():
    assert parse_digits("2.500.000", ".", ",") == (2500000.0, 0)
    assert parse_digits("2,5", ".", ",") == (2.5, 1)
    assert parse_digits("2,500,000", ",", ".") == (2500000.0, 0)
    assert parse_digits("2.5", ",", ".") == (2.5, 1)
    assert parse_digits("1.234", ".", ",") == (1234.0, 0)  # German thousands
    assert parse_digits("1.234", ",", ".") == (1.234, 3)  # English decimals
    assert parse_digits("1.2.3", ".", ",") is None
    assert parse_digits("0664", ".", ",") is None


def test_written_numbers():
    de = {"ones": {"ein": 1, "zwei": 2, "drei": 3, "vier": 4}, "teens": {"zehn": 10},
          "tens": {"zwanzig": 20}, "hundred": "hundert", "thousand": "tausend", "and": "und",
          "half": "einhalb", "whole": {"anderthalb": 1.5}}
    assert parse_written("vierhundert", de, True) == 400
    assert parse_written("dreiundzwanzig", de, True) == 23
    assert parse_written("zweitausenddreihundertvier", de, True) == 2304
    assert parse_written("zweieinhalb", de, True) == 2.5
    assert parse_written("anderthalb", de, True) == 1.5
    assert parse_written("einigung", de, True) is None
    en = {"ones": {"two": 2, "five": 5}, "teens": {}, "tens": {"twenty": 20},
          "hundred": "hundred", "thousand": "thousand", "half": "and a half", "whole": {}}
    assert parse_written("two hundred", en, False) == 200
    assert parse_written("twenty-five", en, False) == 25
    assert parse_written("two and a half", en, False) == 2.5


def test_the_table_is_built_on_first_request_from_the_claims(audit_tables):
    tables = audit_tables({"a.md": "---\npublished: 2025-06-03\n---\nAustausch\n\n"
                                   "Am 2. Juni 2025 kamen rund 70 Gefangene frei.\n"})
    assert "quantities" not in tables._built
    rows = tables.quantities
    assert rows[["text", "value", "noun", "noun_key"]].values.tolist() == [
        ["rund 70", 70.0, "Gefangene", "prisoners"]]
    assert rows.assertion_id.tolist() == ["a/a1"]
