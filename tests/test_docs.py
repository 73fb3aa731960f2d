"""The documentation says what the code does: docs/tables.md is made from the schema, and
every place docs/architecture.md names exists."""

import re

import pytest

from audit.tables import COLUMNS, SCHEMA, tables_page

from .conftest import ROOT


def test_the_tables_page_is_made_from_the_schema():
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    expected = tables_page()
    differing = [f"line {number}: {written!r} should be {made!r}" for number, (written, made)
                 in enumerate(zip(page.splitlines(), expected.splitlines(), strict=False), 1)
                 if written != made]
    assert page == expected, ("docs/tables.md differs from audit.tables.SCHEMA; remake it "
                              "with `python -m audit.tables > docs/tables.md`\n"
                              + "\n".join(differing[:5] or ["(the line counts differ)"]))


@pytest.mark.parametrize("table", SCHEMA, ids=lambda table: table.name)
def test_every_column_is_declared_once_with_a_type_and_a_one_line_meaning(table):
    names = [column.name for column in table.columns]
    assert len(names) == len(set(names))
    assert {column.dtype for column in table.columns} <= {
        None, "str", "int64", "float64", "bool", "Int64"}
    assert all(column.doc and "\n" not in column.doc for column in table.columns)
    # the contract's columns come first, the extensions after them
    extensions = [column.extension for column in table.columns]
    assert extensions == sorted(extensions)


def test_every_documented_column_is_a_column_and_every_column_is_documented():
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    documented = {name: set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
                  for name, section in re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", page,
                                                  re.MULTILINE | re.DOTALL)}
    assert documented == {name: set(columns) for name, columns in COLUMNS.items()}


def test_every_place_the_architecture_page_names_exists():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:audit|checks|docs|tests)/[\w/.<>-]*)`", page))
    assert len(named) > 20
    missing = [p for p in named if "<" not in p and not (ROOT / p).exists()]
    assert missing == []
