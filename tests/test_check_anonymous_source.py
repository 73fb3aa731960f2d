"""ATR001: claims attributed to an anonymous source, flagged at the source phrase."""

from __future__ import annotations

from audit.engine.registry import parse_docstring
from audit.normalise.assertions import extract_assertions
from audit.normalise.sentences import quote_spans, split_sentences
from audit.tables import frame
from checks.check_anonymous_source import check_anonymous_source


def assertions(articles: dict[str, tuple[str, str]]):
    """The assertions table of articles given as ``{article_id: (text, language)}``."""
    rows = []
    for article_id, (text, language) in articles.items():
        quotes = quote_spans(text)
        sentences = split_sentences(text, language, quotes)
        for number, row in enumerate(extract_assertions(text, language, sentences, quotes)):
            rows.append({**row, "article_id": article_id,
                         "assertion_id": f"{article_id}/a{number}"})
    return frame("assertions", rows)


def flagged(articles: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """(article_id, excerpt) of every finding."""
    return [(f.article_id, articles[f.article_id][0][f.start:f.end])
            for f in check_anonymous_source(assertions(articles))]


def test_german_anonymous_sources_are_flagged_at_the_source_phrase():
    articles = {
        "de1": ("Werk schließt\nDas Werk schließt im Mai, sagten mit den Gesprächen vertraute "
                "Quellen. Der Betriebsrat war nicht informiert, so Insider.", "de"),
        "de2": ("Neuer Vertrag\nDer Vertrag sei unterschrieben, so Offizielle. Eine Quelle des "
                "Finanzministeriums bestätigte die Summe.", "de"),
    }
    assert flagged(articles) == [
        ("de1", "mit den Gesprächen vertraute Quellen"),
        ("de1", "Insider"),
        ("de2", "Offizielle"),
        ("de2", "Eine Quelle des Finanzministeriums"),
    ]


def test_english_anonymous_sources_are_flagged_at_the_source_phrase():
    articles = {
        "en1": ("Plant to close\nThe plant will close in May, people familiar with the matter "
                "said. A senior official confirmed the date.", "en"),
    }
    assert flagged(articles) == [
        ("en1", "people familiar with the matter"),
        ("en1", "A senior official"),
    ]


def test_the_message_names_the_source_and_the_cue():
    table = assertions({"de1": ("Der Plan ist tot, so Insider.", "de")})
    (finding,) = check_anonymous_source(table)
    assert finding.message == "claim attributed to an unnamed source: “Insider” (so)"


def test_named_sources_and_near_misses_are_not_flagged():
    articles = {
        "de1": ("Werk schließt\nDas Werk schließt im Mai, sagte Betriebsrätin Eva Roth. "
                "Laut Reuters ist der Käufer bekannt. Die Quellensteuer steigt, so das "
                "Finanzministerium. Das Amt veröffentlichte eine offizielle Mitteilung. "
                "Beamte wurden befördert.\nQuelle: Agenturen", "de"),
        "en1": ("Plant to close\nThe plant will close in May, the company said. The source "
                "of the river is nearby. The code is open-source.\nSource: Reuters", "en"),
        # An unnamed source inside someone's direct quote is theirs, not the article's.
        "de2": ("„Insider sagen, das Werk schließt“, erklärte Ministerin Eva Roth.", "de"),
    }
    assert flagged(articles) == []


def test_an_empty_table_gives_no_findings():
    assert list(check_anonymous_source(frame("assertions", []))) == []


def test_the_docstring_examples():
    doc = parse_docstring(check_anonymous_source.__doc__)
    assert flagged({"x": (doc["flagged"], "en")}) == [("x", "people familiar with the matter")]
    assert flagged({"x": (doc["clean"], "en")}) == []
