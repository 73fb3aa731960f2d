"""Finding checks and fixtures in the checks folder.

Every ``check_*.py`` file (and ``conftest.py``, for shared fixtures) under the folder is
imported; its ``check_*`` functions are checks, its ``@fixture`` functions are fixtures.
Declarative checks sit beside them: every ``*.toml`` file in a ``rules/`` folder is a rule
file (:mod:`audit.engine.rules`), every ``*.toml`` or ``*.json`` file in an ``expectations/``
folder a Great Expectations suite (:mod:`audit.engine.expectations`; JSON: a native GX
ExpectationSuite). A file that fails to load is reported as an error and the other files
still load.

Several folders can be given: the checks shipped with the package first, then a project's
own ``checks/``. A check of a later folder replaces one of an earlier folder with the same
code (that is how a project overrides a shipped check); within one folder a code is used once.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import traceback
from collections.abc import Callable, Sequence
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
    """``"rule"`` for a ``*.toml`` file in ``rules/``, ``"suite"`` for a ``*.toml`` or
    ``*.json`` file in ``expectations/``, else None."""
    if path.parent.name == RULES_FOLDER and path.suffix == ".toml":
        return "rule"
    if path.parent.name == SUITES_FOLDER and path.suffix in (".toml", ".json"):
        return "suite"
    return None


def shipped_checks() -> Path:
    """The folder of the checks shipped with the package (the project's ``checks/``)."""
    from importlib.resources import files

    return Path(str(files("audit.shipped_checks")))


def check_files(root: Path) -> list[Path]:
    """The files that may hold checks or fixtures, in a stable order."""
    if root.is_file():
        return [root]
    files = (sorted(root.rglob("conftest.py")) + sorted(root.rglob("check_*.py"))
             + sorted(f for f in root.rglob("*.*") if declarative_kind(f)))
    return [f for f in files if not any(part.startswith(".") for part in f.parts)]


def load_declarative(path: Path) -> CheckSpec:
    """The check a rule file or suite file declares (raises RuleError when it is invalid)."""
    if declarative_kind(path) == "suite":
        from audit.engine.expectations import load_suite

        return load_suite(path).spec()
    from audit.engine.rules import load_rule

    return load_rule(path).spec()


def _error_line(exc: BaseException, path: Path) -> str:
    """Where in the user's file loading failed: the syntax error's line, or the innermost
    frame of the file itself (not a line inside audit that raised for it)."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f"{exc.filename or path}:{exc.lineno}"
    own = path.resolve()
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).resolve() == own]
    if frames:
        return f"{path}:{frames[-1].lineno}"
    return str(path)


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


def discover(roots: str | Path | Sequence[str | Path]) -> Suite:
    """Load every check and fixture under ``roots`` (a folder or one file, or a list of
    them: a later folder's check replaces an earlier folder's check with the same code)."""
    if isinstance(roots, (str, Path)):
        return _discover(Path(roots))
    suite = Suite()
    seen: set[Path] = set()
    for root in map(Path, roots):
        if root.resolve() in seen:
            continue
        seen.add(root.resolve())
        part = _discover(root)
        replaced = {spec.code for spec in part.checks}
        suite.checks = [c for c in suite.checks if c.code not in replaced] + part.checks
        suite.fixtures.update(part.fixtures)
        suite.errors.extend(part.errors)
    suite.checks.sort(key=lambda c: c.code)
    return suite


def _discover(root: Path) -> Suite:
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
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit, pytest.skip() at import: the file's fault
            reason = exc.msg if isinstance(exc, SyntaxError) else exc
            suite.errors.append({
                "path": str(path), "check": None,
                "message": f"cannot load checks file: {type(exc).__name__}: {reason} "
                           f"({_error_line(exc, path)})",
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
