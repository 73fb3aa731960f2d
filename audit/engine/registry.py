"""Declaring checks and fixtures: the ``@check`` and ``@fixture`` decorators.

A check is any function named ``check_*`` in a ``check_*.py`` file under the checks folder.
``@check`` adds its code, severity and title; the docstring adds what it does, why it
matters, and a flagged and a clean example (see docs/writing-a-check.md). Decorators leave
the function itself unchanged, so a check can be called directly in a test.
"""

from __future__ import annotations

import ast
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
    options: tuple[tuple[str, object], ...] | None = None
    enabled: bool = True
    keys: Callable | None = None


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
    #: False: off by default, run only where ``enable`` or ``--select`` names its code
    enabled: bool = True
    #: (corpus scope) the function giving the check's blocking keys; see :func:`check`
    keys: Callable | None = None

    def describe(self) -> dict:
        return {
            "code": self.code, "severity": self.severity, "title": self.title,
            "what": self.what, "why": self.why, "flagged": self.flagged, "clean": self.clean,
            "check": self.name, "path": self.path, "line": self.line,
            "options": dict(self.options),
        }

    @property
    def line(self) -> int | None:
        """The line of the check's ``def`` in its file (None for a declarative check)."""
        from pathlib import Path

        code = getattr(self.func, "__code__", None)
        if code is None or code.co_filename != self.path and \
                Path(code.co_filename).resolve() != Path(self.path).resolve():
            return None
        return code.co_firstlineno

    @property
    def options(self) -> dict[str, object]:
        """The options the check reads from its ``config``, with their defaults (None where
        it has none): ``options=`` given to ``@check``, else those its code reads."""
        meta: CheckMeta | None = getattr(self.func, "__audit_check__", None)
        if meta is not None and meta.options is not None:
            return dict(meta.options)
        if "config" not in self.params:
            return {}
        return options_read(self.func)


def check(code: str, *, severity: str = "warning", title: str | None = None,
          scope: str = "corpus", options: dict[str, object] | None = None,
          enabled: bool = True, keys: Callable | None = None) -> Callable:
    """Declare a check's code (``TMP``/``ATR``/``CON``/``AIG``/``DQ`` + 3 digits) and severity.

    ``scope="article"`` says that the check looks at each article on its own (its findings
    on an article depend on that article's rows only); such checks run in the worker
    processes, partition by partition. The default, ``"corpus"``, runs the check once on
    the tables of the whole corpus. ``options`` names the options the check reads from its
    ``config`` parameter, with their defaults; without it they are read from the code
    (``config.get("name", default)``, ``config["name"]``). ``enabled=False`` makes the
    check off by default: it runs only where ``enable`` in ``[tool.audit]`` or ``--select``
    names its code (not its family), and ``disable`` still wins.

    ``keys`` (corpus scope): a function that takes tables and fixtures by parameter name,
    as a check does, and returns the check's blocking keys: a DataFrame with the columns
    ``article_id`` and ``key`` (an article may stand under several keys). The check then
    runs once per key, on the tables of that key's articles only, and a finding that
    several groups give is reported once (audit.engine.runner).
    """
    if not CODE_PATTERN.match(code):
        raise ValueError(
            f"check code {code!r} must be TMP, ATR, CON, AIG or DQ followed by three digits"
        )
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} must be one of {', '.join(SEVERITIES)}")
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} must be one of {', '.join(SCOPES)}")
    if not isinstance(enabled, bool):
        raise ValueError(f"enabled={enabled!r} of a check must be true or false")
    if keys is not None and not callable(keys):
        raise ValueError("keys= of a check is a function that returns its blocking keys")
    if keys is not None and scope == "article":
        raise ValueError("keys= is for corpus-scope checks: an article-scope check already "
                         "runs per article")

    def decorate(func: Callable) -> Callable:
        func.__audit_check__ = CheckMeta(code, severity, title, scope,
                                         None if options is None else tuple(options.items()),
                                         enabled, keys)
        return func

    return decorate


def fixture(func: Callable) -> Callable:
    """Declare a fixture: checks that name it as a parameter receive its return value.

    Fixtures ask for tables (and other fixtures) by parameter name, like checks do, and are
    computed once per audit.
    """
    func.__audit_fixture__ = True
    return func


def options_read(func: Callable) -> dict[str, object]:
    """The option names a check's code reads from its ``config`` parameter, with the default
    given beside them (``config.get("min-similarity", 90)`` → ``{"min-similarity": 90}``)."""
    try:
        tree = _definition(func)
    except (OSError, TypeError, SyntaxError, AttributeError):
        return {}
    found: dict[str, object] = {}

    def is_config(node: ast.AST) -> bool:
        if isinstance(node, ast.BoolOp):  # (config or {})
            return any(is_config(value) for value in node.values)
        return isinstance(node, ast.Name) and node.id == "config"

    def constant(node: ast.AST | None) -> object:
        if isinstance(node, ast.Name):  # a module constant: _DEFAULT_GRACE_DAYS
            value = func.__globals__.get(node.id)
            return value if isinstance(value, (str, int, float, bool, list, tuple)) else None
        try:
            return ast.literal_eval(node) if node is not None else None
        except ValueError:
            return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "get" and is_config(node.func.value) and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.setdefault(node.args[0].value,
                             constant(node.args[1] if len(node.args) > 1 else None))
        elif isinstance(node, ast.Subscript) and is_config(node.value) \
                and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            found.setdefault(node.slice.value, None)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str) and len(node.ops) == 1 \
                and isinstance(node.ops[0], ast.In) and is_config(node.comparators[0]):
            found.setdefault(node.left.value, None)
    return found


def _definition(func: Callable) -> ast.AST:
    """The syntax tree of a function's definition, found in the tree of its whole file by
    its name and first line. ``inspect.getsource`` tokenises the file in Python from the
    ``def`` on to find where the block ends: most of what listing the options of the
    shipped checks cost on every run (0.011 of 0.017 CPU-s); the file's tree is parsed in
    C."""
    import linecache

    code = func.__code__
    lines = linecache.getlines(code.co_filename, func.__globals__)
    if not lines:
        raise OSError(f"no source for {code.co_filename}")
    tree = ast.parse("".join(lines))
    nodes = list(tree.body)
    while nodes:  # (a check is defined at the top of its file: looked at first)
        node = nodes.pop(0)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and \
                node.name == code.co_name and code.co_firstlineno in (
                    node.lineno, *(decorator.lineno for decorator in node.decorator_list)):
            return node
        nodes += [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)]
    raise OSError(f"no definition of {code.co_name} in {code.co_filename}")


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
        enabled=meta.enabled if meta else True,
        keys=meta.keys if meta else None,
    )
