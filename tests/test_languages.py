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
