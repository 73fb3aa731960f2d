"""`pytest checks/`: each check is a pytest item, run by the same engine on the same tables."""

import textwrap

import pytest

# imported before pytester's in-process runs, which forget modules imported during a run:
# numpy cannot be imported a second time in one process
import audit.pipeline  # noqa: F401

pytest_plugins = ["pytester"]

PYPROJECT = """
[tool.audit]
corpus = ["corpus"]
checks = "checks"
fail-on = "warning"
"""


def project(pytester, checks, settings=""):
    pytester.makefile(".toml", pyproject=PYPROJECT + settings)
    corpus = pytester.path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "hafen.md").write_text("Hafen\nDer Hafen wird ausgebaut.\nLesen Sie auch\n",
                                     encoding="utf-8")
    folder = pytester.path / "checks"
    folder.mkdir(exist_ok=True)
    for name, source in checks.items():
        (folder / name).write_text(textwrap.dedent(source), encoding="utf-8")


def test_each_check_is_an_item_failing_at_fail_on_and_passing_below(pytester):
    project(pytester, {"check_rules.py": '''
        from audit import Finding, check

        @check("DQ950", severity="warning", title="Furniture")
        def check_furniture(sentences):
            for row in sentences[sentences.is_boilerplate].itertuples():
                yield Finding.at(row, "page furniture")

        @check("DQ951", severity="info", title="Harbour")
        def check_harbour(sentences):
            for row in sentences[sentences.text.str.contains("Hafen ")].itertuples():
                yield Finding.at(row, "mentions the harbour")

        def check_clean(articles):
            assert len(articles) == 1, "one article expected"
    '''})
    result = pytester.runpytest("checks", "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*check_rules.py::check_furniture FAILED*",
        "*DQ950: 1 finding(s) at or above warning:*",
        "*hafen.md:3: DQ950 ?warning? page furniture «Lesen Sie auch»*",
    ])
    assert pytester.runpytest("checks", "--audit-fail-on", "error").ret == 0


def test_a_raising_check_and_a_broken_file_fail_as_items(pytester):
    project(pytester, {
        "check_raises.py": "def check_raises(articles):\n    raise ValueError('bad')\n",
        "check_broken.py": "def check_broken(:\n",
    })
    result = pytester.runpytest("checks")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*cannot load checks file: SyntaxError: invalid syntax "
                                 "(*/checks/check_broken.py:1)",
                                 ">*raise ValueError('bad')",
                                 "E*ValueError: bad"])


def test_files_outside_the_checks_folder_are_not_collected(pytester):
    project(pytester, {"check_ok.py": "def check_ok(articles):\n    return []\n"})
    pytester.makepyfile(check_elsewhere="def check_elsewhere(articles):\n    raise "
                                        "RuntimeError\n")
    result = pytester.runpytest("check_elsewhere.py", "checks")
    result.assert_outcomes(passed=1)


RULES = {"check_rules.py": '''
    import pytest

    from audit import Finding, check

    @check("DQ950", severity="warning", title="Furniture")
    def check_furniture(sentences):
        """Page furniture.

        Flagged:
            Hafen
            Der Hafen wird ausgebaut.
            Lesen Sie auch

        Clean:
            Hafen
            Der Hafen wird ausgebaut.
        """
        for row in sentences[sentences.is_boilerplate].itertuples():
            yield Finding.at(row, "page furniture")

    @check("TMP950", severity="warning", title="Harbour")
    def check_harbour(sentences):
        for row in sentences[sentences.text.str.contains("Hafen ")].itertuples():
            yield Finding.at(row, "mentions the harbour")

    @pytest.mark.xfail(reason="known to fail", strict=True)
    @check("DQ952", severity="error", title="Always")
    def check_always(articles):
        for row in articles.itertuples():
            yield Finding(row.article_id, 0, 5, "always")
'''}


def test_k_selects_by_code_or_family_and_marks_apply(pytester):
    project(pytester, RULES)
    result = pytester.runpytest("checks", "-v", "-k", "TMP950")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*check_rules.py::check_harbour FAILED*"])
    result = pytester.runpytest("checks", "-v", "-k", "DQ", "--audit-examples")
    result.assert_outcomes(failed=1, passed=2, xfailed=1)  # furniture, its two examples
    result.stdout.fnmatch_lines(["*check_rules.py::check_always XFAIL*"])


def test_docstring_examples_are_items(pytester):
    project(pytester, RULES)
    assert pytester.runpytest("checks", "-k", "example").ret == 5  # not asked for: no items
    result = pytester.runpytest("checks", "-v", "-k", "example", "--audit-examples")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*check_furniture?flagged? PASSED*",
                                 "*check_furniture?clean? PASSED*"])
    broken = {"check_rules.py": RULES["check_rules.py"].replace(
        "            Lesen Sie auch\n\n        Clean", "\n        Clean")}
    project(pytester, broken)
    result = pytester.runpytest("checks", "-k", "flagged", "--audit-examples")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*DQ950: the Flagged example of the docstring gives no "
                                 "finding*"])


