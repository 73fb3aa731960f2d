"""CON001 (event dates), CON002 (event quantities), CON003 (opposite claims, within and across
languages), CON006, DQ003 (duplicates): each true case in
German and English beside the near misses that must not fire."""

import json

import pytest

from checks.check_duplicates import check_duplicates
from checks.check_event_dates import check_event_dates
from checks.check_event_quantities import check_event_quantities

DE_CALL = ("Telefonat über Wasserrechte",
           "Außenministerin Grace Okafor und Minister Jonas Brandt telefonierten {when} über "
           "die Wasserrechte am Fluss Kuma.")
EN_CALL = ("Okafor and Brandt discuss Kuma water rights",
           "Foreign minister Grace Okafor phoned minister Jonas Brandt {when} about the Kuma "
           "water rights.")


def record(article_id, published, language, title, body):
    return {"id": article_id, "title": title, "published": published, "language": language,
            "text": f"{title}\n\n{body}"}


def corpus(*records):
    return {"corpus.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)}


def dates_found(tables):
    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    return [(f.article_id, texts[f.article_id][f.start:f.end],
             [texts[s.article_id][s.start:s.end] for s in f.related], f.message)
            for f in check_event_dates(tables.events, tables.timexes, tables.articles,
                                       tables.entities)]


def test_con001_one_call_two_dates_across_languages(audit_tables):
    tables = audit_tables(corpus(
        record("a", "2025-05-09", "de", DE_CALL[0],
               DE_CALL[1].format(when="am Montag, 5. Mai 2025,")),
        record("b", "2025-05-09", "en", EN_CALL[0],
               EN_CALL[1].format(when="on Wednesday, 7 May 2025,"))))
    assert dates_found(tables) == [(
        "b", "Wednesday, 7 May 2025", ["Montag, 5. Mai 2025"],
        "‘Wednesday, 7 May 2025’ here, but ‘Montag, 5. Mai 2025’ in *Telefonat über "
        "Wasserrechte* (published 2025-05-09) for the same call between Okafor and Brandt")]


def test_con001_relative_dates_are_read_from_each_articles_own_publication(audit_tables):
    # "am Montag" in an article of Friday 9 May is 5 May; "yesterday" on 8 May is 7 May
    tables = audit_tables(corpus(
        record("a", "2025-05-09", "de", DE_CALL[0], DE_CALL[1].format(when="am Montag")),
        record("b", "2025-05-08", "en", EN_CALL[0], EN_CALL[1].format(when="yesterday"))))
    assert [(a, here, there) for a, here, there, _ in dates_found(tables)] == [
        ("b", "yesterday", ["Montag"])]


def test_con001_near_misses_do_not_fire(audit_tables):
    same_day = record("a", "2025-05-09", "de", DE_CALL[0],
                      DE_CALL[1].format(when="am Montag, 5. Mai 2025,"))
    # a second call, said so ("erneut", "again")
    again_en = record("b", "2025-05-09", "en", EN_CALL[0],
                      EN_CALL[1].format(when="again on Wednesday, 7 May 2025,"))
    again_de = record("c", "2025-05-09", "de", "Okafor und Brandt erneut am Telefon",
                      "Grace Okafor und Jonas Brandt telefonierten am 7. Mai 2025 erneut "
                      "über die Wasserrechte am Fluss Kuma.")
    assert dates_found(audit_tables(corpus(same_day, again_en))) == []
    assert dates_found(audit_tables(corpus(same_day, again_de))) == []
    # the earlier article was written before the later date: a later call, a developing story
    early = record("a", "2025-05-06", "de", DE_CALL[0],
                   DE_CALL[1].format(when="am Montag, 5. Mai 2025,"))
    later = record("b", "2025-05-09", "en", EN_CALL[0],
                   EN_CALL[1].format(when="on Wednesday, 7 May 2025,"))
    assert dates_found(audit_tables(corpus(early, later))) == []
    # one article gives both dates: two calls
    both = record("b", "2025-05-09", "en", EN_CALL[0],
                  EN_CALL[1].format(when="on Wednesday, 7 May 2025,")
                  + " The call on Monday, 5 May 2025, had ended without a result.")
    assert dates_found(audit_tables(corpus(same_day, both))) == []
    # someone else on another day: another call
    other = record("b", "2025-05-09", "en", EN_CALL[0],
                   "Foreign minister Grace Okafor phoned minister Lena Vogt on Wednesday, "
                   "7 May 2025, about the Kuma water rights.")
    assert dates_found(audit_tables(corpus(same_day, other))) == []


DE_EXCHANGE = ("Gefangenenaustausch in Tallinn",
               "Beim Gefangenenaustausch zwischen Norland und Esterra am 2. Juni 2025 kamen "
               "{n} Gefangene frei, teilte Ministerin Grace Okafor mit.")
EN_EXCHANGE = ("Prisoner exchange in Tallinn between Norland and Esterra",
               "In the exchange between Norland and Esterra on 2 June 2025, {n} prisoners "
               "were freed, minister Grace Okafor said.")


def quantities_found(tables):
    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    return [(f.article_id, texts[f.article_id][f.start:f.end],
             [texts[s.article_id][s.start:s.end] for s in f.related])
            for f in check_event_quantities(tables.quantities, tables.events,
                                            tables.assertions, tables.articles)]


def exchange(de_number, en_number, de_published="2025-06-03", en_published="2025-06-03"):
    return corpus(
        record("a", de_published, "de", DE_EXCHANGE[0], DE_EXCHANGE[1].format(n=de_number)),
        record("b", en_published, "en", EN_EXCHANGE[0], EN_EXCHANGE[1].format(n=en_number)))


def test_con002_one_count_of_one_event_two_values(audit_tables):
    assert quantities_found(audit_tables(exchange("70", "700"))) == [
        ("b", "700", ["70"])]
    assert quantities_found(audit_tables(exchange("siebzig", "seven hundred"))) == [
        ("b", "seven hundred", ["siebzig"])]


def test_con002_intervals_ranges_and_approximations_are_not_contradictions(audit_tables):
    assert quantities_found(audit_tables(exchange("rund 70", "74"))) == []
    assert quantities_found(audit_tables(exchange("mehr als 500", "512"))) == []
    assert quantities_found(audit_tables(exchange("20 bis 30", "25"))) == []
    assert quantities_found(audit_tables(exchange("knapp 70", "nearly 70"))) == []


def test_con002_a_number_about_another_thing_does_not_fire(audit_tables):
    tables = audit_tables(corpus(
        record("a", "2025-06-03", "de", DE_EXCHANGE[0], DE_EXCHANGE[1].format(n="70")),
        record("b", "2025-06-03", "en", EN_EXCHANGE[0],
               "In the exchange between Norland and Esterra on 2 June 2025, 70 prisoners "
               "were freed and 700 soldiers stood guard, minister Grace Okafor said.")))
    assert quantities_found(tables) == []


def test_con002_a_developing_toll_on_another_day_does_not_fire(audit_tables):
    title = "Explosion in Hafenstadt Varnholm"
    first = record("a", "2025-06-02", "de", title,
                   "Bei der Explosion im Hafen von Varnholm am 2. Juni 2025 wurden 5 "
                   "Verletzte gezählt, sagte Bürgermeisterin Anna Berg.")
    later = record("b", "2025-06-03", "de", title,
                   "Bei der Explosion im Hafen von Varnholm am 2. Juni 2025 gab es 12 "
                   "Verletzte, sagte Bürgermeisterin Anna Berg.")
    same_day = record("b", "2025-06-02", "de", title,
                      "Bei der Explosion im Hafen von Varnholm am 2. Juni 2025 gab es 120 "
                      "Verletzte, sagte Bürgermeisterin Anna Berg.")
    assert quantities_found(audit_tables(corpus(first, later))) == []
    assert quantities_found(audit_tables(corpus(first, same_day))) == [
        ("b", "120", ["5"])]


PORT = ("Die Stadt Lindau baut ihren Hafen bis 2027 aus. Der Gemeinderat stimmte dem Plan am "
        "Donnerstag mit großer Mehrheit zu. Die Kosten trägt zum größten Teil das Land, "
        "sagte Bürgermeisterin Anna Berg nach der Sitzung.")
HARBOUR = ("The town of Lindau will expand its harbour by 2027. The council approved the plan "
           "on Thursday by a large majority. Most of the cost will be borne by the state, "
           "mayor Anna Berg said after the session.")


def duplicates_found(tables, config=None):
    return [(f.article_id, [s.article_id for s in f.related], f.message)
            for f in check_duplicates(tables.articles, config or {})]


def test_dq003_the_same_text_under_a_new_headline(audit_tables):
    tables = audit_tables(corpus(
        record("a", "2025-05-02", "de", "Hafen wird ausgebaut", PORT),
        record("b", "2025-05-03", "de", "Lindau: Mehrheit für neuen Hafen", PORT),
        record("c", "2025-05-02", "en", "Harbour to be expanded", HARBOUR),
        record("d", "2025-05-04", "en", "Lindau harbour: council says yes",
               HARBOUR.replace(" after the session", ""))))
    assert duplicates_found(tables) == [
        ("b", ["a"], "the same text as *Hafen wird ausgebaut* (published 2025-05-02)"),
        ("d", ["c"], "a near-duplicate (91% of its five-word sequences shared) of *Harbour "
                     "to be expanded* (published 2025-05-02)"),
    ]


def test_dq003_articles_on_one_topic_in_other_words_are_not_duplicates(audit_tables):
    tables = audit_tables(corpus(
        record("a", "2025-05-02", "de", "Hafen wird ausgebaut", PORT),
        record("b", "2025-05-03", "de", "Streit um den Hafen",
               "Die Opposition in Lindau hält den Ausbau des Hafens für zu teuer. Sie "
               "verlangt ein neues Gutachten, bevor der Bau im Herbst beginnt."),
        record("c", "2025-05-02", "en", "Harbour to be expanded", HARBOUR),
        record("d", "2025-05-04", "en", "Harbour row",
               "The opposition in Lindau says the harbour plan costs too much and wants a "
               "new report before building starts in the autumn.")))
    assert duplicates_found(tables) == []
    # the threshold is an option
    near = audit_tables(corpus(
        record("c", "2025-05-02", "en", "Harbour to be expanded", HARBOUR),
        record("d", "2025-05-04", "en", "Lindau harbour",
               HARBOUR.replace(" after the session", ""))))
    assert duplicates_found(near, {"min-similarity": 0.95}) == []


def opposite_found(tables):
    from checks.check_opposite_claims import check_opposite_claims

    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    return [(f.article_id, [texts[s.article_id][s.start:s.end] for s in f.related],
             f.message.split(" (")[1].split(")")[0])
            for f in check_opposite_claims(tables.events, tables.assertions, tables.articles,
                                           tables.entities)]


TREATY_EN = ("Kuma treaty: Okafor and Brandt meet",
             "After the meeting with Jonas Brandt on 8 May 2025, {who} said the Kuma water "
             "levels {verb} in April.")


def treaty(first, second, first_published="2025-05-09", second_published="2025-05-09"):
    return corpus(
        record("a", first_published, "en", TREATY_EN[0], TREATY_EN[1].format(**first)),
        record("b", second_published, "en", TREATY_EN[0], TREATY_EN[1].format(**second)))


def test_con003_an_antonym_and_a_negation_by_the_same_speaker(audit_tables):
    okafor = "Grace Okafor"
    assert opposite_found(audit_tables(treaty({"who": okafor, "verb": "rose"},
                                              {"who": okafor, "verb": "fell"}))) == [
        ("b", ["After the meeting with Jonas Brandt on 8 May 2025, Grace Okafor said the Kuma "
               "water levels rose in April."], "an antonym")]
    assert [how for _, _, how in opposite_found(audit_tables(treaty(
        {"who": okafor, "verb": "were high"}, {"who": okafor, "verb": "were not high"})))] == [
        "a negation"]


def test_con003_near_misses(audit_tables):
    okafor, vogt = "Grace Okafor", "Lena Vogt"
    # another speaker
    assert opposite_found(audit_tables(treaty({"who": okafor, "verb": "rose"},
                                              {"who": vogt, "verb": "fell"}))) == []
    # a position stated days later
    assert opposite_found(audit_tables(treaty({"who": okafor, "verb": "rose"},
                                              {"who": okafor, "verb": "fell"},
                                              second_published="2025-05-13"))) == []
    # a negation in another clause
    assert opposite_found(audit_tables(treaty(
        {"who": okafor, "verb": "rose"},
        {"who": okafor, "verb": "rose, but not the prices"}))) == []


PORT_DE = ("Hafenabkommen von Marvik: Ederer und Halvorsen einig",
           "Nach dem Treffen mit Ines Halvorsen in Marvik am 3. Juli 2025 sagte "
           "{who}, {what}.")
PORT_EN = ("Marvik port agreement: Ederer and Halvorsen meet",
           "After the meeting with Ines Halvorsen in Marvik on 3 July 2025, {who} said "
           "{what}.")


def port(german, english, published=("2025-07-04", "2025-07-04")):
    """A German and an English report of one meeting in Marvik: who said what after it."""
    return corpus(record("a", published[0], "de", PORT_DE[0], PORT_DE[1].format(**german)),
                  record("b", published[1], "en", PORT_EN[0], PORT_EN[1].format(**english)))


def test_con003_across_languages_by_meaning(audit_tables):
    ederer_de, ederer_en = "Handelsminister Paul Ederer", "trade minister Paul Ederer"
    ready = {"who": ederer_de, "what": "das Hafenabkommen sei unterschriftsreif"}
    assert opposite_found(audit_tables(port(
        ready, {"who": ederer_en, "what": "the port agreement was not ready to be signed"}))) \
        == [("b", ["Nach dem Treffen mit Ines Halvorsen in Marvik am 3. Juli 2025 sagte "
                   "Handelsminister Paul Ederer, das Hafenabkommen sei unterschriftsreif."],
             "a negation of ‘ready to sign’, across languages")]
    # an antonym, the English article first
    tables = audit_tables(corpus(
        record("a", "2025-07-04", "en", PORT_EN[0], PORT_EN[1].format(
            who=ederer_en, what="the fees in Marvik fell in June")),
        record("b", "2025-07-04", "de", PORT_DE[0], PORT_DE[1].format(
            who=ederer_de, what="die Gebühren in Marvik seien im Juni gestiegen"))))
    assert [(a, how) for a, _, how in opposite_found(tables)] == [
        ("b", "an antonym: rise, fall, across languages")]


def test_con003_across_languages_near_misses(audit_tables):
    ederer_de, ederer_en = "Handelsminister Paul Ederer", "trade minister Paul Ederer"
    ready = {"who": ederer_de, "what": "das Hafenabkommen sei unterschriftsreif"}
    not_ready = {"who": ederer_en, "what": "the port agreement was not ready to be signed"}
    # the same meaning both ways; a negation in another clause
    assert opposite_found(audit_tables(port(ready, {
        "who": ederer_en, "what": "the port agreement was ready to be signed"}))) == []
    assert opposite_found(audit_tables(port(ready, {
        "who": ederer_en,
        "what": "the port agreement was ready to be signed, but not the fisheries deal"}))) \
        == []
    # another speaker; a position stated eleven days later
    assert opposite_found(audit_tables(port(ready, {
        "who": "minister Lena Vogt",
        "what": "the port agreement was not ready to be signed"}))) == []
    assert opposite_found(audit_tables(port(ready, not_ready,
                                            published=("2025-07-04", "2025-07-15")))) == []
    # other things spoken of: fees in Lindau, not in Marvik
    assert opposite_found(audit_tables(port(
        {"who": ederer_de, "what": "die Gebühren in Marvik seien im Juni gestiegen"},
        {"who": ederer_en, "what": "the fees in Lindau fell in June"}))) == []
    # the outlets' own voice, no speaker: not compared across languages
    tables = audit_tables(corpus(
        record("a", "2025-07-04", "de", PORT_DE[0], "Nach dem Treffen von Ines Halvorsen und "
               "Paul Ederer in Marvik am 3. Juli 2025 ist das Hafenabkommen unterschriftsreif."),
        record("b", "2025-07-04", "en", PORT_EN[0], "After the meeting of Ines Halvorsen and "
               "Paul Ederer in Marvik on 3 July 2025, the port agreement is not ready to be "
               "signed.")))
    assert opposite_found(tables) == []


def quotes_found(tables):
    from checks.check_misquotation import check_misquotation

    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    return [(f.article_id, texts[f.article_id][f.start:f.end],
             [texts[s.article_id][s.start:s.end] for s in f.related])
            for f in check_misquotation(tables.assertions, tables.articles)]


def quoted(language, first, second, speakers=("Grace Okafor", "Grace Okafor"),
           published=("2025-05-09", "2025-05-09")):
    if language == "de":
        title = "Okafor zum Kuma-Abkommen nach dem Treffen mit Brandt"
        body = "{who} sagte nach dem Treffen mit Jonas Brandt: „{quote}“"
    else:
        title = "Okafor on the Kuma agreement after meeting Brandt"
        body = "{who} said after the meeting with Jonas Brandt: “{quote}”"
    return corpus(*(record(article_id, day, language, title, body.format(who=who, quote=quote))
                    for article_id, day, who, quote in zip(
                        "ab", published, speakers, (first, second), strict=True)))


def test_con006_one_quote_in_two_wordings(audit_tables):
    assert quotes_found(audit_tables(quoted(
        "de", "Wir sind zu einem Abkommen über den Kuma im Sommer bereit.",
        "Wir sind zu einem Abkommen über den Kuma im Herbst bereit."))) == [
        ("b", "Wir sind zu einem Abkommen über den Kuma im Herbst bereit.",
         ["Wir sind zu einem Abkommen über den Kuma im Sommer bereit."])]
    assert quotes_found(audit_tables(quoted(
        "en", "We are ready for an agreement on the Kuma this summer.",
        "We are not ready for an agreement on the Kuma this summer."))) == [
        ("b", "We are not ready for an agreement on the Kuma this summer.",
         ["We are ready for an agreement on the Kuma this summer."])]


def test_con006_near_misses(audit_tables):
    summer = "We are ready for an agreement on the Kuma this summer."
    # quoted in full and in part; differences of case and punctuation only
    assert quotes_found(audit_tables(quoted(
        "en", summer, "We are ready for an agreement on the Kuma"))) == []
    assert quotes_found(audit_tables(quoted(
        "en", summer, "we are ready for an agreement on the Kuma this summer!"))) == []
    # another speaker; another thing said; a week later
    assert quotes_found(audit_tables(quoted(
        "en", summer, summer.replace("summer", "autumn"),
        speakers=("Grace Okafor", "Lena Vogt")))) == []
    assert quotes_found(audit_tables(quoted(
        "de", "Wir sind zu einem Abkommen über den Kuma im Sommer bereit.",
        "Die Fischerei bleibt ein offener Streitpunkt zwischen unseren Ländern."))) == []
    assert quotes_found(audit_tables(quoted(
        "en", summer, summer.replace("summer", "autumn"),
        published=("2025-05-09", "2025-05-16")))) == []


def test_con002_counts_of_an_unlisted_noun_are_not_compared(audit_tables):
    # "Kandidaten" is no [counted] group: six on the ballot, three ahead in a poll
    title = "Wahl in Norland: Kandidaten vor der Abstimmung"
    tables = audit_tables(corpus(
        record("a", "2025-06-03", "de", title, "Sechs Kandidaten stehen bei der Wahl am "
                                               "8. Juni 2025 auf dem Stimmzettel."),
        record("b", "2025-06-03", "de", title, "Vor der Wahl am 8. Juni 2025 liegen drei "
                                               "Kandidaten in der Umfrage vorn.")))
    assert quantities_found(tables) == []


def who_found(tables):
    from checks.check_who_did_what import check_who_did_what

    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    return [(f.article_id, texts[f.article_id][f.start:f.end],
             [texts[s.article_id][s.start:s.end] for s in f.related], f.message)
            for f in check_who_did_what(tables.events, tables.assertions, tables.entities,
                                        tables.articles, tables.timexes)]


DE_RUNOFF = record("a", "2025-06-09", "de", "Stichwahl in Varnholm",
                   "Die Stichwahl um das Bürgermeisteramt in Varnholm am 8. Juni 2025 gewann "
                   "Anna Berg.")


def test_con004_two_winners_of_one_runoff_across_languages(audit_tables):
    # the titles share too little to be one story: the day, the kind and the place link them
    passive = record("b", "2025-06-09", "en", "Tom Reed elected",
                     "The runoff for mayor in Varnholm on 8 June 2025 was won by Tom Reed.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, passive))) == [(
        "b", "Tom Reed", ["Anna Berg"],
        "‘Tom Reed’ here, but ‘Anna Berg’ in *Stichwahl in Varnholm* (published 2025-06-09) "
        "as the winner of the same election in Varnholm")]
    active = record("b", "2025-06-09", "en", "Runoff in Varnholm",
                    "In Varnholm on 8 June 2025, Tom Reed won the runoff for mayor.")
    assert [f[:3] for f in who_found(audit_tables(corpus(DE_RUNOFF, active)))] == [
        ("b", "Tom Reed", ["Anna Berg"])]


