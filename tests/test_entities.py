"""Person names, their later mentions, and spelling keys."""

import pytest

from audit.normalise.entities import extract_entities, spelling_key


def mentions(text, language):
    return [(e["surface"], e["canonical"], e["key"]) for e in extract_entities(text, language)]


def test_german_full_name_then_family_name_and_genitive():
    text = "Außenminister Sergej Lawrow reiste ab. Lawrows Sprecher bestätigte, Lawrow sei zurück."
    assert mentions(text, "de") == [
        ("Sergej Lawrow", "Sergej Lawrow", "lavrov"),
        ("Lawrow", "Sergej Lawrow", "lavrov"),
        ("Lawrow", "Sergej Lawrow", "lavrov"),
    ]


def test_english_role_introduces_a_family_name_without_given_name():
    text = "President Zelenskyy spoke on Friday. Zelensky later flew to Rome."
    rows = extract_entities(text, "en")
    assert [(r["surface"], r["start"], r["key"], r["kind"]) for r in rows] == [
        ("Zelenskyy", 10, "selenski", "person"), ("Zelensky", 37, "selenski", "person"),
        ("Rome", 60, "rom", "place"),
    ]


def test_a_spelling_variant_is_linked_with_a_lower_score():
    text = "Marco Rubio rief Sergej Lawrow an. Lavrov sagte danach wenig."
    rows = {r["surface"]: r for r in extract_entities(text, "de")}
    assert rows["Lavrov"]["canonical"] == "Sergej Lawrow"
    assert rows["Lavrov"]["score"] == 0.6
    assert rows["Sergej Lawrow"]["score"] == 1.0


@pytest.mark.parametrize("left, right", [
    ("Lawrow", "Lavrov"), ("Selenskyj", "Zelensky"), ("Sergej", "Sergei"),
    ("Peskow", "Peskov"), ("Dmitrijew", "Dmitriev"),
])
def test_transliteration_variants_share_a_key(left, right):
    assert spelling_key(left) == spelling_key(right)


@pytest.mark.parametrize("left, right", [("Wladimir", "Wolodymyr"), ("Müller", "Möller")])
def test_different_names_keep_different_keys(left, right):
    assert spelling_key(left) != spelling_key(right)


def test_common_nouns_after_a_role_are_not_names():
    text = "Der Diplomat Unterstützung zu geben, fiel dem Präsidenten schwer."
    assert extract_entities(text, "de") == []


def test_roles_ending_or_beginning_others_are_found():
    # searched as "minister", "präsident" and "chef"
    text = ("Premierminister Netanjahu und Präsidentin Meloni trafen Kremlchef Putin. "
            "Netanjahus Sprecher schwieg.")
    assert [(r["surface"], r["score"]) for r in extract_entities(text, "de")] == [
        ("Netanjahu", 0.9), ("Meloni", 0.9), ("Putin", 0.9), ("Netanjahu", 0.8),
    ]


def test_english_roles_are_whole_words():
    text = "President Biden met Vice President Harris; presidential Trump stayed away."
    assert [r["surface"] for r in extract_entities(text, "en")] == ["Biden", "Harris"]


def kinds(text, language):
    return [(e["surface"], e["canonical"], e["kind"]) for e in extract_entities(text, language)
            if e["kind"] != "person"]


def test_organisations_places_and_media_in_german():
    text = ("Das US-Außenministerium und der Kreml widersprachen, berichtete CNN. Laut der "
            "Zeitung Varnholmer Bote kam die Esterra-Partei in Varnholm zusammen, nicht in "
            "Sorge um Russlands Lage in Brüssel.")
    assert kinds(text, "de") == [
        ("US-Außenministerium", "US State Department", "organisation"),
        ("Kreml", "Kremlin", "organisation"), ("CNN", "CNN", "media"),
        ("Varnholmer Bote", "Varnholmer Bote", "media"),
        ("Esterra-Partei", "Esterra-Partei", "organisation"),
        ("Varnholm", "Varnholm", "place"),  # "in Sorge": a common word, not a place
        ("Russlands", "Russia", "place"), ("Brüssel", "Brüssel", "place"),
    ]


def test_organisations_places_and_media_in_english():
    text = ("The Norland Foreign Ministry and the Ministry of Water Resources met in Varnholm "
            "and Brussels, the newspaper Varnholm Post reported. In May the EU said no.")
    assert kinds(text, "en") == [
        ("Norland Foreign Ministry", "Norland Foreign Ministry", "organisation"),
        ("Ministry of Water Resources", "Ministry of Water Resources", "organisation"),
        ("Varnholm", "Varnholm", "place"), ("Brussels", "Brüssel", "place"),
        ("Varnholm Post", "Varnholm Post", "media"), ("EU", "European Union", "organisation"),
    ]


