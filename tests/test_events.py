"""The events table: kinds across languages, stories, places, and who takes part."""

import datetime as dt
import json

import pandas as pd

from audit.normalise.entities import entity_keys
from audit.normalise.events import kind_in, mention_kind, mention_place, stories


def test_kinds_are_shared_across_languages_and_compounds_take_the_longest_ending():
    assert mention_kind("Das Telefonat dauerte lange.", ["telefonat", "dauerte", "lange"],
                        "de") == "call"
    assert mention_kind("Das Telefongespräch dauerte.", ["telefongespräch", "dauerte"],
                        "de") == "call"  # not "gespräch" (talks)
    assert mention_kind("The call lasted an hour.", ["call", "lasted", "hour"], "en") == "call"
    assert mention_kind("Die Verhandlungsrunde in Genf.", ["verhandlungsrunde", "genf"],
                        "de") == "talks"
    assert mention_kind("The talks in Geneva.", ["talks", "geneva"], "en") == "talks"
    # the kind named first in the claim
    assert mention_kind("Nach dem Telefonat begannen Verhandlungen.",
                        ["begannen", "telefonat", "verhandlungen"], "de") == "call"
    assert mention_kind("Der Hafen wird ausgebaut.", ["hafen", "wird", "ausgebaut"],
                        "de") is None
    # a verb form that mostly means something else names no event ("achtmal getroffen")
    assert mention_kind("Er hat achtmal getroffen.", ["achtmal", "getroffen"], "de") is None


def test_places_by_a_key_shared_across_languages():
    assert mention_place("Die Gespräche in Genf dauerten an.") == "geneva"
    assert mention_place("The talks in Geneva went on.") == "geneva"
    assert mention_place("Die Gespräche im Genfer Hotel.") is None


def test_entity_keys_join_spellings_and_keep_namesakes_apart():
    entities = pd.DataFrame({
        "canonical": ["Wolodymyr Selenskyj", "Volodymyr Zelensky", "Selenskij",
                      "Manfred Wolf", "Rupert Wolf", "Wolf"],
        "kind": ["person"] * 6})
    assert entity_keys(entities) == ["volodimir selenski", "volodimir selenski",
                                     "volodimir selenski", "manfred volf", "rupert volf",
                                     "volf"]


def test_stories_from_rare_words_of_title_and_lead_within_a_time_window():
    articles = pd.DataFrame([
        {"article_id": "a", "title": "Gefangenenaustausch in Tallinn", "language": "de",
         "published": "2025-06-03",
         "text": "Gefangenenaustausch in Tallinn\n\nNorland und Esterra tauschten Gefangene aus."},
        {"article_id": "b", "title": "Prisoner swap in Tallinn", "language": "en",
         "published": "2025-06-04",
         "text": "Prisoner swap in Tallinn\n\nNorland and Esterra exchanged prisoners."},
        {"article_id": "c", "title": "Prisoner swap in Tallinn", "language": "en",
         "published": "2025-09-04",
         "text": "Prisoner swap in Tallinn\n\nNorland and Esterra exchanged prisoners."},
        {"article_id": "d", "title": "Hafen wird ausgebaut", "language": "de",
         "published": "2025-06-03",
         "text": "Hafen wird ausgebaut\n\nDie Stadt Lindau baut ihren Hafen aus."},
    ])
    assert stories(articles) == {"a": "a", "b": "a", "c": "c", "d": "d"}
    # the leads are per article: read one at a time, each is the same (a partition's own)
    from audit.normalise.events import leads_of, stories_of_leads

    leads = leads_of(articles)
    alone = pd.concat([leads_of(articles.iloc[[i]]) for i in range(len(articles))],
                      ignore_index=True)
    assert alone.to_dict("records") == leads.to_dict("records")
    assert leads.day.tolist() == [dt.date(2025, 6, 3), dt.date(2025, 6, 4),
                                  dt.date(2025, 9, 4), dt.date(2025, 6, 3)]
    assert leads.story_words[0] == ["estera", "gefangene", "gefangenenaustaush", "norland",
                                    "talin", "tauschten"]  # (names by spelling key)
    assert stories_of_leads(leads) == stories(articles)


