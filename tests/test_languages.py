"""Languages come from resources: a folder under audit/resources with a language.toml is a
language, with its letters, case rules and number and date conventions."""

from pathlib import Path

from audit import resources

ROOT = Path(__file__).resolve().parents[1]


def test_the_languages_are_the_resource_folders_with_a_language_table():
    folders = sorted(p.parent.name for p in (ROOT / "audit" / "resources").glob("*/language.toml"))
    assert resources.LANGUAGES == tuple(folders)
    assert {"de", "en"} <= set(resources.LANGUAGES)
    assert resources.resolve("en") == "en" and resources.resolve("und") == "de"
    assert resources.resolve(None) == resources.DEFAULT_LANGUAGE == "de"


def test_a_language_table_holds_letters_case_numbers_and_dates():
    assert resources.letters("de") == ("a-zäöüß", "A-ZÄÖÜ")
    assert resources.letters("en") == ("a-z", "A-Z")
    assert resources.letters("xx") == resources.letters("de")  # unknown: the default's
    for language in resources.LANGUAGES:
        table = resources.load(language, "language")
        assert table["case"]["names"] in ("capitalised", "lower")
        assert table["numbers"]["decimal"] != table["numbers"]["thousands"]
        assert table["dates"]["order"] in ("dmy", "mdy", "ymd")
        assert len(table["stopwords"]) >= 30


def test_word_splits_use_the_article_language_alphabet():
    from checks.check_hyphenation import _splits

    text = "Er kam zu-rück, sagte er. The council re-newed it; a Rhein-Main-Gebiet."
    assert [(left, right) for *_, left, right in _splits(text, "de")] == [("zu", "rück"),
                                                                          ("re", "newed")]
    assert [(left, right) for *_, left, right in _splits(text, "en")] == [("re", "newed")]


# -- a third language from its folder alone: French (audit/resources/fr/) -------------------

FRENCH = """Le port s'agrandit

Le conseil municipal a voté hier l'agrandissement du port. Selon le maire, les travaux
dureront deux ans. Le chantier aurait déjà coûté trois millions d'euros.
"""


def test_french_is_a_language_and_is_told_from_german_and_english():
    from audit.normalise.language import detect_language

    assert "fr" in resources.LANGUAGES and resources.resolve("fr") == "fr"
    assert resources.letters("fr")[0].startswith("a-zà")
    assert detect_language(FRENCH) == "fr"
    assert detect_language("Der Hafen wächst. Die Stadt hat das am Montag beschlossen, "
                           "sagte der Bürgermeister.") == "de"
    assert detect_language("The port grows. The council said it was a chance for the "
                           "city and that it will be built.") == "en"


def test_a_french_article_is_normalised_with_its_own_resources(audit_texts):
    result = audit_texts({"port.md": "---\npublished: 2025-05-20\n---\n" + FRENCH})
    tables = result.tables
    assert tables.articles.language.tolist() == ["fr"]
    [timex] = tables.timexes.itertuples()
    assert (timex.text, timex.value) == ("hier", "2025-05-19")
    rows = tables.assertions
    selon = rows[rows.cue == "selon"].iloc[0]
    assert (selon.speaker, selon.speaker_kind) == ("le maire", "person")
    hedged = rows[rows.text.str.contains("aurait")].iloc[0]
    assert list(hedged.hedges) == ["aurait"] and hedged.speaker_kind == "none"
    assert not rows[rows.text.str.startswith("Le conseil")].iloc[0].hedges


def test_all_language_rule_files_search_a_new_language_too(audit_texts):
    result = audit_texts({
        "bot.md": "Marché\nLes marchés ont reculé mardi. As an AI language model, I cannot "
                  "predict prices. Les investisseurs restent prudents selon les analystes.\n",
        "clean.md": "Marché\nLes marchés ont reculé mardi, selon les analystes, et les "
                    "investisseurs restent prudents dans cette période.\n",
    })
    assert [(f.article_id, f.code) for f in result.findings if f.code == "AIG002"] == [
        ("bot", "AIG002")]


def test_french_word_splits_are_read_with_the_french_alphabet(audit_texts):
    result = audit_texts({
        "fr.md": "Intérêt\nLe public est très inté-ressé par les travaux et la ville "
                 "elle-même, selon les élus qui sont pour le projet dans cette affaire.\n",
    })
    assert [f.excerpt for f in result.findings if f.code == "DQ002"] == ["inté-ressé"]


def test_month_names_follow_the_case_rule_of_their_language():
    from audit.ingest.published import parse_published
    from audit.normalise.timexes import tag_timexes

    published = parse_published("2025-06-20")

    def read(text, language):
        return [(row["text"], row["value"]) for row in tag_timexes(text, language, published)]

    # French writes months and weekdays in lower case ([case] names = "lower")
    assert read("Le sommet a eu lieu le 15 juin 2025 et reprendra lundi.", "fr") == [
        ("15 juin 2025", "2025-06-15"), ("lundi", "2025-06-16")]
    # German and English capitalise them: a lower-case "juni"/"june" is no month name
    assert read("Der Gipfel fand am 15. juni 2025 statt.", "de") == [("2025", "2025")]
    assert read("Der Gipfel fand am 15. Juni 2025 statt.", "de") == [
        ("15. Juni 2025", "2025-06-15")]
    assert read("The summit was on 15 june 2025.", "en") == [("2025", "2025")]
    assert read("The summit was on 15 June 2025.", "en") == [("15 June 2025", "2025-06-15")]
