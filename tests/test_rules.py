"""Declarative checks: a rule file of phrases and patterns is a check like any other."""

import json
import textwrap

import pytest

from audit.engine import rules
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
de = ['kein(?:en)? Newsletter']
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


_FORKED = """
import os, sys, threading
from audit.engine.rules import load_rule
rule = load_rule(sys.argv[1])
de, en = rule.by_language["de"], rule.by_language["en"]
programs = (de.patterns, de.exceptions, en.patterns)
assert not any("_program" in patterns.__dict__ for patterns in programs)  # (not at load)
if sys.argv[2] == "thread":  # another thread running: the process forks as before
    threading.Thread(target=threading.Event().wait, daemon=True).start()
child = os.fork()
if child == 0:
    os._exit(0 if all("_program" in patterns.__dict__ for patterns in programs) else 1)
print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]))
"""


def test_the_programs_of_loaded_rules_are_compiled_before_the_process_forks(tmp_path):
    import subprocess
    import sys

    path = rules_folder(tmp_path, {"dq901.toml": RULE}) / "rules" / "dq901.toml"

    def forked(mode: str) -> str:  # (a fresh process: pytest's may run other threads)
        done = subprocess.run([sys.executable, "-c", _FORKED, str(path), mode],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert forked("alone") == "0"  # the worker starts with every program compiled
    assert forked("thread") == "1"  # the near miss: with another thread, nothing is done


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
                         'title = "Newsletter plug"\nfuzzy = 90\nanchors = ["[Nn]ews\\\\w*"]')
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


def test_the_anchors_of_fuzzy_phrases_are_kept_on_disk_and_read_back(tmp_path, monkeypatch):
    from audit import stored

    monkeypatch.setattr(stored, "_folder", lambda: tmp_path / "kept")
    fuzzy = RULE.replace('title = "Newsletter plug"',
                         'title = "Newsletter plug"\nfuzzy = 90\n'
                         'anchors = ["Port", "[Nn]ewsletter", "Abonn\\\\w+"]')
    path = tmp_path / "newsletter.toml"
    path.write_text(fuzzy, encoding="utf-8")
    told = load_rule(path).by_language["de"].fuzzy_anchors
    # "Abonnieren Sie unseren Newsletter" holds the second and third anchor, not "Port"
    assert told == (frozenset({1, 2}),)
    [kept] = (tmp_path / "kept").glob("rule-anchors-*.json")
    assert json.loads(kept.read_text(encoding="utf-8")) == {"anchors": [[1, 2]]}
    kept.write_text(json.dumps({"anchors": [[0]]}), encoding="utf-8")  # read, not told again
    assert load_rule(path).by_language["de"].fuzzy_anchors == (frozenset({0}),)
    # other anchors are another key: told anew
    path.write_text(fuzzy.replace('"Port", ', ""), encoding="utf-8")
    assert load_rule(path).by_language["de"].fuzzy_anchors == (frozenset({0, 1}),)
    assert len(list((tmp_path / "kept").glob("rule-anchors-*.json"))) == 2


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
    ('de = ["Abonnieren Sie unseren Newsletter"]', 'xx = ["Abonnez-vous"]', 16, "phrases.xx",
     "unknown language 'xx'"),
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


def test_sentence_start_keeps_only_matches_that_open_a_sentence(tmp_path, audit_texts):
    opening = RULE.replace('title = "Newsletter plug"',
                           'title = "Newsletter plug"\nsentence-start = true')
    checks = rules_folder(tmp_path, {"newsletter.toml": opening})
    result = audit_texts({
        "de.md": "Hafen wächst\nJetzt testen, rief er. Bitte jetzt testen. Jetzt gratis testen!\n",
    }, checks)
    assert excerpts(result, "DQ901") == ["Jetzt testen, rief er.", "Jetzt gratis testen!"]


