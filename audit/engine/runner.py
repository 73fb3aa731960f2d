"""Running checks: inject tables and fixtures by parameter name, collect findings.

One check failing (an exception) becomes an error of that check; the others still run. A
plain ``assert`` in a check becomes a finding carrying the assertion's message.
"""

from __future__ import annotations

import bisect
import re
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from audit.engine.discovery import Suite
from audit.engine.registry import CheckSpec
from audit.findings import Finding, ReportedFinding, Span, assertion_finding, fingerprint
from audit.tables import TABLE_NAMES, Tables

EXCERPT_LIMIT = 300
_NEWLINE = re.compile("\n")


class CheckError(Exception):
    """A check could not run or returned something that is not a finding."""


@dataclass
class Outcome:
    """What running one check gave: its findings and, if it failed, the error."""

    spec: CheckSpec
    findings: list[ReportedFinding] = field(default_factory=list)
    error: dict | None = None


class _Articles:
    """Look-ups from article id to text, path and line numbers."""

    def __init__(self, articles: pd.DataFrame):
        self._rows = {
            article_id: (text, path, int(line_offset or 0))
            for article_id, text, path, line_offset in zip(
                articles.article_id.tolist(), articles.text.tolist(), articles.path.tolist(),
                articles.line_offset.tolist(), strict=True)
        }
        self._newlines: dict[str, list[int]] = {}
        self.order = {article_id: i for i, article_id in enumerate(self._rows)}

    def check_span(self, article_id: str, start: int, end: int) -> str:
        if article_id not in self._rows:
            raise CheckError(f"finding names unknown article {article_id!r}")
        text = self._rows[article_id][0]
        if not (0 <= start <= end <= len(text)):
            raise CheckError(
                f"finding span {start}-{end} lies outside article {article_id!r} "
                f"({len(text)} characters)"
            )
        return text[start:end]

    def path(self, article_id: str) -> str:
        return self._rows[article_id][1]

    def line(self, article_id: str, offset: int) -> int:
        text, _, line_offset = self._rows[article_id]
        if article_id not in self._newlines:
            self._newlines[article_id] = [m.start() for m in _NEWLINE.finditer(text)]
        return line_offset + bisect.bisect_left(self._newlines[article_id], offset) + 1


def _excerpt(text: str) -> str:
    """``text`` with its white space folded, shortened to ``EXCERPT_LIMIT`` characters.

    A long span (a whole article) is folded from its start only as far as the excerpt
    needs: the folded start of a text begins its folded whole."""
    if len(text) > 2 * EXCERPT_LIMIT:
        head = " ".join(text[: 2 * EXCERPT_LIMIT].split())
        if len(head) > EXCERPT_LIMIT:
            return head[: EXCERPT_LIMIT - 1] + "…"
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LIMIT else text[: EXCERPT_LIMIT - 1] + "…"