CALL_DE = ("Telefonat zwischen Okafor und Brandt",
           "Am Montag, 5. Mai 2025, rief {caller} {callee} an; in dem Telefonat ging es um "
           "die Wasserrechte am Kuma.")
CALL_EN = ("Okafor and Brandt on the phone",
           "On Monday, 5 May 2025, {caller} phoned {callee} about the Kuma water rights.")
OKAFOR_DE, BRANDT_DE = "Außenministerin Grace Okafor", "Minister Jonas Brandt"
OKAFOR_EN, BRANDT_EN = "foreign minister Grace Okafor", "minister Jonas Brandt"


def test_con004_who_called_whom(audit_tables):
    assert who_found(audit_tables(corpus(
        record("a", "2025-05-09", "de", CALL_DE[0],
               CALL_DE[1].format(caller=OKAFOR_DE, callee=BRANDT_DE)),
        record("b", "2025-05-09", "en", CALL_EN[0],
               CALL_EN[1].format(caller=BRANDT_EN, callee=OKAFOR_EN))))) == [(
        "b", "Jonas Brandt", ["Grace Okafor"],
        "‘Jonas Brandt’ here, but ‘Grace Okafor’ in *Telefonat zwischen Okafor und Brandt* "
        "(published 2025-05-09) as the caller of the same call")]
    # the English report first: the German one is flagged
    assert [f[:3] for f in who_found(audit_tables(corpus(
        record("a", "2025-05-09", "en", CALL_EN[0],
               CALL_EN[1].format(caller=OKAFOR_EN, callee=BRANDT_EN)),
        record("b", "2025-05-09", "de", CALL_DE[0],
               CALL_DE[1].format(caller=BRANDT_DE, callee=OKAFOR_DE)))))] == [
        ("b", "Jonas Brandt", ["Grace Okafor"])]


