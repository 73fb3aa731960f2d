"""TMP001: a relative or vague date that cannot be the explicit date of the same event."""

import pandas as pd
import pytest

from audit.findings import Finding, Span
from audit.normalise.entities import extract_entities
from audit.tables import frame
from checks.check_temporal_relative_explicit import check_temporal_relative_explicit
from tests.temporal_tables import tables


def findings(text, language, published):
    return corpus_findings(("a1", text, language, published))


def corpus_findings(*articles):
    """Findings on several articles, each ``(article_id, text, language, published)``."""
    parts = [(*tables(text, language, published, article_id),
              frame("entities", [dict(row, article_id=article_id)
                                 for row in extract_entities(text, language)]))
             for article_id, text, language, published in articles]
    articles, timexes, _, entities = (
        pd.concat(column, ignore_index=True) for column in zip(*parts, strict=True))
    return list(check_temporal_relative_explicit(timexes, articles, entities))


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


# Across articles, as in seeds 000 and 001: one report names the Istanbul talks vaguely, the
# other with their date. These sentences are ours.
VAGUE_DE = ("Das Telefonat knüpft an die zähen Verhandlungen an, die vor einigen Wochen "
            "in Istanbul geführt wurden.")
DATED_DE = ("Bekanntlich endeten die letzten Verhandlungen in Istanbul am 2. Juni mit einer "
            "Einigung.")
VAGUE_EN = "The call follows the difficult talks in Istanbul a few weeks ago."
DATED_EN = "The last round of talks in Istanbul on 2 June ended with an exchange deal."


def test_german_vague_date_against_the_explicit_date_another_article_gives():
    start = VAGUE_DE.index("vor einigen Wochen")
    explicit = DATED_DE.index("2. Juni")
    assert corpus_findings(("a", VAGUE_DE, "de", "2025-12-10"),
                           ("b", DATED_DE, "de", "2025-06-05")) == [Finding(
        "a", start, start + len("vor einigen Wochen"),
        "‘vor einigen Wochen’ means 2025-10-08 – 2025-11-26 from the publication date, but b "
        "dates the same verhandlungen (istanbul) ‘2. Juni’ (2025-06-02)",
        related=(Span("b", explicit, explicit + len("2. Juni")),))]


def test_english_a_few_weeks_ago_against_2_june_in_another_article():
    [finding] = corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"),
                                ("b", DATED_EN, "en", "2025-06-05"))
    start = VAGUE_EN.index("a few weeks ago")
    assert (finding.article_id, finding.start, finding.end) == (
        "a", start, start + len("a few weeks ago"))
    assert finding.related == (Span("b", DATED_EN.index("2 June"),
                                    DATED_EN.index("2 June") + len("2 June")),)
    assert "b dates the same talks (istanbul) ‘2 June’ (2025-06-02)" in finding.message


def test_near_miss_across_articles_published_when_the_vague_date_holds():
    assert corpus_findings(("a", VAGUE_DE, "de", "2025-06-20"),
                           ("b", DATED_DE, "de", "2025-06-05")) == []
    assert corpus_findings(("a", VAGUE_EN, "en", "2025-06-20"),
                           ("b", DATED_EN, "en", "2025-06-05")) == []


def test_near_miss_one_shared_word_is_not_the_same_event_across_articles():
    other_talks = "The talks in Geneva on 2 June ended without a deal."
    assert corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"),
                           ("b", other_talks, "en", "2025-06-05")) == []


def test_near_miss_shared_words_far_from_the_dates_do_not_make_one_event():
    far = ("Istanbul hosted many talks over the years, and the city still does; a deal "
           "between two other parties was signed there on 2 June.")
    assert corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"),
                           ("b", far, "en", "2025-06-05")) == []


def test_a_date_contradicted_in_its_own_article_is_not_flagged_again_across_articles():
    own = DATED_EN + " " + VAGUE_EN
    found = corpus_findings(("a", own, "en", "2025-12-10"), ("b", DATED_EN, "en", "2025-06-05"))
    assert [(f.article_id, f.related[0].article_id) for f in found] == [("a", "a")]


def test_near_miss_people_and_their_roles_do_not_make_one_event():
    recent = ("Außenminister Sergej Lawrow hatte das Treffen noch vor wenigen Tagen als "
              "Schritt bezeichnet.")
    earlier = "Außenminister Sergej Lawrow telefonierte am Freitag (15.02.2025) mit Rubio."
    assert corpus_findings(("a", recent, "de", "2025-06-20"),
                           ("b", earlier, "de", "2025-02-16")) == []


