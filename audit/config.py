"""Configuration from ``[tool.audit]`` in ``pyproject.toml`` (PRODUCT.md §7).

```toml
[tool.audit]
corpus = ["data/corpus"]      # what `audit run` audits when no path is given
checks = "checks"             # the project's checks folder (added to the shipped checks)
shipped-checks = true         # false: run only the project's checks
output = "reports"            # where reports are written
fail-on = "error"             # info | warning | error | never
disable = ["DQ001", "AIG"]    # codes or families not to run (or: enable = [...] to run only
                              # those)
baseline = "audit-baseline.json"  # a findings.json whose findings do not fail the run
waivers = [{code = "DQ001", reason = "scraped archive, boilerplate expected"},
           {fingerprint = "c427c4e6ad42fc54", reason = "disclaimer checked by the desk"}]
[tool.audit.options.CON005]   # options a check receives through its `config` parameter
min-similarity = 90
date-order = "DMY"            # how 03/04/2025 is read (DMY or MDY); unset: by language
scheduler = "tcp://host:8786" # run on this Dask cluster (pip install 'audit[dask]')
[tool.audit.limits]           # input sizes read at full cost (audit/limits.py)
max-article-chars = 2_000_000
```
Paths are relative to the folder of the ``pyproject.toml`` they are written in. Check codes
in ``enable``, ``disable``, ``waivers`` and ``options``, and option names, are checked
against the checks found (:meth:`Config.validate`): a typo is an error naming the closest
known code or option, not a setting that silently does nothing.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audit.limits import DEFAULT as DEFAULT_LIMITS
from audit.limits import Limits

FAIL_ON = ("info", "warning", "error", "never")
_KEYS = {"corpus", "checks", "shipped-checks", "output", "fail-on", "enable", "disable",
         "options", "jobs", "baseline", "waivers", "limits", "date-order", "scheduler"}
#: a check family: the letters of a code (TMP, ATR, CON, AIG, DQ)
_FAMILY = re.compile(r"^[A-Z]+$")


def closest(name: str, known: Iterable[str]) -> str:
    """`` (did you mean X?)`` naming the known name closest to ``name``, or nothing."""
    known = list(known)
    by_case = {k.casefold(): k for k in known}
    if name.casefold() in by_case:
        return f" (did you mean {by_case[name.casefold()]}?)"
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.6) or \
        difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.6)
    return f" (did you mean {match[0]}?)" if match else ""


def _kind(value: object) -> str | None:
    """What sort of value an option holds, as the error message names it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    return None


def unknown_code(pattern: str, codes: Iterable[str], family: bool = True) -> str | None:
    """What is wrong with ``pattern`` as a check code (or, with ``family``, a family such as
    ``TMP``) among ``codes``, naming the closest known one; None when it names checks."""
    codes = sorted(codes)
    if pattern in codes or (family and _FAMILY.match(pattern)
                            and any(matches(pattern, c) for c in codes)):
        return None
    names = codes + (sorted({re.sub(r"\d+$", "", c) for c in codes}) if family else [])
    return f"unknown check code {pattern!r}{closest(pattern, names)}"


def matches(pattern: str, code: str) -> bool:
    """Whether ``pattern`` (a code, or a family such as ``TMP``) names the check ``code``."""
    if pattern == code:
        return True
    return bool(_FAMILY.match(pattern)) and code.startswith(pattern) and \
        code[len(pattern):].isdigit()


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the field."""


@dataclass
class Config:
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    corpus: list[Path] = field(default_factory=list)
    checks: Path = Path("checks")
    #: whether the checks shipped with the package run too (before the project's own)
    shipped_checks: bool = False
    output: Path = Path("reports")
    fail_on: str = "error"
    enable: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    options: dict[str, dict] = field(default_factory=dict)
    jobs: int | None = None
    baseline: Path | None = None
    waivers: list[dict] = field(default_factory=list)
    limits: Limits = DEFAULT_LIMITS
    #: the order of a numeric publication date that reads either way ("03/04/2025"):
    #: "DMY" or "MDY"; None: the article language's order
    date_order: str | None = None
    #: the Dask scheduler to run on (``tcp://HOST:PORT``); None: this machine
    scheduler: str | None = None

    def selects(self, code: str) -> bool:
        """Whether the check with this code is to run (``enable``/``disable`` list codes or
        families; ``disable`` wins)."""
        if any(matches(pattern, code) for pattern in self.disable):
            return False
        return self.enable is None or any(matches(pattern, code) for pattern in self.enable)

    @property
    def check_roots(self) -> tuple[Path, ...]:
        """The check folders, in order: the shipped checks (unless turned off), then the
        project's folder (a check there replaces a shipped one with the same code)."""
        if not self.shipped_checks:
            return (self.checks,)
        from audit.engine.discovery import shipped_checks

        shipped = shipped_checks()
        if shipped.resolve() == self.checks.resolve():  # this repository: one folder
            return (self.checks,)
        return (shipped, self.checks)

    def validate(self, checks: Iterable) -> None:
        """Raise :class:`ConfigError` for a code or option that names no check or option
        of ``checks`` (CheckSpecs); the message names the closest known one."""
        specs = {spec.code: spec for spec in checks}

        def known(where: str, pattern: str, family: bool = True) -> None:
            problem = unknown_code(pattern, specs, family)
            if problem:
                raise ConfigError(f"{self._where(where)}: {problem}")

        for key, patterns in (("enable", self.enable or []), ("disable", self.disable)):
            for pattern in patterns:
                known(key, pattern)
        for number, waiver in enumerate(self.waivers, start=1):
            if "code" in waiver:
                known(f"waivers[{number}]", waiver["code"])
        for code, options in self.options.items():
            known(f"options.{code}", code, family=False)
            declared = specs[code].options
            for name, value in options.items():
                if name not in declared:
                    offer = ", ".join(sorted(declared)) or "none"
                    raise ConfigError(
                        f"{self._where(f'options.{code}')}: {code} has no option {name!r}"
                        f"{closest(name, declared)} (its options: {offer})")
                expected = _kind(declared[name])
                if expected is not None and _kind(value) != expected:
                    raise ConfigError(
                        f"{self._where(f'options.{code}.{name}')}: must be {expected} "
                        f"(like its default, {declared[name]!r}), not {value!r}")

    def _where(self, key: str) -> str:
        source = f"{self.source}: [tool.audit]" if self.source else "[tool.audit]"
        return f"{source} {key}"