def test_con004_who_called_whom_near_misses(audit_tables):
    german = record("a", "2025-05-09", "de", CALL_DE[0],
                    CALL_DE[1].format(caller=OKAFOR_DE, callee=BRANDT_DE))
    # the same caller both ways
    assert who_found(audit_tables(corpus(german, record(
        "b", "2025-05-09", "en", CALL_EN[0],
        CALL_EN[1].format(caller=OKAFOR_EN, callee=BRANDT_EN))))) == []
    # a joint call names no caller
    assert who_found(audit_tables(corpus(german, record(
        "b", "2025-05-09", "en", CALL_EN[0],
        "On Monday, 5 May 2025, foreign minister Grace Okafor and minister Jonas Brandt "
        "spoke by phone about the Kuma water rights.")))) == []
    assert who_found(audit_tables(corpus(record(
        "a", "2025-05-09", "de", CALL_DE[0],
        "Am Montag, 5. Mai 2025, telefonierten Außenministerin Grace Okafor und Minister "
        "Jonas Brandt über die Wasserrechte am Kuma."), record(
        "b", "2025-05-09", "en", CALL_EN[0],
        CALL_EN[1].format(caller=BRANDT_EN, callee=OKAFOR_EN))))) == []
    # Brandt's call back two days later is another call
    assert who_found(audit_tables(corpus(german, record(
        "b", "2025-05-09", "en", CALL_EN[0],
        "On Wednesday, 7 May 2025, minister Jonas Brandt phoned foreign minister Grace "
        "Okafor again about the Kuma water rights.")))) == []


