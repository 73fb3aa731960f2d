"""Running checks: inject tables and fixtures by parameter name, collect findings.

One check failing (an exception) becomes an error of that check; the others still run. A
plain ``assert`` in a check becomes a finding carrying the assertion's message.

A corpus-scope check that declares blocking keys (``@check(..., keys=function)``) runs once
per key, on the tables of that key's articles only (PRODUCT.md §10: cross-article checks
work through blocking keys, not all pairs): here a groupby of the keys, on a Dask cluster
the same groups run in its workers (``groups_on``, audit.engine.distributed). A finding
that several groups give is kept once, so the check's code is the same either way. A check
(or fixture) that names a parameter ``key`` receives its group's key (``None`` when it runs
on the whole corpus). A check, its key function and its fixtures that declare the columns
they read (``@reads``, audit.tables) get only those columns of the table (:func:`columns_read`),
read back a partition at a time where the corpus is spilled.
"""

from __future__ import annotations

import bisect
import gc
import inspect
import re
import traceback
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from audit import collector
from audit.engine.discovery import Suite
from audit.engine.registry import CheckSpec
from audit.engine.spill import SpilledTables, columns_of, give_back_texts
from audit.findings import Finding, ReportedFinding, Span, assertion_finding, fingerprint
from audit.report.texts import ArticleTexts
from audit.tables import COLUMNS, LAZY, NARROWED, TABLE_NAMES, Tables, frame

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


