"""The whole audit as one call: ingest → normalise → checks → findings.

The command line and the pytest plugin both go through here, so ``audit run`` and
``pytest checks/`` run the same functions on the same tables.
"""

from __future__ import annotations

import pickle
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from audit import collector
from audit.baseline import settle, settling
from audit.config import SPILL_ABOVE, Config
from audit.engine.discovery import Suite, discover
from audit.engine.partition import PartitionChecks
from audit.engine.runner import Outcome, Runner, parameters_reached
from audit.engine.spill import FindingsFile, SpilledTables, mapped_texts, spill_folder
from audit.findings import ReportedFinding, severity_rank
from audit.ingest import ingest
from audit.interrupt import Interrupted, stoppable
from audit.limits import DEFAULT as DEFAULT_LIMITS
from audit.limits import Limits
from audit.normalise.build import normalise, normalise_partitions
from audit.tables import Tables

__all__ = ["Interrupted", "audit", "build_tables", "run_audit", "AuditResult"]

# Exit codes (PRODUCT.md §6).
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass
class AuditResult:
    """Everything an audit produced; the reports are written from this."""

    tables: Tables
    suite: Suite
    outcomes: list[Outcome] = field(default_factory=list)
    #: the articles' own waivers (front matter ``audit-ignore``) that cannot be used
    waiver_errors: list[dict] = field(default_factory=list)
    #: the findings in their order, kept on disk (a spilled audit: the outcomes' findings
    #: are then empty), else None
    spilled_findings: FindingsFile | None = None

    @property
    def findings(self) -> Sequence[ReportedFinding]:
        """Every finding, in the order of the articles, then of their start and code (a
        list, or a :class:`FindingsFile` where the audit spilled them)."""
        if self.spilled_findings is not None:
            return self.spilled_findings
        order = {a: i for i, a in enumerate(self.tables.articles.article_id)}
        found = [f for outcome in self.outcomes for f in outcome.findings]
        return sorted(found, key=lambda f: (order.get(f.article_id, len(order)), f.start or 0,
                                            f.code))

    @property
    def expectations(self) -> list[dict]:
        """The result of every expectation of the suites that ran (checks/expectations/)."""
        from audit.engine.expectations import suite_results

        return suite_results(outcome.spec for outcome in self.outcomes)

    @property
    def input_errors(self) -> list[dict]:
        articles = self.tables.articles
        # (only the columns read: a selection of rows of every column reads every text)
        bad = articles.loc[(articles.status != "audited").to_numpy(dtype=bool),
                           ["path", "status", "reason"]]
        return [
            {"path": row.path, "check": None, "message": f"{row.status}: {row.reason}"}
            for row in bad.itertuples(index=False)
        ] + self.waiver_errors

    @property
    def check_errors(self) -> list[dict]:
        """The checks that could not run or failed; a check that skipped itself
        (``pytest.skip()``) is not one."""
        return self.suite.errors + [o.error for o in self.outcomes
                                    if o.error and "skipped" not in o.error]

    @property
    def errors(self) -> list[dict]:
        return self.input_errors + self.check_errors

    def exit_code(self, fail_on: str) -> int:
        """3 for a check or internal error, 2 for an input that failed or an article's waiver
        that cannot be used, 1 for findings at or above ``fail_on`` (baseline and waived
        findings do not count), else 0."""
        if self.check_errors:
            return EXIT_INTERNAL
        if (self.tables.articles.status == "failed").any() or self.waiver_errors:
            return EXIT_INPUT
        if fail_on != "never":
            threshold = severity_rank(fail_on)
            if any(severity_rank(f.severity) >= threshold and not f.suppressed
                   for f in self.findings):
                return EXIT_FINDINGS
        return EXIT_OK


def limits(config: Config | None) -> Limits:
    """The input limits ``config`` sets (``[tool.audit.limits]``), else the defaults."""
    return getattr(config, "limits", None) or DEFAULT_LIMITS


