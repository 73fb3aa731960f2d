"""The temporal tagger: which spans are timexes, and which days they denote, German and English.

Publication dates used below: 2025-02-19 is a Wednesday; 2025-06-20 a Friday.
"""

import datetime as dt
import re

import pytest

from audit import resources
from audit.ingest.published import parse_published
from audit.normalise.temporal import grammar as grammar_module
from audit.normalise.temporal import readings as readings_module
from audit.normalise.temporal import tense as tense_module
from audit.normalise.timexes import tag_timexes

D = dt.date


def tag(text, language, published=None):
    return tag_timexes(text, language, parse_published(published) if published else None)


def spans(text, language, published=None):
    """(start, end, text, value) of every timex."""
    return [(t["start"], t["end"], t["text"], t["value"]) for t in tag(text, language, published)]


def at(text, phrase, value):
    """The expected (start, end, text, value) of ``phrase``, found in ``text``."""
    start = text.index(phrase)
    return (start, start + len(phrase), phrase, value)


def only(text, language, published=None):
    [timex] = tag(text, language, published)
    return timex


# --- explicit dates ---------------------------------------------------------------------

def test_german_numeric_and_written_dates():
    text = "Die Frist lief am 15.02.2025 ab; der Vertrag gilt seit 3. März 2024."
    assert spans(text, "de") == [
        (18, 28, "15.02.2025", "2025-02-15"),
        (55, 67, "3. März 2024", "2024-03-03"),
    ]
    first = tag(text, "de")[0]
    assert (first["type"], first["earliest"], first["latest"], first["granularity"],
            first["anchor"], first["weekday"]) == (
        "DATE", D(2025, 2, 15), D(2025, 2, 15), "day", "explicit", None)


def test_english_month_first_and_day_first_dates():
    text = "The law passed on February 15, 2025 and took effect on 3 Mar 2024."
    assert spans(text, "en") == [
        (18, 35, "February 15, 2025", "2025-02-15"),
        (55, 65, "3 Mar 2024", "2024-03-03"),
    ]


def test_iso_dates_and_months_in_both_languages():
    for language, text in (("de", "Stand: 2025-02-15, Ausgabe 2025-04."),
                           ("en", "As of 2025-02-15, issue 2025-04.")):
        assert spans(text, language) == [at(text, "2025-02-15", "2025-02-15"),
                                         at(text, "2025-04", "2025-04")]
    april = tag("Ausgabe 2025-04.", "de")[0]
    assert (april["earliest"], april["latest"], april["granularity"]) == (
        D(2025, 4, 1), D(2025, 4, 30), "month")


def test_month_and_year():
    german = "Der Plan stammt aus dem Juni 2025."
    english = "The plan dates from June 2025."
    assert spans(german, "de") == [at(german, "Juni 2025", "2025-06")]
    assert spans(english, "en") == [at(english, "June 2025", "2025-06")]
    assert only(english, "en")["latest"] == D(2025, 6, 30)


def test_a_year_less_date_takes_the_nearest_year_to_publication():
    german = "Die Gespräche am 2. Juni brachten eine Einigung."
    english = "The talks on June 2 brought a deal."
    assert spans(german, "de", "2025-06-20") == [at(german, "2. Juni", "2025-06-02")]
    assert spans(english, "en", "2025-06-20") == [at(english, "June 2", "2025-06-02")]
    assert only(german, "de", "2025-06-20")["anchor"] == "publication"
    # Published in early January, late December is last year's.
    assert only("Am 28. Dezember schloss das Werk.", "de", "2026-01-05")["value"] == "2025-12-28"


def test_a_year_less_date_without_publication_date_keeps_xxxx():
    for text, language in (("am 2. Juni", "de"), ("on June 2", "en")):
        timex = only(text, language)
        assert (timex["value"], timex["earliest"], timex["latest"], timex["anchor"]) == (
            "XXXX-06-02", None, None, "none")


def test_a_bare_year_is_a_year_unless_it_counts_something():
    german = ("1939 begann der Krieg; im Jahr 2024 wuchs die Firma, die seit 2014 besteht und "
              "2024 Mitarbeiter hat, rund 1800 mehr.")
    english = ("In 1939 the war began; the firm, which has existed since 2014, grew 2021 and "
               "has 2024 employees, about 1800 more.")
    assert spans(german, "de") == [at(german, "1939", "1939"), at(german, "Jahr 2024", "2024"),
                                   at(german, "2014", "2014")]
    assert spans(english, "en") == [at(english, "1939", "1939"), at(english, "2014", "2014"),
                                    at(english, "2021", "2021")]


def test_a_pair_of_years_is_two_years_and_a_day_month_pair_is_not():
    german = "Winterkrieg 1939/1940, aber nicht 12/2024 oder 1/15."
    english = "The war of 1939/1940, but not 12/2024 or 1/15."
    assert spans(german, "de") == [at(german, "1939", "1939"), at(german, "1940", "1940")]
    assert spans(english, "en") == [at(english, "1939", "1939"), at(english, "1940", "1940")]


def test_a_month_name_alone_needs_a_preposition():
    german = "Im Mai trafen sie sich, seit März verhandeln sie."
    english = "In May they met; since March they have negotiated."
    assert spans(german, "de", "2025-06-20") == [at(german, "Mai", "2025-05"),
                                               at(german, "März", "2025-03")]
    assert spans(english, "en", "2025-06-20") == [at(english, "May", "2025-05"),
                                                at(english, "March", "2025-03")]


def test_start_middle_and_end_of_a_period_narrow_the_interval():
    german = only("Anfang Juni 2025 beginnt der Bau.", "de")
    english = only("Construction starts in late 2025.", "en")
    assert (german["text"], german["value"], german["mod"], german["earliest"],
            german["latest"]) == ("Anfang Juni 2025", "2025-06", "START", D(2025, 6, 1),
                                  D(2025, 6, 10))
    assert (english["text"], english["value"], english["mod"], english["earliest"],
            english["latest"]) == ("late 2025", "2025", "END", D(2025, 9, 1), D(2025, 12, 31))


# --- weekdays ---------------------------------------------------------------------------

def test_a_bare_weekday_is_the_most_recent_one_up_to_publication():
    german = "Am Samstag telefonierten sie."
    english = "They spoke on Saturday."
    assert spans(german, "de", "2025-02-19") == [at(german, "Samstag", "2025-02-15")]
    assert spans(english, "en", "2025-02-19") == [at(english, "Saturday", "2025-02-15")]
    assert only(german, "de", "2025-02-19")["weekday"] == 5
    # Published on a Saturday, "Samstag" is that day.
    assert only(german, "de", "2025-02-15")["value"] == "2025-02-15"


def test_a_bare_weekday_in_a_future_clause_is_the_next_one():
    german = "Am Samstag wird der Rat über den Haushalt entscheiden."
    english = "The council will decide on the budget on Saturday."
    assert spans(german, "de", "2025-02-19") == [at(german, "Samstag", "2025-02-22")]
    assert spans(english, "en", "2025-02-19") == [at(english, "Saturday", "2025-02-22")]
    # The marker nearest the weekday decides: said (past) … would leave (future) on Thursday.
    english = "Officials said the team would leave on Thursday."
    assert spans(english, "en", "2025-02-19") == [at(english, "Thursday", "2025-02-20")]
    # Near miss: a past clause keeps the Saturday before.
    german = "Am Samstag hatte der Rat den Haushalt beschlossen."
    assert spans(german, "de", "2025-02-19") == [at(german, "Samstag", "2025-02-15")]


def test_clause_tense_reads_the_markers_of_the_tense_file():
    assert tense_module.clause_tense("Der Rat traf sich.", "de") == "past"
    assert tense_module.clause_tense("Der Rat wird sich treffen.", "de") == "future"
    assert tense_module.clause_tense("Der Rat tagt.", "de") == "present"
    assert tense_module.clause_tense("The council met.", "en") == "past"
    assert tense_module.clause_tense("The council will meet.", "en") == "future"
    assert tense_module.clause_tense("The council meets.", "en") == "present"