def test_names_of_one_entity_share_an_entity_key_across_languages(audit_tables):
    import json

    records = [{"id": "a", "language": "de", "title": "Brüssel", "published": "2025-05-09",
                "text": "Brüssel\n\nDas Treffen in Brüssel: Russlands Minister reiste an."},
               {"id": "b", "language": "en", "title": "Brussels", "published": "2025-05-09",
                "text": "Brussels\n\nThe meeting in Brussels: Russia's minister came."}]
    tables = audit_tables({"c.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                              for r in records)})
    places = tables.entities[tables.entities.kind == "place"]
    assert sorted(zip(places.surface, places.entity_key, strict=True)) == [
        ("Brussels", "bruesel"), ("Brussels", "bruesel"), ("Brüssel", "bruesel"),
        ("Brüssel", "bruesel"), ("Russia's", "rusia"), ("Russlands", "rusia")]


@pytest.fixture
def project_gazetteer(tmp_path, monkeypatch):
    """A project whose data/entities.csv is the gazetteer in force (caches cleared)."""
    from audit.normalise import entities

    (tmp_path / "pyproject.toml").write_text("[tool.audit]\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    caches = (entities.project_gazetteer_path, entities.gazetteer, entities._person_aliases)
    for cached in caches:
        cached.cache_clear()
    yield tmp_path / "data" / "entities.csv"
    for cached in caches:
        cached.cache_clear()


def test_a_project_gazetteer_pins_names_and_kinds(project_gazetteer):
    import pandas as pd

    from audit.normalise.entities import entity_keys

    project_gazetteer.write_text(
        "canonical,aliases,kind\nHafenamt Varnholm,Varnholmer Hafenamt,organisation\n"
        "Wolodymyr Selenskyj,Wladimir Zelensky,person\n", encoding="utf-8")
    text = "Das Varnholmer Hafenamt widersprach. Wladimir Zelensky schwieg."
    rows = extract_entities(text, "de")
    assert [(r["surface"], r["canonical"], r["kind"]) for r in rows] == [
        ("Varnholmer Hafenamt", "Hafenamt Varnholm", "organisation"),
        ("Wladimir Zelensky", "Wladimir Zelensky", "person")]
    # the person's key is that of its canonical name: another article's "Selenskyj" too
    table = pd.DataFrame(rows + [{"canonical": "Wolodymyr Selenskyj", "kind": "person"}])
    assert entity_keys(table) == ["hafenamt varnholm", "volodimir selenski",
                                  "volodimir selenski"]


def test_a_broken_project_gazetteer_names_the_file_and_line(project_gazetteer):
    project_gazetteer.write_text("canonical,aliases,kind\nVarnholm,,city\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"entities.csv: line 2: .*\(got 'city'\)"):
        extract_entities("In Varnholm.", "de")


def test_people_sharing_a_family_name_keep_different_keys():
    import pandas as pd

    from audit.normalise.entities import entity_keys

    table = pd.DataFrame([{"canonical": "Anna Berg", "kind": "person"},
                          {"canonical": "Tom Berg", "kind": "person"}])
    assert entity_keys(table) == ["ana berg", "tom berg"]


@pytest.mark.parametrize("text, places", [
    ("Sie warteten in Gornja Radgona, nicht in Staatsbürgerschaften.", ["Gornja Radgona"]),
    # compounds of common words, common nouns' endings, persons after "von" are not places
    ("Sie sprach von Benitez, in Schwerverbrechen und in Verhandlungen in Nickelsdorf.",
     ["Nickelsdorf"]),
])
def test_german_places_by_context_are_rare_words_that_are_no_compound(text, places):
    assert [s for s, _, kind in kinds(text, "de") if kind == "place"] == places


def test_an_adjective_ending_like_a_media_noun_opens_no_outlet():
    # "wachsender" ends in "sender"; "Nachrichtensender" is one
    text = "Wegen wachsender Spannungen berichtete der Nachrichtensender Skai."
    assert kinds(text, "de") == [("Skai", "Skai", "media")]


def test_a_media_noun_opens_an_outlet_only_where_it_ends_a_word():
    # "Sendersuchlauf" holds "Sender" but ends otherwise; "Nachrichtenblatt" at the end of
    # the text is followed by no word
    text = ("Der Sendersuchlauf Quorbel fand den Sender Skai, die Zeitung-Quorbeler und "
            "das Nachrichtenblatt")
    assert kinds(text, "de") == [("Skai", "Skai", "media")]


def test_a_text_beyond_the_basic_plane_gives_the_same_names_at_the_same_offsets():
    # "𝔄" (U+1D504), a letter beyond the plane, is a word of its own (a text's offsets
    # count characters, not UTF-16 code units)
    text = "Laut der Zeitung Varnholmer Bote traf Sergej Lawrow in Gornja Radgona ein."
    rows = extract_entities(text, "de")
    beyond = extract_entities(text + " 𝔄bc", "de")
    assert [(r["surface"], r["start"], r["kind"]) for r in beyond] == \
        [(r["surface"], r["start"], r["kind"]) for r in rows] == [
            ("Varnholmer Bote", 17, "media"), ("Sergej Lawrow", 38, "person"),
            ("Gornja Radgona", 55, "place")]
    assert [r["surface"] for r in extract_entities("𝔄 laut der Zeitung Varnholmer Bote",
                                                    "de")] == ["Varnholmer Bote"]


def test_words_are_found_by_their_suffixes_only_where_a_suffix_is_letters():
    from audit.normalise.entities import _Suffixes

    text = "Der Nachrichtensender, das Blatt und ein Sendersuchlauf"
    words = ["Der", "Nachrichtensender", "das", "Blatt", "und", "ein", "Sendersuchlauf"]
    ends = [text.index(w) + len(w) for w in words]
    assert _Suffixes(["sender", "Blatt", "blatt"]).ending(text, ends) == [1, 3]
    assert _Suffixes([]).ending(text, ends) == []
    with pytest.raises(ValueError, match="letters only: 'news agency'"):
        _Suffixes(["news agency"])


def test_media_nouns_are_searched_as_endings_only_in_a_language_of_compounds(monkeypatch):
    from audit import resources
    from audit.normalise import entities

    def names(compounds):
        return lambda language, topic: {"compounds": compounds, "media_nouns": ["news agency"],
                                        "organisation_heads": ["Ministry"]}
    # a language without compounds compares whole words with them: any noun will do
    monkeypatch.setattr(resources, "load", names(False))
    assert entities._context_of.__wrapped__("xx")["media_endings"] is None
    monkeypatch.setattr(resources, "load", names(True))
    with pytest.raises(ValueError, match="letters only: '[Nn]ews agency'"):
        entities._context_of.__wrapped__("xx")


def test_word_frequencies_are_wordfreqs_small_lists_without_importing_wordfreq():
    import subprocess
    import sys

    from wordfreq import get_frequency_dict

    from audit.resources.frequencies import word_frequencies

    for language in ("de", "en", "fr"):
        assert word_frequencies(language) == get_frequency_dict(language, "small"), language
    assert word_frequencies("de")["regierung"] > 10 ** (4 - 9) > \
        word_frequencies("de").get("gefangenenaustausch", 0.0)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from audit.resources.frequencies import "
         "word_frequencies; word_frequencies('de'); print('wordfreq' in sys.modules)"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "False"


def test_a_role_ends_at_a_full_stop_and_a_genitive_weekday_is_no_place():
    def found(text, language):
        return [(row["surface"], row["kind"]) for row in extract_entities(text, language)]

    # the word after "president." opens a sentence: no person "Despite", "Trotz", "Heute"
    assert found("It was the job of the president. Despite ample doubt, Tom Reed agreed.",
                 "en") == [("Tom Reed", "person")]
    assert found("Das sagte der Präsident. Heute blieb Jonas Brandt ruhig.", "de") == [
        ("Jonas Brandt", "person")]
    # near miss: a role before a name still names the person, in both languages
    assert found("Das sagte der Präsident. Kanzler Berg blieb ruhig.", "de") == [
        ("Berg", "person")]
    assert found("Former President Bill Clinton agreed.", "en") == [("Bill Clinton", "person")]
    # "Saturday’s" after "of" is a day, not a place; "in Tarrow" still is one
    assert found("The vote came ahead of Saturday’s caucus, held in Tarrow.", "en") == [
        ("Tarrow", "place")]


@pytest.mark.parametrize("language, text", [
    ("de", "Außenminister Tobiah Varnek traf am Montag Ministerin Okafor. Varnek sagte danach "
           "nichts."),
    ("en", "Foreign Minister Tobiah Varnek met Minister Okafor on Monday. Varnek said nothing "
           "afterwards."),
])
def test_two_names_after_a_role_are_a_given_and_a_family_name(language, text):
    # "Tobiah" is no listed given name: before, it was taken for a family name alone
    persons = [(row["surface"], row["given"], row["family"], row["key"])
               for row in extract_entities(text, language) if row["kind"] == "person"]
    assert persons == [("Tobiah Varnek", "Tobiah", "Varnek", "varnek"),
                       # near miss: one name after a role is a family name
                       ("Okafor", None, "Okafor", "okafor"),
                       ("Varnek", None, "Varnek", "varnek")]


def test_listed_names_of_several_words_longest_first_also_in_the_genitive():
    from audit.normalise.entities import extract_entities

    def found(text, language):
        return [(row["surface"], row["kind"], row["canonical"])
                for row in extract_entities(text, language)]

    # the genitive of the last word; an opener whose next word continues no listed name
    # ("Der Mann") is looked up alone
    assert found("Laut Der Standards Bericht und der New York Times sagte Der Mann nichts.",
                 "de") == [("Der Standards", "media", "Der Standard"),
                           ("New York Times", "media", "New York Times")]
    assert found("The New York Times’s report, New York and the New Yorker.", "en") == [
        ("New York Times’s", "media", "New York Times"), ("New York", "place", "New York")]
