"""The sample corpus in data/ produces exactly the findings listed beside it."""

import json

from audit.config import load_config
from audit.pipeline import build_tables, run_audit

from .conftest import ROOT
from .expected_findings import EXPECTED, current


def test_sample_corpus_reproduces_the_expected_findings_exactly():
    expected = json.loads(EXPECTED.read_text("utf-8"))
    assert current() == expected["findings"]


def test_sample_corpus_audits_cleanly_below_the_default_fail_on():
    config = load_config(ROOT)
    result = run_audit(build_tables(config.corpus, jobs=1), config)
    assert result.errors == []
    assert result.exit_code(config.fail_on) == 0


def test_sample_corpus_exhibits_every_family_in_both_languages():
    config = load_config(ROOT)
    tables = build_tables(config.corpus, jobs=1)
    languages = dict(zip(tables.articles.article_id, tables.articles.language, strict=True))
    expected = json.loads(EXPECTED.read_text("utf-8"))
    seen = {(f["code"].rstrip("0123456789"), languages[f["article_id"]])
            for f in expected["findings"]}
    for family in ("TMP", "ATR", "CON", "AIG", "DQ"):
        assert {language for code, language in seen if code == family} == {"de", "en"}, family