def test_the_tense_markers_are_those_a_search_for_each_tense_finds(seeds):
    """One scan finds the markers of both tenses (an optimisation), also in a text with a
    character beyond the Basic Multilingual Plane, which no listed class holds."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    english = "They said they'll meet, we'll see; it was planned. 𐐨was 😀 was"
    texts += [english, "Er sagte, der Rat wird am Montag tagen. 𐐨war 😀 war"]
    texts += ["was it planned? It was.", "war es so? Es war.", "𐐨 was it so? war es so?"]
    for language in ("de", "en"):
        table = resources.load(language, "tense")
        for text in texts:
            found = tense_module.tense_markers.__wrapped__(text, language)
            for tense, spans in zip(("future", "past"), found, strict=True):
                alone = re.compile(rf"(?<![\w'’])(?:{'|'.join(table[tense])})(?![\w'’])")
                assert spans == [m.span() for m in alone.finditer(text)]


def test_past_and_future_weekday_words():
    german = "Am vergangenen Freitag begann es, kommenden Montag endet es."
    english = "It began last Friday and ends this coming Monday, or next Monday."
    assert spans(german, "de", "2025-02-19") == [
        at(german, "vergangenen Freitag", "2025-02-14"),
        at(german, "kommenden Montag", "2025-02-24"),
    ]
    assert spans(english, "en", "2025-02-19") == [
        at(english, "last Friday", "2025-02-14"),
        at(english, "this coming Monday", "2025-02-24"),
        at(english, "next Monday", "2025-02-24"),
    ]
    # On a Friday, "vergangenen Freitag" is a week back.
    assert only("am vergangenen Freitag", "de", "2025-02-21")["value"] == "2025-02-14"


def test_a_weekday_with_a_month_precise_publication_is_an_interval():
    german = only("Am Samstag telefonierten sie.", "de", "2025-04")
    english = only("On Saturday they spoke.", "en", "2025-04")
    for timex in (german, english):
        # The Saturday on or before 1 April, up to the one on or before 30 April.
        assert (timex["value"], timex["earliest"], timex["latest"], timex["weekday"]) == (
            "XXXX-WXX-6", D(2025, 3, 29), D(2025, 4, 26), 5)
    unanchored = only("On Saturday they spoke.", "en")
    assert (unanchored["value"], unanchored["earliest"], unanchored["anchor"]) == (
        "XXXX-WXX-6", None, "none")


@pytest.mark.parametrize(("text", "language", "phrase", "value", "weekday"), [
    ("Sie sprachen am Samstag (15.02.2025) am Telefon.", "de",
     "Samstag (15.02.2025)", "2025-02-15", 5),
    ("Es geschah am Samstag, den 15. Februar 2025.", "de",
     "Samstag, den 15. Februar 2025", "2025-02-15", 5),
    ("Die Sitzung ist am Donnerstag (04.03.2025).", "de",
     "Donnerstag (04.03.2025)", "2025-03-04", 3),
    ("Ausgabe vom Sa., 15.02.2025, Seite 3.", "de", "Sa., 15.02.2025", "2025-02-15", 5),
    ("They met on Thursday, February 14, 2025.", "en",
     "Thursday, February 14, 2025", "2025-02-14", 3),
    ("They spoke on Saturday (Feb. 15, 2025).", "en",
     "Saturday (Feb. 15, 2025)", "2025-02-15", 5),
])
def test_a_weekday_beside_a_date_is_one_timex_valued_as_the_date(text, language, phrase,
                                                                 value, weekday):
    timex = only(text, language, "2025-06-20")
    assert (timex["start"], timex["end"], timex["text"], timex["value"], timex["weekday"],
            timex["anchor"]) == (*at(text, phrase, value)[:3], value, weekday, "explicit")


def test_a_year_less_date_beside_a_weekday_keeps_the_written_weekday():
    german = "Montag, 17. Februar beginnt die Messe."
    english = "Monday, February 17 is the opening."
    for text, language, phrase in ((german, "de", "Montag, 17. Februar"),
                                   (english, "en", "Monday, February 17")):
        assert spans(text, language, "2025-02-10") == [at(text, phrase, "2025-02-17")]
        timex = only(text, language)
        assert (timex["value"], timex["weekday"], timex["anchor"]) == ("XXXX-02-17", 0, "none")


def test_a_weekday_beside_a_year_less_date_prefers_a_year_it_is_right_in():
    # Published March 2016: 27 July is nearest in 2016, but was a Monday in 2015.
    german = "Am Montag (27.7.) begann der Streik."
    english = "The strike began on Monday, July 27."
    assert spans(german, "de", "2016-03-15") == [at(german, "Montag (27.7.)", "2015-07-27")]
    assert spans(english, "en", "2016-03-15") == [
        at(english, "Monday, July 27", "2015-07-27")]
    # Without the weekday, the present tense takes the nearest year.
    assert only("Am 27.7. beginnt der Streik.", "de", "2016-03-15")["value"] == "2016-07-27"


def test_a_year_less_date_in_a_past_clause_lies_before_publication():
    # Published in December: "2. Juni" is nearest in the next year, but a past clause
    # speaks of the June before; a future clause of the June after.
    german = "Die Verhandlungen fanden am 2. Juni statt."
    english = "The talks took place on 2 June."
    assert spans(german, "de", "2025-12-10") == [at(german, "2. Juni", "2025-06-02")]
    assert spans(english, "en", "2025-12-10") == [at(english, "2 June", "2025-06-02")]
    german = "Die Verhandlungen werden am 2. Juni beginnen."
    english = "The talks will begin on 2 June."
    assert spans(german, "de", "2025-05-10") == [at(german, "2. Juni", "2025-06-02")]
    assert spans(english, "en", "2025-05-10") == [at(english, "2 June", "2025-06-02")]


def test_abbreviated_weekdays_and_common_words_are_never_timexes_alone():
    assert tag("Mo und Sa sind Kürzel, so wie Di; mit die so.", "de", "2025-02-19") == []
    assert tag("The Sun and the Wed sign. Mon ami.", "en", "2025-02-19") == []


# --- relative expressions ---------------------------------------------------------------

def test_relative_days():
    german = "Gestern warnte er, heute Abend stimmt der Rat ab, morgen folgt der Rest."
    english = "Yesterday he warned, tonight the council votes, tomorrow the rest follows."
    assert spans(german, "de", "2025-02-19") == [
        at(german, "Gestern", "2025-02-18"),
        at(german, "heute Abend", "2025-02-19TEV"),
        at(german, "morgen", "2025-02-20"),
    ]
    assert spans(english, "en", "2025-02-19") == [
        at(english, "Yesterday", "2025-02-18"),
        at(english, "tonight", "2025-02-19TNI"),
        at(english, "tomorrow", "2025-02-20"),
    ]


def test_am_morgen_is_a_time_of_day_not_tomorrow():
    assert tag("Am Morgen und am nächsten Morgen regnete es.", "de", "2025-02-19") == []


def test_this_last_and_next_week():
    german = "Diese Woche, letzte Woche, Ende letzter Woche und nächste Woche."
    english = "This week, last week, the end of last week and next week."
    expected_values = ["2025-W08", "2025-W07", "2025-W07", "2025-W09"]
    assert spans(german, "de", "2025-02-19") == [
        at(german, phrase, value) for phrase, value in zip(
            ["Diese Woche", "letzte Woche", "Ende letzter Woche", "nächste Woche"],
            expected_values, strict=True)]
    assert spans(english, "en", "2025-02-19") == [
        at(english, phrase, value) for phrase, value in zip(
            # TimeML extents keep the article: "the end of last week"
            ["This week", "last week", "the end of last week", "next week"],
            expected_values, strict=True)]
    end_of_last_week = tag(german, "de", "2025-02-19")[2]
    assert (end_of_last_week["mod"], end_of_last_week["earliest"],
            end_of_last_week["latest"]) == ("END", D(2025, 2, 14), D(2025, 2, 16))


def test_exact_offsets_ago():
    german = "Vor zwei Jahren und vor drei Tagen."
    english = "Two years ago and three days ago."
    assert spans(german, "de", "2025-06-20") == [at(german, "Vor zwei Jahren", "2023"),
                                               at(german, "vor drei Tagen", "2025-06-17")]
    assert spans(english, "en", "2025-06-20") == [at(english, "Two years ago", "2023"),
                                                at(english, "three days ago", "2025-06-17")]
    assert spans(english, "en") == [at(english, "Two years ago", "PAST_REF"),
                                    at(english, "three days ago", "PAST_REF")]


def test_vague_offsets_are_approximate_past_intervals():
    german = only("Die Verhandlungen vor einigen Wochen scheiterten.", "de", "2025-06-20")
    english = only("Talks a few weeks ago failed.", "en", "2025-06-20")
    assert (german["text"], german["value"], german["granularity"], german["mod"],
            german["fuzzy"], german["earliest"], german["latest"]) == (
        "vor einigen Wochen", "PAST_REF", "week", "APPROX", "einigen",
        D(2025, 4, 18), D(2025, 6, 6))  # 9 to 2 weeks before publication
    assert (english["text"], english["value"], english["fuzzy"], english["earliest"],
            english["latest"]) == (
        "a few weeks ago", "PAST_REF", "a few", D(2025, 5, 16), D(2025, 6, 6))
    several = only("It started several days ago.", "en", "2025-06-20")
    assert (several["text"], several["fuzzy"], several["earliest"], several["latest"]) == (
        "several days ago", "several", D(2025, 6, 11), D(2025, 6, 17))


def test_recently_is_a_past_reference_reaching_back_sixty_days():
    for text, language, phrase in (("Er hat kürzlich gewarnt.", "de", "kürzlich"),
                                   ("Sie hat jüngst gewarnt.", "de", "jüngst"),
                                   ("He recently warned.", "en", "recently")):
        timex = only(text, language, "2025-06-20")
        assert (timex["text"], timex["value"], timex["earliest"], timex["latest"]) == (
            phrase, "PAST_REF", D(2025, 4, 21), D(2025, 6, 20))


def test_jüngsten_as_an_adjective_is_not_a_timex():
    assert tag("Beim jüngsten Austausch half er.", "de", "2025-06-20") == []


def test_durations():
    german = only("Seit drei Monaten warten sie.", "de", "2025-06-20")
    english = only("They waited for two weeks.", "en", "2025-06-20")
    assert (german["text"], german["type"], german["value"], german["earliest"],
            german["latest"], german["anchor"]) == (
        "drei Monaten", "DURATION", "P3M", D(2025, 3, 20), D(2025, 6, 20), "publication")
    assert (english["text"], english["type"], english["value"], english["earliest"],
            english["anchor"]) == ("two weeks", "DURATION", "P2W", None, "none")


# --- near misses --------------------------------------------------------------------------

def test_german_near_misses():
    text = ("Die Frau mit dem Hut, so sagte sie, kam aus Mailand. Die Zahl stieg auf "
            "2,5 Millionen; Tel. 0221 15022025; Version 15.02.2025.1; Kennung 115.02.2025.")
    assert tag(text, "de", "2025-02-19") == []


def test_english_near_misses():
    text = ("You may leave now or they march on. Theresa May's plan won 2,5 votes; "
            "call 555-2025; see version 2.15.02.2025.")
    assert [t["text"] for t in tag(text, "en", "2025-02-19")] == ["now"]


def test_invalid_dates_are_not_tagged():
    assert tag("Am 31.02.2025 geschah nichts.", "de") == []


# --- the engine -----------------------------------------------------------------------------

def test_timexes_are_sorted_and_never_overlap():
    text = ("Am Samstag (15.02.2025) und vor einigen Wochen, seit 2014, im Juni 2025, "
            "Ende letzter Woche, gestern Abend, jeden Montag um 15 Uhr.")
    found = tag(text, "de", "2025-02-19")
    assert len(found) == 8
    for before, after in zip(found, found[1:], strict=False):
        assert before["end"] <= after["start"]
    assert all(text[t["start"]:t["end"]] == t["text"] for t in found)


def test_a_phrase_added_to_the_calendar_file_is_matched_without_code(monkeypatch):
    original = grammar_module.resources.load

    def load(language, topic):
        table = original(language, topic)
        if topic == "calendar":
            table = table | {"relative_days": table["relative_days"] | {"ehegestern": -2}}
        return table

    grammar_module.compiled_grammar.cache_clear()
    monkeypatch.setattr(grammar_module.resources, "load", load)
    try:
        assert spans("Das war ehegestern.", "de", "2025-02-19") == [
            (8, 18, "ehegestern", "2025-02-17")]
    finally:
        monkeypatch.undo()
        grammar_module.compiled_grammar.cache_clear()


def test_a_grammar_read_back_from_the_store_is_the_one_built(monkeypatch, tmp_path):
    from audit import stored

    monkeypatch.setattr(stored, "_folder", lambda: tmp_path / "grammars")
    text = "Am Freitag (14.02.2025), zwei Tage später, um 4 Uhr am Abend des 22. Juni 1940."

    def fresh():
        grammar_module.compiled_grammar.cache_clear()
        grammar = grammar_module.compiled_grammar("de")
        return grammar, tag(text, "de", "2025-02-19")

    try:
        built, found = fresh()
        [written] = (tmp_path / "grammars").glob("calendar-*")
        read, found_again = fresh()  # from the file
        assert (read.after_gaps.pattern, read.start_source, read.rules, read.lexicon,
                read.alternatives, read.function_words, read.plural_without_number) == (
            built.after_gaps.pattern, built.start_source, built.rules, built.lexicon,
            built.alternatives, built.function_words, built.plural_without_number)
        assert [(rule, opening and opening.pattern) for rule, opening in read.openings] == [
            (rule, opening and opening.pattern) for rule, opening in built.openings]
        assert found_again == found and found[0]["value"] == "2025-02-14"
        # A damaged file is built again and rewritten; a calendar changed in any way is
        # another key, never the old file.
        written.write_text("{", encoding="utf-8")
        assert fresh()[1] == found
        assert written.read_text(encoding="utf-8").startswith("{\"after_gaps\"")
        original = grammar_module.resources.load
        monkeypatch.setattr(grammar_module.resources, "load", lambda language, topic: (
            original(language, topic) | {"function_words": ["und"]} if topic == "calendar"
            else original(language, topic)))
        assert fresh()[0].function_words == frozenset({"und"})
        assert len(list((tmp_path / "grammars").glob("calendar-*"))) == 2
    finally:
        monkeypatch.undo()
        grammar_module.compiled_grammar.cache_clear()


def test_listed_characters_are_those_of_their_category_in_the_plane(monkeypatch, tmp_path):
    from audit import stored

    plane = "".join(map(chr, range(0x10000)))
    for category in (r"\w", r"[^\W\d_]"):
        expected = re.findall(category, plane)
        assert re.findall(f"[{grammar_module.listed_characters(category)}]", plane) == expected
        # built again where nothing is stored, and read back from what was stored
        monkeypatch.setattr(stored, "_folder", lambda: tmp_path / "listed")
        built = grammar_module.listed_characters.__wrapped__(category)
        assert grammar_module.listed_characters.__wrapped__(category) == built
        assert re.findall(f"[{built}]", plane) == expected
        monkeypatch.undo()
    # Near miss: a character beyond the plane is in the category, not in the list.
    listed = grammar_module.listed_characters(r"\w")
    assert re.match(r"\w", "𐐨") and not re.match(f"[{listed}]", "𐐨")


def test_a_grammar_is_built_where_the_store_cannot_be_written(monkeypatch, tmp_path):
    from audit import stored

    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(stored, "_folder", lambda: blocked / "grammars")
    grammar_module.compiled_grammar.cache_clear()
    try:
        assert spans("Das war gestern.", "de", "2025-02-19") == [(8, 15, "gestern", "2025-02-18")]
    finally:
        monkeypatch.undo()
        grammar_module.compiled_grammar.cache_clear()


# --- narrative anchoring and anaphora ----------------------------------------------------

def test_a_narrative_reads_year_less_and_relative_dates_from_the_last_date_given():
    # A year-less date takes the year of the last date given (as in a history's section).
    german = ("Am 22. September 1980 griff der Irak an. Zwei Tage später fiel die Stadt, "
              "im Mai der Hafen.")
    english = ("Iraq attacked on 22 September 1980. Two days later the city fell, "
               "in May the port.")
    assert [(t["text"], t["value"], t["anchor"])
            for t in tag_timexes(german, "de", parse_published("2011-02-16"))] == [
        ("22. September 1980", "1980-09-22", "explicit"),
        ("Zwei Tage später", "1980-09-24", "previous"),
        ("Mai", "1980-05", "previous")]
    assert [(t["text"], t["value"], t["anchor"])
            for t in tag_timexes(english, "en", parse_published("2011-02-16"))] == [
        ("22 September 1980", "1980-09-22", "explicit"),
        ("Two days later", "1980-09-24", "previous"),
        ("May", "1980-05", "previous")]


def test_news_background_paragraph_reads_year_less_dates_from_its_own_date():
    # The tagger decides: a news article (it speaks of its own time: "am Montag") whose
    # background paragraph moves to 2022 reads "am 24. Februar" there; the next paragraph
    # is back at publication.
    german = ("Am Montag sagte der Minister, die Gespräche gingen weiter.\n\n"
              "Im Februar 2022 startete der Kreml den Angriff. Am 24. Februar rollten Panzer.\n\n"
              "Am 3. März wurde verhandelt.")
    found = tag(german, "de", "2025-06-20")
    assert [(t["text"], t["value"], t["anchor"]) for t in found] == [
        ("Montag", "2025-06-16", "publication"), ("Februar 2022", "2022-02", "explicit"),
        ("24. Februar", "2022-02-24", "previous"), ("3. März", "2025-03-03", "publication")]
    english = ("On Monday the minister said talks would go on.\n\n"
               "In February 2022 the Kremlin began the attack. On February 24 tanks rolled.\n\n"
               "Talks were held on March 3.")
    found = tag(english, "en", "2025-06-20")
    assert [(t["text"], t["value"], t["anchor"]) for t in found] == [
        ("Monday", "2025-06-16", "publication"), ("February 2022", "2022-02", "explicit"),
        ("February 24", "2022-02-24", "previous"), ("March 3", "2025-03-03", "publication")]


def test_in_news_a_bare_year_or_a_planned_date_does_not_move_the_story():
    # Near misses: "1990" is named in passing, "Oct. 15, 2027" is a plan, not a story.
    german = "Gestern schloss die 1990 gegründete Firma. Am 2. Juni beginnt der Verkauf."
    assert [t["value"] for t in tag(german, "de", "2025-06-20")] == [
        "2025-06-19", "1990", "2025-06-02"]
    english = ("Yesterday the bonds, due Oct. 15, 2027, fell. The sale began on June 2.")
    assert [t["value"] for t in tag(english, "en", "2025-06-20")] == [
        "2025-06-19", "2027-10-15", "2025-06-02"]


def test_a_history_stays_with_its_story_across_paragraphs():
    german = "Am 1. September 1939 begann der Krieg.\n\nAm 17. September marschierten Truppen ein."
    assert [(t["value"], t["anchor"]) for t in tag(german, "de", "2011-02-16")] == [
        ("1939-09-01", "explicit"), ("1939-09-17", "previous")]
    english = "The war began on 1 September 1939.\n\nOn 17 September troops marched in."
    assert [(t["value"], t["anchor"]) for t in tag(english, "en", "2011-02-16")] == [
        ("1939-09-01", "explicit"), ("1939-09-17", "previous")]


def test_in_news_only_anaphoric_expressions_read_from_the_last_date():
    # "zwei Tage später" counts from 2. Juni 2025; "gestern" stays with publication.
    german = "Am 2. Juni 2025 begann der Streik, zwei Tage später gestern endete er."
    values = [t["value"] for t in tag(german, "de", "2025-06-20")]
    assert values == ["2025-06-02", "2025-06-04", "2025-06-19"]
    english = "The strike began on 2 June 2025 and ended two days later; talks resumed yesterday."
    values = [t["value"] for t in tag(english, "en", "2025-06-20")]
    assert values == ["2025-06-02", "2025-06-04", "2025-06-19"]


def test_heute_in_a_narrative_is_the_present_not_the_narrated_day():
    german = "Am 2. Juni 1940 fiel die Stadt, die heute zu Polen gehört."
    [_, heute] = tag_timexes(german, "de", parse_published("2011-02-16"))
    assert (heute["text"], heute["value"]) == ("heute", "PRESENT_REF")
    # Near miss: in news "heute" is the publication day.
    assert tag("Heute tagt der Rat.", "de", "2025-06-20")[0]["value"] == "2025-06-20"


# --- seasons, quarters, centuries, decades, eras ----------------------------------------

@pytest.mark.parametrize("text, language, phrase, value", [
    ("Im Sommer 2024 stieg der Umsatz.", "de", "Sommer 2024", "2024-SU"),
    ("Sales rose in summer 2024.", "en", "summer 2024", "2024-SU"),
    ("Im zweiten Quartal 2025 sank der Gewinn.", "de", "zweiten Quartal 2025", "2025-Q2"),
    ("Profit fell in Q2 2025.", "en", "Q2 2025", "2025-Q2"),
    ("Profit fell in the third quarter.", "en", "the third quarter", "2024-Q3"),
    ("Im 20. Jahrhundert wuchs die Stadt.", "de", "20. Jahrhundert", "19"),
    ("The town grew in the nineteenth century.", "en", "the nineteenth century", "18"),
    ("In den 1930er-Jahren wuchs die Stadt.", "de", "1930er-Jahren", "193"),
    ("The town grew in the 1990s.", "en", "the 1990s", "199"),
    ("Die Schlacht fand 480 v. Chr. statt.", "de", "480 v. Chr.", "BC0480"),
    ("The battle took place in 216 BC.", "en", "216 BC", "BC0216"),
])
def test_seasons_quarters_centuries_decades_and_eras(text, language, phrase, value):
    # Published 2025-06-20: a quarter named without its year is the last such one begun.
    found = spans(text, language, "2025-06-20")
    assert at(text, phrase, value) in found


def test_a_clock_time_takes_the_day_written_beside_it_or_the_publication_day():
    english = "Polls close at 10 p.m. Wednesday; results come by 9 a.m."
    assert spans(english, "en", "2025-02-19") == [
        at(english, "10 p.m. Wednesday", "2025-02-19T22:00"),
        at(english, "9 a.m.", "2025-02-19T09:00")]
    german = "Die Wahllokale schließen um 18 Uhr."
    assert spans(german, "de", "2025-02-19") == [at(german, "18 Uhr", "2025-02-19T18:00")]
    # Near miss: without a publication date the day stays unknown.
    assert spans(german, "de") == [at(german, "18 Uhr", "XXXX-XX-XXT18:00")]


def test_the_prefix_screen_never_changes_what_is_found(seeds):
    """The screen of the rules' first characters is an optimisation only."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    english = ("On Friday, February 14, 2025, two days later, the third quarter, 10 p.m. "
               "Wednesday, a few weeks ago, in 1939/1940, the 1990s, 216 BC, last April, "
               "the past three months, almost two years ago, a 6-year-old boy.")
    german = ("Am Freitag (14.02.2025), zwei Tage später, im zweiten Quartal 2025, um 4 Uhr "
              "45, vor einigen Wochen, 1939/1940, die 1930er-Jahre, 480 v. Chr., am "
              "Abend des 22. Juni 1940, mehr als drei Tage, 37 Jahre alt.")
    # A character beyond the Basic Multilingual Plane, a letter or not, is in no listed class.
    beyond = [german.replace(" 2", " 𐐨2").replace(", ", ",😀 "), "𐐨" + english.replace(" ", " 𝐀")]
    for language, samples in (("de", [*texts, german, beyond[0]]), ("en", [english, beyond[1]])):
        fast = grammar_module.compiled_grammar(language)
        plain = grammar_module.compiled_grammar(language, screened=False)
        assert fast.starts.pattern != plain.starts.pattern
        for text in samples:
            # the screened starts with the rules tried by first character, against every
            # rule as one alternation, unscreened
            found = [(m.span(), m.lastgroup) for m in fast.finditer(text)]
            assert found == [(m.span(), m.lastgroup) for m in plain.pattern.finditer(text)]
            assert found == [(m.span(), m.lastgroup) for m in plain.finditer(text)]


