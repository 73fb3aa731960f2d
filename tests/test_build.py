"""Building the tables: an article a normaliser fails on fails alone, with its reason."""

import pytest

import audit.normalise.build as build
from audit.engine.discovery import Suite, discover
from audit.engine.spill import SpilledTables, spill_folder
from audit.ingest import from_records, ingest
from audit.pipeline import reads_linked
from tests.conftest import ROOT

CORPUS = ROOT / "data" / "corpus"


def statuses(tables):
    """What the partition checks see: each article's status."""
    return dict(zip(tables.articles.article_id, tables.articles.status, strict=True))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_that_fails_to_normalise_fails_alone(monkeypatch, jobs):
    tag_timexes = build.tag_timexes

    def failing(text, language, published):
        if "Rekursion" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return tag_timexes(text, language, published)

    monkeypatch.setattr(build, "tag_timexes", failing)
    articles = from_records([
        {"id": "gut", "title": "Hafen",
         "text": "Hafen\n\nDer Hafen wird am 2. Juni 2025 eröffnet."},
        {"id": "kaputt", "title": "Rekursion", "text": "Rekursion\n\nDieser Text bricht ab."},
    ], "corpus.jsonl")
    tables, partial = build.normalise_partitions(articles, jobs=jobs, after=statuses)
    status = dict(zip(tables.articles.article_id, tables.articles.status, strict=True))
    reason = dict(zip(tables.articles.article_id, tables.articles.reason, strict=True))
    assert status == {"gut": "audited", "kaputt": "failed"}
    assert reason["kaputt"] == ("normalising failed: RecursionError: maximum recursion depth "
                                "exceeded")
    assert set(tables.sentences.article_id) == {"gut"}
    assert tables.timexes.text.tolist() == ["2. Juni 2025"]
    if jobs > 1:  # the partition's checks ran in the workers, on the article marked failed
        seen = {k: v for statuses_ in partial for k, v in statuses_.items()}
        assert seen == {"gut": "audited", "kaputt": "failed"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_event_word_is_one_string_across_articles_and_partitions(jobs):
    text = "Gipfel\n\nDie Verhandlungen über den Hafen begannen am Montag in Triest."
    articles = from_records([{"id": f"a{n}", "title": "Gipfel", "text": text}
                             for n in range(4)], "corpus.jsonl")
    tables = build.normalise(articles, jobs=jobs)  # 2 jobs: 4 partitions of one article
    lists = [words for words in tables.assertions.event_words.tolist()
             if "verhandlungen" in words]
    assert lists == [["begannen", "hafen", "triest", "verhandlungen"]] * 4
    # the same word, made in four partitions (two processes), is one string now
    assert len({id(words[3]) for words in lists}) == 1
    # the near miss: each row still has a list of its own
    assert len({id(words) for words in lists}) == 4


@pytest.mark.parametrize("jobs, spilled", [(1, False), (2, False), (1, True), (2, True)])
def test_events_and_quantities_linked_from_the_partitions_equal_the_whole_build(jobs, spilled):
    """Each partition's quantities, event mentions and leads, made where it was normalised
    and linked once all are in, give the tables (and the claims' event ids) that building
    them from the whole tables gives."""
    articles = ingest([CORPUS])
    whole = build.normalise(articles, jobs=1)
    events, quantities = whole.events, whole.quantities  # (built from the whole tables)
    assert whole.assertions.event_id.notna().any() and len(events) and len(quantities)
    tables, _ = build.normalise_partitions(articles, jobs=jobs, link=True,
                                           spill=spill_folder() if spilled else None)
    assert isinstance(tables, SpilledTables) == spilled
    assert set(tables._built) == {"events", "quantities"}  # (not left to the first check)
    assert tables.events.equals(events)
    assert tables.quantities.equals(quantities)
    assert tables.assertions.event_id.equals(whole.assertions.event_id)
    # the near miss: without link, nothing is built ahead
    assert not build.normalise_partitions(articles, jobs=1)[0]._built


def test_the_linked_tables_are_built_ahead_only_for_checks_that_read_them():
    suite = discover([ROOT / "checks"])
    reading = {"CON001", "CON002"}  # events (and its blocking keys), quantities
    assert {"CON001", "CON002", "DQ001"} <= {spec.code for spec in suite.checks}
    for code in reading:
        assert reads_linked(Suite([c for c in suite.checks if c.code == code],
                                  suite.fixtures, []))
    not_reading = Suite([c for c in suite.checks if c.code in ("DQ001", "CON005")],
                        suite.fixtures, [])
    assert len(not_reading.checks) == 2 and not reads_linked(not_reading)
    assert not reads_linked(suite, [spec.code for spec in suite.checks])
