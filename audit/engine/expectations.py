"""Declarative checks over the tables: Great Expectations suites, one check per file.

A suite file is a TOML file in an ``expectations/`` folder under the checks folder::

    id = "DQ101"
    severity = "warning"
    title = "Articles carry a publication date"
    table = "articles"                  # articles, sentences, timexes, entities, assertions
    what = "…"; why = "…"; flagged = "…"; clean = "…"

    [[expectations]]
    type = "expect_column_values_to_not_be_null"   # any Great Expectations expectation
    column = "published"                           # the other keys are its arguments
    message = "the article has no publication date"

Optional table shaping, applied before the expectations run:

- ``articles = ["published", …]`` adds those columns of the article to each row (for
  ``published`` also ``published_latest``, the last day the publication date allows, as
  ``YYYY-MM-DD``);
- ``[per-article.NAME]`` turns the table into one row per article, with a column NAME that
  is ``count = true`` (the article's rows) or ``column = "…"`` and ``share-of = "…"`` (the
  share of its rows where the column has that value).

The suite runs through Great Expectations' pandas data source in an ephemeral context;
Great Expectations is imported only when a suite runs. Every row an expectation rejects
becomes a finding at that row (its article, and its span where the table has one); the
result of every expectation is kept for the reports.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from audit.engine.registry import CheckSpec
from audit.engine.rules import (
    RuleError,
    RuleSource,
    documentation,
    field_string,
    read_header,
)
from audit.findings import Finding
from audit.tables import TABLE_NAMES

_FIELDS = {"id", "severity", "title", "table", "articles", "per-article", "expectations",
           "what", "why", "flagged", "clean"}
_EXPECTATION = re.compile(r"^expect_[a-z0-9_]+$")
_NOT_ARGUMENTS = {"type", "message"}
#: How many offending rows of one expectation become findings; the result counts them all.
FINDINGS_PER_EXPECTATION = 200
#: Free-text columns left out of the table Great Expectations gets unless an expectation
#: names them (or the table's columns themselves): it fingerprints every batch by hashing
#: all its values, which for the articles' text is a pass over the whole corpus.
_FREE_TEXT = ("text",)
_TABLE_SHAPE = re.compile(r"^expect_table_column")


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite: its type, arguments, message and the line it starts on."""

    type: str
    arguments: dict
    message: str
    line: int | None

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.arguments.items())
        return f"{self.type}({shown})"


