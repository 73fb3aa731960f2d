"""Findings: what a check reports, and the resolved form written to the reports.

A check yields :class:`Finding` objects naming an article and a character span. The engine
resolves each into a :class:`ReportedFinding` with the check's code and severity, the path,
line and excerpt, and a fingerprint that stays the same while the flagged text stays the same.
"""

from __future__ import annotations

import hashlib
import numbers
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for error."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Span:
    """A character span of one article's text: ``text[start:end]``."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One problem found by a check.

    ``article_id``/``start``/``end`` locate it (all ``None`` for a corpus-wide finding);
    ``related`` lists other spans that take part (the other spelling, the date it
    contradicts). ``severity`` overrides the check's default when given.
    """

    article_id: str | None
    start: int | None
    end: int | None
    message: str
    related: tuple[Span, ...] = ()
    severity: Severity | None = None

    @classmethod
    def at(cls, row: Any, message: str, *, related=(), severity: Severity | None = None,
           start: str = "start", end: str = "end") -> Finding:
        """A finding at a table row (anything with ``article_id``, ``start`` and ``end``)."""
        return cls(
            article_id=str(row.article_id),
            start=int(getattr(row, start)),
            end=int(getattr(row, end)),
            message=message,
            related=tuple(related),
            severity=severity,
        )


@dataclass(slots=True)
class ReportedFinding:
    """A finding as the reports show it (the findings.json contract, PRODUCT.md §6)."""

    code: str
    severity: Severity
    article_id: str | None
    path: str | None
    start: int | None
    end: int | None
    line: int | None
    excerpt: str
    message: str
    related: list[dict] = field(default_factory=list)
    fingerprint: str = ""
    check: str = ""
    #: why the finding does not count toward the exit code ("baseline", "waived: …")
    suppressed: str | None = None

    def to_json(self) -> dict:
        extension = {"suppressed": self.suppressed} if self.suppressed else {}
        return {
            "code": self.code,
            "severity": self.severity,
            "article_id": self.article_id,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "excerpt": self.excerpt,
            "message": self.message,
            "related": self.related,
            "fingerprint": self.fingerprint,
            **extension,
        }


def fingerprint(code: str, article_id: str | None, excerpt: str, occurrence: int) -> str:
    """A stable id: the code, the article, the flagged words and which occurrence of them.

    Offsets are left out on purpose, so that editing another paragraph does not change the
    fingerprints a baseline or waiver refers to.
    """
    words = " ".join(excerpt.split()).casefold()
    key = f"{code}\x1f{article_id or ''}\x1f{words}\x1f{occurrence}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def location(finding: Mapping) -> str:
    """Where a finding is, as the text outputs print it.

    ``path:line`` for a file, ``path:line [id=…]`` for a record of a JSON Lines file (its line
    in the file), ``path record N [id=…]`` for a record of another file, ``(corpus)`` for a
    finding about the corpus as a whole.
    """
    path, line = finding.get("path"), finding.get("line")
    if not path:
        return "(corpus)"
    where = f"{path}:{line}" if line is not None else path
    if finding.get("record") is not None:
        if line is None:
            where += f" record {finding['record']}"
        where += f" [id={finding['article_id']}]"
    return where


def _utf16(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (SARIF's and GitHub's column unit)."""
    return len(text.encode("utf-16-le")) // 2


def region(text: str, start: int, end: int, first_line: int) -> dict[str, int]:
    """The line/column region of ``text[start:end]``, 1-based, columns in UTF-16 code units.

    ``first_line`` is the line of ``start`` in its file (front matter counted), so the end
    line is counted from it; a column is counted from the start of its line in ``text``.
    """
    start_of_line = text.rfind("\n", 0, start) + 1
    end_of_line = text.rfind("\n", 0, end) + 1
    return {
        "startLine": first_line,
        "startColumn": _utf16(text[start_of_line:start]) + 1,
        "endLine": first_line + text.count("\n", start, end),
        "endColumn": _utf16(text[end_of_line:end]) + 1,
    }


def assertion_finding(exc: AssertionError, path: str, message: str) -> Finding:
    """The finding a failed ``assert`` in a check becomes, located where it can be.

    A check that asserts inside a loop over rows (``for row in sentences.itertuples():
    assert …``) was looking at one article when the assertion failed: the innermost frame
    of the check's own file is searched for a local value with a string ``article_id`` (a
    row tuple or Series), newest first, and its ``start``/``end`` are used when it has them.
    An assert about the corpus as a whole stays a corpus finding.
    """
    own = Path(path).resolve()
    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)
              if Path(frame.f_code.co_filename).resolve() == own]
    if frames:
        for value in reversed(list(frames[-1].f_locals.values())):
            article_id = getattr(value, "article_id", None)
            if not isinstance(article_id, str):
                continue
            start, end = getattr(value, "start", None), getattr(value, "end", None)
            if (isinstance(start, numbers.Integral) and isinstance(end, numbers.Integral)
                    and 0 <= start <= end):
                return Finding(article_id, int(start), int(end), message)
            return Finding(article_id, None, None, message)
    return Finding(None, None, None, message)
