"""No module of the package uses CPython's private modules (issue #12): the regex
engine's parser, compiler, constants and case tables change between Python versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

#: An import or use of a private module of the regex engine: ``re._parser``,
#: ``from re import _constants``, ``sre_parse``, ``import _sre``.
PRIVATE = re.compile(r"\bre\._[a-z]\w*|\bfrom\s+re\s+import\s+[^\n]*\b_[a-z]\w*"
                     r"|\bsre_(?:parse|compile|constants)\b|\bimport\s+_sre\b|\b_sre\.")

#: Modules of other owners that still use them, each to be rewritten (issue #12).
PENDING: dict[str, str] = {}  # issue #12: none left


def _modules() -> list:
    paths = sorted((ROOT / "audit").rglob("*.py"))
    assert paths
    return [pytest.param(path, id=str(path.relative_to(ROOT)), marks=pytest.mark.xfail(
                reason=f"issue #12: {PENDING[key]} is rewriting it on public APIs"))
            if (key := str(path.relative_to(ROOT))) in PENDING else path
            for path in paths]


@pytest.mark.parametrize("path", _modules())
def test_no_module_uses_the_private_modules_of_the_regex_engine(path: Path):
    assert [m.group() for m in PRIVATE.finditer(path.read_text(encoding="utf-8"))] == []


def test_the_screen_finds_each_way_of_naming_a_private_module_and_nothing_else():
    found = ["from re import _parser as parser", "import re._parser as p",
             "from re import _constants", "re._casefix._EXTRA_CASES", "import sre_parse",
             "import _sre", "_sre.unicode_tolower(1)", "from re import escape, _compiler"]
    for line in found:
        assert PRIVATE.search(line), line
    for line in ["re.compile(r'_x')", "commands.add_parser('run')", "condition_parser",
                 "from re import escape", "pre_parse = 1", "import re", "sre = None"]:
        assert not PRIVATE.search(line), line


def test_the_temporal_tagger_is_among_the_modules_screened():
    ids = {param.id if hasattr(param, "id") else str(param.relative_to(ROOT))
           for param in _modules()}
    assert {"audit/normalise/temporal/grammar.py", "audit/normalise/temporal/openings.py",
            "audit/normalise/temporal/tense.py"} <= ids