def audited_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``articles`` with status ``audited``, numbered from 0; the table itself
    (no copy of its texts) when that is all of them."""
    audited = articles.status == "audited"
    return (articles if audited.all() else articles[audited]).reset_index(drop=True)


class _Articles:
    """Look-ups from article id to text, path and line numbers. The texts stay in the
    table's column (Arrow): one is made a Python string only while a finding needs it
    (:class:`ArticleTexts`, which keeps the last one read: a check's findings of one
    article mostly come in a row, and each is read twice, its span and its line)."""

    def __init__(self, articles: pd.DataFrame):
        self.order = {article_id: i for i, article_id in enumerate(articles.article_id.tolist())}
        self._texts = ArticleTexts(articles)
        self._paths = articles.path.tolist()
        self._line_offsets = [int(offset or 0) for offset in articles.line_offset.tolist()]
        self._newlines: dict[str, list[int]] = {}

    def _text(self, article_id: str) -> str:
        return self._texts[article_id]

    def check_span(self, article_id: str, start: int, end: int) -> str:
        if article_id not in self.order:
            raise CheckError(f"finding names unknown article {article_id!r}")
        text = self._text(article_id)
        if not (0 <= start <= end <= len(text)):
            raise CheckError(
                f"finding span {start}-{end} lies outside article {article_id!r} "
                f"({len(text)} characters)"
            )
        return text[start:end]

    def path(self, article_id: str) -> str:
        return self._paths[self.order[article_id]]

    def line(self, article_id: str, offset: int) -> int:
        if article_id not in self._newlines:
            self._newlines[article_id] = [m.start() for m in
                                          _NEWLINE.finditer(self._text(article_id))]
        line_offset = self._line_offsets[self.order[article_id]]
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


#: What running a check on one group of articles gives: its findings (as the check made
#: them) and its error, if it failed.
Produced = tuple[list[Finding], dict | None]
#: Runs one blocked check on its key groups, in order: ``(spec, groups) -> [Produced]``,
#: each batch of groups (:meth:`KeyGroups.batches`) through :func:`run_batch`, here or
#: elsewhere (a group's error ends the results there).
GroupsOn = Callable[[CheckSpec, "KeyGroups"], Iterable[Produced]]
#: Rows of the cut tables a batch of key groups holds at most (one group more than that is
#: a batch of its own): one ``take`` per table a batch, each group then a slice of it. At
#: 10kGNAD x16 a batch's tables and what the checks make of them were most of what
#: CON002-CON004 added while they ran: 10,000 rows instead of 20,000 took 5-14 MB off
#: their peaks (+66-70 MB), for 0-0.3 CPU-s more each; 5,000 about 5 MB more, for up to 1 s.
BATCH_ROWS = 10_000


class Runner:
    """Runs checks on one set of tables, computing each fixture once.

    ``groups_on`` runs the groups of a check with blocking keys elsewhere (the workers of a
    Dask cluster); by default they run here, one batch after the other. ``key`` is the
    blocking key of the group the tables are (a check's ``key`` parameter); a key group's
    tables hold audited articles only, and are taken as they are."""

    def __init__(self, tables: Tables, suite: Suite, options: dict[str, dict] | None = None,
                 groups_on: GroupsOn | None = None, key: Any = None):
        audited = tables.articles if key is not None else audited_articles(tables.articles)
        # (the lazy tables built so far are shared: a check after the one that built them
        # does not build them again)
        if key is not None:
            self.tables: Tables = tables
        elif isinstance(tables, SpilledTables):  # (read back only as checks ask for them)
            self.tables = tables.with_articles(audited)
        else:
            self.tables = Tables(audited, tables.sentences, tables.timexes, tables.entities,
                                 tables.assertions, _built=tables._built)
        self.suite = suite
        self.options = options or {}
        self.groups_on = groups_on or self._groups_here
        self.key = key
        self._cache: dict[str, Any] = {}
        self._rows_by_article: dict[str, tuple[weakref.ref, dict]] = {}
        #: while a check runs: the columns of each table it reads (``@reads``), the column
        #: that must be set in the rows it reads (``@rows_with``), and those tables narrowed
        #: to them as they are first asked for
        self._columns: dict[str, list[str]] = {}
        self._rows: dict[str, str] = {}
        self._narrow: dict[str, pd.DataFrame] = {}

    @cached_property
    def articles(self) -> _Articles:
        """The audited articles' look-ups (made when findings are first resolved: a key
        group only produces them)."""
        return _Articles(self.tables.articles)

    # -- injection -------------------------------------------------------------------------
    def _table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as the running check reads it: only the columns it declares
        (:func:`audit.tables.reads`), read back a partition at a time where the tables are
        spilled, else whole."""
        wanted = self._columns.get(name)
        if wanted is None:
            return self.tables[name]
        if name not in self._narrow:
            self._narrow[name] = columns_of(self.tables, name, wanted, self._rows.get(name))
        return self._narrow[name]

    def _provide(self, name: str, spec: CheckSpec, resolving: tuple[str, ...] = ()) -> Any:
        if name in TABLE_NAMES:
            return self._table(name)
        if name == "corpus":
            return self.tables
        if name == "config":
            return dict(self.options.get(spec.code, {}))
        if name == "key":
            return self.key
        if name in self._cache:
            return self._cache[name]
        fixture = self.suite.fixtures.get(name)
        if fixture is None:
            known = ", ".join([*TABLE_NAMES, "corpus", "config", "key",
                               *sorted(self.suite.fixtures)])
            raise CheckError(f"{spec.name} asks for {name!r}, which is not a table or fixture "
                             f"(known: {known})")
        if name in resolving:
            raise CheckError(f"fixture cycle: {' → '.join((*resolving, name))}")
        arguments = {
            param: self._provide(param, spec, (*resolving, name))
            for param in inspect.signature(fixture).parameters
        }
        self._cache[name] = fixture(**arguments)
        return self._cache[name]

    # -- running ---------------------------------------------------------------------------
    def run(self, spec: CheckSpec) -> Outcome:
        """Run one check (per key group when it declares blocking keys); never raises."""
        outcome = Outcome(spec)
        self._columns = columns_read(spec, self.suite)
        self._rows = rows_read(spec, self.suite)
        try:
            produced, outcome.error = (self.produce(spec) if spec.keys is None
                                       else self._produce_by_key(spec))
            if outcome.error and spec.scope == "article" and self.key is None \
                    and "skipped" not in outcome.error and len(self.articles.order) > 1:
                produced, outcome.error = self._produce_by_article(spec, outcome.error)
        finally:
            self._columns, self._rows, self._narrow = {}, {}, {}
        try:
            outcome.findings = self.resolve(spec, produced)
        except CheckError as exc:
            outcome.error = outcome.error or {"path": spec.path, "check": spec.code,
                                              "message": f"{spec.name}: {exc}"}
        if isinstance(self.tables, SpilledTables):  # (the next check reads what it needs;
            self.tables.release()                   # the texts the findings were read in)
        return outcome

    def produce(self, spec: CheckSpec) -> Produced:
        """The findings the check makes on these tables, as it makes them, and its error."""
        produced: list[Finding] = []
        try:
            arguments = {name: self._provide(name, spec) for name in spec.params}
            result = spec.func(**arguments)
            for yielded in _as_iterable(result):
                produced.append(_as_finding(yielded, spec))
        except AssertionError as exc:
            produced.append(assertion_finding(exc, spec.path, _assert_message(exc, spec)))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # (sys.exit(), pytest.skip(): one check cannot end all)
            return produced, _error(spec, exc)
        return produced, None

    def _produce_by_key(self, spec: CheckSpec) -> Produced:
        """:meth:`produce` on the tables of each group of articles sharing a blocking key,
        groups in the order their keys first appear; a finding given again by a later group
        is dropped, and the first group that fails ends the check with its error."""
        keys = spec.keys
        try:
            arguments = {name: self._provide(name, spec)
                         for name in inspect.signature(keys).parameters}
            groups = key_groups(keys(**arguments), self.articles.order)
        except KeyboardInterrupt:
            raise
        except CheckError as exc:
            return [], {"path": spec.path, "check": spec.code,
                        "message": f"{spec.name}: blocking keys: {exc}"}
        except BaseException as exc:
            return [], _error(spec, exc)
        if not groups:  # (nothing to cut the tables for)
            return [], None
        split = RowsByArticle(self.tables, self._tables_asked(spec), self._rows_by_article,
                           self._table)
        produced: list[Finding] = []
        seen: set[Finding] = set()
        for found, error in self.groups_on(spec, KeyGroups(groups, split)):
            for finding in found:
                if finding not in seen:
                    seen.add(finding)
                    produced.append(finding)
            if error:
                return produced, error
        return produced, None

    def _produce_by_article(self, spec: CheckSpec, error: dict) -> Produced:
        """An article-scope check that failed on these tables (a partition, or the corpus
        in one process) run again on each article's own tables, so that only the article it
        fails on loses its findings (it keeps those made before the exception), not all the
        others: the findings of every article, and the error of the first article it fails
        on, naming that article (``error``, the failure on all of them, where it fails on
        none alone)."""
        split = RowsByArticle(self.tables, self._tables_asked(spec), self._rows_by_article,
                              self._table)
        produced: list[Finding] = []
        first_error = None
        for batch in KeyGroups([(None, [article_id]) for article_id in self.articles.order],
                               split).batches():
            for index in range(len(batch)):
                _, tables = batch.group(index)
                found, failed = Runner(tables, self.suite, self.options).produce(spec)
                produced.extend(found)
                if failed and first_error is None:
                    article_id = tables.articles.article_id.iat[0]
                    first_error = {**failed,
                                   "message": f"{failed['message']} on article {article_id}"}
        return produced, first_error or error

    def _tables_asked(self, spec: CheckSpec) -> set[str] | None:
        """The tables a check and the fixtures it uses ask for by name; ``None`` (all of
        them) when one asks for the whole ``corpus``, or for a lazy table not yet built
        (each group then builds it from its own tables)."""
        asked: set[str] = set()
        for _, name in parameters_reached([spec.func], self.suite):
            if name == "corpus" or (name in LAZY and name not in self.tables._built):
                return None
            if name in TABLE_NAMES:
                asked.add(name)
        return asked

    def _groups_here(self, spec: CheckSpec, groups: KeyGroups) -> Iterator[Produced]:
        for batch in groups.batches():
            yield from run_batch(batch, spec, self.suite, self.options)
            del batch
            # the batch's frames (pandas objects hold reference cycles) go now, not at the
            # collector's next older collection, which runs rarely (audit.collector): one
            # batch's tables at a time, not all of them
            gc.collect(1)
            collector.give_back()
            give_back_texts()  # (the texts the batch was cut from, where they are mapped)

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


