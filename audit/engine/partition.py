"""Article-scope checks on one partition of the corpus, in the process that normalised it.

Checks declared with ``scope="article"`` (and rule files) look at one article at a time, so
the worker that built a partition's tables runs them there, and only their findings travel
back (PRODUCT.md §10: per-article checks run per partition). Checks of corpus scope run once
on the whole tables afterwards. Each worker process discovers the checks folder itself, once,
unless it was forked from the process that had discovered them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audit.engine.discovery import Suite, discover
from audit.engine.registry import CheckSpec
from audit.engine.runner import Runner
from audit.findings import ReportedFinding
from audit.tables import Tables

#: The suites found (or handed over by :meth:`PartitionChecks.of`) in this process, by
#: checks folders and codes: a worker process forked from the one that discovered the
#: checks finds them here and does not discover them again (0.4 CPU-s per worker).
_SUITES: OrderedDict[tuple, Suite] = OrderedDict()
_KEPT = 4


def _keep(key: tuple, suite: Suite) -> Suite:
    _SUITES[key] = suite
    _SUITES.move_to_end(key)
    while len(_SUITES) > _KEPT:
        _SUITES.popitem(last=False)
    return suite


def discovered(roots: tuple[str, ...], codes: tuple[str, ...]) -> Suite:
    """The checks ``codes`` found under the checks folders ``roots`` (once per process)."""
    if (roots, codes) in _SUITES:
        return _SUITES[(roots, codes)]
    suite = discover([Path(root) for root in roots])
    wanted = set(codes)
    return _keep((roots, codes),
                 Suite([c for c in suite.checks if c.code in wanted], suite.fixtures, []))


@dataclass
class PartitionChecks:
    """The article-scope checks to run on each partition; picklable, so it can be sent to
    worker processes. ``suite`` (the already discovered checks) is used in the process that
    made it and is left behind when the object is sent elsewhere."""

    roots: tuple[str, ...]
    codes: tuple[str, ...]
    options: dict[str, dict] = field(default_factory=dict)
    suite: Suite | None = None

    @classmethod
    def of(cls, suite: Suite, roots: str | Path | Iterable[str | Path],
           options: dict[str, dict]) -> PartitionChecks:
        """The article-scope checks of ``suite``, found again in a worker under ``roots``
        (the checks folders, in the order discovery reads them)."""
        checks = [c for c in suite.checks if c.scope == "article"]
        roots = tuple(map(str, (roots,) if isinstance(roots, (str, Path)) else roots))
        codes = tuple(c.code for c in checks)
        return cls(roots, codes, dict(options),
                   _keep((roots, codes), Suite(checks, suite.fixtures, [])))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "suite": None}

    def specs(self) -> list[CheckSpec]:
        if self.suite is None:
            self.suite = discovered(self.roots, self.codes)
        return self.suite.checks

    def __call__(self, tables: Tables) -> dict[str, tuple[list[ReportedFinding], dict | None]]:
        """Each check's findings on the partition, and its error if it failed."""
        specs = self.specs()
        runner = Runner(tables, self.suite, self.options)
        results = {}
        for spec in specs:
            outcome = runner.run(spec)
            results[spec.code] = (outcome.findings, outcome.error)
        return results