def test_near_miss_a_bare_weekday_is_not_compared_across_articles():
    weekly = "The council meeting on Thursday approved the harbour budget."
    dated = "The council meeting on Thursday, February 13, 2025, approved the harbour budget."
    assert corpus_findings(("a", weekly, "en", "2025-05-24"),
                           ("b", dated, "en", "2025-02-14")) == []
    # the same pair with a vague date is compared
    vague = "The council meeting a few weeks ago approved the harbour budget."
    [finding] = corpus_findings(("a", vague, "en", "2025-12-10"), ("b", dated, "en", "2025-02-14"))
    assert finding.related[0].article_id == "b"


def test_near_miss_dates_sharing_only_a_name_or_place_are_not_one_event():
    text = ("Iraq invaded Kuwait on Aug. 2 with tanks and troops. "
            "King Hussein met the Iraqi leader in Baghdad a few weeks ago about Kuwait.")
    assert findings(text, "en", "1990-12-10") == []


def test_near_miss_a_year_ago_compares_figures_and_dates_no_event():
    text = ("The merger closed on Sept. 30 after a long review. Net income from the merger "
            "rose to $5 million from $3 million a year ago.")
    assert findings(text, "en", "1989-11-02") == []


def test_near_miss_across_articles_sharing_only_common_words():
    one = "The council meeting a few weeks ago approved the budget of the city."
    other = "The council meeting on 2 June approved the budget of the city."
    # "council", "budget", "city", "approved" are common words: no specific word is shared
    assert corpus_findings(("a", one, "en", "2025-12-10"), ("b", other, "en", "2025-06-05"),
                           *((f"c{n}", other, "en", "2025-06-05") for n in range(4))) == []


def test_near_miss_across_two_articles_a_common_word_next_to_few_dates_names_no_event():
    # only two articles: "press" and "Regierung" stand next to the dates of one article each
    # (few), but are common in their language: the same word, not the same press conference
    one = "The press conference a few weeks ago was short."
    other = "The press conference on 2 June was short."
    assert corpus_findings(("a", one, "en", "2025-12-10"), ("b", other, "en", "2025-06-05")) \
        == []
    eins = "Die Sitzung der Regierung vor wenigen Wochen war kurz."
    andere = "Die Sitzung der Regierung am 2. Juni war kurz."
    assert corpus_findings(("a", eins, "de", "2025-12-10"),
                           ("b", andere, "de", "2025-06-05")) == []
    # the rare word of the place still makes one event of them
    [finding] = corpus_findings(
        ("a", one.replace("The press", "The Marvik"), "en", "2025-12-10"),
        ("b", other.replace("The press", "The Marvik"), "en", "2025-06-05"))
    assert "b dates the same conference (marvik) ‘2 June’ (2025-06-02)" in finding.message


def test_near_miss_across_articles_a_day_announced_ahead_or_a_stretch_ahead_is_a_plan():
    # the day was announced before it came: a plan that may change (a developing story)
    ahead_de = "Die nächsten Verhandlungen in Istanbul sollen am 2. Juni beginnen."
    ahead_en = "The next round of talks in Istanbul is to open on 2 June."
    assert corpus_findings(("a", VAGUE_DE, "de", "2025-12-10"),
                           ("b", ahead_de, "de", "2025-05-20")) == []
    assert corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"),
                           ("b", ahead_en, "en", "2025-05-20")) == []
    # "next week" before it came, against the day a later article reports
    assert corpus_findings(("a", "Die Verhandlungen in Istanbul sollen nächste Woche "
                                 "weitergehen.", "de", "2025-05-14"),
                           ("b", DATED_DE, "de", "2025-06-05")) == []
    assert corpus_findings(("a", "The talks in Istanbul are to resume next week.", "en",
                            "2025-05-14"),
                           ("b", DATED_EN, "en", "2025-06-05")) == []
    # the near miss's true case: the same days reported after they came
    assert len(corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"),
                               ("b", DATED_EN, "en", "2025-06-05"))) == 1


def test_near_miss_dates_years_apart_are_two_events_of_a_kind():
    text_de = ("Die Anschläge in Istanbul vor wenigen Wochen haben das Land erschüttert. "
               "Schon die Anschläge in Istanbul am 2. Juni 2001 hatten viele Opfer gefordert.")
    text_en = ("The attacks in Istanbul a few weeks ago shook the country. "
               "The attacks in Istanbul on 2 June 2001 had also claimed many lives.")
    assert findings(text_de, "de", "2025-12-10") == []
    assert findings(text_en, "en", "2025-12-10") == []
    # within a year, the same words are one event dated two ways
    assert len(findings(text_en.replace("2001", "2025"), "en", "2025-12-10")) == 1


