"""ATR002: claims resting only on another outlet, flagged at the outlet."""

from __future__ import annotations

from checks.check_outlet_source import check_outlet_source
from tests.test_check_anonymous_source import assertions


def flagged(articles: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    return [(f.article_id, articles[f.article_id][0][f.start:f.end])
            for f in check_outlet_source(assertions(articles))]


def test_claims_resting_on_an_outlet_are_flagged_at_the_outlet():
    articles = {
        "de": ("Gipfel\nLaut CNN könnte der Gipfel im März stattfinden. Die Zahl der Gäste "
               "steigt, wie die Zeitung am Montag berichtete.", "de"),
        "en": ("Summit\nThe summit may take place in March, according to Reuters.", "en"),
    }
    assert flagged(articles) == [("de", "CNN"), ("de", "die Zeitung"), ("en", "Reuters")]


def test_a_person_quoted_by_the_outlet_is_the_source():
    articles = {
        "de": ("Gipfel\nLaut CNN sagte Außenminister Marco Rubio, der Gipfel finde statt.", "de"),
        "en": ("Summit\nRubio told CNN the summit would go ahead.", "en"),
    }
    assert flagged(articles) == []


def test_an_outlet_inside_someones_quote_and_a_credit_line_are_not_flagged():
    articles = {
        "de": ("Gipfel\n„Laut CNN ist alles offen“, sagte Ministerin Eva Roth.\n"
               "Quelle: Agenturen", "de"),
        "en": ("Summit\n\"According to CNN it is all open,\" Rubio said.\nSource: Reuters", "en"),
    }
    assert flagged(articles) == []


def test_the_message_names_the_outlet_and_the_cue():
    (finding,) = check_outlet_source(assertions({"x": ("Laut CNN ist es vorbei.", "de")}))
    assert finding.message == "claim rests on another outlet's report: “CNN” (laut)"