def test_ranges_give_each_end_its_own_timex():
    german = "Der Marsch 1934/35, die Kriege 264–260 v. Chr. und die Nacht vom 17./18. Juli 1789."
    assert spans(german, "de") == [
        at(german, "1934", "1934"), at(german, "35", "1935"), at(german, "264", "BC0264"),
        at(german, "260 v. Chr.", "BC0260"), at(german, "17.", "1789-07-17"),
        at(german, "18. Juli 1789", "1789-07-18")]
    english = "The war of 1939/1940 and the years 1914/1918."
    assert spans(english, "en") == [
        at(english, "1939", "1939"), at(english, "1940", "1940"),
        at(english, "1914", "1914"), at(english, "1918", "1918")]
    # Near miss: a month and year, or a day and month, written with a slash are no range.
    assert spans("Stand 12/2024, Termin 1/15.", "de") == []


def test_a_date_named_as_the_end_of_a_span_does_not_move_the_story():
    german = ("Im März 1862 begann der Feldzug, der bis zum 15. Juli 1863 dauerte. "
              "Im Mai fiel die Stadt.")
    english = ("The campaign began in March 1862 and lasted until July 15, 1863. "
               "In May the city fell.")
    for text, language in ((german, "de"), (english, "en")):
        found = tag_timexes(text, language, parse_published("2011-02-16"))
        assert [t["value"] for t in found] == ["1862-03", "1863-07-15", "1862-05"]
    # Near miss: a date the story moves to does move it.
    german = ("Im März 1862 begann der Feldzug. Am 15. Juli 1863 siegte die Union. "
              "Im Mai fiel die Stadt.")
    found = tag_timexes(german, "de", parse_published("2011-02-16"))
    assert [t["value"] for t in found] == ["1862-03", "1863-07-15", "1863-05"]


