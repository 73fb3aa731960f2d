"""DQ001 boilerplate, DQ002 hyphenation artefacts, DQ004 mojibake, DQ005 metadata."""

import pytest

from .conftest import ROOT

CHECKS = ROOT / "checks"


def audit_one(audit_texts, body: str, language: str, published: str | None = None,
              name: str = "a.md"):
    meta = f"language: {language}\n" + (f"published: {published}\n" if published else "")
    result = audit_texts({name: f"---\n{meta}---\n{body}\n"}, CHECKS)
    assert result.check_errors == []
    return result


def found(result, code):
    return [(f.excerpt, f.message) for f in result.findings if f.code == code]


# -- DQ002 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "body", "excerpt", "word"), [
    ("de", "Diplomatie\nDas zeugt von der Reichweite ameri-kanischer Diplomatie.",
     "ameri-kanischer", "amerikanischer"),
    ("de", "Gespräche\nDie Verhand-lungen dauern an.", "Verhand-lungen", "Verhandlungen"),
    # a rare joined word whose halves are no words at all
    ("de", "Daten\nDer Fehler fiel auf, als sie die Daten auswe-rtete.", "auswe-rtete",
     "auswertete"),
    ("en", "Budget\nThe govern-ment approved the budget.", "govern-ment", "government"),
])
def test_a_word_split_by_a_hyphen_is_flagged_with_the_joined_word(audit_texts, language, body,
                                                                  excerpt, word):
    [(flagged, message)] = found(audit_one(audit_texts, body, language), "DQ002")
    assert flagged == excerpt
    assert message == f"“{excerpt}” is the word “{word}” split by a hyphen"


@pytest.mark.parametrize(("language", "body"), [
    ("de", "Konflikt\nEin Ende des Streits um die Fischereirechte ist nicht in Sicht."),
    ("de", "Treffen\nDas deutsch-französische Treffen und die rot-grüne Koalition."),
    ("de", "Konflikt\nDer Ukraine-Konflikt und die E-Mail des Ministers."),
    ("en", "Budget\nThe well-known long-term plan was re-elected by the co-operative."),
])
def test_compounds_are_not_split_words(audit_texts, language, body):
    assert found(audit_one(audit_texts, body, language), "DQ002") == []


# -- DQ004 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "body", "excerpt", "repaired"), [
    ("de", "Treffen\nDer AuÃŸenminister sprach Ã¼ber die Lage.", "AuÃŸenminister",
     "Außenminister"),
    ("en", "Talks\nThe minister said: â€œWe will meet.â€\x9d", "â€œWe", "“We"),
])
def test_mojibake_is_flagged_once_per_line_with_the_repair(audit_texts, language, body,
                                                           excerpt, repaired):
    [(flagged, message)] = found(audit_one(audit_texts, body, language), "DQ004")
    assert flagged == excerpt
    assert message.startswith(f"“{excerpt}” is garbled (UTF-8 read as Windows-1252): "
                              f"“{repaired}”; ")


def test_mojibake_counts_the_damaged_characters_of_its_line(audit_texts):
    [(_, message)] = found(audit_one(audit_texts, "Treffen\nDer AuÃŸenminister sprach Ã¼ber "
                                                  "die Lage.", "de"), "DQ004")
    assert message.endswith("2 damaged character(s) on this line")


@pytest.mark.parametrize(("language", "body"), [
    ("de", "Treffen\nDer Außenminister sprach in São Paulo über die Lage."),
    ("en", "Talks\nThe Ångström prize went to Ãlvaro, said “We will meet.”"),
    # Cyrillic, Greek and emoji as they should be, and a word ending in é before a quote
    ("de", "Treffen\nSergej Lawrow (Сергей Лавров) traf Κυριάκος Μητσοτάκης 👍 im „Café“."),
    ("en", "Talks\nSergei Lavrov (Сергей Лавров) met Kyriakos Mitsotakis 😀 at the “Café”."),
])
def test_letters_of_other_languages_are_not_mojibake(audit_texts, language, body):
    assert found(audit_one(audit_texts, body, language), "DQ004") == []