def parameters_reached(functions: Iterable[Callable], suite: Suite
                       ) -> Iterator[tuple[Callable, str]]:
    """Each of ``functions`` and each fixture of ``suite`` they use (and the fixtures those
    use), with each parameter it takes by name: a table, ``corpus``, ``config`` or a
    fixture. A fixture is reached once, however many functions use it."""
    pending = list(functions)
    seen: set[str] = set()
    while pending:
        function = pending.pop()
        for name in inspect.signature(function).parameters:
            yield function, name
            if name not in TABLE_NAMES and name in suite.fixtures and name not in seen:
                seen.add(name)
                pending.append(suite.fixtures[name])


def _tables_asked_by(spec: CheckSpec, suite: Suite) -> list[tuple[Callable, str]] | None:
    """Each function of a check (the check, its blocking-key function, the fixtures they
    use) with each table of rows per article (:data:`audit.tables.NARROWED`) that it asks
    for by name; ``None`` when one asks for the whole ``corpus``."""
    asked: list[tuple[Callable, str]] = []
    functions = [spec.func, *([spec.keys] if spec.keys is not None else [])]
    for function, name in parameters_reached(functions, suite):
        if name == "corpus":
            return None
        if name in NARROWED:
            asked.append((function, name))
    return asked


def columns_read(spec: CheckSpec, suite: Suite) -> dict[str, list[str]]:
    """The columns of each table that a check, its blocking-key function and the fixtures
    they use read, in the table's order, for the tables that every one of them asking for it
    declares (:func:`audit.tables.reads`); the others are read whole. None at all when one
    asks for the whole ``corpus``. ``article_id`` is always among them (key groups are cut
    by it), and so is the column :func:`rows_read` gives."""
    wanted: dict[str, set[str] | None] = {}
    for function, name in _tables_asked_by(spec, suite) or ():
        columns = getattr(function, "__audit_reads__", {}).get(name)
        known = wanted.get(name, set())
        wanted[name] = None if columns is None or known is None else known | {*columns}
    rows = rows_read(spec, suite)
    return {name: [column for column in COLUMNS[name]
                   if column in columns or column in ("article_id", rows.get(name))]
            for name, columns in wanted.items() if columns is not None}


