"""ATR006: speculation in the article's own voice, off by default."""

from __future__ import annotations

from audit.config import Config
from audit.engine.discovery import discover
from checks.check_speculation import check_speculation
from tests.conftest import ROOT
from tests.test_check_anonymous_source import assertions


def flagged(articles: dict[str, tuple[str, str]], config: dict | None = None
            ) -> list[tuple[str, str, str]]:
    return [(f.article_id, articles[f.article_id][0][f.start:f.end], f.message)
            for f in check_speculation(assertions(articles), config or {})]


def test_guesses_in_the_articles_own_voice_are_flagged():
    articles = {
        "de": ("Brand\nDas Feuer wurde vermutlich durch einen Kurzschluss ausgelöst. Der "
               "Lenker dürfte die Radfahrerin übersehen haben.", "de"),
        "en": ("Fire\nThe fire was probably caused by a short circuit. The owner may have "
               "known.", "en"),
    }
    assert flagged(articles) == [
        ("de", "Das Feuer wurde vermutlich durch einen Kurzschluss ausgelöst.",
         "speculation in the article's own voice, with no source: “vermutlich”"),
        ("de", "Der Lenker dürfte die Radfahrerin übersehen haben.",
         "speculation in the article's own voice, with no source: “dürfte … haben”"),
        ("en", "The fire was probably caused by a short circuit.",
         "speculation in the article's own voice, with no source: “probably”"),
        ("en", "The owner may have known.",
         "speculation in the article's own voice, with no source: “may have”"),
    ]


def test_hearsay_possibility_conditions_sources_and_quotes_are_not_speculation():
    articles = {
        # hearsay is ATR003's; a modal of what may happen; a modal after a condition
        "de1": ("Rat\nDer Minister soll angeblich gewusst haben.", "de"),
        "de2": ("Wetter\nDer Sturm könnte am Abend die Küste erreichen.", "de"),
        "de3": ("Rat\nSollte der Rat tagen, dürfte er entscheiden.", "de"),
        # an adjective after "dürfte … sein" is no guess about what has happened
        "de5": ("Bau\nDer Schaden dürfte hoch sein.", "de"),
        # a named source behind the guess; a guess inside a direct quote
        "de4": ("Brand\nDas Feuer wurde laut Feuerwehr vermutlich durch einen Kurzschluss "
                "ausgelöst.", "de"),
        "en1": ("Fire\n“It was probably a short circuit,” the fire chief said.", "en"),
        "en2": ("Storm\nThe storm could reach the coast tonight.", "en"),
    }
    assert flagged(articles) == []


def test_it_is_off_unless_its_code_is_enabled():
    (spec,) = [c for c in discover(ROOT / "checks").checks if c.code == "ATR006"]
    assert spec.enabled is False
    assert not Config().selects(spec)
    assert not Config(enable=["ATR"]).selects(spec)  # its family alone does not
    assert Config(enable=["ATR006"]).selects(spec)
    # ATR003 stays on
    (hearsay,) = [c for c in discover(ROOT / "checks").checks if c.code == "ATR003"]
    assert Config().selects(hearsay)


def test_a_guess_in_an_interviewees_answer_is_theirs():
    articles = {
        "de": ("Interview\nSTANDARD: Wie viele Polizisten waren dort? Roth: Das weiß ich "
               "nicht. Vermutlich waren es zu wenige. STANDARD: Warum? Roth: Keine Ahnung. "
               "STANDARD: Danke. Das Treffen dauerte vermutlich eine Stunde.", "de"),
        "en": ("Interview\nQ: How many officers were there? A: I do not know. There were "
               "probably too few. Q: Why? A: No idea.", "en"),
    }
    # near miss: the last sentence is in the interviewer's turn, the article's own voice
    assert flagged(articles) == [
        ("de", "Das Treffen dauerte vermutlich eine Stunde.",
         "speculation in the article's own voice, with no source: “vermutlich”")]


def test_koennte_haben_is_left_out_unless_asked_for():
    # a suggestion or an idiom more often than a guess of the article's own
    articles = {"de": ("Test\nDie Tasten könnten etwas niedriger platziert sein. Der Akku "
                       "dürfte schon gelitten haben.", "de"),
                "en": ("Test\nThe owner may have known.", "en")}
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "Der Akku dürfte schon gelitten haben."),
        ("en", "The owner may have known.")]
    assert [(a, text) for a, text, _ in flagged(articles, {"ignore": []})] == [
        ("de", "Die Tasten könnten etwas niedriger platziert sein."),
        ("de", "Der Akku dürfte schon gelitten haben."),
        ("en", "The owner may have known.")]


def test_a_guess_right_after_a_report_carried_on_relays_it():
    # "Demnach wolle …" carries the newspaper's report on; the guess right after it is still
    # the newspaper's, not the article's own
    text = ("Übernahme\nLaut dem Kurier ist die Bank mit ihren Angeboten weit gekommen. "
            "Demnach wolle die Stiftung das Angebot annehmen. Auch die Familie Roth dürfte "
            "schon unterschrieben haben.")
    assert flagged({"de": (text, "de")}) == []
    # near miss: after a sentence in the writer's own voice the guess is the article's again
    own = text.replace("Demnach wolle die Stiftung", "Die Stiftung will")
    assert [found for _, found, _ in flagged({"de": (own, "de")})] == [
        "Auch die Familie Roth dürfte schon unterschrieben haben."]
    # near miss: after a quote of two sentences closes, the writer speaks again
    text = ("Plant\nThe plant will close, Smith said. “Talks have failed. We saw it "
            "coming.” The owners probably knew.")
    assert [found for _, found, _ in flagged({"en": (text, "en")})] == [
        "The owners probably knew."]