def utf8_read_as_windows_1252(text: str) -> str:
    """``text`` damaged the usual way: its UTF-8 bytes read as Windows-1252 (the five bytes
    Windows-1252 leaves undefined read as Latin-1, as Windows does)."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)

    return text.encode("utf-8").decode("sloppy-windows-1252")


@pytest.mark.parametrize(("language", "words", "count"), [
    ("de", "Сергей Лавров", 12),      # Cyrillic: "Ð¡ÐµÑ€Ð³ÐµÐ¹ Ð›Ð°Ð²Ñ€Ð¾Ð²"
    ("en", "Κυριάκος Μητσοτάκης", 18),  # Greek: "ÎšÏ…ÏÎ¹Î¬ÎºÎ¿Ï‚ …"
    ("de", "👍 und 😀", 2),             # emoji: "ðŸ‘\x8d und ðŸ˜€"
])
def test_cyrillic_greek_and_emoji_mojibake_is_flagged_with_the_repair(audit_texts, language,
                                                                      words, count):
    damaged = utf8_read_as_windows_1252(words)
    first, repaired = damaged.split(" ")[0], words.split(" ")[0]
    [(flagged, message)] = found(audit_one(audit_texts, f"Titel\nEr sagte: {damaged} heute.",
                                           language), "DQ004")
    assert flagged == first
    assert message == (f"“{first}” is garbled (UTF-8 read as Windows-1252): “{repaired}”; "
                       f"{count} damaged character(s) on this line")


def test_the_cyrillic_example_of_the_issue(audit_texts):
    result = audit_one(audit_texts, "Treffen\nAußenminister Ð¡ÐµÑ€Ð³ÐµÐ¹ Lawrow kam.", "de")
    assert found(result, "DQ004") == [(
        "Ð¡ÐµÑ€Ð³ÐµÐ¹", "“Ð¡ÐµÑ€Ð³ÐµÐ¹” is garbled (UTF-8 read as Windows-1252): “Сергей”; "
                           "6 damaged character(s) on this line")]


def test_utf8_read_as_latin_1_is_named_so(audit_texts):
    [(flagged, message)] = found(audit_one(audit_texts, "Talks\nThe prison at GuantÃ¡namo "
                                                        "Bay.", "en"), "DQ004")
    assert (flagged, message) == ("GuantÃ¡namo", "“GuantÃ¡namo” is garbled (UTF-8 read as "
                                                "Latin-1): “Guantánamo”; 1 damaged "
                                                "character(s) on this line")


# -- DQ005 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_publication_date_in_the_future(audit_texts, language):
    result = audit_one(audit_texts, "Titel\nText.", language, "2999-01-05")
    [(_, message)] = found(result, "DQ005")
    assert message.startswith("publication date 2999-01-05 is in the future (audited on ")
    assert found(audit_one(audit_texts, "Titel\nText.", language, "2024-01-05"),
                 "DQ005") == []


def test_an_article_with_nothing_but_its_title_has_no_body(audit_texts):
    result = audit_one(audit_texts, "Nur eine Überschrift", "de")
    assert [m for _, m in found(result, "DQ005")] == ["the article has no body: nothing but "
                                                      "its title"]


def test_a_record_without_a_title(tmp_path):
    from audit.config import load_config
    from audit.pipeline import build_tables, run_audit

    corpus = tmp_path / "wire.jsonl"
    corpus.write_text(
        '{"id": "w1", "title": "", "text": "Der Hafen wächst. Die Stadt plant mehr."}\n'
        '{"id": "w2", "title": "Hafen", "text": "Der Hafen wächst. Die Stadt plant mehr."}\n'
        '{"id": "w3", "text": "The port grows. The city plans more.\\nIt said so."}\n'
        '{"id": "w4", "text": "Port grows\\nThe port grows. The city plans more."}\n',
        encoding="utf-8")
    config = load_config(ROOT)
    result = run_audit(build_tables([corpus], jobs=1), config)
    message = "the article has no title: its first line is a paragraph of text"
    assert [(f.article_id, f.excerpt, f.message) for f in result.findings
            if f.code == "DQ005"] == [
        ("w1", "Der Hafen wächst. Die Stadt plant mehr.", message),
        ("w3", "The port grows. The city plans more.", message)]


# -- DQ001 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "line"), [
    ("de", "Lesen Sie auch"),
    ("de", "Wir verwenden Cookies, um Inhalte zu personalisieren. Mit „Alle akzeptieren“ "
           "stimmen Sie der Verarbeitung zu."),
    ("de", "Dieser Artikel ist nur für Abonnenten verfügbar."),
    ("de", "Facebook | Twitter | WhatsApp | E-Mail"),
    ("en", "Advertisement"),
    ("en", "We use cookies to improve your experience. Accept all or manage your settings."),
    ("en", "Subscribe to continue reading."),
    ("en", "Share on Facebook · Share on X · Copy link"),
])
def test_boilerplate_lines_are_one_finding_each(audit_texts, language, line):
    body = f"Hafen\nDer Hafen wächst.\n{line}\nDie Stadt plant mehr.\n"
    result = audit_one(audit_texts, body, language)
    findings = [f for f in result.findings if f.code == "DQ001"]
    assert [(f.excerpt, f.line) for f in findings] == [(line, 6)]


@pytest.mark.parametrize(("language", "line"), [
    ("de", "Lesen Sie auch den Bericht der Feuerwehr, empfahl der Bürgermeister."),
    ("de", "Wir verwenden Cookies nur sparsam, sagte die Sprecherin der Behörde."),
    ("de", "Der Artikel über Twitter und Facebook erschien am Montag."),
    ("en", "We use cookies sparingly, the spokeswoman said."),
    ("en", "Subscribers to the paper continued reading despite the price rise."),
])
def test_the_same_words_in_article_sentences_are_not_boilerplate(audit_texts, language, line):
    body = f"Hafen\nDer Hafen wächst.\n{line}\n"
    assert found(audit_one(audit_texts, body, language), "DQ001") == []


def test_the_seeds_hygiene_findings(seeds):
    """000 has one hyphenation artefact; 004 three boilerplate lines; no mojibake."""
    from audit.config import load_config
    from audit.pipeline import build_tables, run_audit

    result = run_audit(build_tables([seeds], jobs=1), load_config(ROOT))
    found = [(f.article_id[:3], f.code, f.excerpt) for f in result.findings
             if f.code in ("DQ001", "DQ002", "DQ004", "DQ005", "DQ102")]
    assert found == [("000", "DQ002", "ameri-kanischer"),
                     ("004", "DQ001", "Gerade lesen andere"),
                     ("004", "DQ001", "Lesen Sie auch"),
                     ("004", "DQ001", "Lesen Sie auch")]


def test_split_words_stand_alone_with_letters_of_the_article_language():
    """Two letters or more, a hyphen (and maybe a line break), two lower-case letters or more
    of the language's alphabet; not joined to a letter, digit, _ or hyphen on either side."""
    from checks.check_hyphenation import _splits

    text = ("ameri-kanischer x-ab ab-cd-ef 1ab-cd _ab-cd Verhand-\nlungen ab--cd Ab-cd ab-Cd "
            "ßa-ßb ab-cdE Straßen-bahn")
    assert [text[start:end] for start, end, *_ in _splits(text, "de")] == [
        "ameri-kanischer", "Verhand-\nlungen", "Ab-cd", "ßa-ßb", "Straßen-bahn"]
