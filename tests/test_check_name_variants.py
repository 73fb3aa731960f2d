"""CON005: one person's name spelled two ways in the corpus."""

import pandas as pd

from audit.normalise.entities import extract_entities
from audit.tables import frame
from checks.check_name_variants import check_name_variants


def entities(articles):
    rows = []
    for article_id, text in articles.items():
        for n, row in enumerate(extract_entities(text, "de")):
            rows.append({**row, "article_id": article_id, "entity_id": f"{article_id}/e{n}"})
    return frame("entities", rows)


def found(articles, config=None, languages=None):
    table = entities(articles)
    meta = frame("articles", [{"article_id": a, "language": (languages or {}).get(a, "de"),
                               "text": text} for a, text in articles.items()])
    return [(f.article_id, articles[f.article_id][f.start:f.end],
             [articles[s.article_id][s.start:s.end] for s in f.related])
            for f in check_name_variants(table, meta, config or {})]


def test_minority_spelling_across_articles_is_flagged_with_the_majority_related():
    articles = {
        "a": "Außenminister Sergej Lawrow sprach in Genf. Lawrow blieb kurz.",
        "b": "Sergej Lawrow reiste weiter.",
        "c": "Außenminister Sergei Lavrov sagte wenig. Lavrov reiste ab.",
    }
    assert found(articles) == [
        ("c", "Lavrov", ["Lawrow"]),
        ("c", "Sergei", ["Sergej"]),
    ]


def test_english_variants_of_one_name():
    articles = {
        "a": "President Volodymyr Zelenskyy met reporters. Zelenskyy said little.",
        "b": "Volodymyr Zelensky arrived in Rome.",
    }
    assert found(articles) == [("b", "Zelensky", ["Zelenskyy"])]


def test_variant_within_one_article_relates_to_the_same_article():
    articles = {"a": "Marco Rubio rief Sergej Lawrow an. Danach sprach Lavrov mit Reportern. "
                     "Lawrow war zufrieden."}
    assert found(articles) == [("a", "Lavrov", ["Lawrow"])]


def test_near_misses_genitive_brothers_and_different_names_do_not_fire():
    articles = {
        "a": "Wladimir Putin sprach lange. Putins Sprecher schwieg.",
        "b": "Vitali Klitschko und Wladimir Klitschko traten auf.",
        "c": "Peter Müller gewann. Peter Möller wurde Zweiter.",
    }
    assert found(articles) == []


def test_rapidfuzz_joins_near_keys_within_a_block_at_the_configured_similarity():
    # keys "erdogan" and "erdoghan": ratio 93, joined at 90, not at 95
    articles = {"a": "Recep Erdogan sprach. Erdogan reiste ab.", "b": "Recep Erdoghan sprach."}
    assert found(articles) == [("b", "Erdoghan", ["Erdogan"])]
    assert found(articles, {"min-similarity": 95}) == []


def test_accents_are_folded_into_the_key():
    articles = {"a": "Recep Erdogan sprach. Erdogan reiste ab.", "b": "Recep Erdoğan sprach."}
    assert found(articles, {"min-similarity": 100}) == [("b", "Erdoğan", ["Erdogan"])]


def test_a_family_name_alone_does_not_join_people_with_different_given_names():
    articles = {"a": "Manfred Wolf sprach. Wolf reiste ab.", "b": "Rupert Wolff sprach.",
                "c": "Präsident Wolff eröffnete die Sitzung."}
    assert found(articles) == []
    # with one given name among them, the family name alone joins it
    one = {"a": "Rupert Wolf sprach.", "b": "Rupert Wolff sprach. Wolff reiste ab."}
    assert found(one) == [("a", "Wolf", ["Wolff"])]


def test_each_language_keeps_its_own_transliteration():
    articles = {"de": "Außenminister Sergej Lawrow sprach.",
                "en": "Foreign Minister Sergey Lavrov spoke."}
    assert found(articles, languages={"de": "de", "en": "en"}) == []
    assert found(articles, languages={"de": "de", "en": "de"}) == [
        ("en", "Lavrov", ["Lawrow"]), ("en", "Sergey", ["Sergej"])]


def test_a_spelling_marked_sic_is_the_sources_not_a_variant():
    articles = {"a": "Staatsanwältin Angela Corey erhob Anklage. Corey schwieg danach.",
                "b": "Er schrieb, er wolle Angela Correys [sic] Karriere beenden."}
    assert found(articles) == []
    english = {"a": "Prosecutor Angela Corey brought the charges. Corey declined to comment.",
               "b": "He wrote he would end Angela Correy's (sic) career."}
    assert found(english, languages={"a": "en", "b": "en"}) == []
    # the near miss: the same spelling unmarked is a variant
    unmarked = {"a": articles["a"],
                "b": "Er schrieb, er wolle die Karriere von Angela Correy beenden."}
    assert found(unmarked) == [("b", "Correy", ["Corey"])]


def test_no_person_entities_no_findings():
    empty = frame("entities", [])
    assert isinstance(empty, pd.DataFrame)
    assert list(check_name_variants(empty, frame("articles", []), {})) == []
