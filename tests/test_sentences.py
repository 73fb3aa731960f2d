"""Sentence splitting, quotes and boilerplate lines, German and English."""

from audit.normalise.language import detect_language
from audit.normalise.sentences import quote_spans, split_sentences


def texts(text, language):
    return [text[s.start:s.end] for s in split_sentences(text, language)]


def test_german_ordinals_dates_and_abbreviations_do_not_end_sentences():
    text = ("Die Gespräche begannen am 2. Juni in Genf. Dr. Berger nannte z. B. den "
            "15.02.2025 als Frist, u. a. wegen der Wahl. Der 3. Platz ging an Graz.")
    assert texts(text, "de") == [
        "Die Gespräche begannen am 2. Juni in Genf.",
        "Dr. Berger nannte z. B. den 15.02.2025 als Frist, u. a. wegen der Wahl.",
        "Der 3. Platz ging an Graz.",
    ]


def test_english_titles_initials_and_month_abbreviations():
    text = "Mr. Smith met J. Doe on Jan. 5 in the U.S. capital. They left at noon."
    assert texts(text, "en") == [
        "Mr. Smith met J. Doe on Jan. 5 in the U.S. capital.",
        "They left at noon.",
    ]


def test_a_number_ending_an_english_sentence_still_ends_it():
    assert texts("The toll rose to 12. Rescue teams arrived.", "en") == [
        "The toll rose to 12.", "Rescue teams arrived.",
    ]


def test_line_breaks_always_end_a_sentence_and_the_title_is_its_own():
    text = "Hochwasser in Passau\nDer Pegel steigt. Die Stadt warnt"
    assert texts(text, "de") == ["Hochwasser in Passau", "Der Pegel steigt.", "Die Stadt warnt"]


def test_quote_spanning_two_sentences_marks_both_in_quote():
    text = ("„Wir sind noch nicht so weit. Aber wir kommen voran.“ Das sagte die "
            "Ministerin am Abend.")
    sentences = split_sentences(text, "de")
    assert [(text[s.start:s.end], s.in_quote) for s in sentences] == [
        ("„Wir sind noch nicht so weit.", True),
        ("Aber wir kommen voran.“", True),
        ("Das sagte die Ministerin am Abend.", False),
    ]


def test_english_curly_and_guillemet_quotes():
    text = "“We are close,” she said. He called it »ein Fortschritt«."
    assert [text[a:b] for a, b in quote_spans(text)] == ["“We are close,”", "»ein Fortschritt«"]


def test_boilerplate_lines_are_marked_but_the_same_words_in_a_sentence_are_not():
    text = ("Der Hafen wird ausgebaut.\nLesen Sie auch\nGerade lesen andere:\n"
            "Lesen Sie auch den Bericht der Stadt, riet er.\nRead more")
    marked = [(text[s.start:s.end], s.is_boilerplate) for s in split_sentences(text, "de")]
    assert marked == [
        ("Der Hafen wird ausgebaut.", False),
        ("Lesen Sie auch", True),
        ("Gerade lesen andere:", True),
        ("Lesen Sie auch den Bericht der Stadt, riet er.", False),
        ("Read more", False),  # an English marker in a German article is not German boilerplate
    ]


def test_language_is_detected_from_function_words():
    assert detect_language("Die Regierung hat am Montag die neuen Regeln für den Hafen "
                           "vorgestellt, die ab Juni gelten.") == "de"
    assert detect_language("The government presented the new rules for the port on "
                           "Monday, which take effect in June.") == "en"
    assert detect_language("12345 67890") == "und"


def test_newswire_doubled_apostrophes_open_a_sentence_and_mark_a_quote():
    text = ("Nobody was invited. ''That was not a good way to treat me,'' he said. "
            "It's over.")
    sentences = split_sentences(text, "en")
    assert [text[s.start:s.end] for s in sentences] == [
        "Nobody was invited.", "''That was not a good way to treat me,'' he said.",
        "It's over."]
    start = text.index("''That")
    assert quote_spans(text) == [(start, text.index("he said") - 1)]
    # a possessive or a lone apostrophe is no quote
    assert quote_spans("The dockers' union and Mr. O'Neill's plan.") == []