@dataclass
class Suite:
    """A parsed suite file."""

    code: str
    severity: str
    title: str
    table: str
    article_columns: tuple[str, ...]
    per_article: dict[str, dict]
    expectations: list[Expectation]
    path: str
    doc: dict[str, str]
    results: list[dict] = field(default_factory=list)

    # -- the table the expectations see ----------------------------------------------------
    def frame(self, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
        table = tables[self.table].copy()
        if self.article_columns:
            articles = tables["articles"]
            extra = articles[["article_id", *self.article_columns]].copy()
            if "published" in self.article_columns:
                extra["published_latest"] = [_latest(p) for p in extra.published]
            table = table.merge(extra, on="article_id", how="left",
                                suffixes=("", "_article"))
        if self.per_article:
            groups = table.groupby("article_id", sort=False)
            shaped = pd.DataFrame({"article_id": list(groups.groups)})
            for name, spec in self.per_article.items():
                if spec.get("count"):
                    values = groups.size()
                else:
                    values = groups[spec["column"]].agg(lambda c, v=spec["share-of"]:
                                                        float((c == v).mean()))
                shaped[name] = shaped.article_id.map(values)
            table = shaped
        for column in table.columns[table.dtypes == "object"]:
            # dates as ISO strings, so that they compare with each other and with strings
            dated = table[column].map(lambda v: isinstance(v, dt.date))
            if dated.any():
                table[column] = table[column].where(~dated, table[column].map(
                    lambda v: v.isoformat() if isinstance(v, dt.date) else v))
        return table.reset_index(drop=True)

    def _unread_text_dropped(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` without the :data:`_FREE_TEXT` columns no expectation reads."""
        if any(_TABLE_SHAPE.match(e.type) for e in self.expectations):
            return frame
        named = " ".join(str(value) for e in self.expectations for value in e.arguments.values())
        unread = [column for column in _FREE_TEXT
                  if column in frame and not re.search(rf"\b{column}\b", named)]
        return frame.drop(columns=unread) if unread else frame

    # -- running ---------------------------------------------------------------------------
    def run(self, tables: dict[str, pd.DataFrame]) -> list[Finding]:
        """Validate the table; keep each expectation's result and return the findings."""
        self.results = []
        frame = self.frame(tables)
        index_columns = [c for c in ("article_id", "start", "end") if c in frame]
        results = _validate(self, self._unread_text_dropped(frame), index_columns)
        findings: list[Finding] = []
        first_lines = {str(a): len(t.split("\n", 1)[0].rstrip()) for a, t in
                       zip(tables["articles"].article_id, tables["articles"].text, strict=True)}
        for expectation, result in zip(self.expectations, results, strict=True):
            failure = (result.exception_info or {}).get("exception_message") \
                if isinstance(result.exception_info, dict) else None
            if failure:
                raise RuleError(self.path, expectation.line, expectation.type,
                                f"Great Expectations could not evaluate it: {failure}")
            outcome = result.result or {}
            offending = outcome.get("unexpected_index_list") or []
            self.results.append({
                "code": self.code, "suite": self.path, "table": self.table,
                "expectation": expectation.describe(), "success": bool(result.success),
                "element_count": outcome.get("element_count"),
                "unexpected_count": outcome.get("unexpected_count"),
                "unexpected_percent": _round(outcome.get("unexpected_percent")),
                "observed_value": _plain(outcome.get("observed_value")),
                "articles": sorted({str(row["article_id"]) for row in offending
                                    if isinstance(row, dict) and "article_id" in row}),
            })
            if result.success:
                continue
            if not offending:  # a table-wide expectation: no row to point at
                observed = outcome.get("observed_value")
                findings.append(Finding(None, None, None,
                                        f"{expectation.message} (observed {_plain(observed)!r})"
                                        if observed is not None else expectation.message))
            for row in offending[:FINDINGS_PER_EXPECTATION]:
                findings.append(_finding(row, expectation, first_lines))
        return findings

    def spec(self) -> CheckSpec:
        suite = self

        def check_suite(articles, sentences, timexes, entities, assertions):
            return suite.run({"articles": articles, "sentences": sentences,
                              "timexes": timexes, "entities": entities,
                              "assertions": assertions})

        check_suite.__name__ = check_suite.__qualname__ = Path(self.path).stem
        check_suite.expectation_suite = self  # the reports read the results from here
        return CheckSpec(
            name=Path(self.path).stem, code=self.code, severity=self.severity,
            title=self.title, what=self.doc.get("what", ""), why=self.doc.get("why", ""),
            flagged=self.doc.get("flagged", ""), clean=self.doc.get("clean", ""),
            func=check_suite, path=self.path,
            params=("articles", "sentences", "timexes", "entities", "assertions"),
            prepare=import_gx,
        )


def _latest(published) -> str | None:
    from audit.ingest.published import parse_published

    try:
        date = parse_published(published)
    except ValueError:
        return None
    return date.latest.isoformat() if date else None


def _round(value):
    return None if value is None else round(float(value), 2)


def _plain(value):
    """A JSON-ready observed value."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _finding(row: dict, expectation: Expectation, first_lines: dict[str, int]) -> Finding:
    """A finding at the rejected row: its span, or for a row of a whole article (articles, a
    per-article table) the article's first line."""
    article_id = row.get("article_id")
    start, end = row.get("start"), row.get("end")
    values = ", ".join(f"{k}={_shown(v)}" for k, v in row.items()
                       if k not in ("article_id", "start", "end") and not _missing(v)
                       and k != "text")
    message = f"{expectation.message} ({values})" if values else expectation.message
    if article_id is None:
        return Finding(None, None, None, message)
    if _missing(start) or _missing(end):
        return Finding(str(article_id), 0, first_lines.get(str(article_id), 0), message)
    return Finding(str(article_id), int(start), int(end), message)


def _shown(value) -> str:
    shown = repr(_plain(value))
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def import_gx():
    """Great Expectations, imported on first use (it takes seconds), without analytics."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations

    return great_expectations


def _validate(suite: Suite, frame: pd.DataFrame, index_columns: list[str]) -> list:
    """Run the suite's expectations on ``frame`` with Great Expectations (imported here)."""
    gx = import_gx()

    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = {"globally": False}
    except Exception:  # progress bars are cosmetic; older versions name this differently
        pass
    source = context.data_sources.add_pandas(f"audit-{suite.code}")
    asset = source.add_dataframe_asset(name=suite.table)
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(
        batch_parameters={"dataframe": frame})
    expectation_suite = context.suites.add(gx.ExpectationSuite(name=suite.code))
    for expectation in suite.expectations:
        name = "".join(part.capitalize() for part in expectation.type.split("_"))
        kind = getattr(gx.expectations, name, None)
        if kind is None:
            raise RuleError(suite.path, expectation.line, "type",
                            f"Great Expectations has no expectation {expectation.type!r}")
        arguments = dict(expectation.arguments)
        if "row_condition" in arguments:
            arguments.setdefault("condition_parser", "pandas")
        try:
            expectation_suite.add_expectation(kind(**arguments))
        except Exception as exc:  # pydantic names the argument that is wrong
            raise RuleError(suite.path, expectation.line, expectation.type,
                            f"invalid arguments: {exc}".splitlines()[0]
                            + " " + " ".join(str(exc).splitlines()[1:3])) from None
    with warnings.catch_warnings():  # Great Expectations' deprecation notices, per row
        warnings.simplefilter("ignore")
        result = batch.validate(expectation_suite, result_format={
            "result_format": "COMPLETE", "unexpected_index_column_names": index_columns,
        })
    by_type = {}
    for item in result.results:
        by_type.setdefault(_key(item.expectation_config.type,
                                item.expectation_config.kwargs), []).append(item)
    ordered = []
    for expectation in suite.expectations:
        matches = by_type.get(_key(expectation.type, expectation.arguments), [])
        ordered.append(matches.pop(0) if matches else result.results[len(ordered)])
    return ordered


def _key(kind: str, arguments: dict) -> tuple:
    column = arguments.get("column") or arguments.get("column_A") or ""
    return kind, str(column)


def load_suite(path: str | Path) -> Suite:
    """Parse and validate one suite file (without importing Great Expectations)."""
    path = Path(path)
    source = RuleSource(path, "suite")
    table = source.table
    code, severity, title = read_header(source, _FIELDS)
    name = field_string(source, "table", choices=TABLE_NAMES)
    article_columns = table.get("articles", [])
    if not isinstance(article_columns, list) or not all(isinstance(c, str)
                                                        for c in article_columns):
        raise source.fail("articles", "must be a list of articles columns")
    per_article = table.get("per-article", {})
    if not isinstance(per_article, dict):
        raise source.fail("per-article", "must be tables of per-article columns")
    for column, spec in per_article.items():
        valid = isinstance(spec, dict) and (
            spec.get("count") is True and set(spec) == {"count"}
            or set(spec) == {"column", "share-of"} and isinstance(spec["column"], str))
        if not valid:
            raise source.fail(column, "a per-article column is either count = true, or "
                                      "column = \"…\" with share-of = \"…\"")
    raw = table.get("expectations")
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise RuleError(path, source.line_of("expectations"), "expectations",
                        "a suite needs [[expectations]] tables, each with a type")
    starts = [i for i, line in enumerate(source.lines, 1)
              if line.strip().startswith("[[expectations]]")]
    expectations = []
    for number, entry in enumerate(raw):
        line = starts[number] if number < len(starts) else None
        kind = entry.get("type")
        if not isinstance(kind, str) or not _EXPECTATION.match(kind):
            raise RuleError(path, line, "type", f"{kind!r} is not an expectation type "
                                                "(such as expect_column_values_to_not_be_null)")
        message = entry.get("message", f"{title}: {kind}")
        if not isinstance(message, str):
            raise RuleError(path, line, "message", "must be a string")
        arguments = {k: v for k, v in entry.items() if k not in _NOT_ARGUMENTS}
        expectations.append(Expectation(kind, arguments, message, line))
    return Suite(code=code, severity=severity, title=title, table=name,
                 article_columns=tuple(article_columns), per_article=per_article,
                 expectations=expectations, path=str(path), doc=documentation(source))


def suite_results(specs) -> list[dict]:
    """The expectation results of the suites among ``specs`` (after they ran)."""
    return [result for spec in specs
            for result in getattr(getattr(spec.func, "expectation_suite", None), "results", [])]


__all__ = ["Suite", "Expectation", "load_suite", "suite_results"]
