"""Declaring checks and fixtures: the ``@check`` and ``@fixture`` decorators.

A check is any function named ``check_*`` in a ``check_*.py`` file under the checks folder.
``@check`` adds its code, severity and title; the docstring adds what it does, why it
matters, and a flagged and a clean example (see docs/writing-a-check.md). Decorators leave
the function itself unchanged, so a check can be called directly in a test.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from audit.findings import SEVERITIES

CODE_PATTERN = re.compile(r"^(TMP|ATR|CON|AIG|DQ)\d{3}$")
_SECTION = re.compile(
    r"^(What it does|Why it matters|Flagged|Clean):[ \t]*$", re.MULTILINE | re.IGNORECASE
)


#: ``article``: the check reads one article at a time, so it runs on each partition of the
#: corpus where that partition was normalised; ``corpus``: it compares articles (or does not
#: say), so it runs once on the whole tables.
SCOPES = ("article", "corpus")


@dataclass(frozen=True)
class CheckMeta:
    code: str
    severity: str
    title: str | None
    scope: str = "corpus"


@dataclass(frozen=True)
class CheckSpec:
    """A discovered check: its function, metadata and the documentation from its docstring."""

    name: str
    code: str
    severity: str
    title: str
    what: str
    why: str
    flagged: str
    clean: str
    func: Callable
    path: str
    params: tuple[str, ...]
    scope: str = "corpus"
    #: work a corpus-scope check can do ahead, while the tables are still being built in
    #: worker processes (a suite imports Great Expectations)
    prepare: Callable[[], None] | None = None

    def describe(self) -> dict:
        return {
            "code": self.code, "severity": self.severity, "title": self.title,
            "what": self.what, "why": self.why, "flagged": self.flagged, "clean": self.clean,
            "check": self.name, "path": self.path,
        }


def check(code: str, *, severity: str = "warning", title: str | None = None,
          scope: str = "corpus") -> Callable:
    """Declare a check's code (``TMP``/``ATR``/``CON``/``AIG``/``DQ`` + 3 digits) and severity.

    ``scope="article"`` says that the check looks at each article on its own (its findings
    on an article depend on that article's rows only); such checks run in the worker
    processes, partition by partition. The default, ``"corpus"``, runs the check once on
    the tables of the whole corpus.
    """
    if not CODE_PATTERN.match(code):
        raise ValueError(
            f"check code {code!r} must be TMP, ATR, CON, AIG or DQ followed by three digits"
        )
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} must be one of {', '.join(SEVERITIES)}")
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} must be one of {', '.join(SCOPES)}")

    def decorate(func: Callable) -> Callable:
        func.__audit_check__ = CheckMeta(code, severity, title, scope)
        return func

    return decorate


def fixture(func: Callable) -> Callable:
    """Declare a fixture: checks that name it as a parameter receive its return value.

    Fixtures ask for tables (and other fixtures) by parameter name, like checks do, and are
    computed once per audit.
    """
    func.__audit_fixture__ = True
    return func


def parse_docstring(doc: str | None) -> dict[str, str]:
    """Split a check docstring into summary, what, why, flagged and clean."""
    doc = inspect.cleandoc(doc or "")
    parts = _SECTION.split(doc)
    sections = {"summary": parts[0].strip().split("\n\n")[0].replace("\n", " ").strip()}
    intro = parts[0].strip().split("\n\n", 1)
    sections["intro"] = intro[1].strip() if len(intro) > 1 else ""
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        key = {"what it does": "what", "why it matters": "why"}.get(heading.lower(),
                                                                     heading.lower())
        sections[key] = textwrap.dedent(body).strip("\n").rstrip()
    return sections


def spec_for(func: Callable, path: str) -> CheckSpec:
    """The :class:`CheckSpec` of a check function (decorated or not)."""
    meta: CheckMeta | None = getattr(func, "__audit_check__", None)
    doc = parse_docstring(func.__doc__)
    return CheckSpec(
        name=func.__name__,
        code=meta.code if meta else func.__name__,
        severity=meta.severity if meta else "warning",
        title=(meta.title if meta and meta.title else doc["summary"]) or func.__name__,
        what=doc.get("what") or doc.get("intro", ""),
        why=doc.get("why", ""),
        flagged=doc.get("flagged", ""),
        clean=doc.get("clean", ""),
        func=func,
        path=path,
        params=tuple(inspect.signature(func).parameters),
        scope=meta.scope if meta else "corpus",
    )