def test_a_year_ago_while_a_quarter_is_discussed_is_that_quarter_a_year_before():
    english = "Profit rose in the third quarter from $5 million a year ago."
    assert [t["value"] for t in tag(english, "en", "1989-11-02")] == ["1989-Q3", "1988-Q3"]
    # Near miss: without a quarter before it, a year ago is the year.
    assert [t["value"] for t in tag("Profit rose from a year ago.", "en", "1989-11-02")] == [
        "1988"]


def test_spoken_years_in_transcripts():
    english = "Prices fell in nineteen ninety-six and in January nineteen ninety-seven."
    assert spans(english, "en", "1998-02-02") == [
        at(english, "nineteen ninety-six", "1996"),
        at(english, "January nineteen ninety-seven", "1997-01")]
    # Near miss: a count is no year.
    assert spans("Nineteen people and twenty cars.", "en", "1998-02-02") == []


def test_the_year_of_a_report_is_the_current_year():
    english = "For the year, volume was flat; sales rose in the full year."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "the year", "1989"), at(english, "the full year", "1989")]
    # Near miss: "the year before" counts from another date, "the year-ago" is read whole.
    assert spans("Profit was $5 million the year before.", "en", "1989-11-02") == []
    assert [t["text"] for t in tag("The year-ago results were restated.", "en",
                                   "1989-11-02")] == ["year-ago"]


