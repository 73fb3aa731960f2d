"""DQ102: articles in a language the checks are not written for, short texts included."""

import subprocess
import sys
import textwrap

import pytest

from checks.check_language import language_by_word_frequency

from .conftest import ROOT

OTHER = "the article is in a language the checks are not written for"


def dq102(audit_texts, text: str) -> list[tuple[str, str]]:
    result = audit_texts({"a.md": text}, ROOT / "checks")
    assert result.check_errors == []
    return [(f.excerpt, f.message) for f in result.findings if f.code == "DQ102"]


@pytest.mark.parametrize(("language", "flagged"), [("it", True), ("es", True), ("de", False),
                                                ("en", False)])
def test_the_language_given_in_the_metadata_is_trusted(audit_texts, language, flagged):
    found = dq102(audit_texts, f"---\nlanguage: {language}\n---\nTitel\nText des Artikels.\n")
    assert found == ([("Titel", f"{OTHER} (language={language!r})")] if flagged else [])


@pytest.mark.parametrize("text", [
    # two function words only: too few for the detector, told German from the words
    "Gespräche in Wien\nDie österreichische Regierung begrüßte die neuen Gespräche.\n",
    "Talks resume\nThe government welcomed the new talks.\n",
])
def test_a_one_sentence_article_in_german_or_english_is_not_flagged(audit_texts, text):
    assert dq102(audit_texts, text) == []


@pytest.mark.parametrize(("text", "excerpt", "language"), [
    ("Negociaciones\nEl gobierno acogió con satisfacción las nuevas negociaciones.\n",
     "Negociaciones", "es"),
    # Dutch shares many words with German and English
    ("Gesprekken\nDe regering verwelkomde de nieuwe gesprekken.\n", "Gesprekken", "nl"),
    ("Переговоры\nПравительство приветствовало новые переговоры.\n", "Переговоры", "ru"),
])
def test_a_one_sentence_article_in_another_language_is_flagged(audit_texts, text, excerpt,
                                                               language):
    assert dq102(audit_texts, text) == [
        (excerpt, f"{OTHER} (language={language!r}, told from its words)")]


def test_an_article_of_words_common_to_many_languages_is_flagged_as_undetermined(
        audit_texts):
    assert dq102(audit_texts, "Taxi\nHotel Radio Video\n") == [
        ("Taxi", "the language of the article could not be told (too few or too mixed "
                 "words); the checks read it as German")]


@pytest.mark.parametrize("text", ["Titel\n", "Nr. 12\n12:30 – 14:45\n"])
def test_an_article_without_words_to_tell_is_left_to_dq005(audit_texts, text):
    assert dq102(audit_texts, text) == []


@pytest.mark.parametrize(("text", "language"), [
    ("Die österreichische Regierung begrüßte die neuen Gespräche.", "de"),
    ("The government welcomed the new talks.", "en"),
    ("Le gouvernement a salué les nouvelles négociations.", "fr"),
    ("Η κυβέρνηση χαιρέτισε τις νέες διαπραγματεύσεις.", "el"),
    ("Hafen", "und"),           # one word is too few
    ("12:30 14:45", "und"),     # no words
])
def test_word_frequencies_tell_the_language_of_a_short_text(text, language):
    assert language_by_word_frequency(text) == language


def test_short_articles_of_one_corpus_are_told_each_by_its_own_words(audit_texts):
    result = audit_texts({
        "de.md": "Gespräche in Wien\nDie österreichische Regierung begrüßte die neuen Gespräche.\n",
        "es.md": "Negociaciones\nEl gobierno acogió con satisfacción las nuevas negociaciones.\n",
        "en.md": "Talks resume\nThe government welcomed the new talks.\n",
        "ru.md": "Переговоры\nПравительство приветствовало новые переговоры.\n",
    }, ROOT / "checks")
    assert sorted((f.article_id, f.message) for f in result.findings
                  if f.code == "DQ102") == [
        ("es", f"{OTHER} (language='es', told from its words)"),
        ("ru", f"{OTHER} (language='ru', told from its words)")]


def test_telling_a_short_text_by_its_words_imports_no_wordfreq():
    # the word lists are read from their index on disk (built here first if need be: that
    # reads wordfreq's lists); wordfreq itself is imported only to build one
    assert language_by_word_frequency("Talks resume in Vienna") == "en"
    code = textwrap.dedent("""
        import sys
        from checks.check_language import language_by_word_frequency
        print(language_by_word_frequency("Talks resume in Vienna"),
              language_by_word_frequency("Gespräche in Wien gehen weiter"),
              "wordfreq" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.split() == ["en", "de", "False"]
