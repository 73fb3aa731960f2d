"""Declarative checks over the tables: Great Expectations suites, one check per file.

A suite is a file in an ``expectations/`` folder under the checks folder, in one of two forms.

A native Great Expectations suite (``*.json``), as ``ExpectationSuite.to_json_dict()`` or
GX's file stores write it, with the check it is in its ``meta``::

    {"name": "publication_dates",
     "meta": {"audit": {"id": "DQ201", "table": "articles", "title": "…"}},
     "expectations": [{"type": "expect_column_values_to_not_be_null",
                       "kwargs": {"column": "published"}, "severity": "warning",
                       "description": "the article has no publication date"}]}

The title defaults to the suite's ``name``. Each expectation's ``description`` is its
findings' message and its ``severity`` theirs (critical is error); the check's severity is
``meta.audit.severity`` or the most severe of its expectations'. The TOML form is a
shorthand for the same::

    id = "DQ101"
    severity = "warning"
    title = "Articles carry a publication date"
    table = "articles"                  # articles, sentences, timexes, entities, assertions
    what = "…"; why = "…"; flagged = "…"; clean = "…"

    [[expectations]]
    type = "expect_column_values_to_not_be_null"   # any Great Expectations expectation
    column = "published"                           # the other keys are its arguments
    message = "the article has no publication date"

A row condition is a Great Expectations ``Condition`` written as data (string conditions
and ``condition_parser`` are deprecated since GX 1.9 and go in 2.0):
``row_condition = {column = "anchor", operator = "==", parameter = "explicit"}``, with
``operator`` one of ``== != < <= > >= IN NOT_IN``; ``{column = "x", is_null = false}``;
``{and = [ … ]}`` or ``{or = [ … ]}``; GX's own serialised form (``"type": "comparison"``,
``"column": {"name": …}``) is read as well.

Optional table shaping (in ``meta.audit`` of a native suite), applied before the
expectations run:

- ``articles = ["published", …]`` adds those columns of the article to each row (for
  ``published`` also ``published_latest``, the last day the publication date allows, as
  ``YYYY-MM-DD``);
- ``[per-article.NAME]`` turns the table into one row per article, with a column NAME that
  is ``count = true`` (the article's rows) or ``column = "…"`` and ``share-of = "…"`` (the
  share of its rows where the column has that value).

The suite runs through Great Expectations' pandas data source in an ephemeral context;
Great Expectations is imported only when a suite runs. Every row an expectation rejects
becomes a finding at that row (its article, and its span where the table has one); the
result of every expectation is kept for the reports, and :func:`write_data_docs` writes
GX's Data Docs of the suites that ran.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import os
import re
import warnings
from collections.abc import Iterable
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
from audit.findings import Finding, severity_rank
from audit.tables import TABLE_NAMES

_FIELDS = {"id", "severity", "title", "table", "articles", "per-article", "expectations",
           "what", "why", "flagged", "clean"}
#: What ``meta.audit`` of a native suite may say.
_NATIVE_FIELDS = _FIELDS - {"expectations"}
#: The keys of an expectation in a native suite (GX writes these; ``rendered_content`` is
#: derived from the others and ignored).
_NATIVE_EXPECTATION = {"type", "kwargs", "meta", "id", "description", "severity", "notes",
                       "rendered_content"}
_EXPECTATION = re.compile(r"^expect_[a-z0-9_]+$")
#: Where an expectation of a native suite starts: its type (row conditions have types too).
_NATIVE_TYPE = re.compile(r'"type"\s*:\s*(?!"(?:comparison|nullity|and|or|pass_through)")')
_NOT_ARGUMENTS = {"type", "message"}
#: Great Expectations' failure severities, as finding severities.
_GX_SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}
_OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "IN", "NOT_IN")
#: How many offending rows of one expectation become findings; the result counts them all.
FINDINGS_PER_EXPECTATION = 200
#: Free-text columns left out of the table Great Expectations gets unless an expectation
#: names them (or the table's columns themselves): it fingerprints every batch by hashing
#: all its values, which for the articles' text is a pass over the whole corpus.
_FREE_TEXT = ("text",)
_TABLE_SHAPE = re.compile(r"^expect_table_column")


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite: its type, arguments, message and the line it starts on.

    ``severity`` is its findings' severity where the suite gives each expectation one (a
    native suite); ``annotations`` are GX's own fields kept for Data Docs (description,
    meta, notes).
    """

    type: str
    arguments: dict
    message: str
    line: int | None
    severity: str | None = None
    annotations: dict = field(default_factory=dict)

    def describe(self) -> str:
        shown = ", ".join(f"{k}={describe_condition(v) if k == 'row_condition' else repr(v)}"
                          for k, v in self.arguments.items())
        return f"{self.type}({shown})"