def test_the_year_ended_a_date_is_a_length_of_time():
    english = "Net income for the fiscal year ended Aug. 31 fell."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "the fiscal year", "P1Y"), at(english, "Aug. 31", "1989-08-31")]
    # Near miss: a fiscal year named without its end is the current one.
    english = "Sales in the current fiscal year will rise."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "the current fiscal year", "1989")]


def test_an_article_before_a_hyphenated_length_or_quarter_is_not_part_of_it():
    english = "The eight-year war and the third-quarter results."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "eight-year", "P8Y"), at(english, "third-quarter", "1989-Q3")]
    # Near miss: before a length or quarter written apart, "the" is part of it.
    english = "During the two days of talks in the third quarter."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "the two days", "P2D"), at(english, "the third quarter", "1989-Q3")]


def test_earlier_opening_a_sentence_is_part_of_the_timex():
    english = "Earlier this month, the plant closed."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "Earlier this month", "1989-11")]
    # Near miss: inside the sentence, "earlier" is an adverb of the verb, not of the date.
    english = "The plant closed earlier this month."
    assert spans(english, "en", "1989-11-02") == [at(english, "this month", "1989-11")]


def test_the_year_period_while_a_quarter_is_discussed_is_that_quarter():
    english = "Profit rose in the third quarter from the 1988 period."
    assert spans(english, "en", "1989-10-27") == [
        at(english, "the third quarter", "1989-Q3"), at(english, "the 1988 period", "1988-Q3")]
    # Near miss: without a quarter before it, the period is the year.
    english = "Sales rose from the 1988 period."
    assert spans(english, "en", "1989-10-27") == [at(english, "the 1988 period", "1988")]


def test_the_following_year_counts_from_the_last_date_given():
    english = "In 1995 he won. The following year he lost."
    assert spans(english, "en", "1998-04-18") == [
        at(english, "1995", "1995"), at(english, "The following year", "1996")]
    # Near miss: "last year" counts from publication.
    english = "In 1995 he won. Last year he lost."
    assert spans(english, "en", "1998-04-18") == [
        at(english, "1995", "1995"), at(english, "Last year", "1997")]


def test_in_before_a_count_of_days_is_not_part_of_the_timex():
    english = "He will return in two weeks."
    assert spans(english, "en", "1998-04-18") == [at(english, "two weeks", "1998-W18")]
    # Near miss: without "in" (or "for") before it, a count is a length of time.
    english = "He stayed two weeks."
    assert spans(english, "en", "1998-04-18") == [at(english, "two weeks", "P2W")]


def test_right_now_and_in_the_near_future_leave_out_the_adverb_and_preposition():
    english = "Right now prices are high; they will fall in the near future."
    assert [(t["text"], t["value"]) for t in tag(english, "en", "1998-04-18")] == [
        ("now", "PRESENT_REF"), ("the near future", "FUTURE_REF")]
    # Near miss: "right" alone is no timex.
    assert tag("He was right about prices.", "en", "1998-04-18") == []


def test_the_year_two_thousand_as_spoken():
    english = "Unemployment is to halve by the year two thousand."
    assert spans(english, "en", "1998-02-05") == [
        at(english, "the year two thousand", "2000")]
    # Near miss: "two thousand" alone counts something.
    assert spans("Two thousand people came.", "en", "1998-02-05") == []


def test_the_future_of_something_is_no_time():
    english = "Talks will resume in the future."
    assert spans(english, "en", "1998-04-18") == [at(english, "the future", "FUTURE_REF")]
    # Near miss: "the future of" names a prospect.
    assert spans("It is important to the future of our peoples.", "en", "1998-04-18") == []


def test_a_participle_after_be_or_negated_is_no_past_marker():
    # "will be named": the participle after "be" leaves the clause in the future.
    english = "The colonel will be named commander for a mission in December."
    assert spans(english, "en", "1998-03-04") == [at(english, "December", "1998-12")]
    # "untouched", "unspecified": adjectives, not past verbs.
    english = "The airline will double its flights by August in markets untouched by the crisis."
    assert spans(english, "en", "1998-02-13") == [at(english, "August", "1998-08")]
    english = "The bonus would be paid on an unspecified date in January."
    assert spans(english, "en", "1989-10-26") == [at(english, "January", "1990-01")]
    # Near miss: a past verb in -ed keeps the month before publication.
    english = "The colonel was named commander for a mission in December."
    assert spans(english, "en", "1998-03-04") == [at(english, "December", "1997-12")]


def test_irregular_past_forms_mark_the_past():
    english = "In January, the firm brought in a new chief."
    assert spans(english, "en", "1989-10-27") == [at(english, "January", "1989-01")]
    # Near miss: the present tense takes the nearest January.
    english = "In January, the firm brings in a new chief."
    assert spans(english, "en", "1989-10-27") == [at(english, "January", "1990-01")]


def test_a_plan_of_the_past_is_no_future_marker():
    english = "The offer had been due to expire Friday."
    assert spans(english, "en", "1989-10-30") == [at(english, "Friday", "1989-10-27")]
    # Near miss: "is due to" looks ahead to the next Friday.
    english = "The offer is due to expire Friday."
    assert spans(english, "en", "1989-10-30") == [at(english, "Friday", "1989-11-03")]


def test_the_weekend_is_the_last_one_begun_or_in_a_future_clause_the_next():
    # 1990-08-13 is a Monday: the weekend before it is that of ISO week 32.
    english = "Officials met over the weekend."
    timex = only(english, "en", "1990-08-13")
    assert (timex["start"], timex["end"], timex["text"], timex["value"]) == at(
        english, "the weekend", "1990-W32-WE")
    assert (timex["earliest"], timex["latest"]) == (D(1990, 8, 11), D(1990, 8, 12))
    english = "Officials will meet over the weekend."
    assert spans(english, "en", "1990-08-13") == [at(english, "the weekend", "1990-W33-WE")]
    english = "Officials will meet next weekend."
    assert spans(english, "en", "1990-08-13") == [at(english, "next weekend", "1990-W34-WE")]
    # Near miss: "weekend" as a modifier without an article is no time.
    assert tag("He sells weekend passes.", "en", "1990-08-13") == []


