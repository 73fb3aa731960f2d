"""``pytest checks/``: every check becomes a pytest item, run on the same tables.

The plugin is registered through the ``pytest11`` entry point. It collects the
``check_*.py`` files, rule files and suites of the configured checks folder only, builds the
tables of the corpus once per session, and runs each check with the same engine as
``audit run``. It tells the exit code's story: an item fails when its check raises or
reports findings at or above ``fail-on`` that no baseline or waiver (in ``[tool.audit]``
or an article's front matter) accepts; a check the configuration turns off is skipped with
the reason. Each item's findings are shown in its report either way (and end up in
``--junitxml``).

Items are named by function and carry their code and family as keywords
(``pytest checks/ -k TMP002``, ``-k TMP``); pytest marks on a check function
(``@pytest.mark.xfail``, custom marks) apply to its item. With ``--audit-examples`` each
check's docstring examples are items too (keyword ``example``): ``check_x[flagged]`` passes
when the Flagged example is flagged, ``check_x[clean]`` when the Clean example is not.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from audit.config import FAIL_ON, load_config
from audit.findings import location, severity_rank

_STATE = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("audit", "auditing articles with checks/")
    group.addoption("--audit-corpus", action="append", metavar="PATH", default=None,
                    help="files or folders to audit (default: corpus in [tool.audit])")
    group.addoption("--audit-fail-on", choices=FAIL_ON, default=None,
                    help="lowest severity that fails a check item (default: fail-on in "
                         "[tool.audit], else error)")
    group.addoption("--audit-examples", action="store_true", default=False,
                    help="also run each check's docstring examples as items "
                         "(check_x[flagged], check_x[clean])")


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
    from audit.config import ConfigError
    from audit.engine.discovery import discover

    state = _state(config)
    if "suite" not in state:
        suite = discover(state["audit_config"].checks)
        try:  # a misspelt code or option in [tool.audit] is the user's mistake, said once
            state["audit_config"].validate(suite.checks)
        except ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None
        state["suite"] = suite
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
        tables = build_tables(paths, jobs=audit_config.jobs, config=audit_config)
        state["articles"] = tables.articles  # every input, whatever its status
        state["runner"] = Runner(tables, _suite(config), audit_config.options)
    return state["runner"]


def _baseline(config: pytest.Config) -> set[str]:
    from audit.baseline import load_baseline

    state = _state(config)
    if "baseline" not in state:
        path = state["audit_config"].baseline
        state["baseline"] = load_baseline(path) if path else set()
    return state["baseline"]


def _article_waivers(config: pytest.Config, runner) -> dict[str, list[dict]]:
    """The usable front-matter waivers of each article (the unusable ones are kept in the
    state, to fail the session as they make ``audit run`` exit with 2)."""
    from audit.baseline import article_waivers

    state = _state(config)
    if "article_waivers" not in state:
        # (a waiver may name a shipped check that this checks folder does not hold)
        usable, errors = article_waivers(runner.tables.articles,
                                         (spec.code for spec in _suite(config).checks),
                                         state["audit_config"].check_roots)
        state["article_waivers"], state["waiver_errors"] = usable, errors
    return state["article_waivers"]


def _failed_inputs(config: pytest.Config) -> list[tuple[str, str]]:
    """(path, reason) of every input that could not be read and every front-matter waiver
    that cannot be used."""
    state = config.stash[_STATE]
    articles = state.get("articles")
    if articles is None:
        return []
    failed = [(row.path, row.reason)
              for row in articles[articles.status == "failed"].itertuples()]
    return failed + [(e["path"], e["message"]) for e in state.get("waiver_errors", [])]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """An input that could not be read, or an article's waiver that cannot be used, fails
    the session, as it makes ``audit run`` exit with 2 (the checks' items themselves may
    all pass)."""
    if _failed_inputs(session.config) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    failed = _failed_inputs(config)
    if failed:
        terminalreporter.section("audit: inputs that could not be audited", red=True)
        for path, reason in failed:
            terminalreporter.line(f"{path}: {reason}")


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
                if not self.config.getoption("audit_examples"):
                    continue
                for kind in ("flagged", "clean"):
                    if getattr(spec, kind):
                        yield ExampleItem.from_parent(self, name=f"{spec.name}[{kind}]",
                                                      spec=spec, kind=kind)


class LoadErrorItem(pytest.Item):
    def __init__(self, *, message: str, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        raise CheckItemError(self.message)

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value)

    def reportinfo(self):
        match = re.search(r":(\d+)\)$", self.message)
        return self.path, int(match[1]) - 1 if match else None, f"{self.path.name}: cannot load"


class _SpecItem(pytest.Item):
    """An item of one check: its code and family as keywords, its marks, and skipped when
    the configuration turns the check off."""

    def __init__(self, *, spec, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        self.extra_keyword_matches.update({spec.code, re.sub(r"\d+$", "", spec.code)})
        for mark in getattr(spec.func, "pytestmark", []):  # Mark objects, as pytest keeps them
            self.own_markers.append(mark)
            self.keywords[mark.name] = mark
        if not _state(self.config)["audit_config"].selects(spec):
            why = "disabled in [tool.audit]" if spec.enabled else \
                "off by default (enable names it in [tool.audit])"
            self.add_marker(pytest.mark.skip(reason=f"{spec.code} is {why}"))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckItemError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        line = self.spec.line
        return self.path, line - 1 if line else None, f"{self.spec.code} {self.name}"


class CheckItem(_SpecItem):
    def runtest(self) -> None:
        from audit.baseline import suppress
        from audit.report.json import at_records

        runner = _runner(self.config)
        outcome = runner.run(self.spec)
        state = _state(self.config)
        audit_config = state["audit_config"]
        suppress(outcome.findings, _baseline(self.config), audit_config.waivers,
                 _article_waivers(self.config, runner))
        fail_on = self.config.getoption("audit_fail_on") or audit_config.fail_on
        shown = at_records([f.to_json() for f in outcome.findings], runner.tables.articles)
        lines = [f"{location(f)}: {f['code']} [{f['severity']}] {f['message']}"
                 + (f" «{f['excerpt']}»" if f["excerpt"] else "")
                 + (f" ({f['suppressed']})" if f.get("suppressed") else "") for f in shown]
        self.user_properties.append(("findings", len(outcome.findings)))
        if lines:
            self.add_report_section("call", "findings", "\n".join(lines))
        if outcome.error and outcome.error.get("skipped") is not None:
            pytest.skip(outcome.error["skipped"])  # pytest.skip() in the check
        if outcome.error:
            if outcome.error.get("traceback"):
                raise CheckItemError(outcome.error["traceback"])
            self._raise_again(runner)
            raise CheckItemError(outcome.error["message"])
        if fail_on != "never":
            failing = [line for f, line in zip(outcome.findings, lines, strict=True)
                       if severity_rank(f.severity) >= severity_rank(fail_on)
                       and not f.suppressed]
            if failing:
                raise CheckItemError(
                    f"{self.spec.code}: {len(failing)} finding(s) at or above {fail_on}:\n"
                    + "\n".join(failing)
                )


    def _raise_again(self, runner) -> None:
        """Call the check once more, outside the engine's error handling, so that pytest
        shows where in the check it raised (the engine keeps only the message)."""
        arguments = {name: runner._provide(name, self.spec) for name in self.spec.params}
        result = self.spec.func(**arguments)
        if hasattr(result, "__next__"):  # a generator raises while it is consumed
            for _ in result:
                pass

    def _traceback_filter(self, excinfo):
        """Only the frames of the check's own file, where there are any."""
        own = Path(self.spec.path).resolve()
        frames = excinfo.traceback.filter(
            lambda entry: Path(str(entry.path)).resolve() == own)
        return frames or super()._traceback_filter(excinfo)