def test_disabled_checks_are_skipped_and_waived_findings_do_not_fail(pytester):
    project(pytester, RULES, 'disable = ["TMP950"]\n'
                             'waivers = [{code = "DQ950", reason = "furniture expected"}]\n')
    result = pytester.runpytest("checks", "-v", "-rs")
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["*TMP950 is disabled in ?tool.audit?*"])
    project(pytester, RULES, 'disable = ["TMP950"]\n')  # the near miss: no waiver
    result = pytester.runpytest("checks")
    result.assert_outcomes(failed=1, skipped=1, xfailed=1)


def test_a_misspelt_code_in_the_configuration_is_a_usage_error(pytester):
    project(pytester, RULES, 'disable = ["TMP95"]\n')
    result = pytester.runpytest("checks")
    assert result.ret == pytest.ExitCode.INTERRUPTED  # a collection error: nothing runs
    result.stdout.fnmatch_lines(["*[[]tool.audit[]] disable: unknown check code 'TMP95' "
                                 "(did you mean TMP950?)*"])


def test_an_input_that_cannot_be_read_fails_the_session(pytester):
    project(pytester, {"check_ok.py": "def check_ok(articles):\n    return []\n"})
    assert pytester.runpytest("checks").ret == pytest.ExitCode.OK
    (pytester.path / "corpus" / "kaputt.txt").write_bytes(b"Titel\n\xff\xfe kaputt\n")
    result = pytester.runpytest("checks")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*audit: inputs that could not be audited*",
                                 "*kaputt.txt: *"])


def test_a_raising_check_shows_its_traceback_in_the_check(pytester):
    project(pytester, {"check_deep.py": """
        def helper(articles):
            return articles.loc[0, "no_such_column"]


        def check_deep(articles):
            for row in articles.itertuples():
                yield helper(articles)
    """})
    result = pytester.runpytest("checks")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*yield helper(articles)*",
        "*return articles.loc?0, \"no_such_column\"?*",
        "*KeyError*",
        "*check_deep.py:3: KeyError",
    ])
    assert "audit/engine/runner.py" not in result.stdout.str()


def test_an_example_across_articles_is_json_lines(pytester):
    project(pytester, {"check_pair.py": '''
        from audit import Finding, check

        @check("CON950", severity="info", title="Two articles")
        def check_pair(articles):
            """Two articles at once.

            Flagged:
                {"id": "a", "title": "A", "text": "Erster Text."}
                {"id": "b", "title": "B", "text": "Zweiter Text."}

            Clean:
                {"id": "a", "title": "A", "text": "Nur ein Text."}
            """
            if len(articles) > 1:
                for row in articles.itertuples():
                    yield Finding(row.article_id, 0, 1, "one of two")
    '''})
    result = pytester.runpytest("checks", "-v", "-k", "example", "--audit-examples")
    result.assert_outcomes(passed=2)


def test_an_articles_own_waiver_is_honoured_and_an_unusable_one_fails_the_session(pytester):
    project(pytester, RULES, 'disable = ["TMP950"]\n')
    hafen = pytester.path / "corpus" / "hafen.md"
    hafen.write_text("---\ntitle: Hafen\naudit-ignore: [DQ950]\naudit-ignore-reason: "
                     "Seitenreste erwartet\n---\nHafen\nDer Hafen wird ausgebaut.\n"
                     "Lesen Sie auch\n", encoding="utf-8")
    result = pytester.runpytest("checks", "-rP")
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["*page furniture*(waived in the article: Seitenreste "
                                 "erwartet)*"])
    hafen.write_text(hafen.read_text(encoding="utf-8").replace("[DQ950]", "[dq950]"),
                     encoding="utf-8")
    result = pytester.runpytest("checks")
    result.assert_outcomes(failed=1, skipped=1, xfailed=1)  # the waiver waives nothing
    result.stdout.fnmatch_lines([
        "*audit: inputs that could not be audited*",
        "*hafen.md: front matter audit-ignore: unknown check code 'dq950' (did you mean "
        "DQ950?)*"])


def test_a_check_that_skips_itself_or_is_off_by_default_is_a_skipped_item(pytester):
    project(pytester, {"check_own.py": '''
        import pytest

        from audit import Finding, check

        @check("DQ907")
        def check_skips(articles):
            pytest.skip("no German articles")

        @check("ATR006", enabled=False)
        def check_speculation(articles):
            yield Finding("hafen", 0, 5, "speculation")
    '''})
    result = pytester.runpytest("checks", "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*ATR006 is off by default (enable names it in ?tool.audit?)*",
                                 "*no German articles*"])
    project(pytester, {}, 'enable = ["ATR006", "DQ907"]\n')  # the near miss: enabled
    result = pytester.runpytest("checks")
    result.assert_outcomes(skipped=1, failed=1)
