"""The five seed articles the project was conceived from: the findings they must produce.

The seeds are read from ../shared/seeds (never copied into the project).
"""

import pytest

from audit.config import load_config
from audit.pipeline import build_tables, run_audit

from .conftest import ROOT, shared_path

A000, A002, A003, A004 = ("000_b115f8a30239938e", "002_1ae93e2b6b56f77d",
                          "003_d4ca25cd25f33b7d", "004_31bc555e087dc2ac")


@pytest.fixture(scope="module")
def result():
    tables = build_tables([shared_path("seeds")], jobs=1)
    return run_audit(tables, load_config(ROOT))


def found(result, code, article_id=None):
    return [f.excerpt for f in result.findings
            if f.code == code and (article_id is None or f.article_id == article_id)]


def test_every_seed_is_audited_and_003_keeps_its_month_precision_date(result):
    articles = result.tables.articles.set_index("article_id")
    assert list(articles.status) == ["audited"] * 5
    assert articles.loc[A003, "published"] == "2025-04"
    assert articles.loc[A003, "published_precision"] == "month"
    assert articles.loc[A003, "text"].startswith("US-Außenminister Marco Rubio")
    assert set(articles.language) == {"de"}
    assert result.check_errors == []


def test_ai_disclaimer_is_the_closing_sentence_of_004(result):
    [excerpt] = found(result, "AIG001")
    assert excerpt.startswith("Dieser Artikel wurde von")
    assert excerpt.endswith("wobei möglicherweise KI für die Erstellung verwendet wurde")
    assert [f.article_id for f in result.findings if f.code == "AIG001"] == [A004]


def test_anonymous_sources(result):
    assert "mit den Gesprächen vertraute Quellen" in found(result, "ATR001", A004)
    assert "Offizielle" in found(result, "ATR001", A000)
    # the credit line "Quelle: Agenturen" is not an anonymous source
    assert not any("Agenturen" in e for e in found(result, "ATR001", A002))


def test_saturday_15_february_2025_is_right_and_not_flagged(result):
    assert found(result, "TMP002") == []
    timexes = result.tables.timexes
    saturday = timexes[(timexes.article_id == A002) & (timexes.text == "Samstag (15.02.2025)")]
    assert list(saturday.value) == ["2025-02-15"]


def test_lavrov_and_sergei_are_spelling_variants(result):
    assert found(result, "CON005", A000)[0] == "Lavrov"
    assert "Sergei" in found(result, "CON005", A003)


def test_scraping_boilerplate_in_004(result):
    assert found(result, "DQ001", A004) == ["Gerade lesen andere", "Lesen Sie auch",
                                            "Lesen Sie auch"]
    assert found(result, "DQ001", A000) == []
