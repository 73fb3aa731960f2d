"""``pytest checks/``: every check becomes a pytest item, run on the same tables.

The plugin is registered through the ``pytest11`` entry point. It collects the
``check_*.py`` files, rule files and suites of the configured checks folder only, builds the
tables of the corpus once per session, and runs each check with the same engine as
``audit run``. An item fails when its check raises or reports findings at or above
``fail-on``; its findings are shown in the item's report either way (and end up in
``--junitxml``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.config import FAIL_ON, load_config
from audit.findings import severity_rank

_STATE = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("audit", "auditing articles with checks/")
    group.addoption("--audit-corpus", action="append", metavar="PATH", default=None,
                    help="files or folders to audit (default: corpus in [tool.audit])")
    group.addoption("--audit-fail-on", choices=FAIL_ON, default=None,
                    help="lowest severity that fails a check item (default: fail-on in "
                         "[tool.audit], else error)")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STATE] = {}


def _state(config: pytest.Config) -> dict:
    state = config.stash[_STATE]
    if "audit_config" not in state:
        state["audit_config"] = load_config(Path(config.rootpath))
    return state


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    from audit.engine.discovery import declarative_kind

    if not (file_path.name.startswith("check_") and file_path.suffix == ".py"
            or declarative_kind(file_path)):
        return None
    checks_root = _state(parent.config)["audit_config"].checks.resolve()
    if checks_root not in file_path.resolve().parents:
        return None
    return CheckFile.from_parent(parent, path=file_path)


def _suite(config: pytest.Config):
    from audit.engine.discovery import discover

    state = _state(config)
    if "suite" not in state:
        state["suite"] = discover(state["audit_config"].checks)
    return state["suite"]


def _runner(config: pytest.Config):
    from audit.engine.runner import Runner
    from audit.pipeline import build_tables

    state = _state(config)
    if "runner" not in state:
        audit_config = state["audit_config"]
        paths = config.getoption("audit_corpus") or audit_config.corpus
        if not paths:
            raise CheckItemError("no corpus to audit: set corpus in [tool.audit] or pass "
                                 "--audit-corpus PATH")
        tables = build_tables(paths, jobs=audit_config.jobs)
        state["runner"] = Runner(tables, _suite(config), audit_config.options)
    return state["runner"]


class CheckItemError(Exception):
    """A check item failed: its check raised or reported findings at or above fail-on."""


class CheckFile(pytest.File):
    def collect(self):
        suite = _suite(self.config)
        here = self.path.resolve()
        for error in suite.errors:
            if Path(error["path"]).resolve() == here:
                yield LoadErrorItem.from_parent(self, name="<load>", message=error["message"])
        for spec in suite.checks:
            if Path(spec.path).resolve() == here:
                yield CheckItem.from_parent(self, name=spec.name, spec=spec)


class LoadErrorItem(pytest.Item):
    def __init__(self, *, message: str, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        raise CheckItemError(self.message)

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}: cannot load"


class CheckItem(pytest.Item):
    def __init__(self, *, spec, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        outcome = _runner(self.config).run(self.spec)
        state = _state(self.config)
        fail_on = self.config.getoption("audit_fail_on") or state["audit_config"].fail_on
        lines = [f"{f.path}:{f.line}: {f.code} [{f.severity}] {f.message}"
                 + (f" «{f.excerpt}»" if f.excerpt else "") for f in outcome.findings]
        self.user_properties.append(("findings", len(outcome.findings)))
        if lines:
            self.add_report_section("call", "findings", "\n".join(lines))
        if outcome.error:
            raise CheckItemError(outcome.error["message"])
        if fail_on != "never":
            failing = [line for f, line in zip(outcome.findings, lines, strict=True)
                       if severity_rank(f.severity) >= severity_rank(fail_on)]
            if failing:
                raise CheckItemError(
                    f"{self.spec.code}: {len(failing)} finding(s) at or above {fail_on}:\n"
                    + "\n".join(failing)
                )

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckItemError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"{self.spec.code} {self.spec.name}"
