"""The command line contract: reports, exit codes, tables, check listing and explanations."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd
import pytest

from audit.cli import main
from audit.report.output import REPORTS, write_files

from .conftest import ROOT
from .test_report_formats import valid_sarif

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

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return main(list(argv))
    finally:
        os.chdir(old)


def read(output):
    """findings.json of a run, after checking the run's SARIF against the official schema."""
    valid_sarif(json.loads((output / "findings.sarif").read_text(encoding="utf-8")))
    return json.loads((output / "findings.json").read_text(encoding="utf-8"))


def junit_cases(output):
    suite = ET.fromstring((output / "junit.xml").read_bytes())
    return suite, {case.get("name").split()[0]: case for case in suite}


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
    assert "::warning file=" in out
    assert ",line=6,endLine=6,col=31,endColumn=51,title=TMP002 Freitag (15.02.2025)::" in out


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


def test_a_missing_path_is_exit_2_with_the_reason(corpus, tmp_path, capsys):
    output = tmp_path / "r"
    missing = tmp_path / "missing"
    assert run("run", str(corpus), str(missing), "--output", str(output)) == 2
    captured = capsys.readouterr()
    assert f"{missing}: " in captured.err + captured.out
    assert "no such file or directory" in captured.err + captured.out
    if output.exists():  # ingest lists the missing path as a failed input: the rest is audited
        doc = read(output)
        assert [a["status"] for a in doc["articles"] if a["path"] == str(missing)] == ["failed"]
        assert any(f["code"] == "TMP002" for f in doc["findings"])
    # else: ingest stops at the missing path (a usage error) and no output folder is created


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
    assert run("run", str(corpus), "--checks", str(checks), "--no-shipped-checks",
               "--output", str(output)) == 3
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
    assert run("run", str(corpus), "--checks", str(checks), "--no-shipped-checks",
               "--output", str(output)) == 0
    doc = read(output)
    assert [(f["code"], f["excerpt"]) for f in doc["findings"]] == [
        ("check_my_rule", "The bridge reopened on Monday, the city said.")]
    assert "check_my_rule" in (output / "index.html").read_text(encoding="utf-8")


