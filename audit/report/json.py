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


def at_records(findings: list[dict], articles) -> list[dict]:
    """Findings of record inputs located at their record, in place.

    A record's text is one field of its file, so a line counted in the text means nothing
    in the file: a finding of a JSON Lines record gets the record's line in the file, one of
    another record file (CSV, JSON, Parquet) no line; both get ``record`` (the record's
    number, which for JSON Lines is its line).
    """
    if "record" not in articles.columns:
        return findings
    records = {
        article_id: (int(record), str(path).endswith(".jsonl"))
        for article_id, path, record in zip(articles.article_id.tolist(),
                                            articles.path.tolist(), articles.record.tolist(),
                                            strict=True)
        if _value(record) is not None
    }
    for finding in findings:
        placed = records.get(finding["article_id"])
        if placed is not None:
            number, by_line = placed
            finding["line"] = number if by_line else None
            finding["record"] = number
        for related in finding["related"]:
            if related["article_id"] in records:
                related["record"] = records[related["article_id"]][0]
    return findings


#: The columns of ``articles`` findings.json lists (not the text: reading it would make a
#: string of every article's text only to leave it out).
_ARTICLE_FIELDS = ("article_id", "path", "title", "published", "language", "status", "reason",
                   "warnings")


def document(result: AuditResult) -> dict:
    """The findings.json document of an audit."""
    articles = [
        {
            "article_id": row.article_id, "path": row.path, "title": _value(row.title),
            "published": _value(row.published), "language": _value(row.language),
            "status": row.status, "reason": _value(row.reason),
            "warnings": list(_value(row.warnings) or []),
        }
        for row in result.tables.articles[list(_ARTICLE_FIELDS)].itertuples(index=False)
    ]
    findings = at_records([f.to_json() for f in result.findings], result.tables.articles)
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


def dumps(doc: dict) -> str:
    """A JSON document as the reports write it (UTF-8 text, one key per line)."""
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def write(path: Path, doc: dict) -> None:
    """Write ``doc`` to ``path`` as :func:`dumps` gives it, a piece at a time: the text of
    a large report is never held whole."""
    with path.open("w", encoding="utf-8") as out:
        json.dump(doc, out, ensure_ascii=False, indent=1)
        out.write("\n")
