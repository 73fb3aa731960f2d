"""Article-scope checks on one partition of the corpus, in the process that normalised it.

Checks declared with ``scope="article"`` (and rule files) look at one article at a time, so
the worker that built a partition's tables runs them there, and only their findings travel
back (PRODUCT.md §10: per-article checks run per partition). Checks of corpus scope run once
on the whole tables afterwards. Each worker process discovers the checks folder itself, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from audit.engine.discovery import Suite, discover
from audit.engine.registry import CheckSpec
from audit.engine.runner import Runner
from audit.findings import ReportedFinding
from audit.tables import Tables


@lru_cache(maxsize=4)
def _discovered(roots: tuple[str, ...], codes: tuple[str, ...]) -> Suite:
    suite = discover([Path(root) for root in roots])
    wanted = set(codes)
    return Suite([c for c in suite.checks if c.code in wanted], suite.fixtures, [])


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
        roots = (roots,) if isinstance(roots, (str, Path)) else tuple(roots)
        return cls(tuple(map(str, roots)), tuple(c.code for c in checks), dict(options),
                   Suite(checks, suite.fixtures, []))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "suite": None}

    def specs(self) -> list[CheckSpec]:
        if self.suite is None:
            self.suite = _discovered(self.roots, self.codes)
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
