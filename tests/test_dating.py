"""Event dates of assertions and the tense of timexes (audit/normalise/dating.py).

Publication date used below: 2025-06-20, a Friday.
"""

import datetime as dt

import pytest

from audit.normalise import dating
from audit.normalise.build import normalise_article
from audit.normalise.temporal.grammar import beyond_bmp

D = dt.date


def article(text, language, published="2025-06-20"):
    return normalise_article("a", text, language, published)


@pytest.mark.parametrize("text, language, basis, earliest, latest", [
    ("Der Rat tagte am 2. Juni 2025 in Wien.", "de", "explicit", D(2025, 6, 2), D(2025, 6, 2)),
    ("The council met on 2 June 2025 in Vienna.", "en", "explicit", D(2025, 6, 2),
     D(2025, 6, 2)),
    ("Der Rat tagte gestern in Wien.", "de", "relative", D(2025, 6, 19), D(2025, 6, 19)),
    ("The council met a few weeks ago in Vienna.", "en", "relative", D(2025, 5, 16),
     D(2025, 6, 6)),
    ("Derzeit tagt der Rat in Wien.", "de", "publication", D(2025, 6, 20), D(2025, 6, 20)),
    ("The council currently meets in Vienna.", "en", "publication", D(2025, 6, 20),
     D(2025, 6, 20)),
    # Near miss: a duration says how long, not when.
    ("Der Rat tagte drei Stunden lang.", "de", "none", None, None),
    ("The council met for three hours.", "en", "none", None, None),
])
def test_an_assertion_takes_the_first_dated_timex_of_its_sentence(text, language, basis,
                                                                  earliest, latest):
    [row] = article(text, language)["assertions"]
    assert (row["date_basis"], row["event_earliest"], row["event_latest"]) == (
        basis, earliest, latest)


def test_a_quote_continued_by_the_same_speaker_inherits_the_date():
    german = ("„Wir haben am 2. Juni 2025 verhandelt“, sagte Müller. "
              "„Die Gespräche waren gut“, sagte Müller.\n\nDie Börse schloss fester.")
    rows = article(german, "de")["assertions"]
    assert [r["date_basis"] for r in rows] == ["explicit", "inherited", "none"]
    assert rows[1]["event_earliest"] == D(2025, 6, 2)
    english = ('"We negotiated on 2 June 2025," Miller said. "The talks went well," '
               'Miller said.\n\nStocks closed higher.')
    rows = article(english, "en")["assertions"]
    assert [r["date_basis"] for r in rows] == ["explicit", "inherited", "none"]


@pytest.mark.parametrize("text, language, tense", [
    ("Der Rat traf sich am 2. Juni 2025.", "de", "past"),
    ("Der Rat wird sich am 2. Juli 2025 treffen.", "de", "future"),
    ("The council met on 2 June 2025.", "en", "past"),
    ("The council will meet on 2 July 2025.", "en", "future"),
    # Near miss: the present tense is neither.
    ("Der Rat tagt am 2. Juli 2025.", "de", "present"),
    ("The council meets on 2 July 2025.", "en", "present"),
])
def test_timexes_and_assertions_carry_the_tense_of_their_clause(text, language, tense):
    tables = article(text, language)
    assert [t["tense"] for t in tables["timexes"]] == [tense]
    assert [a["tense"] for a in tables["assertions"]] == [tense]


def test_event_words_are_the_long_words_outside_the_timexes_lowercase():
    assert dating.event_words("Die Verhandlungen über Maße am 2. Juni 2025", "de",
                              [(28, 43)]) == ["masse", "verhandlungen"]
    # Near miss: "Maß" is three letters as written, but four once folded ("mass").
    assert dating.event_words("STRASSE und MAß", "de") == ["mass", "strasse"]


def test_the_listed_letters_find_the_words_the_unicode_categories_find():
    """Event words are found by a list of the letters of the Basic Multilingual Plane (an
    optimisation), and by their Unicode categories in a text with a character beyond it."""
    plane = "".join(map(chr, range(0x10000)))
    assert dating._listed_word().findall(plane) == dating._WORD.findall(plane)
    # An article is looked at once: case folding keeps every character on its side.
    beyond = "".join(map(chr, range(0x10000, 0x110000)))
    assert not beyond_bmp(plane.casefold())
    assert all(beyond_bmp(c.casefold()) for c in beyond)
    # Near miss: a letter beyond that plane is in no list, but still part of a word.
    assert dating.event_words("Die 𝐀𝐁𝐂𝐃-Gruppe 𐐀bcd", "de") == ["gruppe", "𐐨bcd", "𝐀𝐁𝐂𝐃"]


def test_event_words_leave_out_the_timexes_that_reach_into_the_text():
    # Spans are offsets into the text; one may begin before it or end after it (a timex of
    # the sentence outside the assertion), and overlapping ones are blanked once.
    text = "Montag Verhandlungen Dienstag Abstimmung"
    assert dating.event_words(text, "de", [(-5, 6), (21, 29), (25, 29), (30, 60)]) == [
        "verhandlungen"]
    assert dating.event_words(text, "en", []) == [
        "abstimmung", "dienstag", "montag", "verhandlungen"]


def test_assertions_of_one_span_read_its_words_once(monkeypatch):
    """A sentence that says "sagte er" thousands of times gives as many assertions of one
    span: its words are read once, or the work grows with the square of the sentence."""
    text = "Die Verhandlungen laufen, sagte er, " + "sagte er, " * 2000
    tables = article(text, "de")
    assert len(tables["assertions"]) > 100
    assert len({(a["start"], a["end"]) for a in tables["assertions"]}) == 1
    read = []
    original = dating._event_words
    monkeypatch.setattr(dating, "_event_words",
                        lambda piece, *rest: read.append(len(piece)) or original(piece, *rest))
    rows = [{k: v for k, v in row.items() if k in ("sent_id", "start", "end", "speaker")}
            for row in tables["assertions"]]
    dating.date_events(text, "de", tables["timexes"], rows)
    assert sum(read) <= len(text)
    assert all(row["event_words"] == ["laufen", "verhandlungen"] for row in rows)
    # Near miss: a second span of its own is read on its own.
    rows.append({"sent_id": rows[0]["sent_id"], "start": 4, "end": 17, "speaker": None})
    read.clear()
    dating.date_events(text, "de", tables["timexes"], rows)
    assert len(read) == 2 and rows[-1]["event_words"] == ["verhandlungen"]