def calls(audit_tables, first, second):
    def record(article_id, text):
        return json.dumps({"id": article_id, "title": "Okafor und Brandt telefonieren",
                           "published": "2025-05-09", "language": "de",
                           "text": f"Okafor und Brandt telefonieren\n\n{text}"},
                          ensure_ascii=False) + "\n"

    tables = audit_tables({"c.jsonl": record("a", first) + record("b", second)})
    events = tables.events
    return [(row.event_id, row.place if isinstance(row.place, str) else None, row.articles,
             row.mentions)
            for row in events[events.kind == "call"].itertuples()], tables


def test_one_call_dated_two_ways_is_one_event_but_in_two_places_two(audit_tables):
    first = "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025{where}."
    second = "Grace Okafor und Jonas Brandt telefonierten am 7. Mai 2025{where}."
    found, tables = calls(audit_tables, first.format(where=""), second.format(where=""))
    assert found == [("a/a1#call", None, ["a", "b"], ["a/a1", "b/a1"])]
    assert tables.assertions.event_id.fillna("").tolist() == ["", "a/a1#call", "",
                                                              "a/a1#call"]
    found, _ = calls(audit_tables, first.format(where=" aus Genf"),
                     second.format(where=" aus Wien"))
    assert found == [("a/a1#call", "geneva", ["a"], ["a/a1"]),
                     ("b/a1#call", "vienna", ["b"], ["b/a1"])]


def record(article_id, language, title, body, published=None):
    fields = {"id": article_id, "title": title, "language": language,
              "text": f"{title}\n\n{body}"}
    return fields | ({"published": published} if published else {})