class ExampleItem(_SpecItem):
    """A docstring example of a check, audited on its own: Flagged must give a finding of
    the check, Clean must not."""

    def __init__(self, *, kind: str, **kwargs):
        super().__init__(**kwargs)
        self.kind = kind
        self.extra_keyword_matches.add("example")  # -k example / -k "not example"

    def runtest(self) -> None:
        from audit.engine.runner import Runner
        from audit.pipeline import build_tables

        example = getattr(self.spec, self.kind)
        # an example across articles is JSON Lines records, one article a line
        name = "example.jsonl" if example.startswith("{") else "example.md"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_text(example + "\n", encoding="utf-8")
            tables = build_tables([path], jobs=1, config=_state(self.config)["audit_config"])
            outcome = Runner(tables, _suite(self.config),
                             _state(self.config)["audit_config"].options).run(self.spec)
        if outcome.error:
            raise CheckItemError(outcome.error.get("traceback") or outcome.error["message"])
        found = [f"{f.code} «{f.excerpt}»: {f.message}" for f in outcome.findings]
        if self.kind == "flagged" and not found:
            raise CheckItemError(f"{self.spec.code}: the Flagged example of the docstring "
                                 f"gives no finding:\n{example}")
        if self.kind == "clean" and found:
            raise CheckItemError(f"{self.spec.code}: the Clean example of the docstring is "
                                 "flagged:\n" + "\n".join(found))

