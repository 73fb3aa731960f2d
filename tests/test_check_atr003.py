"""ATR003: hedged or weasel claims in the article's own voice, flagged at the sentence."""

from __future__ import annotations

from checks.check_hedged_claim import check_hedged_claim
from tests.test_check_anonymous_source import assertions


def flagged(articles: dict[str, tuple[str, str]], config: dict | None = None
            ) -> list[tuple[str, str, str]]:
    return [(f.article_id, articles[f.article_id][0][f.start:f.end], f.message)
            for f in check_hedged_claim(assertions(articles), config or {})]


def test_hedges_and_agentless_reports_in_the_articles_own_voice_are_flagged():
    articles = {
        "de": ("Rücktritt\nDer Minister soll von den Zahlungen gewusst haben. Es heißt, er "
               "trete zurück.", "de"),
        "en": ("Resignation\nIt is widely believed that the minister knew. He reportedly "
               "resigned.", "en"),
    }
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "Der Minister soll von den Zahlungen gewusst haben."),
        ("de", "Es heißt, er trete zurück."),
        ("en", "It is widely believed that the minister knew."),
        ("en", "He reportedly resigned."),
    ]


def test_the_message_lists_the_cues():
    (finding,) = check_hedged_claim(assertions({"x": ("Der Täter ist angeblich offenbar "
                                                      "geflohen.", "de")}), {})
    assert finding.message == ("claim hedged in the article's own voice, with no source: "
                               "“angeblich”, “offenbar”")


def test_attributed_and_quoted_hedges_are_not_flagged():
    articles = {
        # the hedge belongs to the named speaker
        "de1": ("Rücktritt\n„Vielleicht schaffen wir es bis Juni“, sagte Ministerin Anna "
                "Berger.", "de"),
        "de2": ("Rücktritt\nPeskow sagte, Moskau sei vielleicht bereit.", "de"),
        "en": ("Resignation\n\"We might finish by June,\" minister Anna Berger said.", "en"),
        # a source named after "hieß es" is an attribution, not a hedge
        "de3": ("Rücktritt\nAus dem Ministerium hieß es, er trete zurück.", "de"),
        # "soll" of a plan is not hearsay
        "de4": ("Rücktritt\nDas Treffen soll am Montag stattfinden.", "de"),
    }
    assert flagged(articles) == []


def test_vague_quantities_only_when_asked_for():
    articles = {"de": ("Bau\nViele Anwohner lehnen den Bau ab.", "de"),
                "en": ("Plan\nMany residents oppose the plan.", "en")}
    assert flagged(articles) == []
    assert [(a, text) for a, text, _ in flagged(articles, {"vague-quantities": True})] == [
        ("de", "Viele Anwohner lehnen den Bau ab."),
        ("en", "Many residents oppose the plan."),
    ]


def test_cues_a_desk_accepts_can_be_ignored():
    articles = {"de": ("Wetter\nDer Sturm könnte am Abend die Küste erreichen. Der Fährverkehr "
                       "soll eingestellt worden sein.", "de"),
                "en": ("Weather\nThe storm could reach the coast tonight.", "en")}
    found = flagged(articles, {"ignore": ["könnte", "could"]})
    assert [(a, text) for a, text, _ in found] == [
        ("de", "Der Fährverkehr soll eingestellt worden sein.")]
