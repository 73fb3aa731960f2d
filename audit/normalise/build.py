"""Building the tables: ``articles`` in; sentences, timexes, entities and assertions out.

Work is per article with no shared state, so a corpus is cut into partitions that are
normalised in parallel processes and concatenated (PRODUCT.md §10). A worker can also run
more work on the tables of the partition it built (the article-scope checks), so that only
the results travel back.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit import collector
from audit.engine.runner import audited_articles
from audit.engine.spill import (
    PARTITIONED,
    SPILLED,
    SpilledTables,
    give_back_texts,
    spill_partition,
    write_columns,
)
from audit.ingest.published import parse_published
from audit.normalise.assertions import extract_assertions
from audit.normalise.dating import date_events
from audit.normalise.entities import entity_keys, extract_entities
from audit.normalise.language import UNDETERMINED, detect_language
from audit.normalise.sentences import quote_spans, split_sentences
from audit.normalise.timexes import tag_timexes
from audit.tables import Tables, concat, frame

if TYPE_CHECKING:  # (the process pool is imported where the corpus is cut for it)
    from concurrent.futures import Future, ProcessPoolExecutor

#: Below this many articles, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
#: Articles per partition at most (what a worker holds of the wide tables at once).
PARTITION_SIZE = 256
#: Partitions each worker is given, when the corpus is small enough to be cut so: each
#: partition costs a fixed share besides its articles (the article-scope checks' set-up,
#: about 45 ms a partition on 10kGNAD, the linking, the tables' frames and their
#: pickles), while two a worker still share the work out evenly.
PARTITIONS_PER_WORKER = 2
#: Partitions gathered between two returns of the memory they freed to the system (the
#: pickles they came in: at 10kGNAD x16, 57 MB resident at the end that a trim gave back).
GIVE_BACK_EVERY = 4
_DERIVED = ("sentences", "timexes", "entities", "assertions")
_NEWLINE = re.compile("\n")


def normalise_article(article_id: str, text: str, language: str | None,
                      published: str | None) -> dict[str, list[dict] | str]:
    """The rows one article contributes to each derived table, and its language."""
    language = language or detect_language(text)
    lang = language if language != UNDETERMINED else "de"
    quotes = quote_spans(text)
    sentences = split_sentences(text, lang, quotes)
    starts = [s.start for s in sentences]
    newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    sentence_rows = [
        {"article_id": article_id, "sent_id": sent_id, "start": start, "end": end,
         "text": text[start:end], "in_quote": in_quote, "is_boilerplate": is_boilerplate,
         "line": bisect.bisect_right(newlines, start) + 1}
        for sent_id, start, end, in_quote, is_boilerplate in sentences
    ]

    timex_rows = tag_timexes(text, lang, parse_published(published) if published else None)
    timexes_by_sentence: dict[int, list[str]] = {}
    for number, row in enumerate(timex_rows):
        row["article_id"] = article_id
        row["timex_id"] = timex_id = f"{article_id}/t{number}"
        row["sent_id"] = sent_id = sentence_of(row["start"]) if sentences else 0
        timexes_by_sentence.setdefault(sent_id, []).append(timex_id)

    entity_rows = extract_entities(text, lang)
    entities_by_sentence: dict[int, list[str]] = {}
    for number, row in enumerate(entity_rows):
        row["article_id"] = article_id
        row["entity_id"] = entity_id = f"{article_id}/e{number}"
        row["entity_key"] = None  # (corpus-wide: filled once all partitions are in)
        entities_by_sentence.setdefault(sentence_of(row["start"]), []).append(entity_id)

    assertion_rows = extract_assertions(text, lang, sentences, quotes)
    for number, row in enumerate(assertion_rows):
        sent_id = row["sent_id"]
        row["article_id"] = article_id
        row["assertion_id"] = f"{article_id}/a{number}"
        row["timex_ids"] = [*timexes_by_sentence.get(sent_id, ())]  # (a list of its own)
        row["entity_ids"] = entities_by_sentence.get(sent_id, [])
    date_events(text, lang, timex_rows, assertion_rows)

    return {"language": language, "sentences": sentence_rows, "timexes": timex_rows,
            "entities": entity_rows, "assertions": assertion_rows}


@dataclass
class _Partition:
    """What a worker sends back for one partition: each article's language, the partition's
    derived tables (typed frames pickle far faster than row dicts), what ``after`` gave, and
    why each article that could not be normalised failed (by article id)."""

    languages: list[str]
    tables: dict[str, pd.DataFrame]
    extra: Any = None
    failures: dict[str, str] = field(default_factory=dict)
    #: the partition's part of the tables linked over the corpus (:data:`LINKED`), when
    #: asked for: its ``quantities``, its claims' event ``mentions``, its articles' ``leads``
    linked: dict[str, pd.DataFrame] = field(default_factory=dict)


def _normalise_one(article: tuple, failures: dict[str, str]) -> dict:
    """:func:`normalise_article` of ``article`` (its id, text, language and publication
    date); an article it fails on (any exception: a recursion or an overflow in a
    normaliser on hostile text) contributes no rows, and its reason is kept, so that one
    article fails and not the audit."""
    try:
        return normalise_article(*article)
    except Exception as exc:  # any failure of one article is that article's alone
        article_id, _, language, _ = article
        failures[article_id] = f"normalising failed: {type(exc).__name__}: {exc}"
        return {"language": language or UNDETERMINED, **{name: [] for name in _DERIVED}}


def _normalise_partition(items: list[tuple], articles: pd.DataFrame | None = None,
                         after: Callable[[Tables], Any] | None = None,
                         spill: tuple[Path, int] | None = None,
                         link: bool = False) -> _Partition:
    """The tables of a partition, and what ``after`` gives on them (``articles`` are the
    partition's rows of the articles table; those that failed are left out of them).
    ``spill`` (a folder, the partition's number): the wide tables are written there once
    ``after`` has run (audit.engine.spill), and only the others come back. ``link``: the
    partition's parts of ``quantities`` and ``events`` are made here too (see
    :func:`linked_parts`; needs ``articles``)."""
    failures: dict[str, str] = {}
    with collector.paused():
        results = [_normalise_one(article, failures) for article in items]
        words: dict[str, str] = {}
        for result in results:
            for row in result["assertions"]:
                row["event_words"] = [words.setdefault(word, word) for word in row["event_words"]]
        languages = [result["language"] for result in results]
        tables = {name: frame(name, list(chain.from_iterable(r[name] for r in results)))
                  for name in _DERIVED}
        # the rows go before the collector is back, or its first pass would visit them all
        del results
    extra = None
    linked: dict[str, pd.DataFrame] = {}
    if (after is not None or link) and articles is not None:
        articles = articles.copy()
        articles["language"] = languages
        if failures:
            _fail(articles, failures)
        partition = Tables(articles=articles, **tables)
        with collector.rarely():  # (also in a worker process, whatever it inherited)
            if after is not None:
                extra = after(partition)
            if link:
                linked = linked_parts(partition)
    if spill is not None:
        spill_partition(*spill, tables)
        folder, number = spill
        for name in PARTITIONED:
            if name in linked:
                write_columns(folder / f"{name}-{number:06d}.pickle", linked.pop(name))
    return _Partition(languages, tables, extra, failures, linked)


#: The tables made per partition and put together over the corpus once every partition is
#: in (``pipeline.audit`` asks for them when a corpus-scope check reads ``events`` or
#: ``quantities``): each partition's quantities and event mentions, and its articles'
#: leads, built where the partition's wide tables are, so that the process that gathers
#: them never holds the wide tables whole (PRODUCT.md §10).
LINKED = ("quantities", "mentions", "leads")


def linked_parts(partition: Tables) -> dict[str, pd.DataFrame]:
    """A partition's part of what :func:`link_parts` puts together: on its audited articles only,
    as the checks' tables are (audit.engine.runner.audited_articles)."""
    from audit.normalise import events
    from audit.normalise.quantities import quantities_table

    audited = Tables(audited_articles(partition.articles), partition.sentences,
                     partition.timexes, partition.entities, partition.assertions)
    return {"quantities": quantities_table(audited), "mentions": events.mentions_of(audited),
            "leads": events.leads_of(audited.articles)}


def link_parts(linked: list[dict[str, pd.DataFrame]], entities: pd.DataFrame
               ) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The ``quantities`` and ``events`` tables of the corpus from the parts of its
    partitions (:func:`linked_parts`, in partition order) and its entities (keys filled),
    and the event of each claim that has one: what building them from the whole tables
    gives. The parts are taken out of ``linked`` as they are put together (each piece goes
    once joined); ``quantities`` only where every part has them (a spilled corpus's are
    on disk, :data:`audit.engine.spill.PARTITIONED`)."""
    from audit.normalise import events

    def joined(name: str) -> pd.DataFrame:
        frames = [part.pop(name) for part in linked]
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    built = {"quantities": concat("quantities", [part.pop("quantities") for part in linked])} \
        if all("quantities" in part for part in linked) else {}
    linked_events, event_of = events.link(joined("mentions"), joined("leads"),
                                          entities[events.ENTITY_COLUMNS])
    return ({**built, "events": linked_events}, event_of)


def corpus_entity_keys(entities: pd.DataFrame):
    """The ``entity_key`` column of the corpus's ``entities``: :func:`entity_keys` of each
    distinct pair of kind and canonical name, not of every mention (a key depends on only
    those two and on which pairs the corpus holds). A name is met many times: at 10kGNAD
    x16 the keys of all 172,000 mentions, made one by one, took 39 MB for a moment."""
    import numpy as np

    kinds, kind_values = pd.factorize(entities.kind, use_na_sentinel=False)
    names, name_values = pd.factorize(entities.canonical, use_na_sentinel=False)
    width = max(1, len(name_values))
    distinct, row_of = np.unique(kinds.astype(np.int64) * width + names, return_inverse=True)
    pairs = pd.DataFrame({"kind": kind_values.take(distinct // width),
                          "canonical": name_values.take(distinct % width)})
    keys = np.array(entity_keys(pairs), dtype=object)
    return pd.array(keys[row_of] if len(entities) else [], dtype="str")


def share_words(assertions: pd.DataFrame, words: dict[str, str]) -> None:
    """Make each word of ``assertions.event_words`` that ``words`` (a word to itself) has
    met before the string it has, and add the others to it.

    The lists of event words are most of the memory the tables take (about 200,000 words
    for 10kGNAD's 2.7 MB); far fewer are distinct, and each partition comes back from its
    worker with strings of its own. In place: the lists are the partition's own."""
    with collector.paused():
        for row_words in assertions.event_words.tolist():
            row_words[:] = [words.setdefault(word, word) for word in row_words]


def _fail(articles: pd.DataFrame, failures: dict[str, str]) -> None:
    """Mark the articles that could not be normalised as failed, with the reason."""
    failed = articles.article_id.isin(list(failures))
    articles.loc[failed, "status"] = "failed"
    articles.loc[failed, "reason"] = articles.article_id[failed].map(failures)


def _items(audited: pd.DataFrame) -> list[tuple]:
    """What :func:`normalise_article` takes, for each row of ``audited``."""
    return [
        (article_id, text, _present(language), _present(published))
        for article_id, text, language, published in zip(
            audited.article_id.tolist(), audited.text.tolist(), audited.language.tolist(),
            audited.published.tolist(), strict=True)
    ]


def _in_order(pool: ProcessPoolExecutor, calls: Iterable[tuple], ahead: int,
              started: Callable[[], Any] | None = None) -> Iterator[_Partition]:
    """The results of ``pool`` running :func:`_normalise_partition` on each of ``calls``
    (its arguments), in order, with at most ``ahead`` partitions handed out at once: the
    corpus's texts are not all copied into the pool's queue at the start. ``started`` is
    called once the first partitions are handed out."""
    pending: deque[Future] = deque()
    for arguments in calls:
        pending.append(pool.submit(_normalise_partition, *arguments))
        if len(pending) >= ahead:
            if started:
                started()
                started = None
            yield pending.popleft().result()
    if started:
        started()
    while pending:
        yield pending.popleft().result()


class WorkerLost(RuntimeError):
    """A worker process of the local pool ended without a result (killed, out of memory, a
    crash, a check that ended the process): the message names the partitions it may have
    been normalising and their articles."""


@contextmanager
def _naming_lost_workers(ids: pd.Series, starts: range, size: int, ahead: int):
    """Turn the pool's ``BrokenProcessPool`` into :class:`WorkerLost` naming the
    partitions that were handed out and not yet gathered (``waiting[0]``, the next one to
    gather, is set by the caller); those are the ones a lost worker can have held."""
    from concurrent.futures.process import BrokenProcessPool

    waiting = [0]
    try:
        yield waiting
    except BrokenProcessPool:
        first = min(waiting[0], len(starts) - 1)
        last = min(first + ahead, len(starts)) - 1
        low = starts[first]
        high = min(starts[last] + size, len(ids)) - 1
        which = f"partition {first + 1}" if first == last else \
            f"one of partitions {first + 1} to {last + 1}"
        raise WorkerLost(
            f"a worker process ended without its result (killed, out of memory, or a check "
            f"that ended the process) while normalising {which} of {len(starts)} "
            f"(articles {ids.iloc[low]} to {ids.iloc[high]})") from None


def partition_size(articles: int, workers: int) -> int:
    """The articles of each partition when ``articles`` audited articles are cut for
    ``workers`` processes: :data:`PARTITIONS_PER_WORKER` a worker, at most
    :data:`PARTITION_SIZE` articles each (the last partition takes what is left)."""
    return max(1, min(PARTITION_SIZE, -(-articles // (workers * PARTITIONS_PER_WORKER))))


def normalise(articles: pd.DataFrame, jobs: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> Tables:
    """Build all tables from the ``articles`` table (only rows with status ``audited``).

    ``jobs`` is the number of processes (default: the local cores for corpora above
    ``PARALLEL_THRESHOLD`` articles, else one). ``progress(done, total)`` is called as
    partitions finish.
    """
    return normalise_partitions(articles, jobs, progress)[0]


def normalise_partitions(articles: pd.DataFrame, jobs: int | None = None,
                         progress: Callable[[int, int], None] | None = None,
                         after: Callable[[Tables], Any] | None = None,
                         while_waiting: Callable[[], Any] | None = None,
                         spill: Path | None = None, link: bool = False,
                         keep: Callable[[int, Any], Any] | None = None
                         ) -> tuple[Tables, list | None]:
    """:func:`normalise`, and ``after`` called on each partition's tables in the worker
    process that built them: the list of its results in partition order, or ``None`` when
    the work stayed in this process (then nothing was called, and the caller works on the
    whole tables instead). ``after`` must be picklable. ``while_waiting`` is called in this
    process once the partitions are handed to the workers (only then). ``spill``: a folder
    the wide tables of each partition are written to (audit.engine.spill), so that they are
    never all in this process; the tables returned then read them back when asked for.
    ``link``: ``quantities`` and ``events`` are built too, their per-article part in the
    process that normalised each partition (:data:`LINKED`), and ``assertions.event_id``
    filled; the lazy tables are otherwise built from the whole tables when first asked for.
    ``keep(number, result)``: what is kept of partition ``number``'s result of ``after``
    as it comes in (the pipeline writes the findings to disk), in its place in the list.
    """
    audited = audited_articles(articles)
    total = len(audited)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if total > PARALLEL_THRESHOLD else 1
    size = partition_size(total, jobs)
    starts = range(0, total, size)
    parts: list[_Partition] = []
    words: dict[str, str] = {}  # (see share_words)
    partial: list | None = None
    done = 0

    def spilled(number: int) -> tuple[Path, int] | None:
        return None if spill is None else (spill, number)

    if jobs > 1 and total > 1:
        # (imported here: a corpus audited in this process, one article, never needs them)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        partial = []
        calls = ((_items(audited.iloc[start:start + size]),
                  audited.iloc[start:start + size] if after or link else None, after,
                  spilled(number), link) for number, start in enumerate(starts))
        if multiprocessing.get_context().get_start_method() == "fork":
            # the grammars and word lists of the first article's language load here, once,
            # and the workers forked below start with them (0.6 CPU-s a worker and language);
            # so do what the article-scope checks build on first use (their rule programs,
            # word lists), by running them on that article (the result is not kept)
            first = audited.iloc[:1]
            _normalise_partition(_items(first), first if after or link else None, after,
                                 link=link)
        with ProcessPoolExecutor(max_workers=jobs) as pool, \
                _naming_lost_workers(audited.article_id, starts, size, 2 * jobs) as waiting:
            finished = _in_order(pool, calls, 2 * jobs, while_waiting)
            for number, (start, part) in enumerate(zip(starts, finished, strict=True)):
                waiting[0] = number + 1
                if "assertions" in part.tables:
                    share_words(part.tables["assertions"], words)
                parts.append(part)
                partial.append(part.extra if keep is None else keep(len(partial), part.extra))
                part.extra = None
                give_back_texts()  # (the pages of the texts handed out, if they are mapped)
                if len(parts) % GIVE_BACK_EVERY == 0:
                    collector.give_back()  # (what unpickling the partitions left free)
                done += min(size, total - start)
                if progress:
                    progress(done, total)
    else:
        # spilled, the article-scope checks run on each partition here too: on the whole
        # tables they would read every spilled table back
        by_partition = after if spill is not None else None
        partial = [] if by_partition else None
        for number, start in enumerate(starts):
            chunk = audited.iloc[start:start + size]
            parts.append(_normalise_partition(
                _items(chunk), chunk if by_partition or link else None, by_partition,
                spilled(number), link))
            if partial is not None:
                extra = parts[-1].extra
                partial.append(extra if keep is None else keep(len(partial), extra))
                parts[-1].extra = None
            if "assertions" in parts[-1].tables:
                share_words(parts[-1].tables["assertions"], words)
            give_back_texts()
            done += min(size, total - start)
            if progress:
                progress(done, total)

    collector.give_back()  # (before the tables are put together)
    articles = articles.copy(deep=False)  # (copy on write: the columns set here only)
    languages = dict(zip(audited.article_id.tolist(),
                         (language for part in parts for language in part.languages),
                         strict=True))
    articles["language"] = [
        languages.get(article_id, _present(language))
        for article_id, language in zip(articles.article_id, articles.language, strict=True)
    ]
    failures = {article_id: reason for part in parts
                for article_id, reason in part.failures.items()}
    if failures:
        _fail(articles, failures)
    kept = [name for name in _DERIVED if spill is None or name not in SPILLED]
    # (each partition's frames let go as they are put together, not held with the whole
    # table to the end: at 10kGNAD x16 the entities, 32 MB, were twice in memory while the
    # keys and the events were made)
    tables = {name: concat(name, [part.tables.pop(name) for part in parts]) for name in kept}
    # the one step that needs the whole corpus: which mentions are one real-world entity
    tables["entities"]["entity_key"] = corpus_entity_keys(tables["entities"])
    collector.give_back()  # (what the partitions' frames and the keys' lists left free)
    if spill is not None:
        partition_of = {article_id: number // size
                        for number, article_id in enumerate(audited.article_id.tolist())}
        # (quantities: on disk, each worker wrote its partition's)
        spilled_tables = SpilledTables.read_from(
            spill, len(parts), articles, tables.pop("entities"), partition_of,
            PARTITIONED if link else ())
        # entities go to disk before the events are linked, which read only some columns
        # (what they held given back first: linking is the peak of a spilled audit)
        spilled_tables.keep_entities_on_disk()
        collector.give_back()
        if link and parts:
            from audit.normalise.events import ENTITY_COLUMNS

            built, spilled_tables._spill.event_of = link_parts(
                [part.linked for part in parts],
                spilled_tables.columns("entities", ENTITY_COLUMNS))
            spilled_tables._built.update(built)
        for part in parts:
            part.linked = {}
        return spilled_tables, partial
    built, event_of = link_parts([part.linked for part in parts], tables["entities"]) \
        if link and parts else ({}, None)
    for part in parts:
        part.linked = {}  # (put together)
    if event_of is not None and len(tables["assertions"]):
        tables["assertions"]["event_id"] = pd.array(
            [event_of.get(a) for a in tables["assertions"].assertion_id.tolist()], dtype="str")
    return Tables(articles=articles, **tables, _built=built), partial


def _present(value: object) -> str | None:
    """``None`` for the missing-value markers pandas uses (None, NaN, NA)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return str(value)