def build_tables(source: Iterable[str | Path] | pd.DataFrame, jobs: int | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 config: Config | None = None) -> Tables:
    """Ingest paths (or take an ``articles`` table) and normalise them into all tables.

    SIGTERM and SIGINT stop it with :class:`Interrupted` (see :func:`stoppable`)."""
    with stoppable() as check_stopped:
        articles = source if isinstance(source, pd.DataFrame) else \
            ingest(source, limits(config), getattr(config, "date_order", None))
        check_stopped()
        return normalise(articles, jobs=jobs, progress=progress)


def select(suite: Suite, config: Config) -> Suite:
    """The suite with only the checks the configuration enables."""
    return Suite([c for c in suite.checks if config.selects(c)], suite.fixtures,
                 suite.errors)


def run_audit(tables: Tables, config: Config, checks: Sequence | None = None,
              progress: Callable | None = None) -> AuditResult:
    """Run the configured checks on built tables."""
    suite = select(discover(config.check_roots), config)
    runner = Runner(tables, suite, config.options)
    specs = suite.checks if checks is None else checks
    with collector.rarely():
        outcomes = runner.run_all(specs, progress)
    return _finish(AuditResult(tables, suite, outcomes), config)


def audit(source: Iterable[str | Path] | pd.DataFrame, config: Config, jobs: int | None = None,
          progress: Callable[[int, int], None] | None = None,
          announce: Callable | None = None, scheduler=None,
          suite: Suite | None = None) -> AuditResult:
    """The whole audit: ingest, normalise and check.

    When normalisation is spread over processes, each worker also runs the article-scope
    checks on the partition it built and sends back only their findings; the corpus-scope
    checks then run on the whole tables. The result is the same as
    ``run_audit(build_tables(source, jobs), config)``. Meanwhile this process does what the
    corpus-scope checks can do ahead (``CheckSpec.prepare``: importing Great Expectations
    for the suites). ``progress(done, total)`` follows
    normalisation, ``announce(spec)`` is called for each check as it runs or as its
    findings from the workers are gathered. SIGTERM and SIGINT stop it with
    :class:`Interrupted`, the worker processes stopped (see :func:`stoppable`).
    ``scheduler`` (an address or a ``distributed.Client``): normalisation, the
    article-scope checks, the corpus-scope checks that read a wide table and the key groups
    of blocked ones run in that Dask cluster's workers, where the wide tables stay
    (audit.engine.distributed), the rest here; the result's tables are then a local spill.
    Findings are the same. A corpus of Parquet files only (a folder of partitions) is read
    by the workers.
    ``suite``: the checks already discovered under ``config.check_roots`` (all of them: the
    configuration selects among them here), so that they are not discovered again; by
    default they are discovered here.
    """
    with stoppable() as check_stopped, collector.rarely():
        use_system_allocator()
        return _audit(source, config, jobs, progress, announce, check_stopped, scheduler,
                      suite)


