"""findings.json: the machine-readable report (the contract of PRODUCT.md §6)."""

from __future__ import annotations

import json
from pathlib import Path

from audit.findings import SEVERITIES
from audit.pipeline import AuditResult

VERSION = 1


def _value(value):
    """A JSON-ready value: pandas' missing markers become None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def document(result: AuditResult) -> dict:
    """The findings.json document of an audit."""
    articles = [
        {
            "article_id": row.article_id, "path": row.path, "title": _value(row.title),
            "published": _value(row.published), "language": _value(row.language),
            "status": row.status, "reason": _value(row.reason),
            "warnings": list(_value(row.warnings) or []),
        }
        for row in result.tables.articles.itertuples(index=False)
    ]
    findings = [f.to_json() for f in result.findings]
    counts = {severity: 0 for severity in reversed(SEVERITIES)}
    for finding in findings:
        counts[finding["severity"]] += 1
    doc = {
        "version": VERSION,
        "articles": articles,
        "findings": findings,
        "errors": result.errors,
    }
    if result.expectations:  # only where checks/ has Great Expectations suites
        doc["expectations"] = result.expectations
    doc["summary"] = {"articles": len(articles), "findings": counts}
    return doc


def write(path: Path, doc: dict) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
