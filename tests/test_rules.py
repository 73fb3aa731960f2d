"""Declarative checks: a rule file of phrases and patterns is a check like any other."""

import dataclasses
import json
import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from audit.engine.discovery import discover
from audit.engine.rules import RuleError, load_rule

pytest_plugins = ["pytester"]

RULE = '''
id = "DQ901"
severity = "info"
title = "Newsletter plug"
message = "newsletter plug: “{match}”"
what = "Finds newsletter plugs."
why = "They are not article text."
flagged = """
Hafen wächst
Abonnieren Sie unseren Newsletter!"""
clean = """
Hafen wächst
Der Hafen wächst."""

[phrases]
de = ["Abonnieren Sie unseren Newsletter"]
en = ["Subscribe to our newsletter"]

[patterns]
de = ['Jetzt (?:gratis )?testen']

[exceptions]
de = ['\\bkein(?:en)? Newsletter']
'''


def rules_folder(tmp_path, files: dict[str, str]):
    folder = tmp_path / "checks" / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / "checks"


def excerpts(result, code):
    return [f.excerpt for f in result.findings if f.code == code]


# -- a rule file is a check ---------------------------------------------------------------------


def test_a_rule_file_is_discovered_as_a_check_with_its_documentation(tmp_path):
    suite = discover(rules_folder(tmp_path, {"newsletter.toml": RULE}))
    assert suite.errors == []
    [spec] = suite.checks
    assert (spec.code, spec.severity, spec.title) == ("DQ901", "info", "Newsletter plug")
    assert spec.name == "newsletter" and spec.path.endswith("rules/newsletter.toml")
    assert spec.what == "Finds newsletter plugs." and spec.flagged.startswith("Hafen wächst")


def test_phrases_match_whole_words_in_their_language_and_mark_the_sentence(tmp_path,
                                                                            audit_texts):
    checks = rules_folder(tmp_path, {"newsletter.toml": RULE})
    result = audit_texts({
        "de.md": "Hafen wächst\nDer Hafen wächst. Abonnieren Sie unseren Newsletter!\n",
        "en.md": "Port grows\nThe port grows. Please subscribe to our newsletter.\n",
        "near.md": "Hafen wächst\nAbonnieren Sie unseren Newsletterdienst nicht.\n",
    }, checks)
    assert excerpts(result, "DQ901") == ["Abonnieren Sie unseren Newsletter!",
                                         "Please subscribe to our newsletter."]
    [german] = [f for f in result.findings if f.article_id == "de"]
    assert german.message == "newsletter plug: “Abonnieren Sie unseren Newsletter”"
    assert (german.start, german.end) == (31, 65)


def test_phrases_match_across_line_breaks_and_patterns_are_regular_expressions(tmp_path,
                                                                               audit_texts):
    checks = rules_folder(tmp_path, {"newsletter.toml": RULE})
    result = audit_texts({
        "broken.md": "Hafen wächst\nAbonnieren Sie\nunseren Newsletter\n",
        "pattern.md": "Hafen wächst\nJetzt gratis testen\n",
        "en_near.md": "Port grows\nThe newsletter has 20,000 subscribers.\n",
    }, checks)
    assert excerpts(result, "DQ901") == ["Abonnieren Sie unseren Newsletter",
                                         "Jetzt gratis testen"]


def test_an_exception_in_the_sentence_drops_the_match(tmp_path, audit_texts):
    checks = rules_folder(tmp_path, {"newsletter.toml": RULE})
    result = audit_texts({
        "de.md": "Hafen wächst\nWir sagen nicht: Abonnieren Sie unseren Newsletter, denn es "
                 "gibt keinen Newsletter.\n",
    }, checks)
    assert excerpts(result, "DQ901") == []


def test_a_rule_without_quotes_skips_direct_quotes(tmp_path, audit_texts):
    no_quotes = RULE.replace('title = "Newsletter plug"',
                             'title = "Newsletter plug"\nin-quotes = false')
    checks = rules_folder(tmp_path, {"newsletter.toml": no_quotes})
    result = audit_texts({
        "quoted.md": "Hafen wächst\nEr rief: „Abonnieren Sie unseren Newsletter!“\n",
        "en.md": "Port grows\n“Subscribe to our newsletter,” the banner read.\n",
        "plain.md": "Port grows\nSubscribe to our newsletter.\n",
    }, checks)
    assert excerpts(result, "DQ901") == ["Subscribe to our newsletter."]


