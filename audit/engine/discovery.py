"""Finding checks and fixtures in the checks folder.

Every ``check_*.py`` file (and ``conftest.py``, for shared fixtures) under the folder is
imported; its ``check_*`` functions are checks, its ``@fixture`` functions are fixtures. A
file that fails to import is reported as an error and the other files still load.
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


def check_files(root: Path) -> list[Path]:
    """The files that may hold checks or fixtures, in a stable order."""
    if root.is_file():
        return [root]
    files = sorted(root.rglob("conftest.py")) + sorted(root.rglob("check_*.py"))
    return [f for f in files if not any(part.startswith(".") for part in f.parts)]


def load_module(path: Path):
    """Import a checks file under a private module name (re-imported on every call)."""
    name = "audit_checks." + "_".join(path.resolve().with_suffix("").parts[-3:])
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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
                spec = spec_for(func, str(path))
                if spec.code in seen:
                    suite.errors.append({
                        "path": str(path), "check": spec.code,
                        "message": f"code {spec.code} is already used by {seen[spec.code]}; "
                                   f"{name} is not run",
                    })
                    continue
                seen[spec.code] = f"{path}::{name}"
                suite.checks.append(spec)
    suite.checks.sort(key=lambda c: c.code)
    return suite
