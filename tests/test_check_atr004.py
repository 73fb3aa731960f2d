"""ATR004: direct quotes with no speaker, flagged once per quote."""

from __future__ import annotations

from checks.check_unattributed_quote import check_unattributed_quote
from tests.test_check_anonymous_source import assertions


def flagged(articles: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    return [(f.article_id, articles[f.article_id][0][f.start:f.end])
            for f in check_unattributed_quote(assertions(articles))]


def test_quotes_with_no_speaker_are_flagged_once_per_quote():
    articles = {
        "de": ("Hafen\nDer Stadtrat hat den Ausbau beschlossen.\n„Das ist ein guter Tag. "
               "Die Stadt wächst.“\nDer Bau beginnt im Mai.", "de"),
        "en": ("Port\nThe council approved the plan.\n\"This is a good day.\"", "en"),
    }
    found = flagged(articles)
    assert found == [("de", "„Das ist ein guter Tag. Die Stadt wächst.“"),
                     ("en", "\"This is a good day.\"")]


def test_attributed_quotes_and_quotes_continuing_a_speaker_are_not_flagged():
    articles = {
        "de1": ("Hafen\n„Das ist ein guter Tag“, sagte Bürgermeisterin Eva Roth.", "de"),
        # a quote over two sentences, attributed at its end
        "de2": ("Hafen\n„Das ist ein guter Tag. Die Stadt wächst“, sagte Eva Roth.", "de"),
        # the next paragraph continues the person who spoke just before
        "en": ("Port\n\"This is a good day,\" Mayor Eva Roth said.\n\"The city is growing.\"",
               "en"),
        # a quoted word is not a direct quote
        "de3": ("Hafen\nDer Plan gilt im Rat als „mutig“ und wird umgesetzt.", "de"),
    }
    assert flagged(articles) == []


def test_a_quote_after_an_outlet_is_still_unattributed():
    articles = {"de": ("Werk\nLaut Kurier schließt das Werk.\n„Es hat keine Zukunft.“", "de")}
    assert flagged(articles) == [("de", "„Es hat keine Zukunft.“")]
