"""Every check's docstring examples: Flagged produces its finding, Clean does not."""

import pytest

from audit.config import load_config
from audit.engine.discovery import discover

from .conftest import ROOT

SUITE = discover(load_config(ROOT).checks)


def test_the_shipped_checks_load_without_errors():
    assert SUITE.errors == []
    assert {"AIG001", "ATR001", "CON005", "DQ001", "TMP002"} <= {c.code for c in SUITE.checks}


@pytest.mark.parametrize("spec", SUITE.checks, ids=lambda spec: spec.code)
def test_examples(spec, audit_texts):
    assert spec.flagged and spec.clean, f"{spec.code} needs a Flagged and a Clean example"
    assert spec.what and spec.why, f"{spec.code} needs 'What it does' and 'Why it matters'"
    codes = lambda result: [f.code for f in result.findings]  # noqa: E731
    # an example of several articles (a check across articles) is written as JSONL records
    name = lambda example: "example.jsonl" if example.startswith("{") else "example.md"  # noqa: E731
    # (a check off by default runs where its code is enabled)
    enable = None if spec.enabled else [spec.code]
    flagged = audit_texts({name(spec.flagged): spec.flagged + "\n"}, enable=enable)
    assert spec.code in codes(flagged), f"{spec.code}: Flagged example not flagged"
    clean = audit_texts({name(spec.clean): spec.clean + "\n"}, enable=enable)
    assert spec.code not in codes(clean), f"{spec.code}: Clean example flagged"