@dataclass
class ExpectationSuite:
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
    name: str = ""
    results: list[dict] = field(default_factory=list)
    #: the Great Expectations suite and its validation result, after a run (for Data Docs)
    validation: tuple | None = None

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
        named = json.dumps([e.arguments for e in self.expectations], default=str)
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
                                        if observed is not None else expectation.message,
                                        severity=expectation.severity))
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


def describe_condition(condition) -> str:
    """A row condition as one reads it: ``anchor == 'explicit'``, ``(a > 1 AND b IS NULL)``."""
    if not isinstance(condition, dict):
        return repr(condition)
    kind = condition.get("type")
    if kind in ("and", "or"):
        joined = f" {kind.upper()} ".join(map(describe_condition, condition["conditions"]))
        return f"({joined})"
    column = condition["column"]["name"]
    if kind == "nullity":
        return f"{column} IS {'NULL' if condition['is_null'] else 'NOT NULL'}"
    return f"{column} {condition['operator']} {condition['parameter']!r}"


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
    severity = expectation.severity
    if article_id is None:
        return Finding(None, None, None, message, severity=severity)
    if _missing(start) or _missing(end):
        return Finding(str(article_id), 0, first_lines.get(str(article_id), 0), message,
                       severity=severity)
    return Finding(str(article_id), int(start), int(end), message, severity=severity)


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


def _context(gx):
    """A fresh ephemeral Great Expectations context, without progress bars."""
    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = {"globally": False}
    except Exception:  # progress bars are cosmetic; older versions name this differently
        pass
    return context


def _validate(suite: ExpectationSuite, frame: pd.DataFrame, index_columns: list[str]) -> list:
    """Run the suite's expectations on ``frame`` with Great Expectations (imported here);
    the result of each expectation, in the suite's order."""
    gx = import_gx()

    context = _context(gx)
    asset = context.data_sources.add_pandas(f"audit-{suite.code}").add_dataframe_asset(
        name=suite.table)
    batch_definition = asset.add_batch_definition_whole_dataframe(suite.table)
    expectation_suite = context.suites.add(gx.ExpectationSuite(name=suite.name or suite.code))
    ids = []
    for expectation in suite.expectations:
        name = "".join(part.capitalize() for part in expectation.type.split("_"))
        kind = getattr(gx.expectations, name, None)
        if kind is None:
            raise RuleError(suite.path, expectation.line, "type",
                            f"Great Expectations has no expectation {expectation.type!r}")
        try:
            added = expectation_suite.add_expectation(
                kind(**expectation.arguments, **expectation.annotations))
        except Exception as exc:  # pydantic names the argument that is wrong
            raise RuleError(suite.path, expectation.line, expectation.type,
                            f"invalid arguments: {exc}".splitlines()[0]
                            + " " + " ".join(str(exc).splitlines()[1:3])) from None
        ids.append(added.id)
    validation = context.validation_definitions.add(gx.ValidationDefinition(
        name=suite.code, data=batch_definition, suite=expectation_suite))
    with warnings.catch_warnings():  # Great Expectations' notices about pandas, per row
        warnings.simplefilter("ignore")
        result = validation.run(batch_parameters={"dataframe": frame}, result_format={
            "result_format": "COMPLETE", "unexpected_index_column_names": index_columns,
        })
    suite.validation = (expectation_suite, result)
    by_id = {item.expectation_config.id: item for item in result.results}
    return [by_id[expectation_id] for expectation_id in ids]