def test_a_pattern_with_a_look_around_is_refused_with_its_line(tmp_path):
    path = tmp_path / "lookbehind.toml"
    path.write_text(RULE.replace("'Jetzt (?:gratis )?testen'", "'(?<!\\w)Jetzt testen'"),
                    encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_rule(path)
    assert (error.value.line, error.value.field) == (20, "patterns")
    assert "no look-arounds" in str(error.value)


def test_a_rule_without_anchors_skips_texts_its_screen_finds_nothing_in(tmp_path,
                                                                      audit_texts):
    checks = rules_folder(tmp_path, {"newsletter.toml": RULE})
    texts = {
        # any white space between the words (as the lexicon reads it), any case, "İ" read
        # as "I" (which RE2 ignoring case does not), a pattern
        "spaces.md": "Hafen\nAbonnieren\u00a0Sie\u3000unseren \t Newsletter!\n",
        "upper.md": "Hafen\nABONNIEREN SIE UNSEREN NEWSLETTER!\n",
        "dotted.md": "Hafen\nABONNİEREN SİE UNSEREN NEWSLETTER!\n",
        "pattern.md": "Hafen\nJetzt gratis testen!\n",
        "near.md": "Hafen\nAbonnieren Sie unseren Podcast!\n",
    }
    result = audit_texts(texts, checks)
    assert excerpts(result, "DQ901") == [
        "ABONNİEREN SİE UNSEREN NEWSLETTER!", "Jetzt gratis testen!",
        "Abonnieren Sie unseren Newsletter!", "ABONNIEREN SIE UNSEREN NEWSLETTER!"]
    screen = load_rule(checks / "rules" / "newsletter.toml").by_language["de"].screen
    assert screen.search(texts["near.md"]) is None
    assert screen.search(texts["dotted.md"]) is None  # (so "İ" is never screened)
    assert screen.search(texts["spaces.md"]).entry.startswith("Abonnieren")


def test_a_screen_reads_white_space_as_the_lexicon_does():
    from audit.matching import Patterns

    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    found = {every[match.start:match.end] for match in Patterns([rules.SPACE_RUN.removesuffix("+")],
                                              words=False).finditer(every)}
    assert found == {char for char in every if char.isspace()}


def test_anchors_are_whole_words(tmp_path, audit_texts):
    anchored = RULE.replace('title = "Newsletter plug"',
                            'title = "Newsletter plug"\nanchors = ["Newsletter", "testen"]')
    checks = rules_folder(tmp_path, {"newsletter.toml": anchored})
    result = audit_texts({"de.md": "Hafen\nAbonnieren Sie unseren Newsletter!\n",
                          "near.md": "Hafen\nJetzt testenswert.\n"}, checks)
    assert excerpts(result, "DQ901") == ["Abonnieren Sie unseren Newsletter!"]


def test_folding_keeps_where_each_character_of_the_text_comes_from():
    text = "Abonnieren  Sie unse-\n  ren\tNews\u00adletter. Ende"
    folded = rules._fold(text)
    assert folded.text == "Abonnieren Sie unseren Newsletter. Ende"
    assert [text[folded.original(i)] for i in range(len(folded.text))] == [
        "\t" if i == len("Abonnieren Sie unseren") else char
        for i, char in enumerate(folded.text)]
    assert folded.original(folded.text.rindex("ren ")) == text.index("ren\t")
    # Near miss: a hyphen inside a line ("Nord-Süd") and a single space are kept as written.
    assert rules._fold("Nord-Süd Achse").text == "Nord-Süd Achse"


def test_the_fold_finds_what_its_plain_alternation_finds(seeds):
    """The fold's pattern opens with a class the regex engine skips ahead to: an
    optimisation only. Against the plain alternation of what it folds, on the seeds and on
    every kind of white space, soft hyphens and hyphens at line breaks."""
    import re

    from audit.engine.rules import _FOLD, _fold

    plain = re.compile(r"\u00ad|(?<=\w)-\s*\n\s*(?=\w)|\s\s+|[^\S ]")
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))]
    texts += ["Er-\nstellung  a\tb\u00adc - \n d x-\n y", "\u00ad-\n\n a", "--\n\nb",
              "a- \n \nb\u2028c\u00a0 d", " \n", "  ", "a\u00ad", "\u3000\u3000x", "x -y", ""]
    for text in texts:
        assert [m.span() for m in _FOLD.finditer(text)] == [
            m.span() for m in plain.finditer(text)]
    # a text with nothing to fold is kept as it is; one with something is folded
    assert _fold("Ein ganz normaler Satz.").text == "Ein ganz normaler Satz."
    folded = _fold("Die Er-\nstellung  des\u00adText\tes")
    assert folded.text == "Die Erstellung desText es"
    assert folded.original(folded.text.index("stellung")) == 8



def test_an_unanchored_phrase_is_refused_also_where_the_check_was_kept_on_disk(tmp_path,
                                                                              monkeypatch):
    from audit import stored

    monkeypatch.setattr(stored, "_folder", lambda: tmp_path / "kept")
    anchored = RULE.replace('title = "Newsletter plug"',
                            'title = "Newsletter plug"\nanchors = ["[Nn]ewsletter", "testen"]')
    path = tmp_path / "newsletter.toml"
    path.write_text(anchored, encoding="utf-8")
    load_rule(path)
    load_rule(path)  # read back: nothing to refuse
    [kept] = (tmp_path / "kept").glob("rule-anchored-*.json")
    assert json.loads(kept.read_text(encoding="utf-8")) == {"unanchored": []}
    path.write_text(anchored.replace('"[Nn]ewsletter", ', ""), encoding="utf-8")
    for _ in range(2):  # told, then read back
        with pytest.raises(RuleError, match=r"newsletter.toml:17: field 'phrases.de': "
                                            r"'Abonnieren Sie unseren Newsletter' contains "
                                            r"none of the anchors"):
            load_rule(path)
    assert len(list((tmp_path / "kept").glob("rule-anchored-*.json"))) == 2
