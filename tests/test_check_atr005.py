"""ATR005: articles whose claims rest largely on nobody in particular."""

from __future__ import annotations

from checks.check_sourcing_profile import check_sourcing_profile
from tests.test_check_anonymous_source import assertions

# (hearsay right after a sourced sentence would carry that source on: it comes first)
WEAK_DE = ("Machtkampf\nDer Vorsitzende soll den Rücktritt angeboten "
           "haben. Angeblich liegen die Papiere bereit. Insider zufolge ist der "
           "Nachfolger bestimmt. Die Partei tagt am Montag.")
SOURCED_DE = ("Machtkampf\nDer Vorsitzende tritt zurück, sagte Sprecherin Eva Roth. Der "
              "Nachfolger ist bestimmt, teilte die Partei mit. Die Papiere liegen bereit. Die "
              "Partei tagt am Montag.")
WEAK_EN = ("Power struggle\nThe leader is said to be stepping down. Officials said a "
           "successor was chosen. \"The papers are ready.\" The party meets on Monday.")


def messages(articles: dict[str, tuple[str, str]], config: dict | None = None
             ) -> list[tuple[str, str, int]]:
    return [(f.article_id, f.message, f.start)
            for f in check_sourcing_profile(assertions(articles), config or {})]


def test_articles_above_the_threshold_are_flagged_at_the_title_with_the_counts():
    found = messages({"de": (WEAK_DE, "de"), "en": (WEAK_EN, "en"),
                      "ok": (SOURCED_DE, "de")})
    assert found == [
        ("de", "3 of 5 assertions (60%) rest on nobody in particular: 1 anonymous, 2 hedged "
               "in the article's own voice, 0 unattributed quotes (threshold 40%)", 0),
        ("en", "3 of 5 assertions (60%) rest on nobody in particular: 1 anonymous, 1 hedged "
               "in the article's own voice, 1 unattributed quote (threshold 40%)", 0),
    ]


def test_the_threshold_and_the_minimum_size_are_options():
    articles = {"de": (WEAK_DE, "de")}
    assert messages(articles, {"threshold": 0.7}) == []
    assert messages(articles, {"min-assertions": 6}) == []
    assert [a for a, _, _ in messages(articles, {"threshold": 0.6})] == ["de"]


def test_an_empty_table_gives_no_findings():
    assert messages({}) == []


def test_a_frame_with_nobody_behind_it_that_is_no_hearsay_is_not_weak():
    # two of four weak (50%) with hearsay; "were urged to" in its place is no hedge (25%)
    weak = ("Storm\nThe storm is said to be the worst in years. Officials said the roads "
            "were closed. The school stays open. The clerk left early.")
    urged = weak.replace("The storm is said to be the worst in years.",
                         "Residents were urged to stay indoors.")
    assert [a for a, _, _ in messages({"a": (weak, "en"), "b": (urged, "en")})] == ["a"]
