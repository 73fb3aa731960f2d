"""The documentation says what the code does: docs/tables.md is made from the schema, and
every place docs/architecture.md names exists."""

import re

import pytest

from audit.tables import COLUMNS, SCHEMA, tables_page

from .conftest import ROOT


def test_the_tables_page_is_made_from_the_schema():
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    expected = tables_page()
    differing = [f"line {number}: {written!r} should be {made!r}" for number, (written, made)
                 in enumerate(zip(page.splitlines(), expected.splitlines(), strict=False), 1)
                 if written != made]
    assert page == expected, ("docs/tables.md differs from audit.tables.SCHEMA; remake it "
                              "with `python -m audit.tables > docs/tables.md`\n"
                              + "\n".join(differing[:5] or ["(the line counts differ)"]))


@pytest.mark.parametrize("table", SCHEMA, ids=lambda table: table.name)
def test_every_column_is_declared_once_with_a_type_and_a_one_line_meaning(table):
    names = [column.name for column in table.columns]
    assert len(names) == len(set(names))
    assert {column.dtype for column in table.columns} <= {
        None, "str", "int64", "float64", "bool", "Int64"}
    assert all(column.doc and "\n" not in column.doc for column in table.columns)
    # the contract's columns come first, the extensions after them
    extensions = [column.extension for column in table.columns]
    assert extensions == sorted(extensions)


def test_every_documented_column_is_a_column_and_every_column_is_documented():
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    documented = {name: set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
                  for name, section in re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", page,
                                                  re.MULTILINE | re.DOTALL)}
    assert documented == {name: set(columns) for name, columns in COLUMNS.items()}


def test_every_place_the_architecture_page_names_exists():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:audit|checks|docs|tests)/[\w/.<>-]*)`", page))
    assert len(named) > 20
    missing = [p for p in named if "<" not in p and not (ROOT / p).exists()]
    assert missing == []


def _readme_yaml() -> list[dict]:
    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", readme, re.S)]


def test_the_readmes_ci_examples_run_the_audit_and_keep_what_it_writes():
    """The GitHub Actions and GitLab CI examples users copy: they run `nox -s audit` (a
    session of this project's noxfile and of the one `audit init` writes), and name the
    SARIF, JUnit and report folder the audit writes."""
    from audit.report.output import REPORTS
    from audit.starter import NOX_SESSION

    github, gitlab = _readme_yaml()
    steps = github["jobs"]["audit"]["steps"]
    assert {"run": "nox -s audit"} in steps
    by_action = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    sarif = by_action["github/codeql-action/upload-sarif"]
    assert (sarif["if"], sarif["with"]["sarif_file"]) == ("always()", "reports/findings.sarif")
    junit = by_action["mikepenz/action-junit-report"]
    assert (junit["if"], junit["with"]["report_paths"]) == ("always()", "reports/junit.xml")
    assert by_action["actions/upload-artifact"]["with"]["path"] == "reports/"
    # upload-sarif needs security-events, the JUnit report writes a check run
    assert github["permissions"]["security-events"] == "write"
    assert github["permissions"]["checks"] == "write"
    job = gitlab["audit"]
    assert "nox -s audit" in job["script"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["paths"] == ["reports/"]
    assert job["artifacts"]["reports"]["junit"] == "reports/junit.xml"
    assert {"findings.sarif", "junit.xml"} <= set(REPORTS)
    for noxfile in ((ROOT / "noxfile.py").read_text(encoding="utf-8"), NOX_SESSION):
        assert "def audit(session: nox.Session)" in noxfile
        assert 'session.run("audit", "run", *session.posargs)' in noxfile
