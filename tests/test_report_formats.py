"""SARIF, JUnit and GitHub annotations written from the findings.json document."""

import json
from xml.etree import ElementTree as ET

from audit.report.github import annotations
from audit.report.junit import junit
from audit.report.sarif import sarif

CHECKS = [
    {"code": "TMP002", "severity": "warning", "title": "Weekday does not match its date",
     "what": "Compares weekdays with dates.", "why": "Wrong weekdays betray errors.",
     "flagged": "", "clean": "", "check": "check_weekday_date", "path": "checks/x.py"},
    {"code": "DQ001", "severity": "info", "title": "Boilerplate", "what": "", "why": "",
     "flagged": "", "clean": "", "check": "check_boilerplate", "path": "checks/y.py"},
]
DOCUMENT = {
    "version": 1,
    "articles": [{"article_id": "a", "path": "corpus/a, b.md", "title": "T", "status": "audited"}],
    "findings": [{
        "code": "TMP002", "severity": "warning", "article_id": "a", "path": "corpus/a, b.md",
        "start": 20, "end": 40, "line": 6, "excerpt": "Freitag (15.02.2025)",
        "message": "‘Freitag’ but 15.02.2025 is a Saturday\nsecond line 100%",
        "related": [{"article_id": "a", "start": 0, "end": 4, "excerpt": "Tele"}],
        "fingerprint": "0123456789abcdef",
    }],
    "errors": [{"path": "corpus/bad.txt", "check": None, "message": "failed: not valid UTF-8"}],
    "summary": {"articles": 1, "findings": {"error": 0, "warning": 1, "info": 0}},
}


def test_sarif_has_rules_results_fingerprints_and_levels():
    log = sarif(DOCUMENT, CHECKS)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["TMP002", "DQ001"]
    assert run["tool"]["driver"]["rules"][1]["defaultConfiguration"] == {"level": "note"}
    [result] = run["results"]
    assert result["ruleId"] == "TMP002" and result["level"] == "warning"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 6, "snippet": {"text": "Freitag (15.02.2025)"}}
    assert result["partialFingerprints"] == {"auditFingerprint/v1": "0123456789abcdef"}
    assert result["relatedLocations"][0]["message"] == {"text": "Tele"}
    assert run["invocations"][0]["executionSuccessful"] is False
    json.dumps(log)  # serialisable


def test_junit_fails_a_check_only_at_or_above_fail_on():
    failing = ET.fromstring(junit(DOCUMENT, CHECKS, "warning"))
    assert failing.get("failures") == "1"
    [case] = [c for c in failing if c.get("name").startswith("TMP002")]
    assert case.find("failure").get("message") == "1 finding(s) of TMP002"
    passing = ET.fromstring(junit(DOCUMENT, CHECKS, "error"))
    assert passing.get("failures") == "0"
    [case] = [c for c in passing if c.get("name").startswith("TMP002")]
    assert "Freitag (15.02.2025)" in case.find("system-out").text


def test_github_annotations_escape_newlines_percent_and_property_separators():
    lines = list(annotations(DOCUMENT))
    assert lines[0] == (
        "::warning file=corpus/a%2C b.md,line=6,title=TMP002 Freitag (15.02.2025)"
        "::‘Freitag’ but 15.02.2025 is a Saturday%0Asecond line 100%25")
    assert lines[1] == "::error file=corpus/bad.txt::failed: not valid UTF-8"
