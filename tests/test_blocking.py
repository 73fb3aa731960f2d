"""Corpus-scope checks with blocking keys run per key group (audit.engine.runner)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from audit import Finding
from audit.engine.discovery import Suite
from audit.engine.registry import CheckSpec, check, spec_for
from audit.engine.runner import Runner, key_groups
from audit.ingest import from_records
from audit.pipeline import build_tables
from audit.tables import Tables

RECORDS = [
    {"id": id_, "title": title, "published": published, "text": f"{title}\n\n{body}"}
    for id_, title, published, body in [
        ("a", "Wahl in Wien", "2025-05-01", "Die Wahl ist am Sonntag."),
        ("b", "Brand in Graz", "2025-05-02", "Ein Haus brannte."),
        ("c", "Wahl in Wien", "2025-05-03", "Gewählt wird am Sonntag."),
        ("d", "Brand in Graz", "2025-05-02", "Ein Haus stand in Flammen."),
        ("e", "Election in Vienna", "2025-05-04", "Voting is on Sunday."),
    ]
]


def _by_title(articles):
    return pd.DataFrame({"article_id": articles.article_id, "key": articles.title})


@check("DQ911")
def check_same_title_other_day(articles):
    """An article whose title another article has, published on another day."""
    for row in articles.itertuples():
        others = articles[(articles.title == row.title) & (articles.published != row.published)
                          & (articles.article_id != row.article_id)]
        if len(others):
            yield Finding(row.article_id, 0, len(row.title),
                          f"also titled so: {', '.join(others.article_id)} "
                          f"({len(articles)} articles seen)")


def spec(keys: Callable | None) -> CheckSpec:
    """DQ911 as ``@check("DQ911", keys=keys)`` declares it."""
    return dataclasses.replace(spec_for(check_same_title_other_day, __file__), keys=keys)


@pytest.fixture(scope="module")
def tables():
    return build_tables(from_records(RECORDS), jobs=1)


def messages(outcome) -> list[tuple[str, str]]:
    return [(f.article_id, f.message) for f in outcome.findings]


def test_a_blocked_check_runs_once_per_key_on_that_keys_articles_only(tables):
    outcome = Runner(tables, Suite([], {}, [])).run(spec(_by_title))
    assert outcome.error is None
    # each group holds the two articles of one title (and "e" alone): 2 seen, not 5
    assert messages(outcome) == [("a", "also titled so: c (2 articles seen)"),
                                 ("c", "also titled so: a (2 articles seen)")]
    # the near miss: "b" and "d" share a title but not a day, so nothing there
    whole = Runner(tables, Suite([], {}, [])).run(spec(None))
    assert messages(whole) == [("a", "also titled so: c (5 articles seen)"),
                               ("c", "also titled so: a (5 articles seen)")]


def test_a_finding_two_groups_give_is_reported_once(tables):
    def twice(articles):  # every article under its title and under one key for all
        return pd.concat([_by_title(articles),
                          pd.DataFrame({"article_id": articles.article_id, "key": "all"})])

    @check("DQ912", keys=twice)
    def check_first_word(articles):
        """The first article of each group, named once whatever group it is seen in."""
        yield Finding(articles.article_id.iloc[0], 0, 4, "first of its group")

    outcome = Runner(tables, Suite([], {}, [])).run(spec_for(check_first_word, __file__))
    # groups: "Wahl in Wien" (a, c), "Brand in Graz" (b, d), "Election…" (e), "all" (a…e):
    # "a" is first of two groups, and reported once
    assert [f.article_id for f in outcome.findings] == ["a", "b", "e"]


def test_a_check_naming_key_receives_its_groups_key_and_none_on_the_whole_corpus(tables):
    @check("DQ913", keys=_by_title)
    def check_key(articles, key):
        """Names the key of the group it runs on."""
        yield Finding(articles.article_id.iloc[0], 0, 4, f"key {key!r}")

    blocked = spec_for(check_key, __file__)
    outcome = Runner(tables, Suite([], {}, [])).run(blocked)
    assert messages(outcome) == [("a", "key 'Wahl in Wien'"), ("b", "key 'Brand in Graz'"),
                                 ("e", "key 'Election in Vienna'")]
    whole = Runner(tables, Suite([], {}, [])).run(dataclasses.replace(blocked, keys=None))
    assert messages(whole) == [("a", "key None")]


def test_tuples_are_keys_and_articles_come_in_corpus_order():
    keys = pd.DataFrame({"article_id": ["c", "a", "b", "a"],
                         "key": [("de", "wahl"), ("de", "wahl"), ("de", "brand"),
                                 ("de", "wahl")]})
    assert key_groups(keys, {"a": 0, "b": 1, "c": 2}) == [(("de", "wahl"), ["a", "c"]),
                                                          (("de", "brand"), ["b"])]


@pytest.mark.parametrize(("keys", "message"), [
    (lambda articles: articles.article_id.tolist(),
     "blocking keys are a DataFrame with the columns article_id and key, not list"),
    (lambda articles: pd.DataFrame({"article_id": ["zz"], "key": ["x"]}),
     "blocking key 'x' names unknown article 'zz'"),
    (lambda articles: pd.DataFrame({"article_id": ["a"], "key": [["x"]]}),
     "blocking key ['x'] cannot be grouped by (it is not hashable)"),
])
def test_wrong_blocking_keys_are_the_checks_error(tables, keys, message):
    outcome = Runner(tables, Suite([], {}, [])).run(spec(keys))
    assert outcome.findings == []
    assert outcome.error["check"] == "DQ911"
    assert outcome.error["message"] == f"check_same_title_other_day: blocking keys: {message}"


def test_a_key_function_that_raises_is_the_checks_error_and_names_it(tables):
    def broken(articles):
        raise KeyError("story")

    outcome = Runner(tables, Suite([], {}, [])).run(spec(broken))
    assert outcome.findings == []
    assert outcome.error["message"].startswith(
        "check_same_title_other_day raised KeyError: 'story'")


def test_a_group_gets_the_corpus_lazy_tables_cut_to_its_articles(tables):
    # events and quantities as the key function left them built on the whole corpus
    corpus = Tables(tables.articles, tables.sentences, tables.timexes, tables.entities,
                    tables.assertions, _built={
                        "events": pd.DataFrame({"event_id": ["E1", "E2", "E3"],
                                                "articles": [["a", "c"], ["b", "d"],
                                                             ["a", "b"]]}),
                        "quantities": pd.DataFrame({"article_id": ["c", "a", "e"],
                                                    "value": [1.0, 2.0, 3.0]})})

    def by_event(events):
        rows = events[["event_id", "articles"]].explode("articles")
        return pd.DataFrame({"article_id": rows.articles, "key": rows.event_id})

    @check("DQ914", keys=by_event)
    def check_sees(events, quantities, articles, key):
        """Names the events and quantities its group sees."""
        yield Finding(articles.article_id.iloc[0], 0, 4,
                      f"{key}: events {events.event_id.tolist()}, "
                      f"quantities of {quantities.article_id.tolist()}")

    runner = Runner(corpus, Suite([], {}, []))
    assert runner.tables.events is corpus.events  # built once, shared with the runner
    outcome = runner.run(spec_for(check_sees, __file__))
    assert outcome.error is None
    # E1's group (a, c) does not see E3 (a, b): c is not in E3's group; nothing is rebuilt
    assert messages(outcome) == [("a", "E1: events ['E1'], quantities of ['c', 'a']"),
                                 ("a", "E3: events ['E3'], quantities of ['a']"),
                                 ("b", "E2: events ['E2'], quantities of []")]


def test_a_group_holds_only_the_tables_its_check_and_fixtures_ask_for(tables):
    seen = []

    def capture(spec, groups):  # (a groups_on that keeps what each group was given)
        for batch in groups.batches():
            seen.extend(batch.group(i)[1] for i in range(len(batch)))
            yield from (([], None) for _ in range(len(batch)))

    def sentence_count(sentences):
        return len(sentences)

    @check("DQ915", keys=_by_title)
    def check_titles(articles):
        """Asks for articles only."""
        return []

    @check("DQ916", keys=_by_title)
    def check_with_fixture(articles, sentence_count):
        """Asks for sentences through a fixture."""
        return []

    suite = Suite([], {"sentence_count": sentence_count}, [])
    Runner(tables, suite, groups_on=capture).run(spec_for(check_titles, __file__))
    first = seen[0]  # "Wahl in Wien": a and c
    assert first.articles.article_id.tolist() == ["a", "c"]
    assert first.sentences.empty and first.assertions.empty and first.timexes.empty
    assert list(first.sentences.columns) == list(tables.sentences.columns)  # (typed, empty)

    seen.clear()
    Runner(tables, suite, groups_on=capture).run(spec_for(check_with_fixture, __file__))
    first = seen[0]
    assert sorted(set(first.sentences.article_id)) == ["a", "c"]
    assert first.sentences.index.tolist() == list(range(len(first.sentences)))
    assert first.assertions.empty


def test_key_groups_are_cut_in_batches_as_they_run(tables, monkeypatch):
    from audit.engine import runner as runner_module

    cut = []
    batch = runner_module.RowsByArticle.batch
    monkeypatch.setattr(runner_module.RowsByArticle, "batch",
                        lambda self, groups: cut.append([ids for _, ids in groups])
                        or batch(self, groups))
    groups_cut_when_running = []

    @check("DQ917", keys=_by_title)
    def check_counting(articles):
        """Notes how many batches were cut when it runs, and the articles it sees."""
        groups_cut_when_running.append(len(cut))
        yield Finding(articles.article_id.iloc[-1], 0, 4, " ".join(articles.article_id))

    monkeypatch.setattr(runner_module, "BATCH_ROWS", 1)  # (each group a batch of its own)
    one_by_one = Runner(tables, Suite([], {}, [])).run(spec_for(check_counting, __file__))
    # three titles, three groups: each cut just before it runs, not all of them at first
    assert groups_cut_when_running == [1, 2, 3]
    assert cut == [[["a", "c"]], [["b", "d"]], [["e"]]]

    cut.clear()
    groups_cut_when_running.clear()
    monkeypatch.setattr(runner_module, "BATCH_ROWS", 10_000)
    together = Runner(tables, Suite([], {}, [])).run(spec_for(check_counting, __file__))
    assert cut == [[["a", "c"], ["b", "d"], ["e"]]]  # one batch: one take a table
    assert groups_cut_when_running == [1, 1, 1]
    # the same groups either way, each seeing its own articles only
    assert messages(together) == messages(one_by_one) == [("c", "a c"), ("d", "b d"),
                                                          ("e", "e")]


def test_rows_of_chunked_text_columns_are_taken_chunk_by_chunk_in_the_order_asked(tables):
    from audit.engine.runner import take

    sentences = pd.concat([tables.sentences.iloc[:3], tables.sentences.iloc[3:6]],
                          ignore_index=True)
    chunks = sentences.text.array.__arrow_array__().num_chunks
    assert chunks > 1
    positions = np.array([4, 0, 3, 3, 1, 5])  # (both chunks, out of order, one twice)
    cut = take(sentences, positions)
    expected = sentences.take(positions).reset_index(drop=True)
    pd.testing.assert_frame_equal(cut, expected)
    assert cut.text.tolist() == [sentences.text.iat[p] for p in positions]
    assert sentences.text.array.__arrow_array__().num_chunks == chunks  # (left as it is)
    # the near misses: no rows, and a table in one piece
    pd.testing.assert_frame_equal(take(sentences, np.array([], dtype=int)),
                                  sentences.iloc[:0].reset_index(drop=True))
    one = sentences.assign(text=pd.array(sentences.text.tolist(), dtype="str"))
    assert one.text.array.__arrow_array__().num_chunks == 1
    pd.testing.assert_frame_equal(take(one, positions),
                                  one.take(positions).reset_index(drop=True))


def test_a_check_reads_only_the_columns_it_and_its_keys_declare(tables):
    from audit.tables import reads

    seen: dict[str, list[str]] = {}

    @reads(sentences=("text",))
    def by_first_sentence(sentences):
        seen["keys"] = list(sentences.columns)
        first = sentences[sentences.sent_id == 0] if "sent_id" in sentences else sentences
        return pd.DataFrame({"article_id": first.article_id, "key": first.text})

    @check("DQ913", keys=by_first_sentence)
    @reads(sentences=("sent_id", "start"))
    def check_columns(sentences):
        seen.setdefault("check", list(sentences.columns))
        return ()

    outcome = Runner(tables, Suite([], {}, [])).run(spec_for(check_columns, __file__))
    assert outcome.error is None
    # both functions' columns, in the table's order, with article_id (groups are cut by it)
    assert seen == {"keys": ["article_id", "sent_id", "start", "text"],
                    "check": ["article_id", "sent_id", "start", "text"]}
    # the near miss: a function of the check that declares nothing reads the whole table
    seen.clear()

    def undeclared(sentences):
        seen["keys"] = list(sentences.columns)
        return pd.DataFrame({"article_id": sentences.article_id, "key": 0})

    spec_ = dataclasses.replace(spec_for(check_columns, __file__), keys=undeclared)
    assert Runner(tables, Suite([], {}, [])).run(spec_).error is None
    assert seen["keys"] == seen["check"] == list(tables.sentences.columns)


def test_a_column_no_function_declares_is_not_there_in_memory_either(tables):
    from audit.tables import reads

    @check("DQ914", scope="corpus")
    @reads(sentences=("text",))
    def check_reads_more(sentences):
        return [Finding(a, 0, 1, "x") for a in sentences.in_quote.tolist()]

    outcome = Runner(tables, Suite([], {}, [])).run(spec_for(check_reads_more, __file__))
    assert "has no attribute 'in_quote'" in outcome.error["message"]


def test_reads_names_tables_and_columns_of_the_schema():
    from audit.tables import reads

    with pytest.raises(ValueError, match="sentences has no column"):
        reads(sentences=("txt",))
    with pytest.raises(ValueError, match="'events' is not a table of rows per article"):
        reads(events=("event_id",))
    # quantities are rows of one article's claims: a check may read some of their columns

    def numbers(quantities):
        return quantities

    assert reads(quantities=("low",))(numbers).__audit_reads__ == {"quantities": ("low",)}
    with pytest.raises(ValueError, match="no column"):
        reads(sentences="text")  # (a string, not a tuple of names)

    def keys(assertions):
        return assertions

    assert reads(assertions=["event_id"])(keys).__audit_reads__ == {"assertions": ("event_id",)}


def test_a_check_reads_only_the_rows_all_its_functions_declare_a_column_set_in(tables):
    from audit.tables import reads, rows_with

    seen: dict[str, list] = {}

    @reads(assertions=("assertion_id",))
    @rows_with(assertions="event_earliest")
    def by_article(assertions):
        seen["keys"] = assertions.assertion_id.tolist()
        return pd.DataFrame({"article_id": assertions.article_id, "key": assertions.article_id})

    @check("DQ915", keys=by_article)
    @reads(assertions=("start",))
    @rows_with(assertions="event_earliest")
    def check_dated(assertions):
        seen.setdefault("check", []).extend(assertions.assertion_id.tolist())
        return ()

    dated = ["a/a1", "c/a1"]  # (the two claims of the corpus with a day: "am Sonntag")
    assert tables.assertions[tables.assertions.event_earliest.notna()].assertion_id.tolist() \
        == dated
    outcome = Runner(tables, Suite([], {}, [])).run(spec_for(check_dated, __file__))
    assert outcome.error is None
    assert seen == {"keys": dated, "check": dated}
    # the near miss: a key function that reads every row, and the check then does too
    seen.clear()

    @reads(assertions=("assertion_id",))
    def every_row(assertions):
        seen["keys"] = assertions.assertion_id.tolist()
        return pd.DataFrame({"article_id": assertions.article_id, "key": "all"})

    every = dataclasses.replace(spec_for(check_dated, __file__), keys=every_row)
    assert Runner(tables, Suite([], {}, [])).run(every).error is None
    assert seen["keys"] == seen["check"] == tables.assertions.assertion_id.tolist()


def test_rows_with_names_a_column_of_the_table():
    from audit.tables import rows_with

    with pytest.raises(ValueError, match="timexes has no column 'valeu'"):
        rows_with(timexes="valeu")
    with pytest.raises(ValueError, match="not a table of rows per article"):
        rows_with(events="event_id")