def test_a_user_checks_assert_is_located_at_its_article_in_every_output(corpus, tmp_path,
                                                                       capsys):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "check_days.py").write_text(
        "def check_no_weekday(sentences):\n"
        "    for row in sentences.itertuples():\n"
        "        assert 'Monday' not in row.text and 'Freitag' not in row.text, 'a weekday'\n"
        "\n\ndef check_corpus(articles):\n"
        "    assert len(articles) > 2, 'fewer than three articles'\n", encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(corpus), "--checks", str(checks), "--no-shipped-checks", "-o",
               str(output)) == 0
    doc = read(output)
    assert [(f["code"], f["article_id"], f["line"], f["excerpt"]) for f in doc["findings"]] == [
        ("check_no_weekday", "bridge", 2, "The bridge reopened on Monday, the city said."),
        ("check_corpus", None, None, "")]  # the near miss: an assert about the corpus
    results = json.loads((output / "findings.sarif").read_text("utf-8"))["runs"][0]["results"]
    physical = results[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("corpus/bridge.txt")
    assert (physical["region"]["startLine"], physical["region"]["startColumn"]) == (2, 1)
    # the corpus finding points at the check that made it
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"].endswith("checks/check_days.py")
    assert "bridge.txt:2: check_no_weekday [warning] a weekday" in capsys.readouterr().out


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


def test_baseline_waivers_and_disable_change_every_output_alike(corpus, tmp_path, capsys):
    first = tmp_path / "first"
    assert run("run", str(corpus), "-o", str(first), "--fail-on", "info") == 1
    known = read(first)["findings"]
    storm = "Storm\nThe storm hit the coast on Monday, March 4, 2025, and the ferries stopped.\n"
    (corpus / "storm.md").write_text(storm, encoding="utf-8")
    capsys.readouterr()
    second = tmp_path / "second"
    assert run("run", str(corpus), "-o", str(second), "--fail-on", "info", "--baseline",
               str(first / "findings.json"), "--github") == 1
    doc = read(second)
    new = [f for f in doc["findings"] if not f.get("suppressed")]
    assert [(f["code"], f["excerpt"]) for f in new] == [("TMP002", "Monday, March 4, 2025")]
    # SARIF: exactly the baseline findings are suppressed
    results = json.loads((second / "findings.sarif").read_text("utf-8"))["runs"][0]["results"]
    assert sum(1 for r in results if r.get("suppressions")) == len(known)
    assert [r["ruleId"] for r in results if not r.get("suppressions")] == ["TMP002"]
    # JUnit: one failing case, the new finding's
    suite, by_code = junit_cases(second)
    assert suite.get("failures") == "1"
    assert by_code["TMP002"].find("failure").get("message") == "1 finding(s) of TMP002"
    # GitHub: one annotation, the new finding
    annotated = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert len(annotated) == 1 and "title=TMP002 Monday%2C March 4%2C 2025" in annotated[0]

    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\ndisable = ["TMP"]\n', encoding="utf-8")
    third = tmp_path / "third"
    assert run("run", str(corpus), "-o", str(third), "--fail-on", "warning", cwd=project) == 0
    doc = read(third)
    assert not [f for f in doc["findings"] if f["code"].startswith("TMP")]
    suite, by_code = junit_cases(third)
    assert by_code["TMP002"].find("skipped").get("message") == "disabled in [tool.audit]"
    rules = json.loads((third / "findings.sarif").read_text("utf-8"))["runs"][0]["tool"][
        "driver"]["rules"]
    assert {r["id"]: r["defaultConfiguration"].get("enabled", True) for r in rules}[
        "TMP002"] is False


def test_select_and_ignore_by_code_or_family(corpus, tmp_path):
    output = tmp_path / "r"
    assert run("run", str(corpus), "-o", str(output), "--select", "TMP,DQ001") == 0
    codes = {f["code"] for f in read(output)["findings"]}
    assert codes == {"TMP002", "TMP003"}  # the DQ102 finding of run 1 is not selected
    _, by_code = junit_cases(output)
    assert by_code["ATR001"].find("skipped").get("message") == "not selected (--select/--ignore)"
    assert by_code["TMP002"].find("skipped") is None
    # the check's file as the user would type it, from where they stand (the repository)
    assert by_code["TMP002"].get("file") == "checks/check_weekday_date.py"
    assert by_code["ATR001"].get("file") == "checks/check_anonymous_source.py"
    assert run("run", str(corpus), "-o", str(output), "--ignore", "TMP002") == 0
    assert "TMP002" not in {f["code"] for f in read(output)["findings"]}


def test_a_run_discovers_the_checks_once(corpus, tmp_path, monkeypatch):
    from audit import pipeline
    from audit.engine import discovery

    found = []

    def counted(roots):
        found.append(tuple(roots))
        return discover(roots)

    discover = discovery.discover
    monkeypatch.setattr(discovery, "discover", counted)
    monkeypatch.setattr(pipeline, "discover", counted)
    output = tmp_path / "r"
    assert run("run", str(corpus), "-o", str(output), "--select", "TMP002") == 0
    assert len(found) == 1  # every check module executed once, not again by the pipeline
    assert {f["code"] for f in read(output)["findings"]} == {"TMP002"}  # selection kept


@pytest.mark.parametrize("setting, message", [
    ('enable = ["tmp002"]', "enable: unknown check code 'tmp002' (did you mean TMP002?)"),
    ('disable = ["TPM002"]', "disable: unknown check code 'TPM002' (did you mean TMP002?)"),
    ('waivers = [{code = "ATR01", reason = "x"}]',
     "waivers[1]: unknown check code 'ATR01' (did you mean ATR001?)"),
    ("[tool.audit.options.CON05]\nmin-similarity = 80",
     "options.CON05: unknown check code 'CON05' (did you mean CON005?)"),
    ("[tool.audit.options.CON005]\nmin_similarity = 80",
     "options.CON005: CON005 has no option 'min_similarity' (did you mean min-similarity?) "
     "(its options: min-similarity)"),
    ('shipped-checks = "yes"', "shipped-checks: must be true or false"),
    ("limits = 3", "limits: must be a table ([tool.audit.limits])"),
    ('scheduler = ""', "scheduler: must be an address such as tcp://host:8786"),
    ("scheduler = 8786", "scheduler: must be an address such as tcp://host:8786"),
    ('waivers = [{code = "TMP002", reson = "x"}]',
     "waivers[1]: needs a reason and either a code or a fingerprint"),
    ('waivers = [{code = "TMP002", reason = "x", fingerprnt = "ab"}]',
     "waivers[1]: unknown key 'fingerprnt' (did you mean fingerprint?) (a waiver has code or "
     "fingerprint, and reason)"),
    ('waivers = [{code = "TMP002", reason = " "}]',
     "waivers[1]: code, fingerprint and reason are non-empty strings"),
    ('waivers = [{code = 2, reason = "x"}]',
     "waivers[1]: code, fingerprint and reason are non-empty strings"),
    ("output = 3", "output: must be the path of a folder"),
    ('entities = ["data/entities.csv"]',
     "entities: must be the path of a CSV file (canonical, aliases, kind)"),
    ("spill-above = -1", "spill-above: must be a whole number of characters (0 or more)"),
    ('spill-above = "8M"', "spill-above: must be a whole number of characters (0 or more)"),
    ("spill-above = true", "spill-above: must be a whole number of characters (0 or more)"),
])
def test_configuration_mistakes_are_errors_naming_the_closest_known_name(
        tmp_path, capsys, setting, message):
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\n{setting}\n', encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 2
    err = capsys.readouterr().err
    assert f"pyproject.toml: [tool.audit] {message}" in err
    assert "Traceback" not in err


def test_correct_codes_families_and_options_are_accepted(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\nenable = ["TMP", "CON005"]\n'
        "[tool.audit.options.CON005]\nmin-similarity = 80\n", encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "TMP002  warning  Weekday does not match its date" in lines
    assert any(line.startswith("ATR001") and line.endswith("(disabled)") for line in lines)


def test_output_format_json_prints_findings_json(corpus, tmp_path, capsys):
    output = tmp_path / "r"
    assert run("run", str(corpus), "-o", str(output), "--output-format", "json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == read(output)
    assert "articles audited" in captured.err  # the summary stays off stdout
    assert run("run", str(corpus), "-o", str(output), "--output-format", "sarif") == 0
    valid_sarif(json.loads(capsys.readouterr().out))
    assert run("run", str(corpus), "-o", str(output), "--output-format", "junit") == 0
    assert ET.fromstring(capsys.readouterr().out.encode("utf-8")).tag == "testsuite"


def test_record_findings_carry_the_record_line_and_id(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    records = [{"id": "k1", "title": "Graz", "text": "Ein Text über Graz.\nZweite Zeile."},
               {"id": "k2", "title": "Telefonat", "published": "2025-02-16",
                "text": "Telefonat\nDie Minister telefonierten am Freitag (15.02.2025)."}]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(feed), "-o", str(output)) == 0
    [tmp002] = [f for f in read(output)["findings"] if f["code"] == "TMP002"]
    assert (tmp002["line"], tmp002["record"], tmp002["article_id"]) == (2, 2, "k2")
    assert f"{feed}:2 [id=k2]: TMP002 [warning]" in capsys.readouterr().out
    results = json.loads((output / "findings.sarif").read_text("utf-8"))["runs"][0]["results"]
    [result] = [r for r in results if r["ruleId"] == "TMP002"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_output_folder_problems_are_clear_errors(corpus, tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert run("run", str(corpus), "-o", str(a_file)) == 2
    assert f"{a_file}: the output folder is a file, not a folder" in capsys.readouterr().err
    under_file = a_file / "reports"
    assert run("run", str(corpus), "-o", str(under_file)) == 2
    assert f"{under_file}: cannot create the output folder" in capsys.readouterr().err
    blocked = tmp_path / "blocked"
    (blocked / "index.html").mkdir(parents=True)
    assert run("run", str(corpus), "-o", str(blocked)) == 2
    assert "index.html: is a folder, so the index.html report cannot be written there" in \
        capsys.readouterr().err
    assert not (blocked / "findings.json").exists()

    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    assert run("run", str(corpus), "-o", str(readonly)) == 2
    err = capsys.readouterr().err
    assert f"{readonly}: the output folder is not writable (Permission denied)" in err
    assert "Traceback" not in err


def test_reports_are_renamed_into_place_and_temporaries_removed(corpus, tmp_path):
    output = tmp_path / "r"
    output.mkdir()
    stale = output / ".findings.json.999999999.abc.tmp"  # left by a killed run
    stale.write_text("{", encoding="utf-8")
    assert run("run", str(corpus), "-o", str(output)) == 0
    assert sorted(p.name for p in output.iterdir()) == sorted(
        [*REPORTS, ".audit.lock", ".audit-published"])


def test_concurrent_writers_end_with_one_complete_set(tmp_path):
    def writer(tag):
        for _ in range(30):
            write_files(tmp_path, {name: f"{tag}".encode() for name in REPORTS})

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("A", "B", "C")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    contents = {(tmp_path / name).read_text() for name in REPORTS}
    assert len(contents) == 1 and contents <= {"A", "B", "C"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_sigterm_exits_143_with_a_message_and_leaves_no_temporaries(corpus, tmp_path):
    for number in range(150):  # enough articles that the checks run for a while
        (corpus / f"copy{number}.md").write_text(TELEFONAT, encoding="utf-8")
    output = tmp_path / "r"
    process = subprocess.Popen([sys.executable, "-m", "audit", "run", str(corpus), "-o",
                                str(output), "-v", "-j", "1"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the signal goes when the first check is announced, however long start-up took on a
    # loaded machine: the handler is in place and the audit is under way
    first = process.stderr.readline()
    assert "running" in first, first
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "audit: stopped by SIGTERM" in err and "Traceback" not in err
    assert not output.exists() or not [p for p in output.iterdir() if p.name.endswith(".tmp")]


def test_explain_documents_the_options_a_check_reads(capsys):
    assert run("explain", "CON005") == 0
    out = capsys.readouterr().out
    assert "Options ([tool.audit.options.CON005]):\n    min-similarity (default: 90)" in out
    assert run("explain", "TMP002") == 0
    assert "Options" not in capsys.readouterr().out
    assert run("explain", "TMP02") == 2
    assert "no check with code 'TMP02' (did you mean TMP002?)" in capsys.readouterr().err


def test_shipped_checks_run_outside_the_repository_and_init_adds_a_project_check(
        tmp_path, capsys):
    assert run("checks", cwd=tmp_path) == 0
    assert "TMP002  warning  Weekday does not match its date" in capsys.readouterr().out
    assert run("init", cwd=tmp_path) == 0
    assert "checks/check_example.py: written (an example check, DQ901)" in \
        capsys.readouterr().out
    config = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["audit"]["checks"] == "checks"
    noxfile = (tmp_path / "noxfile.py").read_text(encoding="utf-8")
    assert "def audit(session" in noxfile
    # the session installs audit from where it was installed here (this checkout), not a
    # package of that name from PyPI
    assert f"AUDIT = 'audit @ {ROOT.as_uri()}'" in noxfile.splitlines()
    assert run("checks", cwd=tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "DQ901   info     Headline in capitals" in lines
    assert "TMP002  warning  Weekday does not match its date" in lines
    assert run("init", cwd=tmp_path) == 0  # a second time: nothing overwritten
    assert "checks/check_example.py: exists, left as it is" in capsys.readouterr().out


def test_a_project_check_overrides_the_shipped_one_with_its_code(tmp_path, capsys):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "check_mine.py").write_text(
        "from audit import check\n\n@check('TMP002', title='My weekday rule')\n"
        "def check_mine(articles):\n    return []\n", encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "TMP002  warning  My weekday rule" in lines
    assert "TMP001" in " ".join(lines)  # the other shipped checks stay


def test_the_command_line_exit_codes_are_the_pipelines():
    from audit import cli, pipeline

    assert (cli.EXIT_OK, cli.EXIT_INPUT, cli.EXIT_INTERNAL) == (
        pipeline.EXIT_OK, pipeline.EXIT_INPUT, pipeline.EXIT_INTERNAL)


def test_every_package_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "audit").rglob("__init__.py")}
    assert not found - listed, (f"add {sorted(found - listed)} to [tool.setuptools] packages "
                                "in pyproject.toml, or the wheel leaves it out")
    assert "audit.shipped_checks" in listed


def test_limits_are_read_from_the_configuration_and_bad_ones_named(tmp_path, capsys):
    from audit.config import load_config

    (tmp_path / "pyproject.toml").write_text(
        "[tool.audit]\n[tool.audit.limits]\nmax-article-chars = 1000\n", encoding="utf-8")
    assert load_config(tmp_path).limits.max_article_chars == 1000
    (tmp_path / "pyproject.toml").write_text(
        "[tool.audit]\n[tool.audit.limits]\nmax-article-chars = 0\n", encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 2
    assert "pyproject.toml: [tool.audit.limits]: max-article-chars must be a positive whole " \
           "number, not 0" in capsys.readouterr().err


SUITE = '''id = "DQ901"
severity = "info"
title = "Publication date present"
table = "articles"

[[expectations]]
type = "expect_column_values_to_not_be_null"
column = "published"
message = "no publication date"
'''


def test_data_docs_are_written_only_when_a_suite_ran(corpus, tmp_path):
    checks = tmp_path / "checks"
    (checks / "expectations").mkdir(parents=True)
    (checks / "expectations" / "published.toml").write_text(SUITE, encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(corpus), "--checks", str(checks), "-o", str(output)) == 0
    assert [(f["code"], f["article_id"]) for f in read(output)["findings"]] == [
        ("DQ901", "bridge")]
    assert (output / "gx" / "index.html").is_file()
    plain = tmp_path / "plain"
    assert run("run", str(corpus), "-o", str(plain), "--select", "TMP") == 0
    assert not (plain / "gx").exists()


def test_native_suite_files_are_declarative_checks():
    from pathlib import Path

    from audit.engine.discovery import declarative_kind

    assert declarative_kind(Path("checks/expectations/published.json")) == "suite"
    assert declarative_kind(Path("checks/expectations/published.toml")) == "suite"
    assert declarative_kind(Path("checks/rules/newsletter.toml")) == "rule"
    assert declarative_kind(Path("checks/rules/newsletter.json")) is None  # near misses
    assert declarative_kind(Path("checks/data/published.json")) is None


@pytest.mark.parametrize("argv, message", [
    (["--select", "TMP,ATR01"], "--select: unknown check code 'ATR01' (did you mean ATR001?)"),
    (["--ignore", "tmp"], "--ignore: unknown check code 'tmp' (did you mean TMP?)"),
])
def test_select_and_ignore_name_the_closest_known_code(corpus, tmp_path, capsys, argv,
                                                       message):
    assert run("run", str(corpus), "-o", str(tmp_path / "r"), *argv) == 2
    assert f"audit: error: {message}" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()  # nothing was run


def test_a_disabled_check_and_an_unselected_one_say_why(corpus, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\ndisable = ["ATR001"]\n',
        encoding="utf-8")
    output = tmp_path / "r"
    assert run("run", str(corpus), "-o", str(output), "--ignore", "DQ001", cwd=project) == 0
    _, by_code = junit_cases(output)
    assert by_code["ATR001"].find("skipped").get("message") == "disabled in [tool.audit]"
    assert by_code["DQ001"].find("skipped").get("message") == \
        "not selected (--select/--ignore)"
    assert by_code["TMP002"].find("skipped") is None


@pytest.mark.parametrize("setting, message", [
    ("[tool.audit.options.CON005]\nmin-similarity = \"high\"",
     "options.CON005.min-similarity: must be a number (like its default, 90), not 'high'"),
    ("[tool.audit.options.ATR003]\nvague-quantities = 1",
     "options.ATR003.vague-quantities: must be true or false (like its default, False), "
     "not 1"),
    ('date-order = "YMD"', "date-order: 'YMD' is not one of DMY, MDY"),
])
def test_option_and_setting_values_of_the_wrong_sort_are_named(tmp_path, capsys, setting,
                                                               message):
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\n{setting}\n', encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 2
    assert f"pyproject.toml: [tool.audit] {message}" in capsys.readouterr().err


def test_values_of_the_right_sort_are_accepted(tmp_path):
    from audit.config import load_config

    (tmp_path / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\ndate-order = "MDY"\n'
        "[tool.audit.options.CON005]\nmin-similarity = 85.5\n", encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 0
    assert load_config(tmp_path).date_order == "MDY"
    (tmp_path / "pyproject.toml").write_text('[tool.audit]\nscheduler = "tcp://10.0.0.5:8786"\n',
                                             encoding="utf-8")
    assert load_config(tmp_path).scheduler == "tcp://10.0.0.5:8786"
    assert load_config(tmp_path).spill_above == 8_000_000  # the default
    (tmp_path / "pyproject.toml").write_text("[tool.audit]\nspill-above = 0\n", encoding="utf-8")
    assert load_config(tmp_path).spill_above == 0


def test_entities_names_the_project_gazetteer(tmp_path, monkeypatch):
    from audit.config import load_config
    from audit.normalise.entities import project_gazetteer_path

    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "people.csv").write_text(
        "canonical,aliases,kind\nSergej Lawrow,Lavrov|Lawrow,person\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.audit]\nentities = "names/people.csv"\n',
                                             encoding="utf-8")
    assert load_config(tmp_path).entities == tmp_path.resolve() / "names" / "people.csv"
    monkeypatch.chdir(tmp_path)  # the entities stage reads the configuration in force
    project_gazetteer_path.cache_clear()
    try:
        assert project_gazetteer_path() == tmp_path.resolve() / "names" / "people.csv"
    finally:
        project_gazetteer_path.cache_clear()
    (tmp_path / "pyproject.toml").write_text("[tool.audit]\n", encoding="utf-8")
    assert load_config(tmp_path).entities is None  # the entities stage's default applies


@pytest.mark.parametrize("path, why", [("names/peple.csv", "does not exist"),
                                       ("names", "is not a file")])
def test_entities_that_is_no_file_is_an_error_naming_the_key_and_the_path(
        tmp_path, capsys, path, why):
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "people.csv").write_text("canonical,aliases,kind\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.audit]\nchecks = "{ROOT / "checks"}"\nentities = "{path}"\n',
        encoding="utf-8")
    assert run("checks", cwd=tmp_path) == 2
    err = capsys.readouterr().err
    assert f"pyproject.toml: [tool.audit] entities: {tmp_path.resolve() / path} {why}" in err
    assert "Traceback" not in err


def test_findings_of_csv_records_carry_the_record_number_and_id(tmp_path, capsys):
    feed = tmp_path / "feed.csv"
    pd.DataFrame([
        {"id": "k1", "title": "Graz", "text": "Ein Text über Graz.", "published": "2025-04-01"},
        {"id": "k2", "title": "Telefonat", "published": "2025-02-16",
         "text": "Telefonat\nDie Minister telefonierten am Freitag (15.02.2025)."},
    ]).to_csv(feed, index=False)
    output = tmp_path / "r"
    assert run("run", str(feed), "-o", str(output)) == 0
    [tmp002] = [f for f in read(output)["findings"] if f["code"] == "TMP002"]
    assert (tmp002["line"], tmp002["record"], tmp002["article_id"]) == (None, 2, "k2")
    assert f"{feed} record 2 [id=k2]: TMP002 [warning]" in capsys.readouterr().out


def test_colour_only_where_asked_and_one_screen_on_a_terminal(monkeypatch, capsys):
    from audit import cli

    finding = {"code": "TMP002", "severity": "warning", "article_id": "a", "path": "a.md",
               "line": 3, "excerpt": "Freitag", "message": "wrong weekday"}
    doc = {"findings": [{**finding, "line": n} for n in range(1, 41)]
           + [{**finding, "severity": "error", "line": 99}], "errors": []}
    monkeypatch.setenv("FORCE_COLOR", "1")
    cli._print_text(doc)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "a.md:99: TMP002 [\033[31merror\033[0m] wrong weekday «Freitag»"
    assert len(lines) == 41  # not a terminal: every finding
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(cli.shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    cli._print_text(doc)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "a.md:99: TMP002 [error] wrong weekday «Freitag»"  # most severe first
    # 24 rows: 18 findings, one "… and more" line, two bars, the summary, the prompt
    assert len(lines) == 19 and lines[-1] == ("… and 23 more findings (all of them are in the "
                                              "report)")


def test_what_the_previous_run_published_and_this_one_did_not_is_removed(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    write_files(tmp_path, {"index.html": b"big", "report.css": b"css"})
    (tmp_path / ".staging.1.x.tmp").mkdir()  # not ours to list: ignored by the manifest
    write_files(tmp_path, {"index.html": b"small"})
    assert (tmp_path / "index.html").read_text() == "small"
    assert not (tmp_path / "report.css").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"  # never written by a report


def test_a_staged_folder_replaces_the_previous_one_whole(tmp_path):
    from audit.report.output import staged

    for pages in (["1.html", "2.html"], ["1.html"]):
        with staged(tmp_path) as staging:
            (staging / "articles").mkdir()
            for page in pages:
                (staging / "articles" / page).write_text(f"{len(pages)}", encoding="utf-8")
    assert [p.name for p in (tmp_path / "articles").iterdir()] == ["1.html"]
    assert (tmp_path / "articles" / "1.html").read_text() == "1"
    with staged(tmp_path) as staging:
        (staging / "index.html").write_text("one page", encoding="utf-8")
    assert not (tmp_path / "articles").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_table_that_cannot_be_written_is_a_clear_error(corpus, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.jsonl"
    assert run("table", str(corpus), "--table", "sentences", "--output", str(target)) == 2
    err = capsys.readouterr().err
    assert f"audit: error: {target}: cannot write the table" in err and "Traceback" not in err


def test_every_table_can_be_exported_and_an_unknown_one_is_named(corpus, tmp_path, capsys):
    output = tmp_path / "events.jsonl"
    assert run("table", str(ROOT / "data" / "corpus"), "--table", "events", "--format",
               "jsonl", "--output", str(output)) == 0
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert rows and list(rows[0])[:2] == ["event_id", "kind"]  # not spans: as it is
    quantities = tmp_path / "quantities.jsonl"
    assert run("table", str(ROOT / "data" / "corpus"), "--table", "quantities", "--output",
               str(quantities)) == 0
    first = json.loads(quantities.read_text(encoding="utf-8").splitlines()[0])
    assert list(first)[:4] == ["article_id", "start", "end", "text"]
    assert run("table", str(corpus), "--table", "event", "--output", str(output)) == 2
    assert "--table: no table 'event' (did you mean events?)" in capsys.readouterr().err


def test_reruns_write_the_same_junit_bytes_unless_times_are_asked_for(corpus, tmp_path):
    first, second, timed = tmp_path / "a", tmp_path / "b", tmp_path / "t"
    assert run("run", str(corpus), "-o", str(first), "-q") == 0
    assert run("run", str(corpus), "-o", str(second), "-q") == 0
    assert (first / "junit.xml").read_bytes() == (second / "junit.xml").read_bytes()
    suite = ET.parse(first / "junit.xml").getroot()
    assert "time" not in suite.attrib
    assert all("time" not in case.attrib for case in suite.iter("testcase"))
    assert run("run", str(corpus), "-o", str(timed), "-q", "--junit-times") == 0
    suite = ET.parse(timed / "junit.xml").getroot()
    assert float(suite.get("time")) >= 0.0
    weekday = next(c for c in suite.iter("testcase") if c.get("name").startswith("TMP002"))
    assert float(weekday.get("time")) >= 0.0


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self):
        return True


def _finding(n, severity="warning"):
    return {"code": "ATR001", "severity": severity, "article_id": f"a{n}",
            "path": f"corpus/a{n}.md", "line": 3, "excerpt": "vertraute Quellen " * 10,
            "message": "claim attributed to an unnamed source:\n“vertraute Quellen”"}


def test_on_a_terminal_the_findings_fit_one_screen_one_row_each(monkeypatch):
    from audit import cli

    doc = {"findings": [_finding(n) for n in range(40)] + [_finding(99, "error")],
           "errors": [{"path": f"corpus/x{n}.md", "check": None, "message": "failed: empty"}
                      for n in range(7)]}
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(cli.shutil, "get_terminal_size", lambda: os.terminal_size((60, 20)))
    monkeypatch.setattr(sys, "stdout", _Terminal())
    cli._print_text(doc)
    lines = sys.stdout.getvalue().splitlines()
    # 20 rows: 9 findings, 5 errors, two "… and more" lines, two bars, summary, prompt
    assert len(lines) == 16
    assert all(len(line) <= 59 for line in lines)
    assert lines[0] == "corpus/a99.md:3: ATR001 [error] claim attributed to an unn…"
    assert lines[9:] == ["… and 32 more findings (all of them are in the report)"] + [
        f"corpus/x{n}.md: error: failed: empty" for n in range(5)] + [
        "… and 2 more errors (all of them are in the report)"]
    # the near miss: piped into a file, every finding on its full line
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    cli._print_text(doc)
    lines = sys.stdout.getvalue().splitlines()
    assert len(lines) == 41 * 2 + 7  # (each message has a line break of its own)
    assert lines[0].endswith("claim attributed to an unnamed source:")


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from audit import cli

    doc = {"findings": [_finding(1)], "errors": []}
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for stream, coloured in ((_Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stdout", stream)
        cli._print_text(doc)
        assert ("[\033[33mwarning\033[0m]" in stream.getvalue()) is coloured
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "stdout", _Terminal())
    cli._print_text(doc)
    assert "\033[" not in sys.stdout.getvalue()


def test_a_progress_bar_on_a_terminal_for_a_long_run_only(monkeypatch):
    from audit import cli

    monkeypatch.setattr(cli.shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli._progress("normalising") is None  # not a terminal: no bar
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 3600.0)
    short = cli._progress("normalising")
    short(1, 2), short(2, 2)
    assert sys.stderr.getvalue() == ""  # a short run: no bar at all
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0.0)
    bar = cli._progress("normalising")
    bar(12, 48), bar(48, 48)
    drawn = sys.stderr.getvalue().split("\r")[1:]
    assert [re.sub(r" \d+\.\ds", " Ts", line) for line in drawn] == [
        "  normalising [██████··················] 12/48 articles Ts\033[K",
        "  normalising [████████████████████████] 48/48 articles Ts\033[K\n"]


def test_a_check_that_skips_itself_is_reported_as_skipped_not_as_run():
    from types import SimpleNamespace

    from audit.report.output import checks_run

    def spec(code):
        return SimpleNamespace(code=code, describe=lambda: {"code": code, "title": code})

    skipping, failing, fine = spec("DQ907"), spec("DQ906"), spec("DQ908")
    result = SimpleNamespace(suite=SimpleNamespace(checks=[failing, skipping, fine]), outcomes=[
        SimpleNamespace(spec=failing, error={"message": "check_exits called sys.exit(4)"}),
        SimpleNamespace(spec=skipping, error={"message": "check_skips skipped: no German "
                                              "articles", "skipped": "no German articles"}),
        SimpleNamespace(spec=fine, error=None)])
    off = [{"code": "TMP002", "title": "TMP002", "reason": "disabled in [tool.audit]"}]
    ran, turned_off = checks_run(result, off)
    assert [c["code"] for c in ran] == ["DQ906", "DQ908"]  # sys.exit() stays an error
    assert turned_off == off + [{"code": "DQ907", "title": "DQ907",
                                 "reason": "skipped: no German articles"}]


def test_a_check_off_by_default_is_listed_and_explained_as_such(tmp_path, capsys):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "check_spec.py").write_text(
        "from audit import check\n\n@check('ATR006', severity='info', title='Speculation', "
        "enabled=False)\ndef check_speculation(articles):\n    return []\n\n"
        "@check('ATR007', title='Plain')\ndef check_plain(articles):\n    return []\n",
        encoding="utf-8")
    options = ("--checks", str(checks), "--no-shipped-checks")
    assert run("checks", *options) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ATR006  info     Speculation  (off by default)", "ATR007  warning  Plain"]
    assert run("checks", *options, "--select", "ATR") == 0  # a family does not turn it on
    assert capsys.readouterr().out.splitlines()[0].endswith("(off by default)")
    assert run("checks", *options, "--select", "ATR006") == 0
    assert capsys.readouterr().out.splitlines() == [
        "ATR006  info     Speculation", "ATR007  warning  Plain  (disabled)"]
    assert run("explain", "ATR006", *options) == 0
    assert 'Not run here: off by default (enable = ["ATR006"] or --select ATR006 runs it)' \
        in capsys.readouterr().out


WAIVED_DE = ("---\ntitle: Gericht\naudit-ignore: [ATR003]\n"
             "audit-ignore-reason: die Vermutungen sind die des Gerichts\n---\n"
             "Der Minister soll davon gewusst haben, heißt es.\n")
HEARSAY_EN = "---\ntitle: Court\n---\nThe minister is said to have known about it.\n"


def test_front_matter_waivers_change_every_output_alike(tmp_path, capsys):
    folder, output = tmp_path / "c", tmp_path / "r"
    folder.mkdir()
    (folder / "gericht.md").write_text(WAIVED_DE, encoding="utf-8")
    (folder / "court.md").write_text(HEARSAY_EN, encoding="utf-8")
    assert run("run", str(folder), "-o", str(output), "--select", "ATR003", "--fail-on",
               "info", "--github") == 1  # the English article waives nothing
    doc = read(output)
    assert [(f["article_id"], f.get("suppressed")) for f in doc["findings"]] == [
        ("court", None),
        ("gericht", "waived in the article: die Vermutungen sind die des Gerichts")]
    assert doc["errors"] == []
    results = json.loads((output / "findings.sarif").read_text("utf-8"))["runs"][0]["results"]
    assert [[s["kind"] for s in r.get("suppressions", [])] for r in results] == [
        [], ["inSource"]]
    _, by_code = junit_cases(output)
    assert by_code["ATR003"].find("failure").get("message") == "1 finding(s) of ATR003"
    annotated = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert len(annotated) == 1 and "court.md" in annotated[0]

    (folder / "court.md").write_text(HEARSAY_EN.replace(
        "title: Court\n", "title: Court\naudit-ignore: ATR\naudit-ignore-reason: "
                          "the court's own words\n"), encoding="utf-8")
    assert run("run", str(folder), "-o", str(output), "--select", "ATR003", "--fail-on",
               "info") == 0
    assert [f["suppressed"] for f in read(output)["findings"]] == [
        "waived in the article: the court's own words",
        "waived in the article: die Vermutungen sind die des Gerichts"]
    _, by_code = junit_cases(output)
    assert by_code["ATR003"].find("failure") is None


HEARSAY_DE = "Der Minister soll davon gewusst haben, heißt es."
HEARSAY_EN_TEXT = "The minister is said to have known about it."


def test_records_waive_checks_in_their_audit_ignore_fields(tmp_path):
    output = tmp_path / "r"
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "gericht", "title": "Gericht", "text": HEARSAY_DE, "audit-ignore": "[ATR003]",
         "audit-ignore-reason": "die Vermutungen sind die des Gerichts"},
        {"id": "court", "title": "Court", "text": HEARSAY_EN_TEXT, "language": "en"},
    ]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    assert run("run", str(feed), "-o", str(output), "--select", "ATR003", "--fail-on",
               "info") == 1  # the English record waives nothing
    assert [(f["article_id"], f.get("suppressed")) for f in read(output)["findings"]] == [
        ("gericht", "waived in the article: die Vermutungen sind die des Gerichts"),
        ("court", None)]

    # a CSV column: a family waived in one row, the empty cell of the other waives nothing
    table = tmp_path / "feed.csv"
    pd.DataFrame([
        {"id": "court", "title": "Court", "text": HEARSAY_EN_TEXT, "language": "en",
         "audit-ignore": "ATR, DQ", "audit-ignore-reason": "the court's own words"},
        {"id": "gericht", "title": "Gericht", "text": HEARSAY_DE, "language": "de",
         "audit-ignore": "", "audit-ignore-reason": ""},
    ]).to_csv(table, index=False)
    assert run("run", str(table), "-o", str(output), "--select", "ATR003", "--fail-on",
               "info") == 1
    assert [(f["article_id"], f.get("suppressed")) for f in read(output)["findings"]] == [
        ("court", "waived in the article: the court's own words"), ("gericht", None)]
    assert read(output)["errors"] == []


def test_an_unusable_record_waiver_is_an_input_error_naming_the_record(tmp_path, capsys):
    output = tmp_path / "r"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "gericht", "text": HEARSAY_DE, "audit-ignore": "ATR03",
                                "audit-ignore-reason": "x"}) + "\n", encoding="utf-8")
    assert run("run", str(feed), "-o", str(output), "--select", "ATR003", "--fail-on",
               "never") == 2
    message = ("record [id=gericht]: audit-ignore: unknown check code 'ATR03' "
               "(did you mean ATR003?)")
    doc = read(output)
    assert doc["errors"] == [{"path": str(feed), "check": None, "message": message}]
    assert [f.get("suppressed") for f in doc["findings"]] == [None]
    assert f"feed.jsonl: error: {message}" in capsys.readouterr().out


def test_an_unusable_front_matter_waiver_is_an_input_error_naming_the_closest_code(
        tmp_path, capsys):
    folder, output = tmp_path / "c", tmp_path / "r"
    folder.mkdir()
    (folder / "gericht.md").write_text(WAIVED_DE.replace("[ATR003]", "[ATR03]"),
                                       encoding="utf-8")
    assert run("run", str(folder), "-o", str(output), "--select", "ATR003", "--fail-on",
               "never") == 2
    message = "front matter audit-ignore: unknown check code 'ATR03' (did you mean ATR003?)"
    doc = read(output)
    assert doc["errors"] == [{"path": str(folder / "gericht.md"), "check": None,
                              "message": message}]
    assert [f.get("suppressed") for f in doc["findings"]] == [None]  # it waives nothing
    assert f"gericht.md: error: {message}" in capsys.readouterr().out
    suite, _ = junit_cases(output)
    [inputs] = [case for case in suite if case.get("name") == "inputs"]
    assert inputs.find("error").get("message") == "1 error(s) in what the inputs declare"
    # a waiver of a check that is not selected is known all the same: no error
    (folder / "gericht.md").write_text(WAIVED_DE.replace("[ATR003]", "[CON005]"),
                                       encoding="utf-8")
    assert run("run", str(folder), "-o", str(output), "--select", "ATR003", "--fail-on",
               "never") == 0
    assert read(output)["errors"] == []


def test_a_check_that_skips_itself_or_is_off_by_default_is_a_skipped_case(corpus, tmp_path):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "check_own.py").write_text(
        "import pytest\n\nfrom audit import Finding, check\n\n\n"
        "@check('DQ907')\ndef check_skips(articles):\n    pytest.skip('no German articles')\n\n\n"
        "@check('ATR006', enabled=False)\ndef check_speculation(articles):\n"
        "    yield Finding('bridge', 0, 6, 'speculation')\n", encoding="utf-8")
    output = tmp_path / "r"
    options = ("--checks", str(checks), "--no-shipped-checks", "-o", str(output))
    assert run("run", str(corpus), *options, "--fail-on", "info") == 0
    doc = read(output)
    assert (doc["findings"], doc["errors"]) == ([], [])
    suite, by_code = junit_cases(output)
    assert (suite.get("tests"), suite.get("skipped"), suite.get("errors")) == ("2", "2", "0")
    assert by_code["DQ907"].find("skipped").get("message") == "skipped: no German articles"
    assert by_code["ATR006"].find("skipped").get("message") == (
        'off by default (enable = ["ATR006"] or --select ATR006 runs it)')
    rules = json.loads((output / "findings.sarif").read_text("utf-8"))["runs"][0]["tool"][
        "driver"]["rules"]
    assert {r["id"]: r["defaultConfiguration"].get("enabled", True) for r in rules} == {
        "DQ907": False, "ATR006": False}
    # the near miss: named by its code, the check off by default runs
    assert run("run", str(corpus), *options, "--fail-on", "info", "--select", "ATR006") == 1
    assert [(f["code"], f["excerpt"]) for f in read(output)["findings"]] == [
        ("ATR006", "Bridge")]


def test_a_line_is_cut_to_the_terminal_columns_wide_letters_counting_two():
    from audit.cli import _fit

    assert _fit("Außenminister Lawrow", 20) == "Außenminister Lawrow"  # fits: as it is
    assert _fit("Außenminister Lawrow", 19) == "Außenminister Lawr…"
    assert _fit("東京で会談が行われた", 9) == "東京で会…"  # 4 wide letters, 8 columns, and "…"
    assert _fit("Cafe\u0301 Zürich", 11) == "Cafe\u0301 Zürich"  # the accent takes no column
    assert _fit("erste Zeile\nzweite", 80) == "erste Zeile zweite"


def test_audit_explain_documents_every_option_a_shipped_check_reads(capsys):
    """Every `config.get("name"…)`, `config["name"]` or `"name" in config` in a checks file
    (in the check or a helper it calls) is an option `audit explain` lists."""
    from audit.engine.discovery import discover

    read_in_files = {}
    pattern = re.compile(r"""config(?: or \{\})?\)?(?:\.get\(|\[)\s*["']([\w-]+)["']"""
                         r"""|["']([\w-]+)["'] in \(?config""")
    for path in sorted((ROOT / "checks").glob("check_*.py")):
        names = {a or b for a, b in pattern.findall(path.read_text(encoding="utf-8"))}
        if names:
            read_in_files[path.name] = names
    assert len(read_in_files) >= 6  # the pattern finds them (CON005's min-similarity, …)
    for spec in discover(ROOT / "checks").checks:
        names = read_in_files.get(Path(spec.path).name, set())
        assert names <= set(spec.options), spec.code
        if names:
            assert run("explain", spec.code) == 0
            out = capsys.readouterr().out
            assert all(f"    {name} (default: " in out for name in names), spec.code
