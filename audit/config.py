"""Configuration from ``[tool.audit]`` in ``pyproject.toml`` (PRODUCT.md §7).

```toml
[tool.audit]
corpus = ["data/corpus"]      # what `audit run` audits when no path is given
checks = "checks"             # the checks folder
output = "reports"            # where reports are written
fail-on = "error"             # info | warning | error | never
disable = ["DQ001"]           # codes not to run (or: enable = [...] to run only those)
baseline = "audit-baseline.json"  # a findings.json whose findings do not fail the run
waivers = [{code = "DQ001", reason = "scraped archive, boilerplate expected"},
           {fingerprint = "c427c4e6ad42fc54", reason = "disclaimer checked by the desk"}]
[tool.audit.options.CON005]   # options a check receives through its `config` parameter
min-similarity = 90
```
Paths are relative to the folder of the ``pyproject.toml`` they are written in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FAIL_ON = ("info", "warning", "error", "never")
_KEYS = {"corpus", "checks", "output", "fail-on", "enable", "disable", "options", "jobs",
         "baseline", "waivers"}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the field."""


@dataclass
class Config:
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    corpus: list[Path] = field(default_factory=list)
    checks: Path = Path("checks")
    output: Path = Path("reports")
    fail_on: str = "error"
    enable: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    options: dict[str, dict] = field(default_factory=dict)
    jobs: int | None = None
    baseline: Path | None = None
    waivers: list[dict] = field(default_factory=list)

    def selects(self, code: str) -> bool:
        """Whether the check with this code is to run."""
        if code in self.disable:
            return False
        return self.enable is None or code in self.enable


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
        return Config(root=start, checks=start / "checks", output=start / "reports")
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
    return Config(
        root=root, source=source,
        corpus=[root / p for p in corpus],
        checks=root / table.get("checks", "checks"),
        output=root / table.get("output", "reports"),
        fail_on=fail_on, enable=table.get("enable"), disable=table.get("disable", []),
        options=options, jobs=jobs,
        baseline=root / baseline if baseline else None, waivers=waivers,
    )
