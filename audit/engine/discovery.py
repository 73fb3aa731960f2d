"""Finding checks and fixtures in the checks folder.

Every ``check_*.py`` file (and ``conftest.py``, for shared fixtures) under the folder is
imported; its ``check_*`` functions are checks, its ``@fixture`` functions are fixtures.
Declarative checks sit beside them: every ``*.toml`` file in a ``rules/`` folder is a rule
file (:mod:`audit.engine.rules`), every ``*.toml`` file in an ``expectations/`` folder a
Great Expectations suite (:mod:`audit.engine.expectations`). A file that fails to load is
reported as an error and the other files still load.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audit.engine.registry import CheckSpec, spec_for


@dataclass
class Suite:
    """The checks and fixtures of a checks folder, and the files that failed to load."""

    checks: list[CheckSpec] = field(default_factory=list)
    fixtures: dict[str, Callable] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def by_code(self, code: str) -> CheckSpec | None:
        return next((c for c in self.checks if c.code.casefold() == code.casefold()), None)


RULES_FOLDER, SUITES_FOLDER = "rules", "expectations"


def declarative_kind(path: Path) -> str | None:
    """``"rule"`` or ``"suite"`` for a declarative check file, else None."""
    if path.suffix != ".toml":
        return None
    return {RULES_FOLDER: "rule", SUITES_FOLDER: "suite"}.get(path.parent.name)


def check_files(root: Path) -> list[Path]:
    """The files that may hold checks or fixtures, in a stable order."""
    if root.is_file():
        return [root]
    files = (sorted(root.rglob("conftest.py")) + sorted(root.rglob("check_*.py"))
             + sorted(f for f in root.rglob("*.toml") if declarative_kind(f)))
    return [f for f in files if not any(part.startswith(".") for part in f.parts)]


def load_declarative(path: Path) -> CheckSpec:
    """The check a rule file or suite file declares (raises RuleError when it is invalid)."""
    if declarative_kind(path) == "suite":
        from audit.engine.expectations import load_suite

        return load_suite(path).spec()
    from audit.engine.rules import load_rule

    return load_rule(path).spec()


def load_module(path: Path):
    """Import a checks file under a private module name (re-imported on every call)."""
    name = "audit_checks." + "_".join(path.resolve().with_suffix("").parts[-3:])
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _register(suite: Suite, seen: dict[str, str], spec: CheckSpec, where: str,
              name: str) -> None:
    """Add a check to the suite, or report that its code is taken."""
    if spec.code in seen:
        suite.errors.append({
            "path": spec.path, "check": spec.code,
            "message": f"code {spec.code} is already used by {seen[spec.code]}; "
                       f"{name} is not run",
        })
        return
    seen[spec.code] = where
    suite.checks.append(spec)


def discover(root: str | Path) -> Suite:
    """Load every check and fixture under ``root`` (a folder or one file)."""
    root = Path(root)
    suite = Suite()
    if not root.exists():
        suite.errors.append({"path": str(root), "check": None,
                             "message": "checks folder does not exist"})
        return suite
    seen: dict[str, str] = {}
    for path in check_files(root):
        if declarative_kind(path):
            from audit.engine.rules import RuleError

            try:
                spec = load_declarative(path)
            except RuleError as exc:
                suite.errors.append({"path": str(path), "check": None, "message": str(exc)})
                continue
            _register(suite, seen, spec, str(path), path.name)
            continue
        try:
            module = load_module(path)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            suite.errors.append({
                "path": str(path), "check": None,
                "message": f"cannot load checks file: {type(exc).__name__}: {exc} "
                           f"(line {where.lineno})",
            })
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__:
                continue  # imported from elsewhere
            if getattr(func, "__audit_fixture__", False):
                suite.fixtures[name] = func
            elif name.startswith("check_") and path.name != "conftest.py":
                _register(suite, seen, spec_for(func, str(path)), f"{path}::{name}", name)
    suite.checks.sort(key=lambda c: c.code)
    return suite
