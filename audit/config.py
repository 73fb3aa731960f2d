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
date-order = "DMY"            # how 03/04/2025 is read (DMY or MDY); unset: by language
scheduler = "tcp://host:8786" # run on this Dask cluster (pip install 'audit[dask]')
entities = "data/entities.csv"  # a gazetteer CSV (canonical, aliases, kind) pinning names
spill-above = 8_000_000       # characters of text above which the wide tables go to disk
[tool.audit.options.CON005]   # options a check receives through its `config` parameter
min-similarity = 90
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from audit.limits import DEFAULT as DEFAULT_LIMITS
from audit.limits import Limits

FAIL_ON = ("info", "warning", "error", "never")
_KEYS = {"corpus", "checks", "shipped-checks", "output", "fail-on", "enable", "disable",
         "options", "jobs", "baseline", "waivers", "limits", "date-order", "scheduler",
         "entities", "spill-above"}
#: Characters of text above which the normalised wide tables are kept on disk while the
#: audit runs (audit.engine.spill): about three times 10kGNAD's test set (2.7 million
#: characters), which stays in memory.
SPILL_ABOVE = 8_000_000
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
    #: the project's gazetteer CSV (canonical, aliases, kind); None: ``data/entities.csv``
    #: under ``root`` where it exists (audit.normalise.entities)
    entities: Path | None = None
    #: characters of text above which the normalised wide tables are kept on disk while
    #: the audit runs (audit.engine.spill); 0: always
    spill_above: int = SPILL_ABOVE

    def selects(self, check) -> bool:
        """Whether a check (a CheckSpec, or a code) is to run: ``enable``/``disable`` list
        codes or families, ``disable`` wins; a check off by default (``@check(...,
        enabled=False)``) runs only where ``enable`` names its code."""
        code = getattr(check, "code", check)
        if any(matches(pattern, code) for pattern in self.disable):
            return False
        if not getattr(check, "enabled", True):
            return code in (self.enable or ())
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
    settings = _Settings(source, table).read()
    root = source.parent
    checks, baseline = settings["checks"], settings["baseline"]
    return Config(
        root=root, source=source, limits=settings["limits"],
        date_order=settings["date-order"], scheduler=settings["scheduler"],
        corpus=[root / p for p in settings["corpus"]],
        checks=_project_checks(root / (checks or "checks"), checks is not None),
        shipped_checks=settings["shipped-checks"], output=root / settings["output"],
        fail_on=settings["fail-on"], enable=settings["enable"], disable=settings["disable"],
        options=settings["options"], jobs=settings["jobs"],
        baseline=root / baseline if baseline else None, waivers=settings["waivers"],
        entities=settings["entities"], spill_above=settings["spill-above"],
    )