def test_a_clock_time_with_its_time_zone_and_date():
    english = "The offer was extended until 5 p.m. EST Nov. 9."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "5 p.m. EST Nov. 9", "1989-11-09T17:00")]
    english = "The offer runs until 5 p.m. EST, Nov. 6."
    assert spans(english, "en", "1989-10-30") == [
        at(english, "5 p.m. EST, Nov. 6", "1989-11-06T17:00")]
    # Near miss: "est" in lower case is no time zone.
    english = "It closes at 5 p.m. est modo."
    assert spans(english, "en", "1989-10-30") == [at(english, "5 p.m.", "1989-10-30T17:00")]


def test_words_pointing_ahead_make_a_weekday_the_next_one():
    # 2000-04-03 is a Monday.
    english = "The father could come as early as Tuesday."
    assert spans(english, "en", "2000-04-03") == [at(english, "Tuesday", "2000-04-04")]
    english = "The relatives have until 9 a.m. Tuesday to sign."
    assert spans(english, "en", "2000-04-03") == [
        at(english, "9 a.m. Tuesday", "2000-04-04T09:00")]
    # Near miss: in a past clause, "until Tuesday" is the Tuesday before.
    english = "The talks lasted until Tuesday."
    assert spans(english, "en", "2000-04-06") == [at(english, "Tuesday", "2000-04-04")]
    english = "The talks lasted until Tuesday."
    assert spans(english, "en", "2000-04-03") == [at(english, "Tuesday", "2000-03-28")]


def test_floating_holidays_fall_on_their_weekday():
    english = "The boy was found on Thanksgiving Day; last Thanksgiving was cold."
    assert spans(english, "en", "2000-01-07") == [
        at(english, "Thanksgiving Day", "1999-11-25"), at(english, "last Thanksgiving",
                                                         "1999-11-25")]
    english = "It is a theme from now to Election Day."
    assert spans(english, "en", "1998-10-26") == [
        at(english, "now", "PRESENT_REF"), at(english, "Election Day", "1998-11-03")]
    # Near miss: a common noun in lower case names no holiday.
    assert tag("They said a prayer of thanksgiving.", "en", "2000-01-07") == []


def test_a_holiday_months_back_in_a_clause_looking_ahead_keeps_its_year_unknown():
    # Published in February: the nearest Election Day is the past November, which a
    # clause looking ahead ("by", a future tense) does not mean.
    english = "Organisers hope to have half the votes in by Election Day."
    timex = only(english, "en", "2016-02-17")
    assert (timex["text"], timex["value"], timex["anchor"], timex["earliest"]) == (
        "Election Day", "XXXX-11-02", "none", None)
    german = "Die Händler hoffen, bis Weihnachten die Lager zu leeren."
    timex = only(german, "de", "2016-03-01")
    assert (timex["text"], timex["value"], timex["anchor"]) == ("Weihnachten", "XXXX-12-25",
                                                                "none")
    # A future tense that finds no next one within 300 days: not the past Christmas either;
    # nor in a sentence with a future marker, though a past one stands nearer.
    english = "The new wing will open at Christmas."
    assert spans(english, "en", "2016-02-27") == [at(english, "Christmas", "XXXX-12-25")]
    english = "It would tell us what our goal was on Election Day, he said."
    assert spans(english, "en", "2016-02-17") == [at(english, "Election Day", "XXXX-11-02")]
    # Near misses: a past clause keeps the past day; a future one within reach is the next
    # one; a holiday ahead of publication, or just behind it, resolves as before.
    english = "Organisers had half the votes in by Election Day."
    assert spans(english, "en", "2016-02-17") == [at(english, "Election Day", "2015-11-03")]
    english = "Voters will decide on Election Day."
    assert spans(english, "en", "2016-02-17") == [at(english, "Election Day", "2016-11-08")]
    english = "The shops hope to sell out by Christmas."
    assert spans(english, "en", "2016-11-20") == [at(english, "Christmas", "2016-12-25")]
    german = "Die Händler hatten bis Weihnachten die Lager geleert."
    assert spans(german, "de", "2016-03-01") == [at(german, "Weihnachten", "2015-12-25")]
    german = "Die Händler hoffen, bis Weihnachten die Lager zu leeren."
    assert spans(german, "de", "2016-02-10") == [at(german, "Weihnachten", "2015-12-25")]
    german = "Die Regierung will das Gesetz bis Weihnachten beschließen."
    assert spans(german, "de", "2016-06-15") == [at(german, "Weihnachten", "2016-12-25")]


def test_german_words_pointing_ahead_make_a_weekday_the_next_one():
    # 2016-11-16 is a Wednesday.
    german = "Die Parteien einigen sich bis Montag."
    assert spans(german, "de", "2016-11-16") == [at(german, "Montag", "2016-11-21")]
    # Near miss: in a past clause, "bis Montag" is the Monday before.
    german = "Die Parteien hatten bis Montag verhandelt."
    assert spans(german, "de", "2016-11-16") == [at(german, "Montag", "2016-11-14")]
    # Nor does "bis", "until" closing a range that a weekday opens: both ends read alike.
    german = "Das Büro ist von Montag bis Freitag geöffnet."
    assert spans(german, "de", "2016-11-16") == [at(german, "Montag", "2016-11-14"),
                                                 at(german, "Freitag", "2016-11-11")]
    english = "The office is open from Monday until Friday."
    assert spans(english, "en", "2016-11-16") == [at(english, "Monday", "2016-11-14"),
                                                  at(english, "Friday", "2016-11-11")]


def test_a_part_of_the_day_before_a_relative_day():
    english = "Shares were up at mid-afternoon yesterday."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "mid-afternoon yesterday", "1989-11-01TAF")]
    # Near miss: a part of the day alone is no timex.
    assert tag("Shares were up at mid-afternoon.", "en", "1989-11-02") == []


def test_this_past_season_is_the_last_one_begun():
    english = "The unit was closed this past spring."
    assert spans(english, "en", "1989-10-30") == [at(english, "this past spring", "1989-SP")]
    # Near miss: "last spring" is last year's.
    english = "The unit was closed last spring."
    assert spans(english, "en", "1989-10-30") == [at(english, "last spring", "1988-SP")]


def test_a_season_of_a_spoken_year():
    english = "Prices fell to that level in the winter of nineteen ninety-four."
    assert spans(english, "en", "1998-02-23") == [
        at(english, "the winter of nineteen ninety-four", "1994-WI")]
    # Near miss: the spoken year alone is a year.
    english = "Prices fell to that level in nineteen ninety-four."
    assert spans(english, "en", "1998-02-23") == [at(english, "nineteen ninety-four", "1994")]


def test_a_couple_of_units_are_two():
    english = "It will not change for a couple of years."
    assert spans(english, "en", "1998-01-08") == [at(english, "a couple of years", "P2Y")]
    english = "Over the next couple of years sales will grow."
    assert spans(english, "en", "1998-01-08") == [
        at(english, "the next couple of years", "P2Y")]
    # Near miss: a couple of other things is no time.
    assert tag("A couple of friends came.", "en", "1998-01-08") == []


def test_one_day_after_a_modal_is_a_time_to_come():
    english = "Islam will one day be the second largest religion."
    assert spans(english, "en", "1998-03-03") == [at(english, "one day", "FUTURE_REF")]
    # Near miss: without the modal, one day is a length of time.
    english = "He stayed one day."
    assert spans(english, "en", "1998-03-03") == [at(english, "one day", "P1D")]


def test_a_year_earlier_written_as_one_word_leaves_the_article_out():
    english = "It lost $5 million in the third quarter, compared with a year-earlier loss."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "the third quarter", "1989-Q3"), at(english, "year-earlier", "1988-Q3")]
    # Near miss: "a year earlier" in words is one timex, the article included.
    english = "It lost $5 million in the third quarter, against $3 million a year earlier."
    assert spans(english, "en", "1989-11-02") == [
        at(english, "the third quarter", "1989-Q3"), at(english, "a year earlier", "1988-Q3")]


def test_a_schedule_of_the_past_is_no_future_marker():
    # 1989-10-30 is a Monday.
    english = "The offer had been scheduled to expire at midnight Friday."
    assert spans(english, "en", "1989-10-30") == [
        at(english, "midnight Friday", "1989-10-27T00:00")]
    # Near miss: a schedule still ahead.
    english = "The offer is scheduled to expire at midnight Friday."
    assert spans(english, "en", "1989-10-30") == [
        at(english, "midnight Friday", "1989-11-03T00:00")]