def rows_read(spec: CheckSpec, suite: Suite) -> dict[str, str]:
    """The tables whose rows a check reads only where a column is set, and that column:
    where every function of the check asking for the table declares the same one
    (:func:`audit.tables.rows_with`)."""
    declared: dict[str, set[str | None]] = {}
    for function, name in _tables_asked_by(spec, suite) or ():
        declared.setdefault(name, set()).add(
            getattr(function, "__audit_rows_with__", {}).get(name))
    return {name: column for name, columns in declared.items() if len(columns) == 1
            for column in columns if column is not None}


def key_groups(keys: Any, order: dict[str, int]) -> list[tuple[Any, list[str]]]:
    """Each blocking key and the article ids under it (``keys``: a DataFrame with the
    columns ``article_id`` and ``key``), keys in the order they first appear, each group's
    articles in corpus order (``order``: article id to its position) and each once."""
    if not isinstance(keys, pd.DataFrame) or not {"article_id", "key"} <= set(keys.columns):
        raise CheckError("blocking keys are a DataFrame with the columns article_id and key, "
                         f"not {type(keys).__name__}")
    groups: dict[Any, set[str]] = {}
    for article_id, key in zip(keys.article_id.tolist(), keys.key.tolist(), strict=True):
        if article_id not in order:
            raise CheckError(f"blocking key {key!r} names unknown article {article_id!r}")
        try:
            groups.setdefault(key, set()).add(article_id)
        except TypeError:
            raise CheckError(f"blocking key {key!r} cannot be grouped by (it is not "
                             "hashable)") from None
    return [(key, sorted(ids, key=order.__getitem__)) for key, ids in groups.items()]