class Runner:
    """Runs checks on one set of tables, computing each fixture once."""

    def __init__(self, tables: Tables, suite: Suite, options: dict[str, dict] | None = None):
        audited = tables.articles[tables.articles.status == "audited"].reset_index(drop=True)
        self.tables = Tables(audited, tables.sentences, tables.timexes, tables.entities,
                             tables.assertions)
        self.suite = suite
        self.options = options or {}
        self.articles = _Articles(audited)
        self._cache: dict[str, Any] = {}

    # -- injection -------------------------------------------------------------------------
    def _provide(self, name: str, spec: CheckSpec, resolving: tuple[str, ...] = ()) -> Any:
        if name in TABLE_NAMES:
            return self.tables[name]
        if name == "corpus":
            return self.tables
        if name == "config":
            return dict(self.options.get(spec.code, {}))
        if name in self._cache:
            return self._cache[name]
        fixture = self.suite.fixtures.get(name)
        if fixture is None:
            known = ", ".join([*TABLE_NAMES, "corpus", "config", *sorted(self.suite.fixtures)])
            raise CheckError(f"{spec.name} asks for {name!r}, which is not a table or fixture "
                             f"(known: {known})")
        if name in resolving:
            raise CheckError(f"fixture cycle: {' → '.join((*resolving, name))}")
        import inspect

        arguments = {
            param: self._provide(param, spec, (*resolving, name))
            for param in inspect.signature(fixture).parameters
        }
        self._cache[name] = fixture(**arguments)
        return self._cache[name]

    # -- running ---------------------------------------------------------------------------
    def run(self, spec: CheckSpec) -> Outcome:
        """Run one check; never raises."""
        outcome = Outcome(spec)
        produced: list[Finding] = []
        try:
            arguments = {name: self._provide(name, spec) for name in spec.params}
            result = spec.func(**arguments)
            for item in _as_iterable(result):
                produced.append(_as_finding(item, spec))
        except AssertionError as exc:
            produced.append(assertion_finding(exc, spec.path, _assert_message(exc, spec)))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # (sys.exit(), pytest.skip(): one check cannot end all)
            outcome.error = _error(spec, exc)
        try:
            outcome.findings = self.resolve(spec, produced)
        except CheckError as exc:
            outcome.error = outcome.error or {"path": spec.path, "check": spec.code,
                                              "message": f"{spec.name}: {exc}"}
        return outcome

    def run_all(self, specs: Iterable[CheckSpec],
                progress: Callable[[CheckSpec], None] | None = None) -> list[Outcome]:
        outcomes = []
        for spec in specs:
            if progress:
                progress(spec)
            outcomes.append(self.run(spec))
        return outcomes

    def resolve(self, spec: CheckSpec, produced: list[Finding]) -> list[ReportedFinding]:
        """Turn a check's findings into reported findings (path, line, excerpt, fingerprint)."""
        reported = []
        for finding in produced:
            article_id = finding.article_id
            excerpt, path, line = "", None, None
            if article_id is not None:
                start, end = finding.start, finding.end
                if start is None or end is None:
                    self.articles.check_span(article_id, 0, 0)
                else:
                    excerpt = _excerpt(self.articles.check_span(article_id, start, end))
                    line = self.articles.line(article_id, start)
                path = self.articles.path(article_id)
            related = []
            for span in finding.related:
                text = self.articles.check_span(span.article_id, span.start, span.end)
                related.append({"article_id": span.article_id, "start": span.start,
                                "end": span.end, "excerpt": _excerpt(text)})
            reported.append(ReportedFinding(
                code=spec.code, severity=finding.severity or spec.severity,
                article_id=article_id, path=path, start=finding.start, end=finding.end,
                line=line, excerpt=excerpt, message=finding.message, related=related,
                check=spec.name,
            ))
        reported.sort(key=lambda f: (self.articles.order.get(f.article_id, -1), f.start or 0,
                                     f.end or 0))
        seen: Counter = Counter()
        for finding in reported:
            key = (finding.article_id, " ".join(finding.excerpt.split()).casefold())
            finding.fingerprint = fingerprint(spec.code, finding.article_id, finding.excerpt,
                                              seen[key])
            seen[key] += 1
        return reported


def _as_iterable(result: Any) -> Iterable:
    if result is None:
        return ()
    if isinstance(result, Finding):
        return (result,)
    if isinstance(result, (str, bytes, dict)) or not hasattr(result, "__iter__"):
        raise CheckError(f"a check returns or yields Finding objects, not {type(result).__name__}")
    return result


def _as_finding(item: Any, spec: CheckSpec) -> Finding:
    if isinstance(item, Finding):
        return item
    raise CheckError(f"{spec.name} yielded a {type(item).__name__}; a check yields Finding "
                     "objects (from audit import Finding)")


def _where(exc: BaseException, spec: CheckSpec) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == spec.path]
    return f"{spec.path}:{frames[-1].lineno}" if frames else spec.path


def _assert_message(exc: AssertionError, spec: CheckSpec) -> str:
    message = str(exc).strip()
    return message or f"assertion failed in {spec.name} ({_where(exc, spec)})"


def _error(spec: CheckSpec, exc: BaseException) -> dict:
    if isinstance(exc, SystemExit):
        what = f"called sys.exit({exc.code!r})"
    elif type(exc).__name__ == "Skipped":  # pytest.skip()
        what = f"skipped: {exc}"
    else:
        what = f"raised {type(exc).__name__}: {exc}"
    return {"path": spec.path, "check": spec.code,
            "message": f"{spec.name} {what} ({_where(exc, spec)})"}


__all__ = ["Runner", "Outcome", "CheckError", "Span"]
