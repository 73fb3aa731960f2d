"""The documentation says what the code does: every table column is documented."""

import re

import pytest

from audit.tables import COLUMNS

from .conftest import ROOT

DOC = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")


def section(name: str) -> str:
    match = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", DOC, re.MULTILINE | re.DOTALL)
    assert match, f"docs/tables.md has no section '## {name}'"
    return match.group(1)


@pytest.mark.parametrize("table", COLUMNS)
def test_every_column_is_documented_in_its_tables_section(table):
    documented = set(re.findall(r"`([a-z_]+)`", section(table)))
    assert set(COLUMNS[table]) - documented == set()


def test_every_place_the_architecture_page_names_exists():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:audit|checks|docs|tests)/[\w/.<>-]*)`", page))
    assert len(named) > 20
    missing = [p for p in named if "<" not in p and not (ROOT / p).exists()]
    assert missing == []