def use_system_allocator() -> None:
    """Make Arrow (the text columns of the tables) allocate with the system's malloc, as
    ``ARROW_DEFAULT_MEMORY_POOL=system`` does, instead of mimalloc, which keeps the memory a
    stage frees for itself: side by side on 10kGNAD, the same CPU time and 26 MB (x1) and
    43 MB (x4) less peak memory. Worker processes forked later inherit it."""
    import pyarrow

    if pyarrow.default_memory_pool().backend_name != "system":
        pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def _audit(source: Iterable[str | Path] | pd.DataFrame, config: Config, jobs: int | None,
           progress: Callable[[int, int], None] | None, announce: Callable | None,
           check_stopped: Callable[[], None], scheduler=None,
           discovered: Suite | None = None) -> AuditResult:
    suite = select(discover(config.check_roots) if discovered is None else discovered, config)
    partition = PartitionChecks.of(suite, config.check_roots, config.options)
    ahead = [spec.prepare for spec in suite.checks
             if spec.prepare and spec.code not in partition.codes]

    def prepare() -> None:  # while the workers build the tables
        for step in ahead:
            step()

    after = partition if partition.codes else None
    waiting = prepare if ahead else None
    if scheduler is None:
        articles = source if isinstance(source, pd.DataFrame) else \
            ingest(source, limits(config), config.date_order)
        spill = _spill(articles, config)
        if spill is not None:  # (the texts on disk too, read where they are needed)
            articles = mapped_texts(articles, spill)
        collector.give_back()  # (what reading the files left over)
        kept = _PartitionFindings(spill) if spill is not None and after is not None else None
        tables, partial = normalise_partitions(articles, jobs, progress, after, waiting,
                                               spill, link=reads_linked(suite, partition.codes),
                                               keep=kept.keep if kept else None)
        collector.give_back()
        outcomes = _checked(Runner(tables, suite, config.options), partition, partial,
                            announce, check_stopped)
        if kept is not None and partial is not None and isinstance(tables, SpilledTables):
            result = AuditResult(tables, suite, outcomes)
            mark, result.waiver_errors = settling(tables.articles, suite, config)
            result.spilled_findings = kept.merged(result, set(partition.codes), mark)
            return result
    else:  # imports dask only here
        from audit.engine import distributed as on_cluster

        if not isinstance(source, pd.DataFrame):
            source = list(source)  # (read twice)
        files = None if isinstance(source, pd.DataFrame) else \
            on_cluster.parquet_partitions(source)
        with on_cluster.connected(scheduler) as client:
            linked = reads_linked(suite, partition.codes)
            if files:  # read by the workers
                tables, partial = on_cluster.normalise_parquet_on_cluster(
                    files, client, limits(config), config.date_order, progress, after, waiting,
                    link=linked)
            else:
                articles = source if isinstance(source, pd.DataFrame) else \
                    ingest(source, limits(config), config.date_order)
                tables, partial = on_cluster.normalise_on_cluster(articles, client, progress,
                                                                  after, waiting, link=linked)
            runner = on_cluster.ClusterRunner(tables, suite, config.options, client,
                                              config.check_roots)
            outcomes = _checked(runner, partition, partial, announce, check_stopped)
            tables = on_cluster.brought_back(tables)  # (a local spill: the client closes)
    return _finish(AuditResult(tables, suite, outcomes), config)


def reads_linked(suite: Suite, leave_out: Iterable[str] = ()) -> bool:
    """Whether a check of ``suite`` (but those ``leave_out`` names), its blocking keys or a
    fixture it uses read ``events`` or ``quantities`` (or the whole ``corpus``): then
    normalisation builds their per-article part with each partition
    (``normalise_partitions(link=True)``)."""
    left_out = set(leave_out)
    return any(name in ("events", "quantities", "corpus")
               for spec in suite.checks if spec.code not in left_out
               for _, name in parameters_reached(
                   [spec.func, *([spec.keys] if spec.keys is not None else [])], suite))


def _spill(articles: pd.DataFrame, config: Config) -> Path | None:
    """A folder to keep the wide tables in while the audit runs, for a corpus of more than
    ``config.spill_above`` characters of text (audit.engine.spill); else None."""

    above = getattr(config, "spill_above", SPILL_ABOVE)
    text = articles.text
    characters = int(text.str.len().sum()) if str(text.dtype) == "str" else \
        int(text.map(lambda value: len(value) if isinstance(value, str) else 0).sum())
    return spill_folder() if characters > above else None


def _checked(runner: Runner, partition: PartitionChecks, partial: list | None,
             announce: Callable | None, check_stopped: Callable[[], None]) -> list[Outcome]:
    """Every check's outcome, in suite order: gathered from the partitions for those the
    workers ran, else run now on the whole tables (per key group where it has keys)."""
    outcomes = []
    for spec in runner.suite.checks:
        check_stopped()
        if announce:
            announce(spec)
        if partial is not None and spec.code in partition.codes:
            outcomes.append(_gathered(spec, partial))
        else:
            outcomes.append(runner.run(spec))
    return outcomes


