"""The command line contract: reports, exit codes, tables, check listing and explanations."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from audit.cli import main

from .conftest import ROOT

TELEFONAT = ("---\ntitle: Telefonat\npublished: 2025-02-16\n---\nTelefonat\n"
             "Die Minister telefonierten am Freitag (15.02.2025) miteinander.\n")
BRIDGE = ("Bridge reopens\nThe bridge reopened on Monday, the city said. "
          "Mayor Laura Jensen cut the ribbon.\n")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "telefonat.md").write_text(TELEFONAT, encoding="utf-8")
    (folder / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    return folder


def run(*argv, cwd=ROOT):
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return main(list(argv))
    finally:
        os.chdir(old)


def read(output):
    return json.loads((output / "findings.json").read_text(encoding="utf-8"))


def test_run_writes_both_reports_and_exit_code_follows_fail_on(corpus, tmp_path, capsys):
    output = tmp_path / "r"
    assert run("run", str(corpus), "--output", str(output)) == 0  # warning < default error
    doc = read(output)
    assert (output / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads((output / "findings.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert (output / "junit.xml").read_bytes().startswith(b"<?xml")
    assert doc["version"] == 1
    assert [(a["article_id"], a["status"], a["published"]) for a in doc["articles"]] == [
        ("bridge", "audited", None), ("telefonat", "audited", "2025-02-16")]
    [finding] = [f for f in doc["findings"] if f["code"] == "TMP002"]
    assert finding["excerpt"] == "Freitag (15.02.2025)"
    assert finding["line"] == 6 and finding["path"].endswith("telefonat.md")
    assert set(finding) == {"code", "severity", "article_id", "path", "start", "end", "line",
                            "excerpt", "message", "related", "fingerprint"}
    assert doc["summary"]["findings"]["warning"] >= 1
    out = capsys.readouterr().out
    assert "telefonat.md:6: TMP002 [warning]" in out
    assert run("run", str(corpus), "--output", str(output), "--fail-on", "warning") == 1
    assert run("run", str(corpus), "--output", str(output), "--fail-on", "never") == 0


def test_github_annotations_replace_the_plain_lines(corpus, tmp_path, capsys):
    assert run("run", str(corpus), "--output", str(tmp_path / "r"), "--github") == 0
    out = capsys.readouterr().out
    assert "::warning file=" in out and ",line=6,title=TMP002 Freitag (15.02.2025)::" in out


def test_jsonl_corpus_and_a_failed_record_give_exit_code_2_with_the_rest_audited(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "k1", "title": "T", "text": "Ein Text über Graz.",
                                "published": "2025-04"}) + "\n{broken\n", encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(feed), "--output", str(output), "--fail-on", "never") == 2
    doc = read(output)
    assert [(a["article_id"], a["status"]) for a in doc["articles"]] == [
        ("k1", "audited"), ("feed:2", "failed")]
    assert doc["errors"][0]["path"] == str(feed)
    assert doc["errors"][0]["message"].startswith("failed: line 2: invalid JSON")


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    assert run("run", str(tmp_path / "missing"), "--output", str(tmp_path / "r")) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_a_check_that_raises_gives_exit_code_3_and_is_reported(corpus, tmp_path):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "check_boom.py").write_text("def check_boom(articles):\n    raise "
                                          "RuntimeError('boom')\n", encoding="utf-8")
    (checks / "check_fine.py").write_text("from audit import Finding\n"
                                          "def check_fine(articles):\n"
                                          "    yield Finding('bridge', 0, 6, 'fine')\n",
                                          encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(corpus), "--checks", str(checks), "--output", str(output)) == 3
    doc = read(output)
    assert doc["errors"][0]["check"] == "check_boom"
    assert "check_boom raised RuntimeError: boom" in doc["errors"][0]["message"]
    assert [(f["code"], f["excerpt"]) for f in doc["findings"]] == [("check_fine", "Bridge")]


def test_a_new_check_file_is_picked_up_with_nothing_else_touched(corpus, tmp_path):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "check_my_rule.py").write_text(
        "from audit import Finding\n\n"
        "def check_my_rule(sentences):\n"
        "    '''Sentences about bridges.'''\n"
        "    for row in sentences[sentences.text.str.contains('bridge')].itertuples():\n"
        "        yield Finding.at(row, 'mentions a bridge')\n", encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(corpus), "--checks", str(checks), "--output", str(output)) == 0
    doc = read(output)
    assert [(f["code"], f["excerpt"]) for f in doc["findings"]] == [
        ("check_my_rule", "The bridge reopened on Monday, the city said.")]
    assert "check_my_rule" in (output / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("table, fmt", [("timexes", "jsonl"), ("assertions", "jsonl"),
                                        ("sentences", "csv"), ("entities", "parquet"),
                                        ("articles", "jsonl")])
def test_table_export(corpus, tmp_path, table, fmt):
    output = tmp_path / f"out.{fmt}"
    assert run("table", str(corpus), "--table", table, "--format", fmt,
               "--output", str(output)) == 0
    if fmt == "jsonl":
        rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        rows = pd.read_csv(output).to_dict(orient="records")
    else:
        rows = pd.read_parquet(output).to_dict(orient="records")
    assert rows and list(rows[0])[:4] == ["article_id", "start", "end", "text"]
    if table == "timexes":
        friday = next(r for r in rows if r["text"] == "Freitag (15.02.2025)")
        assert (friday["type"], friday["value"]) == ("DATE", "2025-02-15")
    if table == "entities":
        assert [(r["text"], r["kind"]) for r in rows] == [("Laura Jensen", "person")]
    if table == "articles":
        assert [(r["article_id"], r["start"], r["end"]) for r in rows] == [
            ("bridge", 0, len(BRIDGE)), ("telefonat", 0, len(TELEFONAT.split("---\n")[2]))]
    if table == "assertions":
        assert {"hedges", "speaker_kind", "text"} <= set(rows[0])


def test_checks_lists_code_severity_title(capsys):
    assert run("checks") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "AIG001  warning  AI-generation disclaimer" in lines
    assert "TMP002  warning  Weekday does not match its date" in lines


def test_explain_prints_what_why_and_examples(capsys):
    assert run("explain", "dq001") == 0
    out = capsys.readouterr().out
    assert out.startswith("DQ001 (info): Scraping boilerplate in the text")
    for heading in ("What it does:", "Why it matters:", "Flagged example:", "Clean example:"):
        assert heading in out
    assert run("explain", "XYZ999") == 2


def test_python_dash_m_is_the_same_command(tmp_path, corpus):
    output = tmp_path / "r"
    done = subprocess.run([sys.executable, "-m", "audit", "run", str(corpus), "--output",
                           str(output), "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (output / "findings.json").exists()
    assert "2 articles audited" in done.stdout


def test_a_baseline_fails_only_on_new_findings(corpus, tmp_path):
    first = tmp_path / "first"
    assert run("run", str(corpus), "-o", str(first), "--fail-on", "warning") == 1
    baseline = first / "findings.json"
    second = tmp_path / "second"
    assert run("run", str(corpus), "-o", str(second), "--fail-on", "warning",
               "--baseline", str(baseline)) == 0
    assert {f.get("suppressed") for f in read(second)["findings"]} == {"baseline"}
    storm = "Storm\nThe storm hit the coast on Monday, March 4, 2025, and the ferries stopped.\n"
    (corpus / "storm.md").write_text(storm, encoding="utf-8")
    assert run("run", str(corpus), "-o", str(second), "--fail-on", "warning",
               "--baseline", str(baseline)) == 1
    new = [f for f in read(second)["findings"] if not f.get("suppressed")]
    assert [(f["code"], f["excerpt"]) for f in new] == [("TMP002", "Monday, March 4, 2025")]
    assert run("run", str(corpus), "-o", str(second), "--baseline",
               str(tmp_path / "none.json")) == 2


def test_waivers_in_the_configuration(corpus, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\n'
        'waivers = [{code = "TMP002", reason = "dates checked by the desk"}]\n',
        encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(corpus), "-o", str(output), "--fail-on", "warning",
               cwd=project) == 0
    [tmp002] = [f for f in read(output)["findings"] if f["code"] == "TMP002"]
    assert tmp002["suppressed"] == "waived: dates checked by the desk"


def test_an_invalid_waiver_names_the_file_and_field(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.audit]\nwaivers = [{code = "TMP002"}]\n', encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml: [tool.audit] waivers[1]: needs a reason and either a code or a " \
           "fingerprint" in err
