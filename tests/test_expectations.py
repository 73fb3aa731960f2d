"""Great Expectations suites in checks/expectations/: failed expectations become findings."""

import json
import subprocess
import sys
import textwrap

import pytest

from audit.engine.discovery import discover
from audit.engine.expectations import load_suite
from audit.engine.rules import RuleError

from .conftest import ROOT

pytest_plugins = ["pytester"]

DATED = '''
id = "TMP901"
severity = "warning"
title = "Explicit date after publication"
table = "timexes"
articles = ["published"]

[[expectations]]
type = "expect_column_pair_values_a_to_be_greater_than_b"
column_A = "published_latest"
column_B = "earliest"
or_equal = true
ignore_row_if = "either_value_is_missing"
row_condition = {column = "anchor", operator = "==", parameter = "explicit"}
message = "explicit date after the publication date"
'''

PUBLISHED = '''
id = "DQ901"
severity = "info"
title = "Publication date present"
table = "articles"

[[expectations]]
type = "expect_column_values_to_not_be_null"
column = "published"
message = "no publication date"

[[expectations]]
type = "expect_column_values_to_be_in_set"
column = "language"
value_set = ["de", "en"]
message = "unsupported language"
'''

SHARE = '''
id = "ATR901"
title = "Mostly anonymous"
table = "assertions"

[per-article.claims]
count = true

[per-article.anonymous_share]
column = "speaker_kind"
share-of = "anonymous"

[[expectations]]
type = "expect_column_values_to_be_between"
column = "anonymous_share"
max_value = 0.5
row_condition = {column = "claims", operator = ">=", parameter = 2}
message = "mostly anonymous sources"
'''


def suites(tmp_path, files: dict[str, str]):
    folder = tmp_path / "checks" / "expectations"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / "checks"


def test_a_failed_expectation_on_articles_is_a_finding_at_the_article(tmp_path, audit_texts):
    checks = suites(tmp_path, {"published.toml": PUBLISHED})
    result = audit_texts({
        "dated.md": "---\npublished: 2025-03-01\nlanguage: de\n---\nHafen wächst\n"
                    "Der Hafen wächst.\n",
        "undated.md": "---\nlanguage: en\n---\nPort grows\nThe port grows.\n",
    }, checks)
    assert result.check_errors == []
    [finding] = result.findings
    assert (finding.code, finding.article_id, finding.line) == ("DQ901", "undated", 4)
    assert (finding.excerpt, finding.message) == ("Port grows", "no publication date")
    [nulls, languages] = result.expectations
    assert (nulls["expectation"], nulls["success"]) == (
        "expect_column_values_to_not_be_null(column='published')", False)
    assert (nulls["element_count"], nulls["unexpected_count"], nulls["articles"]) == (
        2, 1, ["undated"])
    assert (languages["success"], languages["unexpected_count"]) == (True, 0)


@pytest.mark.parametrize(("text", "excerpt"), [
    ("---\npublished: 2025-03-01\n---\nAbkommen\nAm 3. März 2025 unterzeichneten beide "
     "Seiten. Am 1. März 2025 trafen sie sich.\n", "3. März 2025"),
    ("---\npublished: 2025-03-01\n---\nDeal\nBoth sides signed on 3 March 2025. They met on "
     "1 March 2025.\n", "3 March 2025"),
])
def test_rows_of_a_joined_table_are_findings_at_their_span(tmp_path, audit_texts, text,
                                                           excerpt):
    checks = suites(tmp_path, {"dated.toml": DATED})
    result = audit_texts({"a.md": text}, checks)
    assert result.check_errors == []
    assert [f.excerpt for f in result.findings] == [excerpt]
    assert result.findings[0].message.startswith("explicit date after the publication date (")


@pytest.mark.parametrize(("anonymous", "named"), [
    ("Der Termin sei offen, sagten Insider. Die Lage sei ernst, hieß es aus Regierungskreisen.",
     "Der Termin sei offen, sagte Ministerin Eva Berger. Die Lage sei ernst, sagte "
     "Staatssekretär Paul Wagner."),
    ("The date is open, officials said. The situation is serious, people familiar with the "
     "matter said.",
     "The date is open, minister Eva Berger said. The situation is serious, mayor Paul "
     "Wagner said."),
])
def test_a_per_article_table_flags_the_article(tmp_path, audit_texts, anonymous, named):
    checks = suites(tmp_path, {"share.toml": SHARE})
    result = audit_texts({"anonymous.md": f"Titel\n{anonymous}\n", "named.md": f"Titel\n{named}\n"},
                         checks)
    assert result.check_errors == []
    assert [(f.article_id, f.excerpt) for f in result.findings] == [("anonymous", "Titel")]
    assert result.findings[0].message.startswith("mostly anonymous sources (")