def test_only_a_whole_abbreviation_vetoes_a_stop():
    # "d" begins "d. h" but is no abbreviation alone; "Jh" and "bzw" are
    text = ("Der Bau stammt aus dem 12. Jh. Danach kam nichts. Sie sah d. Haus. Es war "
            "Berlin bzw. Hamburg.")
    assert texts(text, "de") == [
        "Der Bau stammt aus dem 12. Jh. Danach kam nichts.", "Sie sah d.", "Haus.",
        "Es war Berlin bzw. Hamburg.",
    ]


def test_a_run_of_stops_ends_a_sentence_whole_and_only_before_a_sentence_start():
    assert texts("Wirklich!!! Das war knapp…… Und dann?! Nein.... ja", "de") == [
        "Wirklich!!!", "Das war knapp……", "Und dann?!", "Nein.... ja",
    ]
    assert texts('Really?!?! "No!!!" He left... and came back.', "en") == [
        "Really?!?!", '"No!!!"', "He left... and came back.",
    ]


def test_runs_of_stops_and_quotes_with_nothing_to_end_are_one_sentence():
    # (long runs once cost time quadratic in their length: benchmarks/bench_adversarial.py)
    for run in ("!" * 5000, "." * 5000, "…" * 5000, "?!" * 2500):
        assert texts(f"Das war es {run} nein", "de") == [f"Das war es {run} nein"]
    text = "„Ja.“ Er. " * 500
    sentences = split_sentences(text, "de")
    assert [text[s.start:s.end] for s in sentences[:3]] == ["„Ja.“", "Er.", "„Ja.“"]
    assert [s.in_quote for s in sentences[:2]] == [True, False]
    assert len(sentences) == 1000


def test_mixed_quote_marks_pair_by_direction_not_by_the_next_mark_of_their_kind():
    # a curly opening mark closed by a straight one, then a straight pair: the speaker
    # between them is outside both quotes
    text = ('“We will reopen the pier,” the mayor said. “Not before May," said Ruth Okafor '
            'in an interview. "The money is there."')
    assert [text[a:b] for a, b in quote_spans(text)] == [
        "“We will reopen the pier,”", '“Not before May,"', '"The money is there."']
    # a straight opening mark closed by a curly one
    text = '"We lost the vote,” Park said. “Next year we will not."'
    assert [text[a:b] for a, b in quote_spans(text)] == [
        '"We lost the vote,”', '“Next year we will not."']


def test_an_unclosed_or_lone_quote_mark_opens_nothing_that_swallows_a_speaker():
    # a paragraph wrapped in straight marks around a curly quote: the curly quote counts
    text = '"“We are ready,” Lena Hart said before the vote."'
    assert [text[a:b] for a, b in quote_spans(text)] == ["“We are ready,”"]
    # a closing mark with nothing open, then a real quote
    text = 'He wrote 12" of copy. She said "fine" and left.'
    assert [text[a:b] for a, b in quote_spans(text)] == ['"fine"']
    # an opening mark that never closes in its line gives way to the next pair
    text = 'The "plan was late.\nKaya called it "a mess" on Monday.'
    assert [text[a:b] for a, b in quote_spans(text)] == ['"a mess"']


def test_german_quotes_pair_by_direction_and_hold_quotes_of_another_kind():
    text = ("„Wir sagen »nein« dazu“, erklärte Roth. »Das reicht nicht«, sagte Vogel. "
            '„Es bleibt dabei", hieß es.')
    assert [text[a:b] for a, b in quote_spans(text)] == [
        "„Wir sagen »nein« dazu“", "»Das reicht nicht«", '„Es bleibt dabei"']
    # Swiss guillemets, and a „ that never closes gives way to the next opening mark
    text = "«Wir warten», sagte Frei. „Das ist offen. „Morgen entscheiden wir“, sagte Roth."
    assert [text[a:b] for a, b in quote_spans(text)] == [
        "«Wir warten»", "„Morgen entscheiden wir“"]


def test_a_speaker_after_a_mixed_quote_is_not_inside_it():
    text = ('“At this point, there is no bad publicity," said Mayor Dan Price. '
            '"We have made mistakes."')
    said = text.index("said")
    assert not any(a <= said < b for a, b in quote_spans(text))
    sentences = split_sentences(text, "en")
    assert [(text[s.start:s.end], s.in_quote) for s in sentences] == [
        ('“At this point, there is no bad publicity," said Mayor Dan Price.', True),
        ('"We have made mistakes."', True)]
