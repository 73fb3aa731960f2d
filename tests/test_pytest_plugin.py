"""`pytest checks/`: each check is a pytest item, run by the same engine on the same tables."""

import textwrap

pytest_plugins = ["pytester"]

PYPROJECT = """
[tool.audit]
corpus = ["corpus"]
checks = "checks"
fail-on = "warning"
"""


def project(pytester, checks):
    pytester.makefile(".toml", pyproject=PYPROJECT)
    corpus = pytester.mkdir("corpus")
    (corpus / "hafen.md").write_text("Hafen\nDer Hafen wird ausgebaut.\nLesen Sie auch\n",
                                     encoding="utf-8")
    folder = pytester.mkdir("checks")
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
    result.stdout.fnmatch_lines(["*check_raises raised ValueError: bad*",
                                 "*cannot load checks file: SyntaxError*"])


def test_files_outside_the_checks_folder_are_not_collected(pytester):
    project(pytester, {"check_ok.py": "def check_ok(articles):\n    return []\n"})
    pytester.makepyfile(check_elsewhere="def check_elsewhere(articles):\n    raise "
                                        "RuntimeError\n")
    result = pytester.runpytest("check_elsewhere.py", "checks")
    result.assert_outcomes(passed=1)
