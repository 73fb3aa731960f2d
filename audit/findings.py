"""Findings: what a check reports, and the resolved form written to the reports.

A check yields :class:`Finding` objects naming an article and a character span. The engine
resolves each into a :class:`ReportedFinding` with the check's code and severity, the path,
line and excerpt, and a fingerprint that stays the same while the flagged text stays the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
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


@dataclass
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
