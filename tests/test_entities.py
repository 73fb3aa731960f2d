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
    assert [(r["surface"], r["start"], r["key"]) for r in rows] == [
        ("Zelenskyy", 10, "selenski"), ("Zelensky", 37, "selenski"),
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