def test_a_blocking_key_shared_by_too_many_dates_is_passed_over(monkeypatch):
    import checks.check_temporal_relative_explicit as module

    dated = [(f"b{n}", DATED_EN, "en", "2025-06-05") for n in range(3)]
    assert len(corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"), *dated)) == 1
    monkeypatch.setattr(module, "_COMMON", 2)  # three dates under (talks, istanbul)
    assert corpus_findings(("a", VAGUE_EN, "en", "2025-12-10"), *dated) == []


def events_findings(audit_tables, files):
    tables = audit_tables(files)
    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    return [(f.article_id, texts[f.article_id][f.start:f.end],
             [texts[s.article_id][s.start:s.end] for s in f.related], f.message)
            for f in check_temporal_relative_explicit(
                tables.timexes, tables.articles, tables.entities, tables.events,
                tables.assertions)]


GENF_DE = ("---\npublished: 2025-02-04\n---\nVerhandlungen über den Kuma in Genf\n\n"
           "Die Verhandlungen zwischen Grace Okafor und Jonas Brandt über den Kuma fanden am "
           "3. Februar 2025 in Genf statt.\n")


def talks_en(published, when):
    return (f"---\npublished: {published}\n---\nKuma talks between Okafor and Brandt in "
            f"Geneva\n\nThe talks between Grace Okafor and Jonas Brandt on the Kuma {when} "
            "brought no result.\n")


def test_across_languages_through_the_events_table(audit_tables):
    # "a few weeks ago" on 14 February is January, but the German report (written after
    # January) dates the same talks 3 February
    assert events_findings(audit_tables, {"a.md": GENF_DE,
                                          "b.md": talks_en("2025-02-14", "a few weeks ago")}
                           ) == [(
        "b", "a few weeks ago", ["3. Februar 2025"],
        "‘a few weeks ago’ means 2025-01-10 – 2025-01-31 from the publication date, but a "
        "dates the same talks ‘3. Februar 2025’ (2025-02-03)")]


def test_across_languages_near_misses(audit_tables):
    # "a few days ago" on 14 February (9-12 February) may be a later round, which the German
    # report of 4 February could not know of
    assert events_findings(audit_tables, {"a.md": GENF_DE,
                                          "b.md": talks_en("2025-02-14", "a few days ago")}
                           ) == []
    # ten months later: not one story, so nothing links the two
    assert events_findings(audit_tables, {"a.md": GENF_DE,
                                          "b.md": talks_en("2025-12-10", "a few weeks ago")}
                           ) == []


def test_synonyms_within_an_article_through_the_events_table(audit_tables):
    text = ("---\npublished: 2025-11-20\n---\nGespräche über den Kuma\n\n"
            "Die Verhandlungen zwischen Grace Okafor und Jonas Brandt fanden am 3. Februar "
            "2025 in Genf statt.\nDie vor wenigen Tagen geführten Gespräche zwischen Okafor "
            "und Brandt blieben ohne Ergebnis.\n")
    assert events_findings(audit_tables, {"a.md": text}) == [(
        "a", "vor wenigen Tagen", ["3. Februar 2025"],
        "‘vor wenigen Tagen’ means 2025-11-15 – 2025-11-18 from the publication date, but "
        "the same talks is dated ‘3. Februar 2025’ (2025-02-03)")]
    # a second round, said so: another event
    again = text.replace("geführten Gespräche", "geführten erneuten Gespräche")
    assert events_findings(audit_tables, {"a.md": again}) == []


def test_events_path_near_misses(audit_tables):
    # the date stands in another clause than the event's word: it dates something else
    other_clause = ("---\npublished: 2025-11-20\n---\nGespräche über den Kuma\n\n"
                    "Die Verhandlungen zwischen Grace Okafor und Jonas Brandt fanden am 3. "
                    "Februar 2025 in Genf statt.\nVor wenigen Tagen tauchte eine Forderung "
                    "der Opposition auf, die Gespräche über den Kuma zu beenden.\n")
    assert events_findings(audit_tables, {"a.md": other_clause}) == []
    # the explicit day is of an earlier meeting, said so ("beim letzten Gipfeltreffen");
    # without "letzten" the two are one meeting (synonyms: Gipfeltreffen, Treffen)
    earlier = ("---\npublished: 2025-11-20\n---\nGipfel in Brüssel\n\nBeim letzten "
               "Gipfeltreffen am 3. Februar 2025 blieb vieles offen.\nDas vor wenigen Tagen "
               "begonnene Treffen in Brüssel soll es ändern.\n")
    assert events_findings(audit_tables, {"a.md": earlier}) == []
    assert [found[1] for found in events_findings(
        audit_tables, {"a.md": earlier.replace("letzten ", "")})] == ["vor wenigen Tagen"]


# The event word must be tied to both dates, not merely stand near them: a sentence may date
# another thing than its event noun. These sentences are ours.
def test_near_miss_a_vague_date_of_another_thing_in_the_event_nouns_sentence():
    english = ("The talks in Geneva took place on 2 June. These are the talks that the "
               "minister praised in a speech a few weeks ago.")
    german = ("Die Verhandlungen in Genf fanden am 3. Februar statt. Über die Verhandlungen "
              "sprach der Vermittler in einem Interview mit dem Sender vor wenigen Tagen.")
    assert findings(english, "en", "2025-12-10") == []
    assert findings(german, "de", "2025-11-20") == []


def test_the_vague_date_tied_to_the_event_noun_still_fires():
    english = ("The talks in Geneva took place on 2 June. The minister praised the talks a "
               "few weeks ago in a speech.")
    german = ("Die Verhandlungen in Genf fanden am 3. Februar statt. Die Verhandlungen, die "
              "vor wenigen Tagen in Genf geführt wurden, lobte der Vermittler.")
    [found] = findings(english, "en", "2025-12-10")
    start = english.index("a few weeks ago")
    assert (found.start, found.end) == (start, start + len("a few weeks ago"))
    assert found.related == (Span("a1", english.index("2 June"),
                                  english.index("2 June") + len("2 June")),)
    [found] = findings(german, "de", "2025-11-20")
    start = german.index("vor wenigen Tagen")
    assert (found.start, found.end) == (start, start + len("vor wenigen Tagen"))
    assert found.message.endswith("the same verhandlungen is dated ‘3. Februar’ (2025-02-03)")


def test_near_miss_a_date_inside_a_markup_tag_is_tied_to_no_event():
    # the tag's date is when the post was written, not a date of the convention it mentions
    english = ("The convention opens next month.\n\n<tweet datetime=\"2025-06-29\">Nobody was "
               "asked to speak at the convention.</tweet>")
    assert findings(english, "en", "2025-06-29") == []
    german = ("Der Parteitag beginnt nächsten Monat.\n\n<tweet datetime=\"2025-06-29\">Beim "
              "Parteitag spricht niemand.</tweet>")
    assert findings(german, "de", "2025-06-29") == []


def test_it_reads_only_the_timex_columns_it_declares(audit_tables):
    from audit.engine.spill import columns_of

    declared = check_temporal_relative_explicit.__audit_reads__
    # the engine hands it (and a cluster or a spilled corpus brings back) only these: not
    # the tense, the offsets and the other columns of readings it does not compare
    assert {"tense", "offset_low", "offset_high", "mod", "fuzzy", "weekday"}.isdisjoint(
        declared["timexes"])
    synonyms = ("---\npublished: 2025-11-20\n---\nGespräche über den Kuma\n\n"
                "Die Verhandlungen zwischen Grace Okafor und Jonas Brandt fanden am 3. Februar "
                "2025 in Genf statt.\nDie vor wenigen Tagen geführten Gespräche zwischen Okafor "
                "und Brandt blieben ohne Ergebnis.\n")
    for files in ({"a.md": GENF_DE, "b.md": talks_en("2025-02-14", "a few weeks ago")},
                  {"a.md": synonyms, "b.md": "---\npublished: 2025-12-10\n---\nGenf\n\n"
                   + DATED_DE + " " + VAGUE_DE + "\n"}):
        tables = audit_tables(files)
        whole = list(check_temporal_relative_explicit(
            tables.timexes, tables.articles, tables.entities, tables.events, tables.assertions))
        narrowed = list(check_temporal_relative_explicit(
            tables.timexes[list(declared["timexes"])], tables.articles, tables.entities,
            tables.events, columns_of(tables, "assertions", declared["assertions"],
                                      "event_id")))
        assert narrowed == whole and whole  # (the same findings, from the columns declared)
    # the near miss: a column it reads left out, and it cannot run
    with pytest.raises(AttributeError, match="text"):
        list(check_temporal_relative_explicit(
            tables.timexes[[c for c in declared["timexes"] if c != "text"]], tables.articles,
            tables.entities, tables.events, tables.assertions))