def test_fuzzy_phrases_match_typos_and_hyphenated_line_breaks_near_an_anchor(tmp_path,
                                                                            audit_texts):
    fuzzy = RULE.replace('title = "Newsletter plug"',
                         'title = "Newsletter plug"\nfuzzy = 90\nanchors = ["[Nn]ews"]')
    checks = rules_folder(tmp_path, {"newsletter.toml": fuzzy})
    result = audit_texts({
        "typo.md": "Hafen wächst\nAbonieren Sie unseren Newsleter!\n",
        "hyphen.md": "Hafen wächst\nAbonnieren Sie unse-\nren Newsletter.\n",
        "en.md": "Port grows\nSubscibe to our newsleter today.\n",
        "near.md": "Hafen wächst\nDer Hafen verschickt einen Newsletter an Reedereien.\n",
    }, checks)
    assert excerpts(result, "DQ901") == ["Subscibe to our newsleter today.",
                                         "Abonnieren Sie unse- ren Newsletter.",
                                         "Abonieren Sie unseren Newsleter!"]


def test_a_fuzzy_phrase_is_searched_near_its_own_anchors(tmp_path, audit_texts):
    fuzzy = RULE.replace('title = "Newsletter plug"',
                         'title = "Newsletter plug"\nfuzzy = 90\n'
                         'anchors = ["Newsletter", "Hafen", "Port"]')
    checks = rules_folder(tmp_path, {"newsletter.toml": fuzzy})
    result = audit_texts({
        # the anchor itself broken at a line break: found in the folded text
        "broken.md": "Hafen wächst\nAbonieren Sie unseren Newslet-\nter!\n",
        # near-miss: the phrase's own anchor is damaged ("Nevsletter"); "Port" stands
        # beside it but is not in the phrase, so it does not make the phrase searched for
        "damaged.md": "Port grows\nPort news: Subscibe to our Nevsletter today.\n",
    }, checks)
    assert excerpts(result, "DQ901") == ["Abonieren Sie unseren Newslet- ter!"]


def test_a_rule_for_one_language_skips_articles_in_the_other(tmp_path, audit_texts):
    german_only = RULE.replace('title = "Newsletter plug"',
                               'title = "Newsletter plug"\nlanguages = ["de"]')
    checks = rules_folder(tmp_path, {"newsletter.toml": german_only})
    result = audit_texts({"en.md": "Port grows\nThe port grows. Subscribe to our newsletter.\n"},
                         checks)
    assert excerpts(result, "DQ901") == []


# -- invalid rule files -------------------------------------------------------------------------


@pytest.mark.parametrize(("replace", "by", "line", "field", "why"), [
    ('severity = "info"', 'severity = "high"', 3, "severity", "'high' is not one of"),
    ('id = "DQ901"', 'id = "NEWS1"', 2, "id", "must be TMP, ATR, CON, AIG or DQ"),
    ("'Jetzt (?:gratis )?testen'", "'Jetzt (gratis testen'", 20, "patterns",
     "invalid regular expression"),
    ('message = "newsletter', 'mesage = "newsletter', 5, "mesage", "unknown field"),
    ('en = ["Subscribe to our newsletter"]', 'en = "Subscribe"', 17, "phrases.en",
     "must be a list"),
    ('de = ["Abonnieren Sie unseren Newsletter"]', 'fr = ["Abonnez-vous"]', 16, "phrases.fr",
     "unknown language 'fr'"),
])
def test_invalid_rule_files_name_file_line_and_field(tmp_path, replace, by, line, field, why):
    assert replace in RULE
    path = tmp_path / "broken.toml"
    path.write_text(RULE.replace(replace, by), encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_rule(path)
    assert (error.value.line, error.value.field) == (line, field)
    assert str(error.value).startswith(f"{path}:{line}: field '{field}':")
    assert why in str(error.value)


def test_a_toml_syntax_error_names_its_line_and_a_missing_field_is_required(tmp_path):
    path = tmp_path / "syntax.toml"
    path.write_text('id = "DQ901"\ntitle = "x\nseverity = "info"\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"syntax.toml:2: invalid TOML"):
        load_rule(path)
    path.write_text('id = "DQ901"\n[phrases]\nde = ["x"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"syntax.toml: field 'title': is required"):
        load_rule(path)


def test_an_invalid_rule_file_is_a_load_error_and_the_other_checks_still_load(tmp_path):
    checks = rules_folder(tmp_path, {"good.toml": RULE,
                                     "bad.toml": RULE.replace('"DQ901"', '"DQ902"')
                                                     .replace('"info"', '"fatal"')})
    suite = discover(checks)
    assert [c.code for c in suite.checks] == ["DQ901"]
    [error] = suite.errors
    assert error["path"].endswith("bad.toml")
    assert "bad.toml:3: field 'severity': 'fatal' is not one of info, warning, error" \
        in error["message"]


def test_a_rule_file_reusing_a_code_is_not_run(tmp_path):
    checks = rules_folder(tmp_path, {"a.toml": RULE, "b.toml": RULE})
    suite = discover(checks)
    assert len(suite.checks) == 1
    assert "code DQ901 is already used by" in suite.errors[0]["message"]


# -- the rule file in the command line, the reports and pytest ----------------------------------


def test_audit_checks_and_run_show_a_rule_file_check(tmp_path, monkeypatch, capsys):
    from audit.cli import main

    checks = rules_folder(tmp_path, {"newsletter.toml": RULE})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hafen.md").write_text("Hafen wächst\nAbonnieren Sie unseren Newsletter!\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["checks", "--checks", str(checks)]) == 0
    assert "DQ901  info     Newsletter plug" in capsys.readouterr().out
    assert main(["run", str(corpus), "--checks", str(checks), "-o", "out", "-q"]) == 0
    [finding] = json.loads((tmp_path / "out" / "findings.json").read_text())["findings"]
    assert (finding["code"], finding["excerpt"]) == ("DQ901", "Abonnieren Sie unseren "
                                                               "Newsletter!")
    assert "Newsletter plug" in (tmp_path / "out" / "index.html").read_text()


def test_pytest_collects_a_rule_file_as_an_item(pytester):
    pytester.makefile(".toml", pyproject='[tool.audit]\ncorpus = ["corpus"]\n'
                                         'checks = "checks"\nfail-on = "info"\n')
    corpus = pytester.mkdir("corpus")
    (corpus / "hafen.md").write_text("Hafen wächst\nAbonnieren Sie unseren Newsletter!\n",
                                     encoding="utf-8")
    folder = pytester.mkdir("checks") / "rules"
    folder.mkdir()
    (folder / "newsletter.toml").write_text(RULE, encoding="utf-8")
    (folder / "broken.toml").write_text('id = "DQ903"\nseverity = 3\n', encoding="utf-8")
    result = pytester.runpytest("checks", "-v")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*newsletter.toml::newsletter FAILED*",
        "*broken.toml:2: field 'severity': must be a non-empty string*",
        "*DQ901: 1 finding(s) at or above info:*",
    ])