class KeyGroups:
    """The key groups of a blocked check (:func:`key_groups`), cut from the corpus's tables
    in batches when asked for: one batch's tables exist at a time (an article under many
    keys is in many groups, and all groups cut at once held several times the corpus)."""

    def __init__(self, groups: list[tuple[Any, list[str]]], split: RowsByArticle):
        self.groups = groups
        self.split = split

    def __len__(self) -> int:
        return len(self.groups)

    @cached_property
    def rows(self) -> list[int]:
        """How many rows of the cut tables each group holds."""
        return [self.split.rows_in(article_ids) for _, article_ids in self.groups]

    def batches(self, rows: int | None = None) -> Iterator[GroupBatch]:
        """The groups in order, in batches of at most ``rows`` rows (:data:`BATCH_ROWS` by
        default; a larger group alone), each cut as it is asked for."""
        rows = rows or BATCH_ROWS
        sizes = self.rows
        first = 0
        while first < len(self.groups):
            last, held = first + 1, sizes[first]
            while last < len(self.groups) and held + sizes[last] <= rows:
                held += sizes[last]
                last += 1
            yield self.split.batch(self.groups[first:last])
            first = last


@dataclass
class GroupBatch:
    """Some key groups of a blocked check with their tables: each table's rows of all the
    groups, one group after the other (an article under two of the keys is there twice),
    cut from the corpus in one ``take`` per table; ``bounds[name][i]`` to
    ``bounds[name][i + 1]`` are group ``i``'s rows. It is what a Dask worker is sent, and
    :func:`run_batch` runs it there as here."""

    keys: list[Any]
    tables: dict[str, pd.DataFrame]
    bounds: dict[str, list[int]]
    lazy: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.keys)

    def group(self, index: int) -> tuple[Any, Tables]:
        """Group ``index``'s key and tables (slices of the batch's, numbered from 0)."""
        cut = {}
        for name, table in self.tables.items():
            part = table.iloc[self.bounds[name][index]:self.bounds[name][index + 1]]
            part.index = pd.RangeIndex(len(part))  # (a view's own index: reset_index copies)
            cut[name] = part
        built = {name: cut.pop(name) for name in self.lazy}
        return self.keys[index], Tables(**cut, _built=built)

    def first_and_last(self) -> tuple[str, str]:
        """The articles the batch starts and ends with (to name it in an error)."""
        ids = self.tables["articles"].article_id
        return str(ids.iloc[0]), str(ids.iloc[-1])


def run_batch(batch: GroupBatch, spec: CheckSpec, suite: Suite,
              options: dict[str, dict] | None = None) -> Iterator[Produced]:
    """What the check ``spec`` produces on each group of ``batch``, in order, up to the
    first group that fails: the one way a blocked check runs, here and in a Dask worker."""
    for index in range(len(batch)):
        key, tables = batch.group(index)
        found, error = Runner(tables, suite, options, key=key).produce(spec)
        yield found, error
        if error:
            return