def test_the_sentence_ends_are_found_as_by_a_scan_of_the_stretches_around(monkeypatch):
    """``sentence_around`` looks the ends up among those of the whole text (an optimisation);
    a stop whose white space lies outside the stretch does not count, as for a scan."""
    end_of_sentence = re.compile(r"(?<!\d)[.!?](?=\s)|\n")
    text = "Am 3. März traf er ihn. Dann kam\nder Rat. Am 15. Februar 2025 sprach er! Ende."
    for reach in (tense_module._REACH, 5):
        monkeypatch.setattr(tense_module, "_REACH", reach)
        for start in range(-2, len(text) + 3):
            for end in range(start, start + 12):
                left, limit = max(0, start - reach), min(len(text), end + reach)
                lefts = [m.end() for m in end_of_sentence.finditer(text, left, start)]
                right = end_of_sentence.search(text, end, limit)
                assert tense_module.sentence_around(text, start, end) == (
                    lefts[-1] if lefts else left, right.start() if right else limit)


def test_kept_distances_from_publication_equal_fresh_ones():
    """Without a publication date, the distances of a recurring reading are kept; a kept
    one is the same as one computed afresh, and a different reading gets its own."""
    readings_module._OFFSETS.clear()
    text = "Gestern traf er ihn, am Montag sprach er, gestern kam der Rat."
    first = [(t["text"], t["offset_low"], t["offset_high"]) for t in tag(text, "de")]
    again = [(t["text"], t["offset_low"], t["offset_high"]) for t in tag(text, "de")]
    assert first == again == [("Gestern", -1, -1), ("Montag", -6, 0), ("gestern", -1, -1)]
    # Near miss: "morgen" is another reading, with its own distances.
    assert [(t["offset_low"], t["offset_high"]) for t in tag("Morgen kommt er.", "de")] == [
        (1, 1)]
    # Readings after different dates share their distances, which are the fresh ones.
    readings_module._OFFSETS.clear()
    after = [tag(f"Am {day}. Mai 2024 kam er, am Montag sprach er.", "de")[-1]
             for day in (3, 4)]
    assert len(readings_module._OFFSETS) == 1
    readings_module._OFFSETS.clear()
    fresh = tag("Am 4. Mai 2024 kam er, am Montag sprach er.", "de")[-1]
    assert [(t["offset_low"], t["offset_high"]) for t in after] == [
        (fresh["offset_low"], fresh["offset_high"])] * 2 == [(-6, 0)] * 2


def test_a_decade_named_by_its_tens_is_the_last_one_begun():
    english = "Hate groups declined through the nineties."
    assert spans(english, "en", "1998-03-03") == [at(english, "the nineties", "199")]
    english = "Prices rose in the twenties."
    assert spans(english, "en", "1998-03-03") == [at(english, "the twenties", "192")]
    # Near miss: an age is no decade.
    assert tag("She is in her nineties.", "en", "1998-03-03") == []


def test_a_decade_written_by_its_tens_in_digits_is_the_last_one_begun():
    english = "Prices rose in the '80s and fell in the early ’90s; in the '20s they soared."
    assert spans(english, "en", "2025-02-19") == [
        at(english, "the '80s", "198"), at(english, "the early ’90s", "199"),
        at(english, "the '20s", "202")]
    assert [t["value"] for t in tag("in the '80s", "en")] == ["XXX"]  # no publication
    # Near misses: without the apostrophe a temperature or an age, not a decade.
    assert tag("Temperatures were in the 80s; he is in his 80s.", "en", "2025-02-19") == []
    german = "Die 80er Jahre, in den 90er-Jahren, in den 70ern und die 20er."
    assert spans(german, "de", "2025-02-19") == [
        at(german, "80er Jahre", "198"), at(german, "90er-Jahren", "199"),
        at(german, "70ern", "197"), at(german, "20er", "202")]
    # Near misses: "80er" without "Jahre" and without an article before it is no decade.
    assert tag("Er trank einen 80er Wein und fuhr Tempo 80er.", "de", "2025-02-19") == []
    german = "Die Achtzigerjahre, die siebziger Jahre, in den Neunzigern, die Dreißiger."
    assert spans(german, "de", "2025-02-19") == [
        at(german, "Achtzigerjahre", "198"), at(german, "siebziger Jahre", "197"),
        at(german, "Neunzigern", "199"), at(german, "Dreißiger", "193")]
    # Near miss: a tens word without "Jahre" and without an article is no decade.
    assert tag("Er gab ihr einen Zwanziger; ein Sechziger feierte.", "de", "2025-02-19") == []


def test_every_month_is_a_set():
    english = "The marchers parade each July through the town."
    timex = only(english, "en", "1998-03-22")
    assert (timex["start"], timex["end"], timex["text"], timex["value"], timex["type"]) == (
        *at(english, "each July", "XXXX-07"), "SET")
    # Near miss: a month alone after "in" is a date.
    english = "The marchers parade in July through the town."
    assert spans(english, "en", "1998-03-22") == [at(english, "July", "1998-07")]


def test_these_days_is_the_present():
    english = "They seem to hurt more these days."
    assert spans(english, "en", "1989-10-30") == [at(english, "these days", "PRESENT_REF")]
    # Near miss: "these two days" counts days.
    english = "They met on these two days."
    assert spans(english, "en", "1989-10-30") == [at(english, "two days", "P2D")]


def test_a_narrative_before_christ_reads_its_year_less_dates_in_that_era():
    german = ("Im Jahr 216 v. Chr. zog Hannibal nach Süden. Am 2. August kam es zur Schlacht. "
              "Ein Jahr später belagerte er die Stadt.")
    found = [(t["text"], t["value"], t["earliest"]) for t in
             tag_timexes(german, "de", parse_published("2011-02-16"))]
    assert found == [("Jahr 216 v. Chr.", "BC0216", None), ("2. August", "BC0216-08-02", None),
                     ("Ein Jahr später", "BC0215", None)]
    # after a date in our era the story is back on the calendar
    later = german + " Am 3. Mai 1805 endete der Krieg. Am 4. Juni folgte der Friede."
    assert [t["value"] for t in tag_timexes(later, "de", parse_published("2011-02-16"))
            ][-2:] == ["1805-05-03", "1805-06-04"]
    # Near miss: a text that speaks of its own time ("gestern") keeps year-less dates there
    news = "Gestern sprach der Minister. Am 2. August kam es zur Abstimmung."
    assert [t["value"] for t in tag_timexes(news, "de", parse_published("2011-02-16"))] == [
        "2011-02-15", "2010-08-02"]


def test_the_end_of_a_year_written_as_one_word():
    text = "Bis zum Jahresende 1789 blieb es ruhig, zur Jahresmitte 1790 nicht mehr."
    assert [(t["text"], t["value"], t["mod"]) for t in tag_timexes(text, "de", None)] == [
        ("Jahresende 1789", "1789", "END"), ("Jahresmitte 1790", "1790", "MID")]
    # without a year it is no date here
    assert tag_timexes("Das Jahresende war ruhig.", "de", None) == []


def test_jahr_and_a_season_belong_to_an_ancient_year():
    story = ("Um das Jahr 500 v. Chr. wuchs die Stadt. Im Frühjahr 479 v. Chr. kam das Heer. "
             "Im Jahr 478 zog es ab.")
    assert [(t["text"], t["value"]) for t in
            tag_timexes(story, "de", parse_published("2011-02-16"))] == [
        ("Um das Jahr 500 v. Chr.", "BC0500"), ("Frühjahr 479 v. Chr.", "BC0479-SP"),
        ("Jahr 478", "BC0478")]  # a bare year in a story before Christ is before Christ
    assert [(t["text"], t["value"]) for t in tag_timexes("Im Jahr 478 zog er ab.", "de",
                                                         None)] == [("Jahr 478", "0478")]
    # a number of years is no year
    assert tag_timexes("Im Jahr 3 der Regierung.", "de", None) == []


def test_german_lengths_written_as_adjectives_and_without_a_number():
    text = ("Nach der sechstägigen Belagerung und einem einjährigen Frieden kam ein "
            "30-jähriger Mann.")
    assert [(t["text"], t["value"], t["type"]) for t in tag_timexes(text, "de", None)] == [
        ("sechstägigen", "P6D", "DURATION"), ("einjährigen", "P1Y", "DURATION")]
    text = "In den folgenden Jahren wuchs die Stadt; die ersten Bewohner kamen früh."
    assert [(t["text"], t["value"]) for t in tag_timexes(text, "de", None)] == [
        ("folgenden Jahren", "PXY")]