def test_a_profile_rule_needs_kinds_and_whole_number_thresholds(tmp_path):
    path = tmp_path / "profile.toml"
    path.write_text('id = "AIG901"\ntitle = "Profile"\n[profile]\nmin-matches = 0\n'
                    '[kinds.opener]\nphrases = ["In a surprising turn"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"profile.toml:3: field 'profile': takes min-matches "
                                        r"and min-kinds, whole numbers ≥ 1"):
        load_rule(path)
    path.write_text('id = "AIG901"\ntitle = "Profile"\n[profile]\nmin-matches = 2\n',
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"a profile needs \[kinds.NAME\] tables"):
        load_rule(path)


def test_anchors_screen_articles_and_every_phrase_must_contain_one(tmp_path, audit_texts):
    screened = RULE.replace('title = "Newsletter plug"',
                            'title = "Newsletter plug"\nanchors = ["[Nn]ewsletter", "testen"]')
    checks = rules_folder(tmp_path, {"newsletter.toml": screened})
    result = audit_texts({"de.md": "Hafen\nABONNIEREN SIE UNSEREN NEWSLETTER!\n",
                          "en.md": "Port\nSubscribe to our newsletter.\n"}, checks)
    assert excerpts(result, "DQ901") == ["ABONNIEREN SIE UNSEREN NEWSLETTER!",
                                         "Subscribe to our newsletter."]
    path = tmp_path / "unanchored.toml"
    path.write_text(RULE.replace('title = "Newsletter plug"',
                                 'title = "Newsletter plug"\nanchors = ["testen"]'),
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"unanchored.toml:17: field 'phrases.de': "
                                        r"'Abonnieren Sie unseren Newsletter' contains none "
                                        r"of the anchors"):
        load_rule(path)


# The plain-text look-ups that pass over texts a pattern cannot match.


def needs(alternatives, flags=re.IGNORECASE):
    from audit.engine.rules import _Needs

    return _Needs.of(alternatives, flags)


def possible(need, text):
    return need.possible(text, text.lower())


def test_a_whole_word_anchor_needs_the_word_standing_alone():
    ki = needs([r"\bKI\b"])
    assert ki.runs == (("ki", True, True),)
    assert possible(ki, "Die KI-Modelle wachsen.") and possible(ki, "(ki)")
    assert not possible(ki, "Kinder in Kiew spielen Ski.")


def test_each_alternative_needs_its_longest_plain_run():
    need = needs([r"[Kk]ünstliche[rn]? Intelligenz", r"colou?r", r"\s+a+b"])
    assert need is None  # "\s+a+b" holds no run of two plain characters
    need = needs([r"[Kk]ünstliche[rn]? Intelligenz", r"colou?r"])
    assert need.runs == ((" intelligenz", False, False), ("colo", False, False))
    assert possible(need, "Die KÜNSTLICHE INTELLIGENZ") and possible(need, "Colours")
    assert not possible(need, "Künstlicher Intellekt und Farbe")