def test_reports_show_the_expectation_results(tmp_path, monkeypatch):
    from audit.cli import main

    checks = suites(tmp_path, {"published.toml": PUBLISHED})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\nlanguage: de\n---\nHafen\nDer Hafen wächst.\n",
                                 encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(corpus), "--checks", str(checks), "-o", "out", "-q"]) == 0
    doc = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert [(e["code"], e["success"]) for e in doc["expectations"]] == [("DQ901", False),
                                                                         ("DQ901", True)]
    page = (tmp_path / "out" / "index.html").read_text()
    assert '<section id="expectations">' in page and 'href="#expectations"' in page
    assert "expect_column_values_to_not_be_null(column=&#x27;published&#x27;)" in page
    assert 'status-failed">failed' in page and 'status-passed">passed' in page


# -- invalid suites ------------------------------------------------------------------------------


@pytest.mark.parametrize(("replace", "by", "line", "field", "why"), [
    ('table = "articles"', 'table = "pages"', 5, "table", "'pages' is not one of articles"),
    ('type = "expect_column_values_to_not_be_null"', 'type = "not_null"', 7, "type",
     "'not_null' is not an expectation type"),
    ('severity = "info"', 'serverity = "info"', 3, "serverity", "unknown field"),
])
def test_invalid_suite_files_name_file_line_and_field(tmp_path, replace, by, line, field,
                                                      why):
    path = tmp_path / "broken.toml"
    path.write_text(PUBLISHED.replace(replace, by), encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_suite(path)
    assert (error.value.line, error.value.field) == (line, field)
    assert why in str(error.value)


def test_an_unknown_expectation_is_an_error_of_its_check_naming_the_line(tmp_path,
                                                                         audit_texts):
    checks = suites(tmp_path, {"odd.toml": PUBLISHED.replace(
        "expect_column_values_to_be_in_set", "expect_column_values_to_be_pretty")})
    result = audit_texts({"a.md": "Hafen\nDer Hafen wächst.\n"}, checks)
    [error] = result.check_errors
    assert error["check"] == "DQ901"
    assert "odd.toml:12: field 'type': Great Expectations has no expectation " \
           "'expect_column_values_to_be_pretty'" in error["message"]


# -- Great Expectations is imported only where a suite exists ------------------------------------


def _imports_gx(checks, corpus) -> bool:
    code = textwrap.dedent(f"""
        import sys
        from audit.config import load_config
        from audit.pipeline import build_tables, run_audit
        config = load_config()
        config.checks = __import__("pathlib").Path({str(checks)!r})
        config.shipped_checks = False
        run_audit(build_tables([{str(corpus)!r}], jobs=1), config)
        print("great_expectations" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    return done.stdout.strip() == "True"


def test_great_expectations_is_imported_only_when_a_suite_exists(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("Hafen\nDer Hafen wächst.\n", encoding="utf-8")
    without = tmp_path / "without"
    (without / "rules").mkdir(parents=True)
    (without / "check_ok.py").write_text("def check_ok(articles):\n    return []\n")
    assert not _imports_gx(without, corpus)
    assert discover(suites(tmp_path, {"published.toml": PUBLISHED})).errors == []
    assert _imports_gx(tmp_path / "checks", corpus)


def test_the_default_audit_of_the_sample_corpus_never_imports_great_expectations():
    assert not any(path.parent.name == "expectations" for path in (ROOT / "checks").rglob("*"))
    assert not _imports_gx(ROOT / "checks", ROOT / "data" / "corpus")


def test_a_table_wide_expectation_fails_as_a_corpus_finding_and_duplicates_as_rows(
        tmp_path, audit_texts):
    checks = suites(tmp_path, {"shape.toml": '''
        id = "DQ903"
        title = "Corpus shape"
        table = "articles"

        [[expectations]]
        type = "expect_column_values_to_be_unique"
        column = "content_hash"
        message = "the same text is in the corpus twice"

        [[expectations]]
        type = "expect_table_row_count_to_be_between"
        min_value = 5
        message = "fewer than five articles"
    '''})
    text = "---\nlanguage: de\n---\nHafen\nDer Hafen wächst.\n"
    result = audit_texts({"a.md": text, "b.md": text}, checks)
    assert result.check_errors == []
    assert [(f.article_id, f.excerpt, f.message.split(" (")[0]) for f in result.findings] == [
        ("a", "Hafen", "the same text is in the corpus twice"),
        ("b", "Hafen", "the same text is in the corpus twice"),
        (None, "", "fewer than five articles")]
    assert [r["observed_value"] for r in result.expectations] == [None, 2]


def test_pytest_collects_a_suite_as_an_item(pytester):
    pytester.makefile(".toml", pyproject='[tool.audit]\ncorpus = ["corpus"]\n'
                                         'checks = "checks"\nfail-on = "info"\n')
    corpus = pytester.mkdir("corpus")
    (corpus / "a.md").write_text("---\nlanguage: de\n---\nHafen\nDer Hafen wächst.\n",
                                 encoding="utf-8")
    folder = pytester.mkdir("checks") / "expectations"
    folder.mkdir()
    (folder / "published.toml").write_text(PUBLISHED, encoding="utf-8")
    result = pytester.runpytest("checks", "-v", "-p", "no:warnings")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*published.toml::published FAILED*",
                                 "*DQ901: 1 finding(s) at or above info:*"])


def test_the_text_column_is_there_for_an_expectation_that_names_it(tmp_path, audit_texts):
    # the free text is left out of the table Great Expectations fingerprints only where no
    # expectation reads it: here one reads it, and one checks the table's columns
    checks = suites(tmp_path, {"text.toml": '''
        id = "DQ904"
        title = "Short sentences"
        table = "sentences"

        [[expectations]]
        type = "expect_column_value_lengths_to_be_between"
        column = "text"
        max_value = 30
        message = "a long sentence"

    ''', "count.toml": '''
        id = "DQ905"
        title = "Sentence columns"
        table = "sentences"

        [[expectations]]
        type = "expect_table_column_count_to_equal"
        value = 8
        message = "the sentences table has other columns"
    '''})
    result = audit_texts({"a.md": "---\nlanguage: de\n---\nHafen\nDer Hafen wächst. Der Hafen "
                                  "wächst in diesem Jahr schneller als je zuvor.\n"}, checks)
    assert result.check_errors == []
    assert [f.excerpt for f in result.findings] == [
        "Der Hafen wächst in diesem Jahr schneller als je zuvor."]
    assert [r["success"] for r in result.expectations] == [False, True]


# -- row conditions are Great Expectations Condition objects, never strings ----------------------


def test_a_row_condition_raises_no_deprecation_warning(tmp_path, audit_texts, recwarn):
    checks = suites(tmp_path, {"share.toml": SHARE})
    audit_texts({"a.md": "Titel\nDer Termin sei offen, sagten Insider.\n"}, checks)
    deprecated = [str(w.message) for w in recwarn.list
                  if "row_condition" in str(w.message) or "condition_parser" in str(w.message)]
    assert deprecated == []


@pytest.mark.parametrize(("condition", "shown"), [
    ('{column = "anchor", operator = "==", parameter = "explicit"}', "anchor == 'explicit'"),
    ('{column = "claims", operator = ">=", parameter = 2}', "claims >= 2"),
    ('{column = "published", is_null = false}', "published IS NOT NULL"),
    ('{and = [{column = "claims", operator = ">", parameter = 1}, '
     '{column = "kind", operator = "IN", parameter = ["a", "b"]}]}',
     "(claims > 1 AND kind IN ['a', 'b'])"),
    # Great Expectations' own serialised form
    ('{type = "comparison", column = {name = "claims"}, operator = "<", parameter = 3}',
     "claims < 3"),
])
def test_row_conditions_are_read_as_condition_data(tmp_path, condition, shown):
    path = tmp_path / "share.toml"
    path.write_text(SHARE.replace('{column = "claims", operator = ">=", parameter = 2}',
                                  condition), encoding="utf-8")
    [expectation] = load_suite(path).expectations
    assert expectation.describe() == ("expect_column_values_to_be_between(column="
                                      f"'anonymous_share', max_value=0.5, row_condition={shown})")


@pytest.mark.parametrize(("replace", "by", "field", "why"), [
    ('row_condition = {column = "claims", operator = ">=", parameter = 2}',
     'row_condition = "claims >= 2"', "row_condition",
     "string row conditions (condition_parser) are deprecated since Great Expectations 1.9"),
    ('row_condition = {column = "claims", operator = ">=", parameter = 2}',
     'row_condition = {column = "claims", operator = ">=", parameter = 2}\n'
     'condition_parser = "pandas"', "condition_parser", "are deprecated"),
    ('operator = ">="', 'operator = "=>"', "row_condition",
     "operator '=>' is not one of == != < <= > >= IN NOT_IN"),
    (', parameter = 2', '', "row_condition", "claims >= what? (parameter is missing)"),
])
def test_string_and_broken_row_conditions_are_errors_naming_the_line(tmp_path, replace, by,
                                                                     field, why):
    path = tmp_path / "share.toml"
    path.write_text(SHARE.replace(replace, by), encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_suite(path)
    assert (error.value.line, error.value.field) == (13, field)
    assert why in str(error.value)


# -- native Great Expectations suites (JSON) ------------------------------------------------------


def native_suite(**audit) -> dict:
    """A suite built with Great Expectations' own API and serialised as GX stores it."""
    from great_expectations import ExpectationSuite, expectations
    from great_expectations.expectations.row_conditions import Column

    suite = ExpectationSuite(name="publication dates", meta={"audit": {
        "id": "DQ911", "table": "articles", "title": "Publication dates", **audit}},
        expectations=[
            expectations.ExpectColumnValuesToNotBeNull(
                column="published", severity="warning",
                description="the English article has no publication date",
                row_condition=Column("language") == "en"),
            expectations.ExpectColumnValuesToBeInSet(
                column="language", value_set=["de", "en"], severity="info",
                description="a language the checks are not written for"),
        ])
    return suite.to_json_dict()


def run_native(tmp_path, document: dict, files: dict[str, str]):
    from audit.config import load_config
    from audit.engine.expectations import load_suite
    from audit.pipeline import build_tables, run_audit

    path = tmp_path / "checks" / "expectations" / "dates.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    config = load_config(ROOT)
    config.checks = tmp_path / "checks"
    config.shipped_checks = False
    spec = load_suite(path).spec()
    return spec, run_audit(build_tables([corpus], jobs=1), config, checks=[spec])


NATIVE_CORPUS = {
    "de.md": "---\nlanguage: de\n---\nHafen\nDer Hafen wächst.\n",
    "en.md": "---\nlanguage: en\n---\nPort\nThe port grows.\n",
    "fr.md": "---\nlanguage: fr\npublished: 2025-03-01\n---\nPort\nLe port grandit.\n",
}


def test_a_native_suite_runs_with_its_descriptions_and_severities(tmp_path):
    spec, result = run_native(tmp_path, native_suite(), NATIVE_CORPUS)
    assert result.check_errors == []
    assert (spec.code, spec.severity, spec.title) == ("DQ911", "warning", "Publication dates")
    # the German article has no date either, but the condition keeps to English ones
    assert [(f.article_id, f.severity, f.excerpt, f.message) for f in result.findings] == [
        ("en", "warning", "Port", "the English article has no publication date"),
        ("fr", "info", "Port", "a language the checks are not written for (language='fr')")]
    assert [r["expectation"] for r in result.expectations] == [
        "expect_column_values_to_not_be_null(column='published', "
        "row_condition=language == 'en')",
        "expect_column_values_to_be_in_set(column='language', value_set=['de', 'en'])"]


def test_a_native_suite_without_a_title_is_titled_by_its_name(tmp_path):
    document = native_suite()
    del document["meta"]["audit"]["title"]
    path = tmp_path / "dates.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_suite(path).title == "publication dates"
    del document["name"]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(RuleError, match="field 'title': is required"):
        load_suite(path)


def test_a_native_suite_severity_in_its_meta_is_the_checks(tmp_path):
    spec, _ = run_native(tmp_path, native_suite(severity="error"), {"de.md": "Hafen\nText.\n"})
    assert spec.severity == "error"


def test_data_docs_of_the_suites_that_ran(tmp_path):
    from audit.engine.expectations import write_data_docs

    hostile = {"x.md": "---\nlanguage: <script>alert(1)</script>\n---\nPort\nThe port.\n"}
    spec, result = run_native(tmp_path, native_suite(), hostile)
    index = write_data_docs([spec], tmp_path / "out" / "gx")
    assert index == tmp_path / "out" / "gx" / "index.html"
    [page] = (tmp_path / "out" / "gx" / "validations").rglob("*.html")
    shown = page.read_text(encoding="utf-8")
    assert "the English article has no publication date" in shown
    # Data Docs show unexpected values unescaped: they get them escaped
    assert "<script>alert(1)</script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "publication dates" in index.read_text(encoding="utf-8")


def test_the_default_audit_writes_no_data_docs(tmp_path, monkeypatch):
    from audit.cli import main

    monkeypatch.chdir(ROOT)
    main(["run", "data/corpus", "-o", str(tmp_path / "out"), "-q"])
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "out" / "gx").exists()


def test_no_data_docs_where_no_suite_ran(tmp_path):
    from audit.engine.discovery import discover
    from audit.engine.expectations import write_data_docs

    assert write_data_docs(discover(ROOT / "checks").checks, tmp_path / "gx") is None
    assert not (tmp_path / "gx").exists()


@pytest.mark.parametrize(("edit", "line", "field", "why"), [
    (lambda d: d["meta"].pop("audit"), 3, "meta.audit",
     "a suite run by audit says which check it is and which table it validates"),
    (lambda d: d["meta"]["audit"].update(table="pages"), 7, "table",
     "'pages' is not one of articles"),
    (lambda d: d["expectations"][1].update(type="not_null"), 19, "type",
     "'not_null' is not an expectation type"),
    (lambda d: d["expectations"][0].update(severity="high"), 12, "severity",
     "'high' is not one of critical, warning, info"),
    (lambda d: d["expectations"][0]["kwargs"].update(row_condition='language == "en"'), 12,
     "row_condition", "string row conditions (condition_parser) are deprecated"),
])
def test_invalid_native_suites_name_file_line_and_field(tmp_path, edit, line, field, why):
    document = {"name": "dates", "meta": {
        "audit": {"id": "DQ911", "title": "Dates", "table": "articles"}},
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "published"},
             "severity": "warning"},
            {"type": "expect_column_values_to_be_in_set",
             "kwargs": {"column": "language", "value_set": ["de", "en"]}}]}
    edit(document)
    path = tmp_path / "dates.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_suite(path)
    assert (error.value.line, error.value.field) == (line, field)
    assert why in str(error.value)