class RowsByArticle:
    """The tables' rows by article, to cut key groups from: each group's rows in their
    order in the corpus.

    Only the tables the check asks for (``asked``; ``None``: all of them) are cut, the
    others are empty. The lazy tables already built on the whole corpus (``events``,
    ``quantities``: the key function asked for them) are cut too, not built again from the
    group's articles alone (an event is read over the corpus): a group gets the
    ``quantities`` of its articles and the ``events`` all of whose articles it holds.
    ``rows`` keeps each table's rows by article across checks (while the table is the same
    object). ``table_of(name)`` gives a table as the check reads it (only the columns it
    declares, :meth:`Runner._table`); by default the table of ``tables``."""

    _CUT = ("sentences", "timexes", "entities", "assertions")

    def __init__(self, tables: Tables, asked: set[str] | None,
                 rows: dict[str, tuple[weakref.ref, dict]],
                 table_of: Callable[[str], pd.DataFrame] | None = None):
        self.cut = [name for name in ("articles", *self._CUT)
                    if asked is None or name == "articles" or name in asked]
        self.tables = {name: (table_of or tables.__getitem__)(name) for name in self.cut}
        # (by name first: a spilled corpus's linked tables are read back when looked up,
        # and a check asks for few of them)
        lazy = {name: (table_of or tables.__getitem__)(name) for name in list(tables._built)
                if asked is None or name in asked}
        self.lazy = {name: table for name, table in lazy.items()
                     if "article_id" in table.columns or name == "events"}
        self.empty: dict[str, pd.DataFrame] = {}
        self.rows = {name: self._by_article(name, self.tables[name], rows) for name in self.cut}
        self.rows.update({name: self._by_article(name, table, rows)
                          for name, table in self.lazy.items() if name != "events"})
        if "events" in self.lazy:
            self.event_articles = [set(ids) for ids in self.lazy["events"].articles.tolist()]
            events_of: dict[str, list[int]] = {}
            for position, ids in enumerate(self.event_articles):
                for article_id in ids:
                    events_of.setdefault(article_id, []).append(position)
            self.rows["events"] = events_of

    @staticmethod
    def _by_article(name: str, table: pd.DataFrame, rows: dict) -> dict:
        known = rows.get(name)
        if known is None or known[0]() is not table:
            known = rows[name] = (weakref.ref(table),
                                  table.groupby("article_id", sort=False).indices)
        return known[1]

    def _empty(self, name: str) -> pd.DataFrame:
        """Table ``name`` without rows (made once a check)."""
        if name not in self.empty:
            self.empty[name] = frame(name, [])
        return self.empty[name]

    def rows_in(self, article_ids: Sequence[str]) -> int:
        """How many rows of the cut tables the articles hold, those of the lazy tables cut
        (``quantities``: 40,000 rows in CON002's groups of 10kGNAD x16) included."""
        return sum(len(rows[a]) for rows in self.rows.values()
                   for a in article_ids if a in rows)

    def _positions(self, name: str, article_ids: Sequence[str]) -> np.ndarray:
        """The rows of table ``name`` that belong to the articles, in table order."""
        rows = self.rows[name]
        if name == "events":
            wanted = set(article_ids)
            return np.array(sorted({position for a in article_ids for position in rows.get(a, ())
                                    if self.event_articles[position] <= wanted}), dtype=int)
        found = [rows[a] for a in article_ids if a in rows]
        return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=int)

    def batch(self, groups: Sequence[tuple[Any, list[str]]]) -> GroupBatch:
        """The groups (each its key and article ids) with their rows of the tables."""
        tables: dict[str, pd.DataFrame] = {}
        bounds: dict[str, list[int]] = {}
        for name in ("articles", *self._CUT, *self.lazy):
            if name not in self.cut and name not in self.lazy:
                tables[name] = self._empty(name)
                bounds[name] = [0] * (len(groups) + 1)
                continue
            positions = [self._positions(name, article_ids) for _, article_ids in groups]
            bounds[name] = [0, *np.cumsum([len(p) for p in positions]).tolist()]
            table = self.lazy.get(name)
            tables[name] = take(self.tables[name] if table is None else table,
                                np.concatenate(positions))
        return GroupBatch([key for key, _ in groups], tables, bounds, tuple(self.lazy))


