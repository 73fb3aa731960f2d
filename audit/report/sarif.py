"""SARIF 2.1.0: findings for code-scanning tools (GitHub code scanning, IDE viewers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from audit import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"info": "note", "warning": "warning", "error": "error"}


def _location(path: str | None, line: int | None, excerpt: str) -> dict:
    physical: dict = {"artifactLocation": {"uri": path or "(corpus)"}}
    if line is not None:
        physical["region"] = {"startLine": line, "snippet": {"text": excerpt}}
    return {"physicalLocation": physical}


def sarif(document: Mapping, checks: Sequence[Mapping]) -> dict:
    """The SARIF log of a findings.json document; ``checks`` as from ``CheckSpec.describe``."""
    rules = [
        {
            "id": spec["code"],
            "name": spec["check"],
            "shortDescription": {"text": spec["title"]},
            "fullDescription": {"text": spec["what"] or spec["title"]},
            "help": {"text": spec["why"] or spec["title"]},
            "defaultConfiguration": {"level": LEVELS[spec["severity"]]},
        }
        for spec in checks
    ]
    paths = {a["article_id"]: a["path"] for a in document["articles"]}
    results = []
    for finding in document["findings"]:
        result = {
            "ruleId": finding["code"],
            "level": LEVELS[finding["severity"]],
            "message": {"text": finding["message"]},
            "locations": [_location(finding["path"], finding["line"], finding["excerpt"])],
            "partialFingerprints": {"auditFingerprint/v1": finding["fingerprint"]},
        }
        if finding["related"]:
            result["relatedLocations"] = [
                {"id": i, **_location(paths.get(r["article_id"]), None, r["excerpt"]),
                 "message": {"text": r["excerpt"]}}
                for i, r in enumerate(finding["related"])
            ]
        results.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{e['path']}: {e['message']}"}}
        for e in document["errors"]
    ]
    run = {
        "tool": {"driver": {"name": "audit", "version": __version__, "rules": rules}},
        "results": results,
        "invocations": [{"executionSuccessful": not document["errors"],
                         "toolExecutionNotifications": notifications}],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
