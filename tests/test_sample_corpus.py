"""The sample corpus in data/ produces exactly the findings listed beside it."""

import json

from audit.config import load_config
from audit.pipeline import build_tables, run_audit

from .conftest import ROOT


def test_sample_corpus_reproduces_the_expected_findings_exactly():
    config = load_config(ROOT)
    result = run_audit(build_tables(config.corpus, jobs=1), config)
    expected = json.loads((ROOT / "data" / "expected_findings.json").read_text("utf-8"))
    got = [{"article_id": f.article_id, "code": f.code, "line": f.line, "excerpt": f.excerpt}
           for f in result.findings]
    assert got == expected["findings"]
    assert result.errors == []
    assert result.exit_code(config.fail_on) == 0  # the sample stays below the default fail-on


def test_sample_corpus_exhibits_every_family_in_both_languages():
    expected = json.loads((ROOT / "data" / "expected_findings.json").read_text("utf-8"))
    families = {(f["code"][:3].rstrip("0123456789"), f["article_id"][:2])
                for f in expected["findings"]}
    for family in ("TMP", "ATR", "CON", "AIG", "DQ"):
        assert any(code == family for code, _ in families), family
    assert {language for _, language in families} == {"de", "en"}
