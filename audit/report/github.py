"""GitHub Actions workflow commands: one annotation per finding in the pull-request view."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

LEVELS = {"info": "notice", "warning": "warning", "error": "error"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(document: Mapping) -> Iterator[str]:
    """``::warning file=…,line=…,title=…::message`` lines for every finding and error."""
    for finding in document["findings"]:
        where = ""
        if finding["path"]:
            where = f"file={_property(finding['path'])}"
            if finding["line"] is not None:
                where += f",line={finding['line']}"
            where += ","
        title = _property(f"{finding['code']} {finding['excerpt'][:60]}".strip())
        yield f"::{LEVELS[finding['severity']]} {where}title={title}::{_data(finding['message'])}"
    for error in document["errors"]:
        yield f"::error file={_property(error['path'])}::{_data(error['message'])}"