def test_a_native_suite_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "dates.json"
    path.write_text('{"name": "dates",\n "meta": {,}}\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"dates.json:2: invalid JSON: Expecting property name"):
        load_suite(path)


def test_a_native_suite_in_the_checks_folder_reaches_every_report(tmp_path, monkeypatch):
    from audit.cli import main

    folder = tmp_path / "checks" / "expectations"
    folder.mkdir(parents=True)
    (folder / "dates.json").write_text(json.dumps(native_suite(), indent=2), encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in NATIVE_CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "corpus", "--checks", "checks", "-o", "out", "-q",
                 "--select", "DQ911"]) == 0
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["severity"], f["path"]) for f in doc["findings"]] == [
        ("DQ911", "warning", "corpus/en.md"), ("DQ911", "info", "corpus/fr.md")]
    sarif = json.loads((tmp_path / "out" / "findings.sarif").read_text(encoding="utf-8"))
    assert [(r["ruleId"], r["level"]) for r in sarif["runs"][0]["results"]] == [
        ("DQ911", "warning"), ("DQ911", "note")]
    junit = (tmp_path / "out" / "junit.xml").read_text(encoding="utf-8")
    assert 'name="DQ911 Publication dates" file="checks/expectations/dates.json"' in junit
    assert "publication dates" in (tmp_path / "out" / "gx" / "index.html").read_text(
        encoding="utf-8")