def _optional(test: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda value: value is None or test(value)


def _of(kind: type) -> Callable[[object], bool]:
    return lambda value: isinstance(value, kind)


def _codes(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(code, str) for code in value)


def _tables(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())


def _positive(value: object) -> bool:
    return isinstance(value, int) and value >= 1


def _characters(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _address(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _date_order(value: object) -> bool:
    from audit.ingest.published import DATE_ORDERS

    return value in DATE_ORDERS


def _one_of(choices: Callable[[], Iterable[str]]) -> Callable[[object], str]:
    return lambda value: f"{value!r} is not one of {', '.join(choices())}"


def _date_orders() -> Iterable[str]:
    from audit.ingest.published import DATE_ORDERS

    return DATE_ORDERS


#: Each setting of [tool.audit] but corpus (a path or a list, read by _Settings.corpus), in
#: the order they are checked: its default, the test its value must pass, and what the
#: message says it must be (or a function of the value saying so). waivers, limits and
#: entities are read further once they pass (_Settings.waivers, .limits, .entities).
_SETTINGS: dict[str, tuple[object, Callable[[object], bool], str | Callable]] = {
    "fail-on": ("error", lambda value: value in FAIL_ON, _one_of(lambda: FAIL_ON)),
    "enable": (None, _optional(_codes), "must be a list of check codes"),
    "disable": ([], _optional(_codes), "must be a list of check codes"),
    "options": ({}, _tables, "must be tables of options per check code"),
    "shipped-checks": (True, _of(bool), "must be true or false"),
    "checks": (None, _optional(_of(str)), "must be the path of a folder"),
    "output": ("reports", _of(str), "must be the path of a folder"),
    "jobs": (None, _optional(_positive), "must be a positive whole number"),
    "baseline": (None, _optional(_of(str)), "must be the path of a findings.json"),
    "waivers": ([], _of(list), "must be a list of tables"),
    "limits": ({}, _of(dict), "must be a table ([tool.audit.limits])"),
    "date-order": (None, _optional(_date_order), _one_of(_date_orders)),
    "scheduler": (None, _optional(_address), "must be an address such as tcp://host:8786"),
    "entities": (None, _optional(_of(str)),
                 "must be the path of a CSV file (canonical, aliases, kind)"),
    "spill-above": (SPILL_ABOVE, _characters, "must be a whole number of characters (0 or more)"),
}
_WAIVER_KEYS = ["code", "fingerprint", "reason"]
#: the settings _Settings reads further, by a method of the same name, once they pass
_READ_FURTHER = ("waivers", "limits", "entities")


class _Settings:
    """The ``[tool.audit]`` table of one pyproject.toml, each setting checked as it is read;
    a mistake is a :class:`ConfigError` naming the file and the setting."""

    def __init__(self, source: Path, table: dict) -> None:
        self.source, self.table = source, table

    def fail(self, key: str, why: str) -> ConfigError:
        return ConfigError(f"{self.source}: [tool.audit] {key}: {why}")

    def read(self) -> dict[str, object]:
        """Every setting by its key (defaults filled in), or the first mistake raised."""
        unknown = set(self.table) - _KEYS
        if unknown:
            raise self.fail(sorted(unknown)[0],
                            f"unknown setting (known: {', '.join(sorted(_KEYS))})")
        settings: dict[str, object] = {"corpus": self.corpus()}
        for key, (default, valid, must) in _SETTINGS.items():
            value = self.table.get(key, default)
            if not valid(value):
                raise self.fail(key, must(value) if callable(must) else must)
            if key in _READ_FURTHER:
                value = getattr(self, key)(value)
            settings[key] = value
        return settings

    def corpus(self) -> list[str]:
        corpus = self.table.get("corpus", [])
        if isinstance(corpus, str):
            corpus = [corpus]
        if not isinstance(corpus, list) or not all(isinstance(p, str) for p in corpus):
            raise self.fail("corpus", "must be a path or a list of paths")
        return corpus

    def waivers(self, waivers: list) -> list:
        for number, waiver in enumerate(waivers, start=1):
            self.waiver(f"waivers[{number}]", waiver)
        return waivers

    def waiver(self, key: str, waiver: object) -> None:
        if not isinstance(waiver, dict) or not isinstance(waiver.get("reason"), str) or (
                ("code" in waiver) == ("fingerprint" in waiver)):
            raise self.fail(key, "needs a reason and either a code or a fingerprint")
        unknown = set(waiver) - set(_WAIVER_KEYS)
        if unknown:
            name = sorted(unknown)[0]
            raise self.fail(key, f"unknown key {name!r}{closest(name, _WAIVER_KEYS)} (a "
                                 "waiver has code or fingerprint, and reason)")
        if not all(isinstance(waiver.get(k, ""), str) for k in ("code", "fingerprint")) \
                or not waiver["reason"].strip():
            raise self.fail(key, "code, fingerprint and reason are non-empty strings")

    def limits(self, table: dict) -> Limits:
        try:
            return Limits.from_table(table)
        except ValueError as exc:
            raise ConfigError(f"{self.source}: {exc}") from None

    def entities(self, path: str | None) -> Path | None:
        if path is None:
            return None
        gazetteer = self.source.parent / path
        if not gazetteer.is_file():
            why = "is not a file" if gazetteer.exists() else "does not exist"
            raise self.fail("entities", f"{gazetteer} {why}")
        return gazetteer