def write_data_docs(specs: Iterable[CheckSpec], directory: str | Path) -> Path | None:
    """Great Expectations' Data Docs of the suites among ``specs`` that ran, written to
    ``directory``; its ``index.html``, or None (and nothing written) when no suite ran."""
    ran = [suite for spec in specs
           if (suite := getattr(spec.func, "expectation_suite", None)) and suite.validation]
    if not ran:
        return None
    gx = import_gx()
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    directory = Path(directory).resolve()
    context = _context(gx)
    context.add_data_docs_site(site_name="audit", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(directory)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    for suite in ran:
        expectation_suite, result = suite.validation
        result = _escaped_values(result)
        identifier = ExpectationSuiteIdentifier(name=expectation_suite.name)
        context.suites.add(gx.ExpectationSuite(**expectation_suite.to_json_dict()))
        context.validation_results_store.store_validation_results(
            result, ValidationResultIdentifier(expectation_suite_identifier=identifier,
                                               run_id=result.meta["run_id"],
                                               batch_identifier=suite.table), identifier)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context.build_data_docs(site_names=["audit"])
    return directory / "index.html"


def _escaped_values(result):
    """A copy of a validation result whose table values are HTML-escaped: Data Docs put the
    unexpected values into its pages as they are, and article text and ids are untrusted."""
    result = copy.deepcopy(result)
    for item in result.results:
        item.result = _escaped(item.result)
    return result


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


# -- reading suite files -------------------------------------------------------------------------


def load_suite(path: str | Path) -> ExpectationSuite:
    """Parse and validate one suite file, TOML or native JSON (without importing Great
    Expectations)."""
    path = Path(path)
    if path.suffix == ".json":
        return _load_native(path)
    source = RuleSource(path, "suite")
    table = source.table
    code, severity, title = read_header(source, _FIELDS)
    name = field_string(source, "table", choices=TABLE_NAMES)
    article_columns, per_article = _shaping(source)
    raw = table.get("expectations")
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise RuleError(path, source.line_of("expectations"), "expectations",
                        "a suite needs [[expectations]] tables, each with a type")
    starts = [i for i, line in enumerate(source.lines, 1)
              if line.strip().startswith("[[expectations]]")]
    expectations = []
    for number, entry in enumerate(raw):
        line = starts[number] if number < len(starts) else None
        kind = _expectation_type(path, line, entry.get("type"))
        message = entry.get("message", f"{title}: {kind}")
        if not isinstance(message, str):
            raise RuleError(path, line, "message", "must be a string")
        arguments = _arguments(path, line, {k: v for k, v in entry.items()
                                            if k not in _NOT_ARGUMENTS})
        expectations.append(Expectation(kind, arguments, message, line))
    return ExpectationSuite(code=code, severity=severity, title=title, table=name,
                 article_columns=article_columns, per_article=per_article,
                 expectations=expectations, path=str(path), doc=documentation(source))


class _NativeSource:
    """A native suite file: ``meta.audit`` read as the header of a TOML suite, and the line
    a key is written on."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(path, None, None, f"cannot read suite file: {exc}") from None
        try:
            self.document = json.loads(self.raw)
        except json.JSONDecodeError as exc:
            raise RuleError(path, exc.lineno, None, f"invalid JSON: {exc.msg}") from None
        self.lines = self.raw.splitlines()
        if not isinstance(self.document, dict):
            raise RuleError(path, 1, None, "a suite is a JSON object (an ExpectationSuite)")
        meta = self.document.get("meta") or {}
        audit = meta.get("audit") if isinstance(meta, dict) else None
        if not isinstance(audit, dict):
            raise RuleError(path, self.line_of("meta"), "meta.audit", (
                'a suite run by audit says which check it is and which table it validates: '
                '"meta": {"audit": {"id": "DQ201", "table": "articles", "title": "…"}}'))
        self.table = dict(audit)

    def line_of(self, field: str, value: str | None = None) -> int | None:
        key = f'"{field.split(".")[-1]}"'
        return next((i for i, line in enumerate(self.lines, 1) if key in line), None)

    def fail(self, field: str, why: str, value: str | None = None) -> RuleError:
        return RuleError(self.path, self.line_of(field, value), field, why)


def _load_native(path: Path) -> ExpectationSuite:
    source = _NativeSource(path)
    severity_given = "severity" in source.table
    if not severity_given:  # the most severe of the expectations', found below
        source.table = {**source.table, "severity": "info"}
    named = source.document.get("name")
    if "title" not in source.table and isinstance(named, str) and named.strip():
        source.table = {**source.table, "title": named.strip()}  # the suite's own name
    code, severity, title = read_header(source, _NATIVE_FIELDS)
    name = field_string(source, "table", choices=TABLE_NAMES)
    article_columns, per_article = _shaping(source)
    raw = source.document.get("expectations")
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise RuleError(path, source.line_of("expectations"), "expectations",
                        "a suite needs a list of expectations, each with a type")
    starts = [source.raw.count("\n", 0, m.start()) + 1 for m in _NATIVE_TYPE.finditer(source.raw)]
    expectations = []
    for number, entry in enumerate(raw):
        line = starts[number] if number < len(starts) else None
        kind = _expectation_type(path, line, entry.get("type"))
        unknown = sorted(set(entry) - _NATIVE_EXPECTATION)
        if unknown:
            raise RuleError(path, line, unknown[0], "unknown field of an expectation (known: "
                                                    f"{', '.join(sorted(_NATIVE_EXPECTATION))})")
        gx_severity = entry.get("severity", "critical")
        if gx_severity not in _GX_SEVERITY:
            raise RuleError(path, line, "severity", f"{gx_severity!r} is not one of "
                                                    f"{', '.join(_GX_SEVERITY)}")
        kwargs = entry.get("kwargs", {})
        if not isinstance(kwargs, dict):
            raise RuleError(path, line, "kwargs", "must be an object of the expectation's "
                                                  "arguments")
        description = entry.get("description")
        annotations = {key: entry[key] for key in ("description", "meta", "notes")
                       if entry.get(key) is not None}
        annotations["severity"] = gx_severity
        expectations.append(Expectation(
            kind, _arguments(path, line, kwargs),
            description if isinstance(description, str) and description
            else f"{title}: {kind}",
            line, _GX_SEVERITY[gx_severity], annotations))
    if not severity_given:
        severity = max((e.severity for e in expectations), key=severity_rank)
    return ExpectationSuite(code=code, severity=severity, title=title, table=name,
                 article_columns=article_columns, per_article=per_article,
                 expectations=expectations, path=str(path), doc=documentation(source),
                 name=f"{code} {named}" if isinstance(named, str) and named else code)


def _shaping(source) -> tuple[tuple[str, ...], dict[str, dict]]:
    """The ``articles`` and ``per-article`` table shaping of a suite."""
    article_columns = source.table.get("articles", [])
    if not isinstance(article_columns, list) or not all(isinstance(c, str)
                                                        for c in article_columns):
        raise source.fail("articles", "must be a list of articles columns")
    per_article = source.table.get("per-article", {})
    if not isinstance(per_article, dict):
        raise source.fail("per-article", "must be tables of per-article columns")
    for column, spec in per_article.items():
        valid = isinstance(spec, dict) and (
            spec.get("count") is True and set(spec) == {"count"}
            or set(spec) == {"column", "share-of"} and isinstance(spec["column"], str))
        if not valid:
            raise source.fail(column, "a per-article column is either count = true, or "
                                      "column = \"…\" with share-of = \"…\"")
    return tuple(article_columns), per_article


def _expectation_type(path: Path, line: int | None, kind) -> str:
    if not isinstance(kind, str) or not _EXPECTATION.match(kind):
        raise RuleError(path, line, "type", f"{kind!r} is not an expectation type "
                                            "(such as expect_column_values_to_not_be_null)")
    return kind


def _arguments(path: Path, line: int | None, arguments: dict) -> dict:
    """An expectation's arguments, its row condition in Great Expectations' serialised
    ``Condition`` form."""
    if "condition_parser" in arguments:
        raise RuleError(path, line, "condition_parser", _STRING_CONDITION)
    if "row_condition" in arguments and arguments["row_condition"] is not None:
        arguments = {**arguments,
                     "row_condition": _condition(path, line, arguments["row_condition"])}
    return arguments


_STRING_CONDITION = (
    "string row conditions (condition_parser) are deprecated since Great Expectations 1.9 "
    "and removed in 2.0; write a condition as data: row_condition = {column = \"anchor\", "
    "operator = \"==\", parameter = \"explicit\"}")


def _condition(path: Path, line: int | None, condition) -> dict:
    """A row condition, shorthand or as GX serialises it, in GX's serialised form."""
    if isinstance(condition, str):
        raise RuleError(path, line, "row_condition", _STRING_CONDITION)
    if not isinstance(condition, dict):
        raise RuleError(path, line, "row_condition", "must be a table such as {column = "
                                                     "\"claims\", operator = \">=\", "
                                                     "parameter = 2}")
    kind = condition.get("type")
    for group in ("and", "or"):
        if kind == group or group in condition:
            parts = condition.get("conditions", condition.get(group))
            if not isinstance(parts, list) or len(parts) < 2:
                raise RuleError(path, line, "row_condition",
                                f"{group} needs a list of at least two conditions")
            return {"type": group, "conditions": [_condition(path, line, c) for c in parts]}
    column = condition.get("column")
    if isinstance(column, dict):
        column = column.get("name")
    if not isinstance(column, str) or not column:
        raise RuleError(path, line, "row_condition", "a condition names its column: "
                                                     "{column = \"claims\", …}")
    if kind == "nullity" or "is_null" in condition:
        if not isinstance(condition.get("is_null"), bool):
            raise RuleError(path, line, "row_condition", "is_null must be true or false")
        return {"type": "nullity", "column": {"name": column},
                "is_null": condition["is_null"]}
    operator = condition.get("operator")
    if operator not in _OPERATORS:
        raise RuleError(path, line, "row_condition",
                        f"operator {operator!r} is not one of {' '.join(_OPERATORS)}")
    if "parameter" not in condition:
        raise RuleError(path, line, "row_condition", f"{column} {operator} what? "
                                                     "(parameter is missing)")
    return {"type": "comparison", "column": {"name": column}, "operator": operator,
            "parameter": condition["parameter"]}


def suite_results(specs) -> list[dict]:
    """The expectation results of the suites among ``specs`` (after they ran)."""
    return [result for spec in specs
            for result in getattr(getattr(spec.func, "expectation_suite", None), "results", [])]


__all__ = ["ExpectationSuite", "Expectation", "load_suite", "suite_results", "write_data_docs",
           "describe_condition"]