def build(audit_tables, *records):
    tables = audit_tables({"c.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                              for r in records)})
    return tables, [(row.event_id, row.kind, list(row.participants), list(row.mentions))
                    for row in tables.events.itertuples()]


def kuma_calls(published):
    return [
        record("a", "de", "Okafor und Brandt telefonieren über den Kuma",
               "Grace Okafor und Jonas Brandt telefonierten über den Kuma. Das Telefonat "
               "dauerte eine Stunde.", published),
        record("b", "de", "Okafor telefoniert mit Vogt über den Kuma",
               "Grace Okafor und Lena Vogt telefonierten über den Kuma.", published),
        record("c", "en", "Okafor and Brandt discuss the Kuma by phone",
               "Grace Okafor phoned Jonas Brandt about the Kuma.", published)]


def test_undated_calls_between_other_people_are_other_calls(audit_tables):
    dated_call, *others = kuma_calls("2025-05-09")
    dated_call["text"] = dated_call["text"].replace("telefonierten über", "telefonierten am "
                                                    "5. Mai 2025 über")
    _, events = build(audit_tables, dated_call, *others)
    # the call of 5 May between Okafor and Brandt, reported undated four days later by c
    assert [e for e in events if e[1] == "call"] == [
        ("a/a1#call", "call", ["grace okafor", "ionas brandt"],
         ["a/a1", "a/a2", "c/a0", "c/a1"]),
        ("b/a0#call", "call", ["grace okafor", "lena vogt"], ["b/a0", "b/a1"])]


def test_undated_articles_do_not_tell_which_call_another_article_means(audit_tables):
    # the same reports without a publication day: the call between Okafor and Brandt of
    # article c may be another than the one of article a (they phone often)
    _, events = build(audit_tables, *kuma_calls(None))
    assert [(e[0], e[3]) for e in events if e[1] == "call"] == [
        ("a/a1#call", ["a/a1", "a/a2"]), ("b/a0#call", ["b/a0", "b/a1"]),
        ("c/a0#call", ["c/a0", "c/a1"])]
    # reports of the same day tell of the same undated call; a week apart nothing says
    # so: people named in every article of a story (a campaign) take part in many events
    first, second, third = kuma_calls("2025-05-09")
    for published, expected in (
            ("2025-05-08", [("a/a1#call", ["a/a1", "a/a2", "c/a0", "c/a1"]),
                            ("b/a0#call", ["b/a0", "b/a1"])]),
            ("2025-05-02", [("a/a1#call", ["a/a1", "a/a2"]), ("b/a0#call", ["b/a0", "b/a1"]),
                            ("c/a0#call", ["c/a0", "c/a1"])])):
        _, events = build(audit_tables, first, second, third | {"published": published})
        assert [(e[0], e[3]) for e in events if e[1] == "call"] == expected, published
    # ... but a copy of a report says the same words of the same call
    first, second, _ = kuma_calls(None)
    second["title"] = "Neues vom Kuma: Okafor und Brandt"
    second["text"] = second["title"] + "\n\n" + first["text"].split("\n\n", 1)[1]
    _, events = build(audit_tables, first, second)
    assert [(e[0], e[3]) for e in events if e[1] == "call"] == [
        ("a/a1#call", ["a/a1", "a/a2", "b/a1", "b/a2"])]


def test_organisations_take_part_and_who_only_says_so_does_not(audit_tables):
    _, events = build(
        audit_tables,
        record("a", "de", "Esterra und Norland unterzeichnen Kuma-Abkommen",
               "Die Esterra-Partei unterzeichnete am 3. März 2025 das Abkommen über den "
               "Kuma.", "2025-03-05"),
        record("b", "en", "Esterra and Norland sign Kuma agreement",
               "The Norland Foreign Ministry signed the Kuma agreement on 3 March 2025.",
               "2025-03-05"),
        record("c", "en", "Okafor and Brandt on the phone",
               "Grace Okafor and Jonas Brandt spoke by phone on 4 March 2025, the Norland "
               "Foreign Ministry said.", "2025-03-05"))
    assert events == [
        ("a/a0#agreement", "agreement", ["esterapartei", "norland foreign ministri"],
         ["a/a0", "a/a1", "b/a0", "b/a1"]),
        # the ministry that reports the call takes no part in it
        ("c/a0#call", "call", ["grace okafor", "ionas brandt"], ["c/a0", "c/a1"])]


def test_a_name_that_owns_something_else_takes_no_part(audit_tables):
    body = {"de": "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025. Okafor "
                  "bekräftigte während des Telefonats Vogts Zusage.",
            "en": "Grace Okafor phoned Jonas Brandt on 5 May 2025. Okafor repeated Vogt's "
                  "pledge during the call."}
    for language in ("de", "en"):
        _, events = build(audit_tables, record("a", language, "Kuma", body[language],
                                               "2025-05-09"))
        assert events == [("a/a1#call", "call", ["grace okafor", "ionas brandt"],
                           ["a/a1", "a/a2"])], language
    # near miss: the call is the genitive's own ("Okafors Telefonat", "Okafor's call")
    body = {"de": "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025. Okafors "
                  "Telefonat mit Lena Vogt folgte am 6. Mai 2025.",
            "en": "Grace Okafor phoned Jonas Brandt on 5 May 2025. Okafor's call with Lena "
                  "Vogt followed on 6 May 2025."}
    for language in ("de", "en"):
        _, events = build(audit_tables, record("a", language, "Kuma", body[language],
                                               "2025-05-09"))
        assert [e[2] for e in events] == [["grace okafor", "ionas brandt"],
                                          ["grace okafor", "lena vogt"]], language


def test_two_calls_of_one_article_stay_two_and_an_undated_one_joins_the_nearest(
        audit_tables):
    _, events = build(
        audit_tables,
        record("c", "de", "Zwei Telefonate über den Kuma",
               "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025. Sie "
               "telefonierten am 7. Mai 2025 erneut. Das Telefonat dauerte eine Stunde.",
               "2025-05-09"),
        record("d", "en", "Two calls about the Kuma",
               "Grace Okafor phoned Jonas Brandt on 5 May 2025. She phoned him again on "
               "7 May 2025. The call lasted an hour.", "2025-05-09"))
    # (the two reports are of one story: each call is reported in both)
    assert [(e[0], e[3]) for e in events] == [
        ("c/a0#call", ["c/a0", "c/a1", "d/a0", "d/a1"]),
        ("c/a2#call", ["c/a2", "c/a3", "d/a2", "d/a3"])]


def test_another_marker_counts_only_near_the_event(audit_tables):
    # "weiteren" belongs to the statement, "erneut" to the outmanoeuvring: one call
    for body in ("Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025. Das "
                 "Ministerium erklärte in einer weiteren Erklärung, dass Okafor während des "
                 "Telefonats gedrängt habe.",
                 "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025. Okafor wurde "
                 "in dem Telefonat am Montag erneut von Brandt überrascht."):
        _, events = build(audit_tables, record("a", "de", "Kuma", body, "2025-05-09"))
        assert [e[3] for e in events] == [["a/a1", "a/a2"]], body
    # near miss: "beim letzten Telefonat" is an earlier one, "erneut telefoniert" another
    _, events = build(audit_tables, record(
        "a", "de", "Kuma", "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025. Beim "
        "letzten Telefonat ging es um den Kuma.", "2025-05-09"))
    assert [e[3] for e in events] == [["a/a1"], ["a/a2"]]


def test_meeting_verbs_name_meetings_but_not_their_other_uses():
    meetings = [("Okafor und Brandt trafen sich am Montag in Oslo.", "de", "trafen sich"),
                ("Die Ministerinnen kamen am Montag in Oslo zusammen.", "de",
                 "kamen am Montag in Oslo zusammen"),
                ("Sie haben sich am Montag in Oslo getroffen.", "de",
                 "sich am Montag in Oslo getroffen"),
                ("Okafor met with Brandt in Oslo.", "en", "met with"),
                ("The two ministers met in Oslo.", "en", "met in")]
    for text, language, phrase in meetings:
        kind, start, end, by_phrase = kind_in(text, [], language)
        assert (kind, text[start:end], by_phrase) == ("meeting", phrase, True), text
    # a separable call verb: who called whom (CON004's caller)
    kind, start, end, _ = kind_in("Am Montag rief Okafor Brandt an.", [], "de")
    assert (kind, "Am Montag rief Okafor Brandt an."[start:end]) == (
        "call", "rief Okafor Brandt an")
    for text in ("Die Partei rief zu Protesten auf.", "Der Brief kam an.",
                 "Sie rief: „Kommt an!“"):
        assert kind_in(text, [], "de") is None, text
    for text, language in [("Bei der Sammlung kamen 3000 Euro zusammen.", "de"),
                           ("Der Vorschlag traf auf Widerstand.", "de"),
                           ("Die Entscheidung traf die Gemeinde hart.", "de"),
                           ("The proposal met with fierce criticism.", "en"),
                           ("The proposal met with criticism from Brandt.", "en"),
                           ("The plan met expectations.", "en")]:
        assert kind_in(text, [], language) is None, text


def test_a_meeting_phrase_needs_someone_or_somewhere(audit_tables):
    _, events = build(audit_tables, record(
        "a", "de", "Kuma", "Mehrere Faktoren kamen zusammen. Grace Okafor und Jonas Brandt "
        "trafen sich am 5. Mai 2025.", "2025-05-09"))
    assert events == [("a/a2#meeting", "meeting", ["grace okafor", "ionas brandt"],
                       ["a/a2"])]


def test_the_summit_in_oslo_and_the_meeting_there_a_few_days_ago_are_one(audit_tables):
    tables, events = build(
        audit_tables,
        record("a", "en", "Okafor and Brandt after the Kuma summit in Oslo",
               "The summit in Oslo on 3 March 2025 ended without a deal on the Kuma.",
               "2025-09-18"),
        record("b", "de", "Okafor und Brandt nach dem Kuma-Gipfel in Oslo",
               "Das Treffen in Oslo vor einigen Tagen brachte keine Einigung über den Kuma.",
               "2025-09-20"),
        # near miss: a meeting in another place is another meeting
        record("c", "de", "Okafor und Brandt nach dem Kuma-Gipfel in Oslo",
               "Das Treffen in Genf vor einigen Tagen brachte keine Einigung über den "
               "Kuma.", "2025-09-20"))
    meetings = tables.events[tables.events.kind == "meeting"]
    assert [(list(row.mentions), row.place, row.earliest.isoformat() if row.earliest else None)
            for row in meetings.itertuples()] == [
        (["a/a0", "a/a1", "b/a0", "b/a1", "c/a0"], "oslo", "2025-03-03"),
        (["c/a1"], "geneva", None)]


def test_block_key_groups_an_event_with_its_story_window_and_kind(audit_tables):
    records = [
        record("a", "de", "Okafor und Brandt telefonieren über den Kuma",
               "Grace Okafor und Jonas Brandt telefonierten am 5. Mai 2025 über den Kuma. "
               "Sie trafen sich am 6. Mai 2025 in Oslo.", "2025-05-09"),
        record("b", "en", "Okafor and Brandt discuss the Kuma by phone",
               "Grace Okafor phoned Jonas Brandt on 7 May 2025 about the Kuma.",
               "2025-05-09"),
        # another story (no rare word shared), undated
        record("c", "de", "Hafen von Lindau wird ausgebaut",
               "Die Stadträte von Lindau trafen sich in Lindau. Ein Treffen folgte.")]
    tables, _ = build(audit_tables, *records)
    window = str(dt.date(2025, 5, 9).toordinal() // 14)
    assert [(row.event_id, row.block, list(row.mentions))
            for row in tables.events.itertuples()] == [
        # one call dated two ways (5 and 7 May) in two reports
        ("a/a1#call", f"a/{window}/call", ["a/a1", "b/a0", "b/a1"]),
        ("a/a2#meeting", f"a/{window}/meeting", ["a/a2"]),
        ("c/a1#meeting", "c/undated/meeting", ["c/a1", "c/a2"])]
    # the events built from the articles of one block alone hold that block's events
    # unchanged (what a check grouped by it sees when its group's tables are rebuilt)
    columns = ["event_id", "mentions", "participants", "dates", "block"]
    whole = tables.events
    for block, members in whole.groupby("block"):
        ids = sorted({a for articles in members.articles for a in articles})
        alone, _ = build(audit_tables, *[r for r in records if r["id"] in ids])
        alone = alone.events[alone.events.block == block]
        assert alone[columns].to_dict("records") == members[columns].to_dict("records")


def test_an_undated_mention_joins_no_event_dated_after_its_article(audit_tables):
    for language, dated, undated in (
            ("de", "Grace Okafor und Jonas Brandt telefonierten am 8. Mai 2025 über den Kuma.",
             "Grace Okafor und Jonas Brandt telefonierten über den Kuma."),
            ("en", "Grace Okafor phoned Jonas Brandt on 8 May 2025 about the Kuma.",
             "Grace Okafor phoned Jonas Brandt about the Kuma.")):
        title = "Okafor Brandt Kuma"
        for published, expected in (("2025-05-10", [["a/a1", "b/a1"]]),
                                    # written before the call of 8 May: another call
                                    ("2025-05-06", [["a/a1"], ["b/a1"]])):
            _, events = build(audit_tables,
                              record("a", language, title, dated, "2025-05-09"),
                              record("b", language, title, undated, published))
            assert [e[3] for e in events] == expected, (language, published)


def test_a_planned_event_is_another_than_one_that_took_place(audit_tables):
    for language, body in (
            ("de", "Grace Okafor und Jonas Brandt trafen sich am 5. Mai 2025 in Oslo. Das "
                   "geplante Treffen soll in Genf stattfinden. Das Treffen in Oslo dauerte "
                   "lange."),
            ("en", "Grace Okafor met with Jonas Brandt in Oslo on 5 May 2025. The planned "
                   "meeting is to take place in Geneva. The meeting in Oslo lasted long.")):
        _, events = build(audit_tables, record("a", language, "Kuma", body, "2025-05-09"))
        assert [e[3] for e in events] == [["a/a1", "a/a3"], ["a/a2"]], language
    # near miss: without "geplant"/"planned" the meeting named next is the one just told
    _, events = build(audit_tables, record(
        "a", "en", "Kuma", "Grace Okafor met with Jonas Brandt in Oslo on 5 May 2025. The "
        "meeting lasted long.", "2025-05-09"))
    assert [e[3] for e in events] == [["a/a1", "a/a2"]]


def test_an_attack_is_where_it_was_aimed_and_reports_in_two_languages_meet(audit_tables):
    # "auf Varnholm" names the place nearest the word of the event, not "von Esterra"
    tables, _ = build(
        audit_tables,
        record("a", "de", "Angriff auf den Hafen von Varnholm",
               "Beim Angriff auf Varnholm am 2. Juni 2025 beschoss die Armee von Esterra "
               "den Hafen.", "2025-06-03"),
        record("b", "en", "Attack on the port of Varnholm",
               "In the attack on Varnholm on 2 June 2025, the army of Norland shelled the "
               "port.", "2025-06-03"),
        # near miss: an attack on another place that day is another attack
        record("c", "en", "Attack on the port of Tarrow",
               "In the attack on Tarrow on 2 June 2025, the port burned.", "2025-06-03"))
    attacks = tables.events[tables.events.kind == "attack"]
    assert [(list(row.mentions), row.place) for row in attacks.itertuples()] == [
        (["a/a0", "a/a1", "b/a0", "b/a1"], "varnholm"), (["c/a0", "c/a1"], "tarov")]


def test_the_events_table_reads_only_the_columns_it_declares(audit_tables):
    from audit.normalise.events import READS, events_table
    from audit.tables import Tables

    tables, _ = build(audit_tables, *kuma_calls("2025-05-09"), record(
        "d", "en", "Kuma", "Grace Okafor met with Jonas Brandt in Oslo on 5 May 2025. "
        "Okafor repeated Vogt's pledge during the meeting.", "2025-05-09"))
    cut = Tables(**{name: tables[name][READS[name]].copy() if name in READS
                    else tables[name] for name in ("articles", "sentences", "timexes",
                                                   "entities", "assertions")})
    assert events_table(cut).to_dict("records") == tables.events.to_dict("records")
    assert cut.assertions.event_id.tolist() == tables.assertions.event_id.tolist()


def participants(audit_tables, language, body):
    _, events = build(audit_tables, record("a", language, "Kuma", body, "2025-05-09"))
    return [(e[1], e[2]) for e in events]


def test_who_is_named_in_the_clause_of_the_event_takes_part(audit_tables):
    # Vogt prepared the meeting; she is named within reach, but in another clause
    assert participants(audit_tables, "de", "Beim Treffen mit Grace Okafor, das Lena Vogt "
                        "vorbereitet hatte, ging es um den Kuma.") == [
        ("meeting", ["grace okafor"])]
    assert participants(audit_tables, "en", "At the meeting with Grace Okafor, which Lena "
                        "Vogt had prepared, the Kuma was discussed.") == [
        ("meeting", ["grace okafor"])]
    # a clause reaches further than the words near the event: the German verb comes last
    assert participants(audit_tables, "de", "Grace Okafor und Jonas Brandt haben am Montag "
                        "nach einer langen Pause und mehreren gescheiterten Versuchen wieder "
                        "miteinander telefoniert.") == [
        ("call", ["grace okafor", "ionas brandt"])]
    # near miss: the commas of a list of names do not end the clause
    assert participants(audit_tables, "en", "Grace Okafor, Jonas Brandt and Lena Vogt met "
                        "with the Kuma commission on Monday.") == [
        ("meeting", ["grace okafor", "ionas brandt", "lena vogt"])]


def test_a_name_its_article_gives_too_little_evidence_for_takes_no_part(audit_tables):
    # "Maastrichter" ends with a role ("Richter"), "General" is one: the word after it is
    # taken for a family name, but one mention after a role noun says too little
    assert participants(audit_tables, "de", "Beim Treffen am Montag lobten Grace Okafor und "
                        "Jonas Brandt den Maastrichter Vertrag.") == [
        ("meeting", ["grace okafor", "ionas brandt"])]
    assert participants(audit_tables, "en", "At the meeting on Monday, Grace Okafor and "
                        "Jonas Brandt praised the General Assembly.") == [
        ("meeting", ["grace okafor", "ionas brandt"])]
    # near miss: a person named after a role and named again takes part
    assert participants(audit_tables, "de", "Beim Treffen am Montag lobte Grace Okafor "
                        "Richter Holm. Holm dankte ihr.") == [("meeting", ["grace okafor", "holm"])]
    assert participants(audit_tables, "en", "At the meeting on Monday, Grace Okafor thanked "
                        "Judge Holm. Holm said nothing.") == [("meeting", ["grace okafor", "holm"])]


def test_events_linked_from_the_mentions_of_each_partition_equal_the_corpus_build(
        audit_tables):
    from audit.normalise.events import (
        ENTITY_COLUMNS,
        MENTION_COLUMNS,
        leads_of,
        link,
        mentions_of,
    )
    from audit.tables import Tables

    dated_call, *others = kuma_calls("2025-05-09")
    dated_call["text"] = dated_call["text"].replace("telefonierten über", "telefonierten am "
                                                    "5. Mai 2025 über")
    tables, _ = build(audit_tables, dated_call, *others, record(
        "d", "en", "Kuma", "Grace Okafor met with Jonas Brandt in Oslo on 5 May 2025. "
        "Okafor repeated Vogt's pledge during the meeting.", "2025-05-09"))
    mentions, leads = [], []
    for part in (["a"], ["b", "c"], ["d"]):  # the partitions a worker would normalise
        own = {name: tables[name][tables[name].article_id.isin(part)].reset_index(drop=True)
               for name in ("articles", "sentences", "timexes", "entities", "assertions")}
        own["entities"]["entity_key"] = None  # (filled only once all partitions are in)
        mentions.append(mentions_of(Tables(**own)))
        leads.append(leads_of(own["articles"]))
    mentions = pd.concat(mentions, ignore_index=True)
    assert list(mentions.columns) == MENTION_COLUMNS
    assert "text" not in mentions and mentions.assertion_id.tolist()[:3] == [
        "a/a1", "a/a2", "b/a0"]  # (the titles, a/a0 …, name no event)
    events, event_of = link(mentions, pd.concat(leads, ignore_index=True),
                            tables.entities[ENTITY_COLUMNS])
    assert events.to_dict("records") == tables.events.to_dict("records")
    assert [event_of.get(a) for a in tables.assertions.assertion_id] == \
        tables.assertions.event_id.replace({float("nan"): None}).tolist()
    # the call of 5 May, told undated in c (another partition), and the meeting in Oslo
    assert [(list(row.mentions), row.place if isinstance(row.place, str) else None)
            for row in events.itertuples()] == [
        (["a/a1", "a/a2", "c/a0", "c/a1"], None), (["b/a0", "b/a1"], None),
        (["d/a1", "d/a2"], "oslo")]