ATTACK_DE = ("Angriff auf den Hafen von Varnholm",
             "Beim Angriff auf Varnholm am 2. Juni 2025 {verb} den Hafen.")
ATTACK_EN = ("Attack on the port of Varnholm",
             "In the attack on Varnholm on {day} June 2025, {who} shelled the port.")


def attack(german, who="Norland", day=2):
    return corpus(
        record("a", "2025-06-03", "de", ATTACK_DE[0], ATTACK_DE[1].format(verb=german)),
        record("b", "2025-06-10", "en", ATTACK_EN[0], ATTACK_EN[1].format(who=who, day=day)))


def test_con004_who_attacked(audit_tables):
    assert who_found(audit_tables(attack("beschoss Esterra"))) == [(
        "b", "Norland", ["Esterra"],
        "‘Norland’ here, but ‘Esterra’ in *Angriff auf den Hafen von Varnholm* (published "
        "2025-06-03) as the attacker of the same attack in Varnholm")]


def test_con004_who_attacked_near_misses(audit_tables):
    # a joint attack: Norland is among the attackers both ways (after the verb, and after
    # "von", which with a participle-like plural is no passive's doer alone)
    assert who_found(audit_tables(attack("beschossen Esterra und Norland gemeinsam"))) == []
    assert who_found(audit_tables(attack(
        "beschossen die Armeen von Esterra und Norland gemeinsam"))) == []
    assert who_found(audit_tables(attack("beschoss Esterra", who="Esterra and Norland"))) \
        == []
    # the same attacker; an attack a week later is another attack
    assert who_found(audit_tables(attack("beschoss Esterra", who="Esterra"))) == []
    assert who_found(audit_tables(attack("beschoss Esterra", day=9))) == []