def take(table: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """Rows ``positions`` of ``table`` in that order, numbered from 0.

    An Arrow column in many chunks (the texts of a table put together from its partitions)
    is taken a chunk at a time: pyarrow's ``take`` on a chunked array joins all the chunks
    first, a copy of the whole column for every batch of key groups (10kGNAD ×4, 61 chunks:
    3.8 ms a 60-row take of ``assertions``). Joining them once instead kept a second copy of
    every such column of ``articles`` (the texts, the titles) and ``entities`` resident for
    the rest of the run."""
    import pyarrow as pa

    chunked = {}
    for column in table.columns:
        values = table[column].array
        if isinstance(values, pd.api.extensions.ExtensionArray) \
                and hasattr(values, "__arrow_array__"):
            arrow = values.__arrow_array__()
            if isinstance(arrow, pa.ChunkedArray) and arrow.num_chunks > 1:
                chunked[column] = (values, arrow)
    if not chunked:
        return table.take(positions).reset_index(drop=True)
    cut = table.drop(columns=list(chunked)).take(positions).reset_index(drop=True)
    for column, (values, arrow) in chunked.items():
        taken = pa.chunked_array([_take_by_chunk(arrow, positions)], type=arrow.type)
        cut[column] = pd.Series(type(values)(taken), dtype=values.dtype)
    return cut[list(table.columns)]


def _take_by_chunk(arrow, positions: np.ndarray):
    """Items ``positions`` of a chunked Arrow array, taken from each chunk they are in."""
    import pyarrow as pa

    if not len(positions):
        return pa.array([], type=arrow.type)
    lengths = np.array([len(chunk) for chunk in arrow.chunks], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    chunk_of = np.searchsorted(starts, positions, side="right") - 1
    order = np.argsort(chunk_of, kind="stable")
    by_chunk = chunk_of[order]
    pieces = []
    for chunk in np.unique(by_chunk).tolist():
        first, last = np.searchsorted(by_chunk, [chunk, chunk + 1])
        pieces.append(arrow.chunk(chunk).take(
            pa.array(positions[order[first:last]] - starts[chunk])))
    joined = pa.concat_arrays(pieces)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return joined.take(pa.array(back))


def _as_iterable(result: Any) -> Iterable:
    if result is None:
        return ()
    if isinstance(result, Finding):
        return (result,)
    if isinstance(result, (str, bytes, dict)) or not hasattr(result, "__iter__"):
        raise CheckError(f"a check returns or yields Finding objects, not {type(result).__name__}")
    return result


def _as_finding(yielded: Any, spec: CheckSpec) -> Finding:
    if isinstance(yielded, Finding):
        return yielded
    raise CheckError(f"{spec.name} yielded a {type(yielded).__name__}; a check yields Finding "
                     "objects (from audit import Finding)")


def _where(exc: BaseException, spec: CheckSpec) -> str:
    frames = [line for line in traceback.extract_tb(exc.__traceback__)
              if line.filename == spec.path]
    return f"{spec.path}:{frames[-1].lineno}" if frames else spec.path


def _assert_message(exc: AssertionError, spec: CheckSpec) -> str:
    message = str(exc).strip()
    return message or f"assertion failed in {spec.name} ({_where(exc, spec)})"


def _error(spec: CheckSpec, exc: BaseException) -> dict:
    if isinstance(exc, SystemExit):
        what = f"called sys.exit({exc.code!r})"
    elif type(exc).__name__ == "Skipped":  # pytest.skip(): not an error (AuditResult)
        return {"path": spec.path, "check": spec.code,
                "message": f"{spec.name} skipped: {exc} ({_where(exc, spec)})",
                "skipped": str(exc)}
    else:
        what = f"raised {type(exc).__name__}: {exc}"
    return {"path": spec.path, "check": spec.code,
            "message": f"{spec.name} {what} ({_where(exc, spec)})"}


__all__ = ["Runner", "Outcome", "CheckError", "Span", "audited_articles", "key_groups",
           "KeyGroups", "GroupBatch", "RowsByArticle", "run_batch", "columns_read", "rows_read",
           "take"]