def _gathered(spec, partial: list) -> Outcome:
    """One check's outcome from its results on every partition, in partition order."""
    outcome = Outcome(spec)
    for results in partial:
        findings, error = results[spec.code]
        outcome.findings.extend(findings)
        outcome.error = outcome.error or error
    return outcome


class _PartitionFindings:
    """The article-scope findings of a spilled audit: each partition's, written to the
    spill folder as the partition comes in (only the checks' errors stay in memory), then
    put in order with the corpus-scope findings into one :class:`FindingsFile`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[Path] = []

    def keep(self, number: int, results: dict) -> dict:
        """Write partition ``number``'s findings (``results``: check code → findings,
        error); what stays: each check's error, its findings an empty list."""
        path = self.folder / f"findings-{number:06d}.pickle"
        with path.open("wb") as out:
            pickle.dump({code: found for code, (found, _) in results.items()}, out,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self.files.append(path)
        return {code: ([], error) for code, (_, error) in results.items()}

    def merged(self, result: AuditResult, by_partition: set[str],
               mark: Callable[[list[ReportedFinding]], None]) -> FindingsFile:
        """All findings of ``result`` in the order of :attr:`AuditResult.findings` (the
        checks ``by_partition`` ran on the partitions, their findings in these files; the
        others' in their outcomes, which are emptied), each batch marked by ``mark``
        (baseline and waivers), in a file of the spill folder.

        The partitions are runs of consecutive articles, so the findings are put in order
        a partition at a time: its own and the corpus-scope findings of its articles, in
        the order of the checks, sorted as :attr:`AuditResult.findings` sorts them (a
        stable sort: the same order)."""
        tables = result.tables
        ids = tables.articles.article_id.tolist()
        order = {article_id: i for i, article_id in enumerate(ids)}
        partition_of = tables._spill.partition_of
        firsts = [len(order)] * len(self.files)
        for article_id, number in partition_of.items():
            firsts[number] = min(firsts[number], order.get(article_id, len(order)))
        tail = len(self.files)  # (findings of no article, or of one not in the table)

        def batch(finding: ReportedFinding) -> int:
            position = order.get(finding.article_id)
            return tail if position is None else max(0, bisect_right(firsts, position) - 1)

        # the corpus-scope findings and any of a partition's that belong to a later batch
        later: dict[int, dict[str, list]] = {}
        for outcome in result.outcomes:
            if outcome.spec.code not in by_partition:
                for finding in outcome.findings:
                    later.setdefault(batch(finding), {}).setdefault(
                        outcome.spec.code, []).append(finding)
                outcome.findings = []
        codes = [outcome.spec.code for outcome in result.outcomes]

        def key(finding: ReportedFinding) -> tuple:
            return (order.get(finding.article_id, len(order)), finding.start or 0,
                    finding.code)

        def in_order():
            for number in range(tail + 1):
                own: dict[str, list] = {}
                if number < tail:
                    with self.files[number].open("rb") as handle:
                        for code, found in pickle.load(handle).items():
                            for finding in found:
                                where = batch(finding)
                                (own if where <= number else later.setdefault(where, {})) \
                                    .setdefault(code, []).append(finding)
                    self.files[number].unlink()
                earlier = later.pop(number, {})
                findings = [finding for code in codes
                            for finding in (*earlier.get(code, ()), *own.get(code, ()))]
                findings.sort(key=key)
                mark(findings)
                yield from findings

        return FindingsFile.write(self.folder / "findings.pickle", in_order())


def _finish(result: AuditResult, config: Config) -> AuditResult:
    """Mark the findings the baseline or a waiver (the configuration's, an article's own)
    covers; keep the errors of the articles' waivers that cannot be used."""
    result.waiver_errors = settle(result.findings, result.tables.articles, result.suite, config)
    return result