def test_con004_two_signatories_for_one_party_in_german(audit_tables):
    active = record("a", "2025-06-11", "de", "Kuma-Abkommen unterzeichnet",
                    "Für Norland unterzeichnete Außenministerin Grace Okafor am 10. Juni 2025 "
                    "in Tallinn das Abkommen über den Kuma.")
    passive = record("b", "2025-06-11", "de", "Abkommen besiegelt",
                     "Das Abkommen über den Kuma wurde am 10. Juni 2025 in Tallinn für Norland "
                     "von Ministerin Lena Vogt unterzeichnet.")
    assert [f[:3] for f in who_found(audit_tables(corpus(active, passive)))] == [
        ("b", "Lena Vogt", ["Grace Okafor"])]
    # for the other party: both signed, no contradiction
    other_side = record("b", "2025-06-11", "en", "Kuma agreement signed",
                        "The Kuma agreement was signed for Esterra by minister Jonas Brandt on "
                        "10 June 2025 in Tallinn.")
    assert who_found(audit_tables(corpus(active, other_side))) == []
    # no party named: each may have signed for their side
    unnamed = record("b", "2025-06-11", "en", "Kuma agreement signed",
                     "Minister Lena Vogt signed the Kuma agreement on 10 June 2025 in Tallinn.")
    assert who_found(audit_tables(corpus(active, unnamed))) == []