def test_german_century_abbreviation_and_the_year_after():
    story = "Im 4. Jh. v. Chr. blühte die Stadt. Am 3. Mai 1790 begann es. Im Folgejahr endete es."
    assert [(t["text"], t["value"]) for t in
            tag_timexes(story, "de", parse_published("2011-02-16"))] == [
        ("4. Jh. v. Chr.", "BC03"), ("3. Mai 1790", "1790-05-03"), ("Folgejahr", "1791")]
    assert [(t["text"], t["value"]) for t in tag_timexes(
        "Bis zum heutigen Tag ist das so.", "de", parse_published("2011-02-16"))] == [
        ("heutigen Tag", "PRESENT_REF")]


# --- values for every reading -----------------------------------------------------------

def test_a_clock_time_takes_the_day_written_beside_it_though_not_in_one_phrase():
    # Published Saturday 2016-05-14: "4 Uhr" belongs to Thursday, not to publication day.
    german = "Die Bombe explodierte Donnerstag, um 4 Uhr."
    assert [(t["text"], t["value"]) for t in tag(german, "de", "2016-05-14")] == [
        ("Donnerstag", "2016-05-12"), ("4 Uhr", "2016-05-12T04:00")]
    english = "On Thursday, at 4 a.m., the bomb went off."
    assert [(t["text"], t["value"]) for t in tag(english, "en", "2016-05-14")] == [
        ("Thursday", "2016-05-12"), ("4 a.m.", "2016-05-12T04:00")]
    # Near miss: a clock time with no day beside it is on the publication day.
    assert [t["value"] for t in tag("Um 4 Uhr explodierte die Bombe.", "de", "2016-05-14")] \
        == ["2016-05-14T04:00"]
    assert [t["value"] for t in tag("Der Rat tagt am Donnerstag. Um 4 Uhr kam die Bombe.",
                                    "de", "2016-05-14")] == ["2016-05-12", "2016-05-14T04:00"]


def test_in_n_years_in_a_past_clause_is_a_span_not_a_date_ahead():
    assert [(t["text"], t["type"], t["value"]) for t in tag(
        "Prices reached the highest level in 13 years.", "en", "2016-05-14")] == [
        ("13 years", "DURATION", "P13Y")]
    assert [(t["text"], t["type"], t["value"]) for t in tag(
        "Der Kurs war der höchste in 13 Jahren.", "de", "2016-05-14")] == [
        ("in 13 Jahren", "DURATION", "P13Y")]
    # Near miss: in a future clause it is the date ahead.
    assert [(t["type"], t["value"]) for t in tag(
        "The bonds will be redeemed in five years.", "en", "2016-05-14")] == [("DATE", "2021")]
    assert [(t["type"], t["value"]) for t in tag(
        "Der Plan wird in fünf Jahren umgesetzt.", "de", "2016-05-14")] == [("DATE", "2021")]


def test_a_number_before_a_noun_far_from_the_story_counts_things():
    text = "1500 Grenzbeamte wurden entsandt, dazu 1900 Polizisten."
    assert tag(text, "de", "2016-05-14") == []
    # without any date, a number of the present era before a noun may still be a year
    assert [t["text"] for t in tag(text, "de")] == ["1900"]
    assert [t["text"] for t in tag("Er wurde 2010 Weltmeister.", "de")] == ["2010"]
    # Near misses: a year the story is near, or a year with no noun after it.
    story = "Im Juli 1917 kam es zu Unruhen. So gab es bereits 1917 Meutereien."
    assert [t["text"] for t in tag(story, "de", "2011-02-16")] == ["Juli 1917", "1917"]
    assert [(t["text"], t["value"]) for t in tag("Die Stadt wurde 1500 gegründet.", "de",
                                                 "2016-05-14")] == [("1500", "1500")]


def test_an_english_number_between_two_content_words_counts_the_word_after_it():
    english = ("The ministry deployed 2000 police and the army sent 1500 officers; in 2000 "
               "voters chose, the 2000 election, his unsuccessful 1996 campaign, in both "
               "1990 and 1991.")
    voters, election = english.index("2000 voters"), english.index("2000 election")
    assert spans(english, "en", "2025-02-19") == [
        (voters, voters + 4, "2000", "2000"), (election, election + 4, "2000", "2000"),
        at(english, "1996", "1996"), at(english, "1990", "1990"), at(english, "1991", "1991")]
    # Near misses: a year before or after a function word, at the start or the end of a
    # text, or after an adjective that follows a function word stays a year.
    for text, year in (("2000 was a hard year.", "2000"), ("Sales fell in 2000.", "2000"),
                       ("Income for fiscal 1989 rose.", "fiscal 1989"),
                       ("It sent 2000", "2000"), ("the failed 1991 coup", "1991")):
        assert [t["text"] for t in tag(text, "en", "2025-02-19")][:1] == [year], text


def test_recurring_times_get_set_values():
    english = "He works on Tuesday nights, every Monday morning and every two weeks."
    assert [(t["text"], t["type"], t["value"]) for t in tag(english, "en", "2016-05-14")] == [
        ("Tuesday nights", "SET", "XXXX-WXX-2TNI"),
        ("every Monday morning", "SET", "XXXX-WXX-1TMO"),
        ("every two weeks", "SET", "P2W")]
    german = "Er arbeitet jeden Montagmorgen und alle zwei Wochen."
    assert [(t["text"], t["type"], t["value"]) for t in tag(german, "de", "2016-05-14")] == [
        ("jeden Montagmorgen", "SET", "XXXX-WXX-1TMO"), ("alle zwei Wochen", "SET", "P2W")]
    # Near misses: one weekday's night is a time, two weeks a duration.
    english = "He worked on Tuesday night for two weeks."
    assert [(t["text"], t["type"], t["value"]) for t in tag(english, "en", "2016-05-14")] == [
        ("Tuesday night", "TIME", "2016-05-10TNI"), ("two weeks", "DURATION", "P2W")]
    german = "Er arbeitete am Montagmorgen zwei Wochen lang."
    assert [(t["text"], t["type"], t["value"]) for t in tag(german, "de", "2016-05-14")] == [
        ("Montagmorgen", "TIME", "2016-05-09TMO"), ("zwei Wochen", "DURATION", "P2W")]


def test_month_names_match_lower_case_where_the_language_writes_them_so(monkeypatch):
    # The case rule is data (language.toml [case] names): German capitalises month names, so
    # "mai" is no month; a language that writes them lower case matches "mai" too.
    original = grammar_module.resources.load

    def load(language, topic):
        if topic == "language":
            return {"case": {"names": "lower"}}
        return original(language, topic)

    assert [t["text"] for t in tag("Er kam im mai 2025 an.", "de")] == ["2025"]
    grammar_module.compiled_grammar.cache_clear()
    monkeypatch.setattr(grammar_module.resources, "load", load)
    try:
        assert [(t["text"], t["value"]) for t in tag("Er kam im mai 2025 an.", "de")] == [
            ("mai 2025", "2025-05")]
    finally:
        monkeypatch.undo()
        grammar_module.compiled_grammar.cache_clear()


def test_a_new_stored_grammar_removes_the_files_of_its_name_long_unread(monkeypatch, tmp_path):
    import os

    from audit import stored

    folder = tmp_path / "grammars"
    folder.mkdir()
    monkeypatch.setattr(stored, "_folder", lambda: folder)
    long_ago = stored.time.time() - (stored.UNUSED_DAYS + 1) * 86400
    old_key, recent_key, new_key = (stored.key_of([version]) for version in ("1", "2", "3"))
    old = folder / f"calendar-de-{old_key}.json"
    recent = folder / f"calendar-de-{recent_key}.json"  # another version still in use
    other_name = folder / f"calendar-en-{old_key}.json"
    for path in (old, recent, other_name):
        path.write_text("{}", encoding="utf-8")
    for path in (old, other_name):
        os.utime(path, (long_ago, long_ago))
    assert stored.built("calendar-de", new_key, lambda: {"rules": [1]}) == {"rules": [1]}
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [f"calendar-de-{new_key}.json", recent.name, other_name.name])
    # a file read is touched, so another version's new file keeps it
    os.utime(recent, (long_ago, long_ago))
    assert stored.built("calendar-de", recent_key, lambda: {"rules": [2]}) == {}
    assert recent.stat().st_mtime > long_ago