def test_a_case_sensitive_pattern_is_looked_up_as_written():
    need = needs(["Hier ist"], 0)
    assert possible(need, "Hier ist der Text") and not possible(need, "hier ist der Text")


def test_a_text_with_characters_that_match_other_letters_is_always_searched():
    need = needs(["sure!"])
    text = "Long s: ſure!"  # "ſ" matches "s" when case is ignored
    assert re.search("sure!", text, re.IGNORECASE)
    assert possible(need, text)


def test_the_look_ups_never_change_what_a_rule_finds(audit_texts):
    """The shipped rules with and without their look-ups, on the sample corpus, the seeds and
    texts written to hit their anchors and phrases."""
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "data" / "corpus").glob("*.md"))]
    texts += [
        "Dieser Beitrag wurde mithilfe von KI erstellt.", "Die KI-Erstellung ist neu.",
        "This story was generated using automation technology.", "Sure! Here is the text.",
        "Natürlich! Hier ist der überarbeitete Artikel, gerne!", "Ki ist kein Wort.",
    ]
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                             "language": ["de" if "ä" in t or " ist " in t else "en"
                                          for t in texts]})
    sentences = pd.DataFrame({"article_id": [], "sent_id": [], "start": [], "end": []})
    found = 0
    for path in sorted((root / "checks" / "rules").glob("*.toml")):
        rule = load_rule(path)
        plain = dataclasses.replace(rule, screen_needs=None, by_language={
            language: dataclasses.replace(spec, needs=None)
            for language, spec in rule.by_language.items()})
        assert rule.findings(articles, sentences) == plain.findings(articles, sentences)
        found += len(rule.findings(articles, sentences))
    assert found >= 5


def test_a_group_of_alternatives_needs_one_run_of_each_branch():
    need = needs([r"(?:\A|(?<=[.!?] ))(?:Insgesamt|Darüber hinaus)\b"])
    assert need.runs == (("insgesamt", False, False), ("darüber hinaus", False, False))
    assert possible(need, "Gut. Insgesamt lief es gut.")
    assert not possible(need, "Gut. Im Ganzen lief es gut, danach nichts.")
    assert needs([r"(?:Insgesamt|\d+)"]) is None  # a branch without a run


def spans(need, pattern, text):
    return need.matches(re.compile(pattern, re.IGNORECASE), text, text.lower())


def test_a_pattern_is_tried_only_where_one_of_its_starts_stands():
    pattern = r"(?:\A|(?<=[.!?] ))(?:Dieser|Dieses|Der vorliegende) Text|(?<!\w)mit KI\b"
    need = needs([pattern])
    # the engine's parser moves the shared "D" out of the group; it is put back in front
    assert need.starts == (("der vorliegende", ()), ("dieser", ()), ("dieses", ()),
                           ("mit ki", ()))
    text = "Gut. DIESER Text ist mit KI-Hilfe, dieser Text mit Kiwis. Der vorliegende Text."
    assert spans(need, pattern, text) == [m.span() for m in re.finditer(pattern, text, re.I)]
    assert spans(need, pattern, text) == [(5, 16), (21, 27), (58, 78)]


def test_a_phrase_is_placed_by_its_longest_word():
    from audit.engine.rules import _phrase_pattern

    phrases = ["In der heutigen schnelllebigen Welt", "I hope this helps"]
    pattern = "|".join(map(_phrase_pattern, phrases))
    need = needs([_phrase_pattern(p) for p in phrases])
    # back over white space and the words before it, the nearest first
    assert need.starts == (("helps", (4, 4, 1)), ("schnelllebigen", (8, 3, 2)))
    text = ("In der heutigen  schnelllebigen Welt; in\nder heutigen\tSchnelllebigen Welt. "
            "Inder heutigen schnelllebigen Welt. I hope this helps. Hi hope this helps.")
    assert spans(need, pattern, text) == [m.span() for m in re.finditer(pattern, text, re.I)]
    assert [text[a:b] for a, b in spans(need, pattern, text)] == [
        "In der heutigen  schnelllebigen Welt", "in\nder heutigen\tSchnelllebigen Welt",
        "I hope this helps"]


def test_a_start_of_one_letter_leaves_the_pattern_to_scan_the_text():
    need = needs([r"I\s+(?:can|will)\b", "Sure! Here is"])
    assert need.starts is None  # "i" would stand almost everywhere
    assert spans(need, r"I\s+(?:can|will)\b|Sure! Here is", "I\ncan do") == [(0, 5)]
    assert spans(need, r"I\s+(?:can|will)\b|Sure! Here is", "I cannot") == []


def test_the_starts_of_an_exotic_text_are_not_trusted():
    need = needs(["sure!"])
    assert spans(need, "sure!", "Long s: ſure!") == [(8, 13)]