def test_con004_a_date_right_after_the_verb_is_not_what_was_won(audit_tables):
    # "unterzeichnete am 10. Juni", "signed for Norland on 10 June": the numbers of a date
    # after the verb are no "40 Prozent" won
    okafor = record("a", "2025-06-11", "de", "Kuma-Abkommen unterzeichnet",
                    "Außenministerin Grace Okafor unterzeichnete am 10. Juni 2025 in Tallinn "
                    "für Norland das Abkommen über den Kuma.")
    vogt = record("b", "2025-06-11", "en", "Kuma agreement signed",
                  "Minister Lena Vogt signed for Norland on 10 June 2025 the agreement on the "
                  "Kuma in Tallinn.")
    assert [f[:3] for f in who_found(audit_tables(corpus(okafor, vogt)))] == [
        ("b", "Lena Vogt", ["Grace Okafor"])]
    # the near miss: a number that is not a date still says something else was won
    runoff = record("b", "2025-06-09", "en", "Varnholm runoff",
                    "In the runoff for mayor in Varnholm on 8 June 2025, Tom Reed won 46 "
                    "percent on 8 June 2025.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, runoff))) == []


def test_con004_near_misses_do_not_fire(audit_tables):
    # another quantity won, not the runoff (English, German)
    share = record("b", "2025-06-09", "en", "Varnholm runoff",
                   "In the runoff for mayor in Varnholm on 8 June 2025, Tom Reed won 46 "
                   "percent of the vote.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, share))) == []
    share_de = record("b", "2025-06-09", "de", "Stichwahl in Varnholm knapp",
                      "In der Stichwahl in Varnholm am 8. Juni 2025 gewann Tom Reed 46 Prozent "
                      "der Stimmen.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, share_de))) == []
    # another election: the first round, said so, on another day
    first_round = record("b", "2025-06-09", "en", "Varnholm first round",
                         "The first round in Varnholm on 25 May 2025 was won by Tom Reed.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, first_round))) == []
    # another place on the same day: another election
    elsewhere = record("b", "2025-06-09", "en", "Runoff in Lindau",
                       "The runoff for mayor in Lindau on 8 June 2025 was won by Tom Reed.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, elsewhere))) == []
    # a country is no place of one election: two runoffs there on one day may differ
    country_de = record("a", "2025-06-09", "de", "Stichwahl in Österreich",
                        "Die Stichwahl in Österreich am 8. Juni 2025 gewann Anna Berg.")
    country_en = record("b", "2025-06-09", "en", "Austrian runoff",
                        "The runoff in Austria on 8 June 2025 was won by Tom Reed.")
    assert who_found(audit_tables(corpus(country_de, country_en))) == []
    # one article naming both (the winner and the loser) is not compared with itself
    both = record("a", "2025-06-09", "de", "Stichwahl in Varnholm",
                  "Die Stichwahl in Varnholm am 8. Juni 2025 gewann Anna Berg gegen Tom Reed. "
                  "Tom Reed gratulierte.")
    assert who_found(audit_tables(corpus(both))) == []
    # the same winner, written another way
    same = record("b", "2025-06-09", "en", "Runoff in Varnholm",
                  "The runoff for mayor in Varnholm on 8 June 2025 was won by mayor Berg.")
    assert who_found(audit_tables(corpus(DE_RUNOFF, same))) == []


def test_con004_each_side_naming_its_own_winner_is_a_contested_result(audit_tables):
    berg = record("a", "2025-06-09", "de", "Stichwahl in Varnholm",
                  "Anna Berg gewann die Stichwahl in Varnholm am 8. Juni 2025, sagte ihr "
                  "Sprecher Paul Wendt.")
    reed_said = record("b", "2025-06-09", "en", "Runoff in Varnholm",
                       "Tom Reed won the runoff for mayor in Varnholm on 8 June 2025, his "
                       "campaign manager Lisa Marsh said.")
    assert who_found(audit_tables(corpus(berg, reed_said))) == []
    # the report's own voice against a spokesman's claim is compared
    reed = record("b", "2025-06-09", "en", "Runoff in Varnholm",
                  "Tom Reed won the runoff for mayor in Varnholm on 8 June 2025.")
    assert [f[:3] for f in who_found(audit_tables(corpus(berg, reed)))] == [
        ("b", "Tom Reed", ["Anna Berg"])]


def test_con004_two_parties_as_winners_and_a_candidate_beside_a_party(audit_tables):
    party_de = record("a", "2025-06-09", "de", "Stadtratswahl in Varnholm",
                      "Die Stadtratswahl in Varnholm am 8. Juni 2025 gewann die "
                      "Esterra-Partei.")
    party_en = record("b", "2025-06-09", "en", "Varnholm council vote",
                      "The council election in Varnholm on 8 June 2025 was won by the "
                      "Norland People's Party.")
    assert [f[:3] for f in who_found(audit_tables(corpus(party_de, party_en)))] == [
        ("b", "Norland People's Party", ["Esterra-Partei"])]
    # a person and a party: the candidate may stand for the party
    person_en = record("b", "2025-06-09", "en", "Varnholm council vote",
                       "The council election in Varnholm on 8 June 2025 was won by Tom Reed.")
    assert who_found(audit_tables(corpus(party_de, person_en))) == []


def test_con006_keys_only_articles_with_a_near_quote_of_the_same_speaker(audit_tables,
                                                                         monkeypatch):
    from checks import check_misquotation as con006

    summer = "We are ready for an agreement on the Kuma this summer."
    tables = audit_tables(quoted("en", summer, summer.replace("summer", "autumn")))
    keys = con006._quote_keys(tables.assertions, tables.articles)
    assert sorted(keys.article_id) == ["a", "b"]
    assert {speaker for _, _, speaker in keys.key} == {"okafor"}
    # a week apart, or another speaker: no article has a quote to be compared with, so no
    # key, and the stories (read over the whole corpus) are not read at all
    monkeypatch.setattr(con006, "stories", lambda articles: pytest.fail("stories read"))
    for apart in (quoted("en", summer, summer, published=("2025-05-09", "2025-05-16")),
                  quoted("de", "Wir sind zu einem Abkommen bereit.",
                         "Wir sind zu keinem Abkommen bereit.",
                         speakers=("Grace Okafor", "Lena Vogt"))):
        tables = audit_tables(apart)
        assert con006._quote_keys(tables.assertions, tables.articles).empty


def test_a_corpus_without_events_gives_the_keyed_checks_no_keys():
    # an empty events table: CON001's filter is an empty Series, which must still select rows
    import checks.check_event_dates as con001
    from audit.normalise.events import story_keys
    from audit.tables import frame

    events = frame("events", [])
    assert con001._event_keys(events).empty and story_keys(events).empty
    assert list(con001._event_keys(events).columns) == ["article_id", "key"]


def test_con001_to_con004_run_per_story_and_find_what_the_whole_corpus_run_finds(audit_tables):
    """Blocking keys: each check runs once per story of an event reported in several
    articles, on that story's articles only, and finds what it finds on the whole corpus."""
    import checks.check_event_dates as con001
    import checks.check_event_quantities as con002
    import checks.check_opposite_claims as con003
    import checks.check_who_did_what as con004
    from audit.engine.discovery import Suite
    from audit.engine.registry import spec_for
    from audit.engine.runner import Runner
    from audit.normalise.events import story_keys

    tables = audit_tables(corpus(
        record("a", "2025-05-09", "de", DE_CALL[0],
               DE_CALL[1].format(when="am Montag, 5. Mai 2025,")),
        record("b", "2025-05-09", "en", EN_CALL[0],
               EN_CALL[1].format(when="on Wednesday, 7 May 2025,")),
        record("c", "2025-06-03", "de", DE_EXCHANGE[0], DE_EXCHANGE[1].format(n="70")),
        record("d", "2025-06-03", "en", EN_EXCHANGE[0], EN_EXCHANGE[1].format(n="700")),
        # one article of its own: under no key, compared with nothing
        record("e", "2025-06-03", "en", "Storm on the coast",
               "A storm hit the coast of Lindau on 2 June 2025, the weather service said.")))
    keys = con001._event_keys(tables.events)
    assert sorted(keys.article_id) == ["a", "b"] and keys.key.nunique() == 1
    keys = story_keys(tables.events)
    assert sorted(keys.article_id) == ["a", "b", "c", "d"] and keys.key.nunique() == 2
    assert sorted(con002._event_keys(tables.quantities, tables.events, tables.assertions)
                  .article_id) == ["c", "d"]
    direct = {
        "CON001": con001.check_event_dates(tables.events, tables.timexes, tables.articles,
                                           tables.entities),
        "CON002": con002.check_event_quantities(tables.quantities, tables.events,
                                                tables.assertions, tables.articles),
        "CON003": con003.check_opposite_claims(tables.events, tables.assertions,
                                               tables.articles, tables.entities),
        "CON004": con004.check_who_did_what(tables.events, tables.assertions,
                                            tables.entities, tables.articles)}
    runner = Runner(tables, Suite([], {}, []))
    for module, check in ((con001, con001.check_event_dates),
                          (con002, con002.check_event_quantities),
                          (con003, con003.check_opposite_claims),
                          (con004, con004.check_who_did_what)):
        spec = spec_for(check, module.__file__)
        outcome = runner.run(spec)
        assert outcome.error is None
        assert [(f.article_id, f.start, f.end, f.message) for f in outcome.findings] == [
            (f.article_id, f.start, f.end, f.message) for f in direct[spec.code]]
    assert [f.article_id for f in runner.run(spec_for(con001.check_event_dates,
                                                      con001.__file__)).findings] == ["b"]
    assert [f.article_id for f in runner.run(spec_for(con002.check_event_quantities,
                                                      con002.__file__)).findings] == ["d"]