def _project_checks(folder: Path, configured: bool) -> Path:
    """The project's checks folder: the shipped checks' folder stands in where a project
    has none (and names none), so an audit anywhere runs the shipped checks."""
    if configured or folder.exists():
        return folder
    from audit.engine.discovery import shipped_checks

    return shipped_checks()


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.audit]`` table, from ``start`` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                with candidate.open("rb") as handle:
                    if "audit" in tomllib.load(handle).get("tool", {}):
                        return candidate
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{candidate}: invalid TOML: {exc}") from None
    return None


def load_config(start: Path | None = None) -> Config:
    """The configuration in force at ``start`` (default: the working folder)."""
    start = (start or Path.cwd()).resolve()
    source = find_pyproject(start)
    if source is None:
        return Config(root=start, checks=_project_checks(start / "checks", False),
                      shipped_checks=True, output=start / "reports")
    with source.open("rb") as handle:
        table = tomllib.load(handle)["tool"]["audit"]
    root = source.parent

    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"{source}: [tool.audit] {key}: {why}")

    unknown = set(table) - _KEYS
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown setting (known: {', '.join(sorted(_KEYS))})")
    corpus = table.get("corpus", [])
    if isinstance(corpus, str):
        corpus = [corpus]
    if not isinstance(corpus, list) or not all(isinstance(p, str) for p in corpus):
        raise fail("corpus", "must be a path or a list of paths")
    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise fail("fail-on", f"{fail_on!r} is not one of {', '.join(FAIL_ON)}")
    for key in ("enable", "disable"):
        value = table.get(key)
        if value is not None and (not isinstance(value, list)
                                  or not all(isinstance(c, str) for c in value)):
            raise fail(key, "must be a list of check codes")
    options = table.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise fail("options", "must be tables of options per check code")
    shipped = table.get("shipped-checks", True)
    if not isinstance(shipped, bool):
        raise fail("shipped-checks", "must be true or false")
    checks = table.get("checks")
    if checks is not None and not isinstance(checks, str):
        raise fail("checks", "must be the path of a folder")
    output = table.get("output", "reports")
    if not isinstance(output, str):
        raise fail("output", "must be the path of a folder")
    jobs = table.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise fail("jobs", "must be a positive whole number")
    baseline = table.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise fail("baseline", "must be the path of a findings.json")
    waivers = table.get("waivers", [])
    if not isinstance(waivers, list):
        raise fail("waivers", "must be a list of tables")
    for number, waiver in enumerate(waivers, start=1):
        if not isinstance(waiver, dict) or not isinstance(waiver.get("reason"), str) or (
                ("code" in waiver) == ("fingerprint" in waiver)):
            raise fail(f"waivers[{number}]", "needs a reason and either a code or a "
                                             "fingerprint")
        unknown = set(waiver) - {"code", "fingerprint", "reason"}
        if unknown:
            name = sorted(unknown)[0]
            raise fail(f"waivers[{number}]", f"unknown key {name!r}"
                       f"{closest(name, ['code', 'fingerprint', 'reason'])} (a waiver has "
                       "code or fingerprint, and reason)")
        if not all(isinstance(waiver.get(key, ""), str) for key in ("code", "fingerprint")) \
                or not waiver["reason"].strip():
            raise fail(f"waivers[{number}]", "code, fingerprint and reason are non-empty "
                                             "strings")
    limits = table.get("limits", {})
    if not isinstance(limits, dict):
        raise fail("limits", "must be a table ([tool.audit.limits])")
    try:
        limits = Limits.from_table(limits)
    except ValueError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    date_order = table.get("date-order")
    if date_order is not None:
        from audit.ingest.published import DATE_ORDERS

        if date_order not in DATE_ORDERS:
            raise fail("date-order", f"{date_order!r} is not one of {', '.join(DATE_ORDERS)}")
    scheduler = table.get("scheduler")
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise fail("scheduler", "must be an address such as tcp://host:8786")
    return Config(
        root=root, source=source, limits=limits, date_order=date_order, scheduler=scheduler,
        corpus=[root / p for p in corpus],
        checks=_project_checks(root / (checks or "checks"), checks is not None),
        shipped_checks=shipped, output=root / output,
        fail_on=fail_on, enable=table.get("enable"), disable=table.get("disable", []),
        options=options, jobs=jobs,
        baseline=root / baseline if baseline else None, waivers=waivers,
    )
