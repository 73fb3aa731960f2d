"""GitHub Actions workflow commands: annotations in the pull-request view.

GitHub shows only a few annotations of each level per step, so the most severe come first,
at most ``PER_LEVEL`` of each level, and one summary notice says how many more there are and
where to read them. Findings a baseline or waiver accepts are not annotated (they do not
fail the run either).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from audit.findings import region, severity_rank

LEVELS = {"info": "notice", "warning": "warning", "error": "error"}
#: GitHub shows 10 annotations of each level per step
PER_LEVEL = 10


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _where(finding: Mapping, texts: Mapping[str, str]) -> str:
    if not finding["path"]:
        return ""
    where = f"file={_property(finding['path'])}"
    line = finding["line"]
    if line is None:
        return where + ","
    text = texts.get(finding["article_id"])
    start, end = finding["start"], finding["end"]
    if finding.get("record") is None and text is not None and start is not None \
            and end is not None and 0 <= start <= end <= len(text):
        span = region(text, start, end, line)
        where += f",line={span['startLine']},endLine={span['endLine']}"
        if span["startLine"] == span["endLine"]:  # GitHub reads columns on one line only
            where += f",col={span['startColumn']},endColumn={span['endColumn']}"
    else:
        where += f",line={line}"
    return where + ","


def annotations(document: Mapping, texts: Mapping[str, str] | None = None,
                report: str | None = None) -> Iterator[str]:
    """``::warning file=…,line=…,col=…,title=…::message`` lines, errors first.

    ``texts`` maps article ids to their text (for the columns); ``report`` names the report
    the summary line points to.
    """
    texts = texts or {}
    lines: list[tuple[str, str]] = [
        ("error", f"::error file={_property(error['path'])}::{_data(error['message'])}")
        for error in document["errors"]
    ]
    findings = sorted((f for f in document["findings"] if not f.get("suppressed")),
                      key=lambda f: -severity_rank(f["severity"]))
    for finding in findings:
        level = LEVELS[finding["severity"]]
        title = _property(f"{finding['code']} {finding['excerpt'][:60]}".strip())
        lines.append((level, f"::{level} {_where(finding, texts)}title={title}::"
                             f"{_data(finding['message'])}"))
    shown: dict[str, int] = {}
    left: dict[str, int] = {}
    for level, line in lines:
        if shown.get(level, 0) < PER_LEVEL:
            shown[level] = shown.get(level, 0) + 1
            yield line
        else:
            left[level] = left.get(level, 0) + 1
    if left:
        counts = ", ".join(f"{left[level]} {level}" for level in ("error", "warning", "notice")
                           if level in left)
        where = f"; all of them are in {report}" if report else ""
        yield (f"::notice title=audit::{sum(left.values())} more not annotated "
               f"({_data(counts)}){_data(where)}")
