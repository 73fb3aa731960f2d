"""SARIF 2.1.0: findings for code-scanning tools (GitHub code scanning, IDE viewers).

Locations carry the line and the columns of the flagged text (UTF-16 code units, SARIF's
default column kind) where the text is a file's own lines; a record of a JSON Lines file is
located at its line, other records by a logical location naming the record. Findings that a
baseline or a waiver accepts are results with a ``suppressions`` entry, so code scanning
shows them as dismissed, as the exit code treats them (an article's own front-matter
waiver as an ``inSource`` suppression, the configuration's and the baseline as ``external``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import PurePath
from urllib.parse import quote

from audit import __version__
from audit.baseline import IN_ARTICLE
from audit.findings import region

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"info": "note", "warning": "warning", "error": "error"}
SOURCE_ROOT = "%SRCROOT%"


def artifact_location(path: str) -> dict:
    """An ``artifactLocation``: a percent-encoded URI, relative to the source root unless
    the path is absolute (then a ``file:`` URI)."""
    return dict(_artifact_location(path))


@functools.lru_cache(maxsize=256)
def _artifact_location(path: str) -> dict:
    """:func:`artifact_location`, made once for each of the few paths of a corpus's many
    findings (a record file's findings all have one path)."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix(), safe="/")}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": SOURCE_ROOT}


def _region(span: Mapping, texts: Mapping[str, str], excerpt: str) -> dict | None:
    line, start, end = span.get("line"), span.get("start"), span.get("end")
    text = texts.get(span.get("article_id"))
    if line is None:
        return None
    if span.get("record") is None and text is not None and start is not None \
            and end is not None and 0 <= start <= end <= len(text):
        found = region(text, start, end, line)
    else:
        found = {"startLine": line}
    if excerpt:
        found["snippet"] = {"text": excerpt}
    return found


def _location(span: Mapping, path: str | None, texts: Mapping[str, str]) -> dict:
    """A result location of ``span`` (a finding, or a span related to one): the file and
    region, or the check file for a corpus finding."""
    if not path:
        return {"logicalLocations": [{"name": "corpus", "kind": "module"}]}
    physical: dict = {"artifactLocation": artifact_location(path)}
    found = _region(span, texts, span.get("excerpt", ""))
    if found is not None:
        physical["region"] = found
    location: dict = {"physicalLocation": physical}
    if span.get("record") is not None:
        location["logicalLocations"] = [{
            "name": str(span["article_id"]), "kind": "object",
            "fullyQualifiedName": f"{path}#record={span['record']}",
        }]
    return location


def _placed(related: Mapping, texts: Mapping[str, str], first_lines: Mapping[str, int],
            paths: Mapping[str, str]) -> Mapping:
    """A related span with the line it starts on: counted in its article's text from the
    article's first line in its file, or its record's line in a JSON Lines file."""
    article_id, start = related["article_id"], related.get("start")
    if related.get("record") is not None:
        by_line = str(paths.get(article_id, "")).endswith(".jsonl")
        return {**related, "line": related["record"] if by_line else None}
    text = texts.get(article_id)
    if text is None or article_id not in first_lines or start is None \
            or not 0 <= start <= len(text):
        return related
    return {**related, "line": first_lines[article_id] + text.count("\n", 0, start) + 1}


def _suppressions(finding: Mapping) -> list[dict]:
    reason = finding.get("suppressed")
    if not reason:
        return []
    justification = "in the baseline (an earlier findings.json)" if reason == "baseline" \
        else reason
    # an article's own front-matter waiver sits in the artifact itself
    kind = "inSource" if reason.startswith(IN_ARTICLE) else "external"
    return [{"kind": kind, "status": "accepted", "justification": justification}]


def sarif(document: Mapping, checks: Sequence[Mapping], texts: Mapping[str, str] | None = None,
          disabled: Sequence[Mapping] = (), first_lines: Mapping[str, int] | None = None,
          *, streamed: bool = False) -> dict:
    """The SARIF log of a findings.json document.

    ``checks`` (as from ``CheckSpec.describe``) are the rules that ran, ``disabled`` the
    ones the configuration turned off (rules with ``enabled: false``); ``texts`` maps
    article ids to their text, for the columns; ``first_lines`` maps them to the number of
    lines before the text in its file (front matter), for the lines of related spans.
    ``streamed``: the results are an :class:`audit.report.json.Streamed` array, made as
    the log is written (a large corpus's results are never all held), not a list.
    """
    texts = texts or {}
    first_lines = first_lines or {}
    rules = []
    for spec, enabled in [*((c, True) for c in checks), *((c, False) for c in disabled)]:
        configuration: dict = {"level": LEVELS[spec["severity"]]}
        if not enabled:
            configuration["enabled"] = False
        rule = {
            "id": spec["code"],
            "name": spec["check"],
            "shortDescription": {"text": spec["title"]},
            "fullDescription": {"text": spec["what"] or spec["title"]},
            "help": {"text": spec["why"] or spec["title"]},
            "defaultConfiguration": configuration,
        }
        rules.append(rule)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    check_files = {spec["code"]: spec for spec in checks}
    paths = {a["article_id"]: a["path"] for a in document["articles"]}

    def results() -> Iterator[dict]:
        for finding in document["findings"]:
            yield _result(finding, index, check_files, texts, first_lines, paths)

    if streamed:
        from audit.report.json import Streamed

        made: Sequence[dict] | Streamed = Streamed(results)
    else:
        made = list(results())
    notifications = [
        {"level": "error", "message": {"text": f"{e['path']}: {e['message']}"}}
        for e in document["errors"]
    ]
    run = {
        "tool": {"driver": {"name": "audit", "version": __version__, "rules": rules}},
        "originalUriBaseIds": {SOURCE_ROOT: {"description": {
            "text": "the folder the audit ran in; relative paths start there"}}},
        "columnKind": "utf16CodeUnits",
        "results": made,
        "invocations": [{"executionSuccessful": not document["errors"],
                         "toolExecutionNotifications": notifications}],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _result(finding: Mapping, index: Mapping[str, int], check_files: Mapping[str, Mapping],
            texts: Mapping[str, str], first_lines: Mapping[str, int],
            paths: Mapping[str, str]) -> dict:
    """The SARIF result of one finding."""
    result: dict = {
        "ruleId": finding["code"],
        "level": LEVELS[finding["severity"]],
        "message": {"text": finding["message"]},
        "locations": [_location(finding, finding["path"], texts)],
        "partialFingerprints": {"auditFingerprint/v1": finding["fingerprint"]},
    }
    if finding["code"] in index:
        result["ruleIndex"] = index[finding["code"]]
    if not finding["path"] and finding["code"] in check_files:
        spec = check_files[finding["code"]]  # about the corpus: point at the check
        if spec.get("path"):
            physical: dict = {"artifactLocation": artifact_location(spec["path"])}
            if spec.get("line"):
                physical["region"] = {"startLine": spec["line"]}
            result["locations"] = [{"physicalLocation": physical}]
    suppressions = _suppressions(finding)
    if suppressions:
        result["suppressions"] = suppressions
    if finding["related"]:
        result["relatedLocations"] = [
            {"id": i, **_location(_placed(r, texts, first_lines, paths),
                                  paths.get(r["article_id"]), texts),
             "message": {"text": r["excerpt"] or "(related)"}}
            for i, r in enumerate(finding["related"])
        ]
    return result
