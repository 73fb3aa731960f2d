"""The events table: kinds across languages, stories, places, and who takes part."""

import json

import pandas as pd

from audit.normalise.entities import entity_keys
from audit.normalise.events import mention_kind, mention_place, stories


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


def test_undated_calls_between_other_people_are_other_calls(audit_tables):
    def record(article_id, language, title, body):
        return {"id": article_id, "title": title, "language": language,
                "text": f"{title}\n\n{body}"}

    records = [
        record("a", "de", "Okafor und Brandt telefonieren über den Kuma",
               "Grace Okafor und Jonas Brandt telefonierten über den Kuma. Das Telefonat "
               "dauerte eine Stunde."),
        record("b", "de", "Okafor telefoniert mit Vogt über den Kuma",
               "Grace Okafor und Lena Vogt telefonierten über den Kuma."),
        record("c", "en", "Okafor and Brandt discuss the Kuma by phone",
               "Grace Okafor phoned Jonas Brandt about the Kuma."),
    ]
    tables = audit_tables({"c.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                              for r in records)})
    calls = tables.events[tables.events.kind == "call"]
    assert sorted(map(sorted, calls.participants)) == [
        ["grace okafor", "ionas brandt"], ["grace okafor", "lena vogt"]]
    assert sorted(map(sorted, calls.articles)) == [["a", "c"], ["b"]]
