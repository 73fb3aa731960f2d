"""The same audit on a dask.distributed cluster (PRODUCT.md §10: beyond one machine).

The corpus is read in this process (the client) and cut into partitions of articles. Each
partition goes to a Dask worker, which normalises it exactly as one local process does
(:func:`audit.normalise.build.normalise_partitions` with one job), runs the article-scope
checks on the tables it built (:class:`audit.engine.partition.PartitionChecks`, the
``after`` of the local process pool) and builds the partition's part of the linked tables
(its quantities, its claims' event mentions, its articles' leads: ``link``, as a local run
does per partition). The client puts together the narrow tables (``articles``,
``entities``, the linked parts) in partition order and runs the corpus-wide steps of
normalisation (entity keys, linking the events) as a local run does, so findings.json is
the same, byte for byte, as a local run's.

The wide tables (``sentences``, ``timexes``, ``assertions``) stay in the workers' memory, a
partition each, and are sent their entity keys and events (:class:`_OnCluster`). Every
task that reads a partition runs in the worker that holds it (pinned: Dask would otherwise
let an idle worker take it and copy the partition over). The corpus-scope checks that read
them run in the workers (:class:`ClusterRunner`): an unblocked one (TMP001) in one worker
that puts the tables it reads together there (only the columns and rows it declares with
``@reads``/``@rows_with``); a blocked one by key, a shuffle: its key function runs here on
the columns it declares, each partition's cut in the worker holding it (CON002, CON006: a
few columns of some rows come here, never a whole table; a key function that declares no
columns of a wide table gets it whole, in one worker), the client cuts the groups into
batches, and each batch's rows (the declared columns) are taken from the partitions that
hold them, in their workers, and put together in the worker that runs the batch with
:func:`audit.engine.runner.run_batch` (:meth:`GroupsOnCluster.planned`). Only findings come
back, resolved here as locally. :func:`brought_back` then has the workers write their
partitions' wide tables to a local spill folder, for the reports: the client never holds a
whole wide table.

Dask is an optional extra (``pip install 'audit[dask]'``): this module imports it only when
a scheduler is given. Workers need the ``audit`` package and the checks folder at the same
path as the client (the checks are discovered there by each worker), and one thread each
(``dask worker --nthreads 1``): normalisation is pure Python, and it switches the garbage
collector per process (audit.collector). A partition that fails on a worker, or a worker
lost while running it, is a :class:`ClusterError` naming the partition and the reason; a
cluster on which no partition finishes for ``stall_timeout`` seconds (all workers gone) is
one too, not a hang. So is a partition whose worker left after normalising it, at once:
every task that reads it is pinned to that worker and would wait for it, so while waiting
the client looks every ``WATCH_INTERVAL`` seconds whether the workers holding partitions
are still there (:class:`_Watch`), and names the partition, the worker and what of ours it
was running when it left. The partitions are cut as the local process pool cuts them for
as many processes as the cluster has workers, so that a check that fails in a worker gives
what ``audit run --jobs N`` gives (its error, and its findings on the other partitions).

A corpus of Parquet files (a folder of partitions) is read by the workers instead, one file
a partition (:func:`normalise_parquet_on_cluster`); the client reads only the row counts.
"""

from __future__ import annotations

import functools
import inspect
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit import collector
from audit.engine.partition import discovered
from audit.engine.registry import CheckSpec
from audit.engine.runner import (
    BATCH_ROWS,
    GroupBatch,
    KeyGroups,
    Produced,
    RowsByArticle,
    Runner,
    parameters_reached,
    run_batch,
)
from audit.engine.spill import (
    SPILLED,
    SpilledTables,
    columns_of,
    spill_folder,
    spill_partition,
)
from audit.limits import Limits
from audit.normalise.build import (
    corpus_entity_keys,
    link_parts,
    linked_parts,
    normalise_partitions,
    partition_size,
)
from audit.tables import TABLE_NAMES, Tables, concat, frame

if TYPE_CHECKING:
    from distributed import Client, LocalCluster


#: The tables a partition sends back (the LAZY ones are built from them on the client).
BUILT = ("articles", "sentences", "timexes", "entities", "assertions")
#: Seconds to wait for the scheduler to answer when connecting.
CONNECT_TIMEOUT = 30.0
#: Seconds without any partition finishing after which the cluster is given up on.
STALL_TIMEOUT = 600.0
#: Seconds between looks at the cluster while its tasks are waited for: a worker that left
#: holding partitions (their tables went with it) is an error then, not after
#: ``STALL_TIMEOUT`` (a task pinned to it would wait for it for ever).
WATCH_INTERVAL = 0.5


class ClusterError(RuntimeError):
    """The audit could not be run on the cluster: the scheduler is unreachable, a partition
    failed on a worker (or its worker died), or no partition finished in time."""


def normalise_on_cluster(articles: pd.DataFrame, client: Client,
                         progress: Callable[[int, int], None] | None = None,
                         after: Callable[[Tables], Any] | None = None,
                         while_waiting: Callable[[], Any] | None = None,
                         stall_timeout: float = STALL_TIMEOUT, link: bool = True
                         ) -> tuple[SpilledTables, list | None]:
    """:func:`audit.normalise.build.normalise_partitions` with the partitions normalised
    (and ``after`` called on each one's tables) in the workers of the Dask cluster of
    ``client`` (which stays open while the tables are used): the tables, and the list of
    what ``after`` gave on each partition in partition order (``None`` without ``after``).
    ``articles``, ``entities`` and the linked tables are put together here; the wide tables
    stay in the workers, a partition each, read through the tables returned
    (:class:`_OnCluster`), checked there by a :class:`ClusterRunner` and brought back by
    :func:`brought_back`. ``progress(done, total)`` counts audited articles as partitions
    finish; ``while_waiting`` is called once the partitions are submitted. ``link``: each
    worker also builds its partition's part of ``quantities`` and ``events`` (their
    mentions and leads), which are linked here, as ``normalise_partitions(link=True)`` does
    locally."""
    workers = max(1, len(_workers(client)))
    bounds = _bounds(articles.status == "audited", workers)
    parts = [articles.iloc[first:last] for first, last in bounds]
    run = uuid.uuid4().hex[:8]
    futures = client.map(_partition, parts, after=after, link=link, pure=False,
                         key=[f"audit-{run}-partition-{i}" for i in range(len(parts))])
    if while_waiting:
        while_waiting()
    audited = articles.status == "audited"
    counts = [int(audited.iloc[first:last].sum()) for first, last in bounds]
    return _collected(client, futures, [_articles_of(part) for part in parts], counts,
                      progress, stall_timeout, after, link, articles)


def _bounds(audited: pd.Series, workers: int) -> list[tuple[int, int]]:
    """The rows (first, after the last) of each partition of a corpus (``audited``: which
    rows are audited articles), cut as :func:`audit.normalise.build.normalise_partitions`
    cuts them for ``workers`` processes: the same audited articles in each, so that a run
    on ``workers`` workers gives what a local run with as many ``--jobs`` does, even where
    an article-scope check fails (it loses its findings on the partition it failed on).
    Rows not audited go with the partition before them (the first: with it)."""
    positions = [position for position, kept in enumerate(audited.tolist()) if kept]
    if not positions:
        return [(0, len(audited))] if len(audited) else []
    size = partition_size(len(positions), workers)
    starts = [0, *positions[size::size]]
    return list(zip(starts, [*starts[1:], len(audited)], strict=True))


def normalise_parquet_on_cluster(files: Sequence[Path], client: Client,
                                 limits: Limits | None = None, date_order: str | None = None,
                                 progress: Callable[[int, int], None] | None = None,
                                 after: Callable[[Tables], Any] | None = None,
                                 while_waiting: Callable[[], Any] | None = None,
                                 stall_timeout: float = STALL_TIMEOUT, link: bool = True
                                 ) -> tuple[SpilledTables, list | None]:
    """:func:`normalise_on_cluster` for a corpus of Parquet files (:func:`parquet_partitions`)
    that the workers read themselves, one file a partition: this process reads only each
    file's row count (for ``progress``). The tables are those of a local run that ingests
    the same paths, provided that no article id stands in two files (a local run would
    number the second; here that is a :class:`ClusterError`)."""
    from pyarrow.parquet import ParquetFile

    run = uuid.uuid4().hex[:8]
    futures = client.map(_parquet_partition, [str(path) for path in files],
                         limits=limits, date_order=date_order, after=after, link=link,
                         pure=False, key=[f"audit-{run}-file-{i}" for i in range(len(files))])
    if while_waiting:
        while_waiting()
    counts = []
    for path in files:
        try:
            counts.append(ParquetFile(path).metadata.num_rows)
        except (OSError, ValueError):  # (the worker reports it as a failed input)
            counts.append(0)
    return _collected(client, futures, [f"file {path}" for path in files], counts,
                      progress, stall_timeout, after, link, None)


def _collected(client: Client, futures: list, names: list[str], counts: list[int],
               progress: Callable[[int, int], None] | None, stall_timeout: float,
               after: Callable[[Tables], Any] | None, link: bool,
               articles: pd.DataFrame | None) -> tuple[SpilledTables, list | None]:
    """The tables of the partitions (``futures``, in order), the narrow ones gathered here
    and the wide ones kept in the workers, and what ``after`` gave on each. ``articles``:
    the corpus's, when this process read it (its rows not audited are kept as they are);
    else the partitions' are put together (Parquet files, read by the workers: an article
    id in two of them is an error)."""
    narrow: list = [None] * len(futures)  # (each cut where its partition is, as it finishes)
    watch = _Watch(client, [f"partition {number + 1} of {len(futures)} ({name})"
                            for number, name in enumerate(names)])
    try:
        for number, workers in _finishing(client, futures, names, counts, progress,
                                          stall_timeout, watch):
            narrow[number] = client.submit(_narrow, futures[number], workers=workers,
                                           allow_other_workers=False, pure=False)
        results = _gathered(client, narrow, names, "partition", stall_timeout, watch)
    except BaseException:
        client.cancel([*futures, *(future for future in narrow if future is not None)])
        raise
    client.cancel(narrow)  # (only those: cancelling a future cancels those made of it)
    if articles is None:
        merged = pd.concat([result[0]["articles"] for result in results], ignore_index=True)
        twice = merged.article_id[merged.article_id.duplicated()]
        if len(twice):
            client.cancel(futures)
            raise ClusterError(f"article id {twice.iloc[0]!r} stands in more than one of the "
                               "Parquet files read by the workers: give each article an id "
                               "of its own")
    else:
        merged = (pd.concat([result[0]["articles"] for result in results]) if results
                  else articles.copy())
    entities, linked, event_of = _assembled(results, link)
    partial = [result[1] for result in results] if after else None
    return _kept(client, futures, results, merged, entities, linked, event_of, names,
                 stall_timeout, watch), partial


def parquet_partitions(paths: Iterable[str | Path]) -> list[Path] | None:
    """The Parquet files under ``paths``, in the order ingest reads them (a folder's files
    by name, then its folders'; hidden ones passed over), when ``paths`` hold Parquet files
    and nothing else; otherwise ``None``."""
    files: list[Path] = []

    def walk(folder: Path) -> bool:
        entries = sorted((e for e in folder.iterdir() if not e.name.startswith(".")),
                         key=lambda e: e.name)
        for entry in (e for e in entries if not e.is_dir()):
            if entry.suffix != ".parquet":
                return False
            files.append(entry)
        return all(walk(entry) for entry in entries if entry.is_dir())

    for path in map(Path, paths):
        if path.is_dir():
            if not walk(path):
                return None
        elif path.suffix == ".parquet" and path.is_file():
            files.append(path)
        else:
            return None
    return files or None


def _articles_of(part: pd.DataFrame) -> str:
    ids = part.article_id
    return f"articles {ids.iloc[0]} to {ids.iloc[-1]}"


def _assembled(results: list, link: bool
               ) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], dict[str, str] | None]:
    """The corpus's ``entities`` from the partitions' (in partition order), with the entity
    keys read over the whole corpus; ``link``: the linked tables (``quantities`` and
    ``events``) from the partitions' parts of them, and the event of each claim that has
    one."""
    entities = concat("entities", [result[0]["entities"] for result in results])
    # the one step of normalisation that needs the whole corpus, as build.py does it locally
    entities["entity_key"] = corpus_entity_keys(entities)
    linked: dict[str, pd.DataFrame] = {}
    event_of = None
    if link and results:
        # (copies: link_parts takes the parts out, and _kept reads the mentions again)
        linked, event_of = link_parts([dict(r[2]) for r in results], entities)
    return entities, linked, event_of


def _parquet_partition(path: str, limits: Limits | None, date_order: str | None,
                       after: Callable[[Tables], Any] | None, link: bool
                       ) -> tuple[dict[str, pd.DataFrame], Any, dict[str, pd.DataFrame]]:
    """In a worker: :func:`_partition` of the articles of one Parquet file."""
    from audit.ingest import ingest
    from audit.limits import DEFAULT

    return _partition(ingest([path], limits or DEFAULT, date_order), after, link)


def _partition(articles: pd.DataFrame, after: Callable[[Tables], Any] | None, link: bool
               ) -> tuple[dict[str, pd.DataFrame], Any, dict[str, pd.DataFrame]]:
    """In a worker: one partition's tables, as one local process builds them, what
    ``after`` gives on them and (``link``) their part of the linked tables. Arrow allocates
    with the system's malloc there too, as in the local pool's workers
    (:func:`audit.pipeline.use_system_allocator`)."""
    from audit.pipeline import use_system_allocator

    use_system_allocator()
    tables, _ = normalise_partitions(articles, jobs=1)
    extra, linked = None, {}
    with collector.rarely():
        if after is not None:
            extra = after(tables)
        if link:
            linked = linked_parts(tables)
    return {name: getattr(tables, name) for name in BUILT}, extra, linked


def _narrow(result: tuple) -> tuple[dict[str, pd.DataFrame], Any, dict[str, pd.DataFrame],
                                    dict[str, dict[str, int]]]:
    """In a worker: what the client takes of a partition whose wide tables stay: its
    ``articles`` and ``entities``, what ``after`` gave, its part of the linked tables and
    each article's rows of the other tables (to size the batches of key groups)."""
    tables, extra, linked = result
    rows = {name: tables[name].article_id.value_counts(sort=False).to_dict()
            for name in (*SPILLED, "entities")}
    return ({"articles": tables["articles"], "entities": tables["entities"]}, extra, linked,
            rows)


def _with_links(result: tuple, keys: list, event_of: dict[str, str]) -> dict[str, pd.DataFrame]:
    """In a worker: a partition's tables with the corpus-wide ``entities.entity_key``
    (``keys``, in row order) and ``assertions.event_id`` (``event_of``, when events were
    linked) set."""
    tables = dict(result[0])
    entities = tables["entities"] = tables["entities"].copy(deep=False)
    entities["entity_key"] = pd.array(keys, dtype="str")
    if event_of:
        assertions = tables["assertions"] = tables["assertions"].copy(deep=False)
        assertions["event_id"] = pd.array(
            [event_of.get(a) for a in assertions.assertion_id.tolist()], dtype="str")
    return tables


def _table_of(tables: dict[str, pd.DataFrame], name: str,
              wanted: Sequence[str] | None = None) -> pd.DataFrame:
    """In a worker: a partition's table ``name`` (only the columns ``wanted``)."""
    table = tables[name]
    return table if wanted is None else table[list(wanted)].copy()


def _narrowed(tables: dict[str, pd.DataFrame], name: str, wanted: list[str],
              rows_with: str | None) -> pd.DataFrame:
    """In a worker: the columns ``wanted`` of a partition's table ``name`` (only its rows
    where the column ``rows_with`` is set)."""
    return columns_of(tables, name, wanted, rows_with)


def _tables_of(tables: dict[str, pd.DataFrame], names: Sequence[str]
               ) -> dict[str, pd.DataFrame]:
    """In a worker: a partition's tables ``names``."""
    return {name: tables[name] for name in names}


def _put_together(name: str, pieces: list[pd.DataFrame],
                  wanted: Sequence[str] | None = None) -> pd.DataFrame:
    """The partitions' rows of table ``name`` (only the columns ``wanted``) as one table,
    in order, numbered from 0 (in a worker, or here)."""
    held = [piece for piece in pieces if len(piece)] or pieces[:1]
    if not held:
        table = frame(name, [])
        return table if wanted is None else table[list(wanted)]
    return pd.concat(held, ignore_index=True) if len(held) > 1 else \
        held[0].reset_index(drop=True)


def _rows_of(tables: dict[str, pd.DataFrame], article_ids: list[str], names: Sequence[str],
             declared: dict[str, tuple[list[str], str | None]]) -> dict[str, pd.DataFrame]:
    """In a worker: the rows of the articles ``article_ids`` of a partition's tables
    ``names``, in table order; of those ``declared``, only the columns the check reads and
    the rows where the column it names is set (``{name: (columns, rows_with)}``)."""
    ids = set(article_ids)
    rows = {}
    for name in names:
        table = tables[name]
        if name in declared:
            table = columns_of(tables, name, *declared[name])
        rows[name] = table[table.article_id.isin(ids).to_numpy(dtype=bool)]
    return rows


def _kept(client: Client, futures: list, results: list, articles: pd.DataFrame,
          entities: pd.DataFrame, linked_tables: dict[str, pd.DataFrame],
          event_of: dict[str, str] | None, names: list[str], stall_timeout: float,
          watch: _Watch) -> SpilledTables:
    """The tables of a corpus whose partitions (``futures``; ``names``: what each holds)
    keep their wide tables in the workers: ``articles``, ``entities`` and the linked tables
    here (put together from ``results``, what :func:`_narrow` gave), the others read
    through :class:`_OnCluster`. Each partition is sent its entity keys and its claims'
    events, and is waited for; ``watch`` follows the workers that hold them."""
    partition_of: dict[str, int] = {}
    rows: dict[str, dict[str, int]] = {}
    keys, events = [], []
    keyed = entities.entity_key.tolist()
    first = 0
    for number, (narrow, _, linked, counts) in enumerate(results):
        own = narrow["articles"]
        partition_of.update(dict.fromkeys(
            own.article_id[own.status == "audited"].tolist(), number))
        keys.append(keyed[first:first + len(narrow["entities"])])
        first += len(narrow["entities"])
        mentioned = linked["mentions"].assertion_id.tolist() if event_of else []
        events.append({a: event_of[a] for a in mentioned if a in event_of})
        for name, by_article in counts.items():
            rows.setdefault(name, {}).update(by_article)
    run = uuid.uuid4().hex[:8]
    holders = _holders(client, futures, watch.names)
    linked_futures = [client.submit(_with_links, future, keys[number], events[number],
                                    workers=holders[number], allow_other_workers=False,
                                    pure=False, key=f"audit-{run}-kept-{number}")
                      for number, future in enumerate(futures)]
    for future in futures:  # (released, not cancelled: that would cancel those made of them)
        future.release()
    waiting = set(linked_futures)  # (until each is in the memory of a worker: see where)
    index = {future.key: number for number, future in enumerate(linked_futures)}
    while waiting:
        finished, waiting = _finished(client, linked_futures, index, waiting, names,
                                      stall_timeout, "partition", watch)
        for future in finished:  # (from now on the partition is this future's result)
            watch.hold(index[future.key], holders[index[future.key]], future)
    [shared] = client.scatter([linked_tables], hash=False)
    return SpilledTables(articles, entities,
                         _OnCluster(client, linked_futures, partition_of, rows, shared, watch,
                                    stall_timeout),
                         linked_tables)


class _OnCluster:
    """Where the wide tables (:data:`audit.engine.spill.SPILLED`) of a corpus normalised
    on a cluster are: each partition's tables in the memory of a worker (a future each, in
    partition order). It stands for the spill folder of a
    :class:`audit.engine.spill.SpilledTables`, which reads from it only what is asked for:
    some columns of each partition (the reports), a partition's table, or a whole table (a
    check run here that asks for one). A :class:`ClusterRunner` runs the corpus-scope
    checks that read them where they are instead. ``partition_of``: the partition of each
    audited article; ``rows``: each article's rows of each wide table and of ``entities``;
    ``shared``: a future of the linked tables, scattered to the cluster once; ``watch``
    follows the workers that hold the partitions while their tasks are waited for (at most
    ``stall_timeout`` seconds without one finishing)."""

    def __init__(self, client: Client, futures: list, partition_of: dict[str, int],
                 rows: dict[str, dict[str, int]], shared: Any, watch: _Watch,
                 stall_timeout: float = STALL_TIMEOUT):
        self.client = client
        self.futures = futures
        self.watch = watch
        self.stall_timeout = stall_timeout
        self.partition_of = partition_of
        self.rows = rows
        self.shared = shared
        self.loaded: dict[str, pd.DataFrame] = {}
        self.event_of: dict[str, str] | None = None
        self._whole: dict[tuple, Any] = {}
        #: rows of the wide tables brought to this process (what the tests count), and of
        #: each one's columns cut in the workers (:meth:`narrow`)
        self.brought = 0
        self.narrowed: dict[str, int] = {}

    def where(self, numbers: Iterable[int]) -> list[list[str]]:
        """The workers that hold each partition of ``numbers`` (:func:`_holders`)."""
        numbers = list(numbers)
        holders = _holders(self.client, [self.futures[number] for number in numbers],
                           [self.watch.names[number] for number in numbers],
                           [self.watch.held.get(number, ((), None))[0] for number in numbers])
        for number, workers in zip(numbers, holders, strict=True):
            self.watch.hold(number, workers, self.futures[number])
        return holders

    def on(self, number: int, workers: list[str], function: Callable, *args: Any,
           key: str | None = None, **arguments: Any) -> Any:
        """A future of ``function(tables, *args, **arguments)`` on partition ``number``'s
        tables, run in one of the ``workers`` that hold them (:meth:`where`), and only
        there: left free, Dask lets an idle worker take such a task and copies the whole
        partition to it."""
        return self.client.submit(function, self.futures[number], *args, key=key,
                                  workers=workers, allow_other_workers=False, pure=False,
                                  **arguments)

    def each(self, function: Callable, **arguments: Any) -> list:
        """Futures of ``function(tables, **arguments)`` on each partition's tables, in
        partition order, each run where the partition is (:meth:`on`)."""
        numbers = range(len(self.futures))
        return [self.on(number, workers, function, **arguments)
                for number, workers in zip(numbers, self.where(numbers), strict=True)]

    def _brought(self, futures: list, numbers: Sequence[int] | None = None) -> list:
        """What ``futures`` (one a partition: ``numbers``, else each in order) give, once
        all have finished."""
        numbers = range(len(futures)) if numbers is None else numbers
        try:
            return _gathered(self.client, futures,
                             [f"the task on {self.watch.names[n]}" for n in numbers],
                             "partition task", self.stall_timeout, self.watch, labelled=True)
        finally:
            self.client.cancel(futures)

    def parts(self, name: str, wanted: Sequence[str] | None = None) -> list[pd.DataFrame]:
        """Each partition's rows of table ``name`` (only the columns ``wanted``)."""
        parts = self._brought(self.each(_table_of, name=name, wanted=wanted))
        self.brought += sum(len(part) for part in parts) if wanted is None else 0
        return parts

    def narrow(self, name: str, wanted: Sequence[str], rows_with: str | None = None
               ) -> pd.DataFrame:
        """The columns ``wanted`` of table ``name`` (only the rows where the column
        ``rows_with`` is set, numbered from 0), as :func:`audit.engine.spill.columns_of`
        gives them: each partition's cut in the worker that holds it, only those rows and
        columns come here."""
        parts = self._brought(self.each(_narrowed, name=name, wanted=list(wanted),
                                        rows_with=rows_with))
        self.narrowed[name] = self.narrowed.get(name, 0) + sum(map(len, parts))
        return _put_together(name, parts, list(wanted))

    def part(self, name: str, number: int) -> pd.DataFrame:
        """Partition ``number``'s rows of table ``name``."""
        [part] = self._brought([self.on(number, self.where([number])[0], _table_of,
                                        name=name)], [number])
        self.brought += len(part)
        return part

    def with_event_ids(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` with ``event_id`` set from :attr:`event_of`, where ``events`` was built
        here (from columns brought back: not linked in the workers)."""
        if name == "assertions" and self.event_of is not None and "event_id" in table:
            table["event_id"] = pd.array(
                [self.event_of.get(a) for a in table.assertion_id.tolist()], dtype="str")
        return table

    def whole(self, name: str, wanted: Sequence[str] | None = None,
              rows_with: str | None = None) -> Any:
        """A future of the whole table ``name`` (only the columns ``wanted``, the rows
        where ``rows_with`` is set), put together once, in one worker, from the
        partitions', each cut where it is (for the checks that read it whole there)."""
        cut = (name, None if wanted is None else tuple(wanted), rows_with)
        if cut not in self._whole:
            pieces = self.each(_table_of, name=name) if wanted is None else \
                self.each(_narrowed, name=name, wanted=list(wanted), rows_with=rows_with)
            self._whole[cut] = self.client.submit(_put_together, name, pieces, wanted,
                                                  pure=False)
        return self._whole[cut]

    def release(self) -> None:
        """Forget the partitions and the whole tables put together (in the workers)."""
        # (those made of others first: cancelling a future cancels those made of it)
        self.client.cancel(list(self._whole.values()))
        self.client.cancel([self.shared, *self.futures])
        self._whole.clear()


def on_cluster(tables: Tables) -> _OnCluster | None:
    """Where the wide tables of ``tables`` are kept in a cluster's workers, if they are."""
    if isinstance(tables, SpilledTables) and isinstance(tables._spill, _OnCluster):
        return tables._spill
    return None


def brought_back(tables: Tables) -> Tables:
    """``tables`` read from this machine: where their wide tables are kept in the workers
    (:func:`normalise_on_cluster`), each partition's are written to a spill folder here
    (audit.engine.spill), so that the reports read them once the client is closed, as after
    a spilled local run.
    A worker that sees the folder (on this machine, or a shared file system) writes its
    partitions' files itself; the others' are brought here one partition at a time: no
    wide table is whole here. Other tables as they are."""
    source = on_cluster(tables)
    if source is None:
        return tables
    folder = spill_folder()
    token = uuid.uuid4().hex
    (folder / _SEEN).write_text(token, encoding="utf-8")
    numbers = range(len(source.futures))
    pieces = [source.on(number, workers, _spilled_there, number, folder=str(folder), token=token)
              for number, workers in zip(numbers, source.where(numbers), strict=True)]
    count = len(pieces)
    try:
        for number in range(count):
            [piece] = _gathered(source.client, [pieces[number]],
                                [f"the writing back of {source.watch.names[number]}"],
                                "partition written back", source.stall_timeout, source.watch,
                                labelled=True)
            if piece is not None:  # (the worker does not see the folder)
                spill_partition(folder, number, piece)
            pieces[number] = None  # (the worker forgets it)
    finally:
        source.client.cancel([piece for piece in pieces if piece is not None])
        source.release()
    back = SpilledTables.read_from(folder, count, tables.articles, tables.entities,
                                   source.partition_of)
    back._built.update(tables._built)
    return back


#: The file by which a worker knows it sees the client's spill folder (it holds the run's
#: token).
_SEEN = ".audit-client"


def _spilled_there(tables: dict[str, pd.DataFrame], number: int, folder: str, token: str
                   ) -> dict[str, pd.DataFrame] | None:
    """In a worker: partition ``number``'s wide tables written into the client's spill
    folder when this worker sees that folder (nothing comes back), else the tables to
    write there."""
    wide = _tables_of(tables, SPILLED)
    try:
        seen = (Path(folder) / _SEEN).read_text(encoding="utf-8") == token
    except OSError:
        seen = False
    if not seen:
        return wide
    spill_partition(Path(folder), number, wide)
    return None


def _finishing(client: Client, futures: list, names: list[str], counts: list[int],
               progress: Callable[[int, int], None] | None, stall_timeout: float,
               watch: _Watch) -> Iterator[tuple[int, list[str]]]:
    """Each partition (its place in ``futures``) as it finishes, with the workers that
    hold its tables (``watch`` follows them from then on); ``progress(done, total)`` counts
    their articles (``counts``). The first that failed is an error naming it (``names``:
    what each one holds)."""
    index = {future.key: i for i, future in enumerate(futures)}
    pending = set(futures)
    done, total = 0, sum(counts)
    while pending:
        finished, pending = _finished(client, futures, index, pending, names, stall_timeout,
                                      "partition", watch)
        numbers = [index[future.key] for future in finished]
        for number, workers, future in zip(numbers, _holders(
                client, finished, [watch.names[number] for number in numbers]), finished,
                strict=True):
            watch.hold(number, workers, future)
            done += counts[number]
            if progress:
                progress(done, total)
            yield number, workers


def _workers(client: Client) -> dict[str, int]:
    """The workers of the cluster now (address: threads), asked of the scheduler.
    (Not ``client.scheduler_info()["workers"]``: the client refreshes that every two
    seconds without the workers, and a call that asks for them may return the refreshed
    one, empty: every worker then looked gone, or the cluster had one.)"""
    return client.nthreads()


def _holders(client: Client, futures: Sequence, names: Sequence[str],
             before: Sequence[Sequence[str]] | None = None) -> list[list[str]]:
    """The workers that hold the result of each of ``futures`` (in the memory of one, or
    more where Dask copied it); one that no worker holds any more (its worker left, and
    the result with it) is a :class:`ClusterError` naming it (``names``) and the workers
    that held it (``before``, where known)."""
    held = client.who_has(list(futures))
    holders = []
    for number, (future, name) in enumerate(zip(futures, names, strict=True)):
        workers = list(held.get(future.key) or ())
        if not workers:
            worker = f"worker {', '.join(before[number])}" if before and before[number] \
                else "worker"
            raise ClusterError(f"{name}: its tables were lost with the {worker} that held them")
        holders.append(workers)
    return holders


def _finished(client: Client, futures: list, index: dict, pending: set, names: list[str],
              stall_timeout: float, what: str, watch: _Watch | None = None,
              labelled: bool = False) -> tuple[list, set]:
    """Waits until one of the ``pending`` tasks (or more) has finished: those, in order,
    and those still running. A task that failed is a :class:`ClusterError` naming it (its
    place in ``futures``, ``index`` by key, and what it holds, ``names``; ``labelled``:
    ``names`` are what to call each task), and so is none finishing in ``stall_timeout``
    seconds, and (looked at every ``WATCH_INTERVAL`` seconds meanwhile) a partition of
    ``watch`` whose workers all left the cluster."""
    from distributed import wait

    def label(future) -> str:
        number = index[future.key]
        return names[number] if labelled else \
            f"{what} {number + 1} of {len(futures)} ({names[number]})"

    deadline = time.monotonic() + stall_timeout
    while True:
        left = deadline - time.monotonic()
        try:
            with client.as_current():  # (``wait`` asks for the current client)
                finished, still = wait(pending, timeout=max(0.0, min(WATCH_INTERVAL, left)),
                                       return_when="FIRST_COMPLETED")
            break
        except TimeoutError:
            if watch is not None:
                watch.check(what, {future.key: label(future) for future in
                                   sorted(pending, key=lambda f: index[f.key])})
            if left > WATCH_INTERVAL:
                continue
            done = sum(1 for future in futures if future.done())
            raise ClusterError(
                f"no {what} finished in {stall_timeout:g} s on the cluster at "
                f"{client.scheduler.address} ({done} of {len(futures)} done): are its "
                "workers running?") from None
    finished = sorted(finished, key=lambda f: index[f.key])
    for future in finished:
        if future.status != "finished":
            exc = future.exception()
            raise ClusterError(f"{label(future)} failed on the cluster: "
                               f"{type(exc).__name__}: {exc}") from exc
    return finished, set(still)


def _gathered(client: Client, futures: list, names: list[str], what: str,
              stall_timeout: float, watch: _Watch, labelled: bool = False) -> list:
    """What each of ``futures`` gives, in order, once all have finished, waited for as
    :func:`_finished` does (``names``: what each one works on, or is: ``labelled``)."""
    index = {future.key: number for number, future in enumerate(futures)}
    waiting = set(futures)
    while waiting:
        _, waiting = _finished(client, futures, index, waiting, names, stall_timeout, what,
                               watch, labelled)
    return client.gather(futures)


class _Watch:
    """The partitions whose tables are in the workers' memory, and the workers that held
    each when last asked (:meth:`hold`); ``names``: what each one is ("partition 2 of 8
    (articles … to …)"). Every task that reads a partition is pinned to those workers, so
    one whose workers all left would wait for ever (Dask does not fail it: it waits for a
    worker of that address): :meth:`check` makes that a :class:`ClusterError` naming the
    partition and the workers."""

    def __init__(self, client: Client, names: list[str]):
        self.client = client
        self.names = names
        self.held: dict[int, tuple[list[str], Any]] = {}

    def hold(self, number: int, workers: list[str], future: Any) -> None:
        """Partition ``number`` is ``future``'s result, held by ``workers``."""
        self.held[number] = (list(workers), future)

    def check(self, what: str, waited: dict[str, str] | None = None) -> None:
        """A :class:`ClusterError` if a partition held is held by no worker of the cluster
        any more (its workers are asked again first: Dask may have moved it), naming what
        of ``waited`` (a task's key: what it is) the worker was running when it left (the
        likely cause: a check that ended its process)."""
        if not self.held:
            return
        present = set(_workers(self.client))
        gone = [number for number, (workers, _) in sorted(self.held.items())
                if not present.intersection(workers)]
        if not gone:
            return
        now = self.client.who_has([self.held[number][1] for number in gone])
        for number in gone:
            workers, future = self.held[number]
            moved = [w for w in now.get(future.key) or () if w in present]
            if moved:
                self.held[number] = (moved, future)
                continue
            running = self._running(workers, waited or {})
            if running:  # (the likely cause: one of them ended its process)
                more = f" and {len(running) - 2} more" if len(running) > 2 else ""
                raise ClusterError(
                    f"the worker {', '.join(workers)} left the cluster with "
                    f"{'; '.join(running[:2])}{more} of this audit's tasks running or "
                    f"waiting on it, and the tables of {self.names[number]} that it held "
                    "were lost with it")
            raise ClusterError(
                f"{self.names[number]}: its tables were lost with the worker "
                f"{', '.join(workers)} that held them (it left the cluster while a {what} "
                "was waited for)")

    def _running(self, workers: list[str], waited: dict[str, str]) -> list[str]:
        """What of ``waited`` (in its order) the ``workers`` had been given, running or
        waiting their turn, when they left (the scheduler's record of their removal)."""
        given: set[str] = set()
        for worker in workers:
            for _, event in self.client.get_events(worker):
                if isinstance(event, dict) and event.get("action") == "remove-worker":
                    given.update(event.get("processing-tasks", ()))
        return [name for key, name in waited.items() if key in given]


class GroupsOnCluster:
    """Runs the key groups of a blocked corpus-scope check in the cluster's workers (the
    ``groups_on`` of a :class:`ClusterRunner`): a shuffle of the rows of the asked tables by
    key. The client plans the batches (about four a worker, at most ``BATCH_ROWS`` rows
    each: :meth:`audit.engine.runner.KeyGroups.batches`, as a local run cuts them) from the
    rows each article has (``source``, :class:`_OnCluster`: the partitions kept in the
    workers); each batch's rows are taken from the partitions that hold them, in their
    workers, and put together in the worker that runs it with
    :func:`audit.engine.runner.run_batch`, finding the check again under the checks folders
    ``roots``. Batches are sent as they are cut (at most two a worker wait at a time). Only
    the findings come back, in group order, up to the first group that failed, as a local
    run gives them: once a batch with a failed group is back, the batches after it are
    cancelled and no more are sent. A batch that fails on a worker (the worker lost) is a
    :class:`ClusterError`, and so is a cluster on which no batch finishes for
    ``stall_timeout`` seconds. ``built``: the linked tables (``events``, ``quantities``)."""

    def __init__(self, client: Client, roots: Iterable[str | Path],
                 options: dict[str, dict] | None, stall_timeout: float, source: _OnCluster,
                 built: dict[str, pd.DataFrame]):
        self.client = client
        self.roots = tuple(map(str, roots))
        self.options = dict(options or {})
        self.stall_timeout = stall_timeout
        self.source = source
        self.built = built
        self._by_article: dict[str, Any] = {}

    def planned(self, spec: CheckSpec, groups: KeyGroups, asked: set[str] | None,
                declared: dict[str, tuple[list[str], str | None]] | None = None
                ) -> list[Produced]:
        """The groups of ``groups`` (their keys and articles), each batch's rows taken from
        the partitions kept in the workers: the ``groups_on`` of a :class:`ClusterRunner`.
        ``asked``: the tables the check reads (``None``: all); ``declared``: those of which
        it reads only some columns, and only the rows where a column is set
        (``{name: (columns, rows_with)}``, as a local run cuts them)."""
        if not len(groups):
            return []
        source = self.source
        cut = [name for name in ("sentences", "timexes", "entities", "assertions")
               if asked is None or name in asked]
        lazy = {name: table for name, table in self.built.items()
                if (asked is None or name in asked)
                and ("article_id" in table.columns or name == "events")}
        counts = [source.rows[name] for name in cut]
        plan = KeyGroups(groups.groups, _Plan(counts))
        rows = self._batch_rows(sum(plan.rows))

        def sent(groups_of_batch: list) -> tuple[Callable[[str], tuple], str]:
            ids = list(dict.fromkeys(a for _, members in groups_of_batch for a in members))
            by_partition: dict[int, list[str]] = {}
            for article_id in ids:
                by_partition.setdefault(source.partition_of[article_id], []).append(article_id)
            built = {name: self._rows_of_built(name, table, ids) for name, table in lazy.items()}

            def submit(key: str) -> tuple[Any, list]:
                numbers = sorted(by_partition)
                pieces = [source.on(number, workers, _rows_of, by_partition[number],
                                    ("articles", *cut), declared or {},
                                    key=f"{key}-rows-{number}")
                          for number, workers in zip(numbers, source.where(numbers),
                                                     strict=True)]
                return self.client.submit(_run_planned, groups_of_batch, pieces, built, asked,
                                          roots=self.roots, code=spec.code,
                                          options=self.options, pure=False, key=key), pieces
            return submit, f"articles {groups_of_batch[0][1][0]} to {groups_of_batch[-1][1][-1]}"

        return self._run(spec, map(sent, plan.batches(rows)))

    def _rows_of_built(self, name: str, table: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
        """The rows of the linked table ``name`` a batch of the articles ``ids`` may need:
        their quantities, the events all of whose articles they are."""
        if name not in self._by_article:
            if name == "events":
                members = [set(articles) for articles in table.articles.tolist()]
                of: dict[str, list[int]] = {}
                for position, articles in enumerate(members):
                    for article_id in articles:
                        of.setdefault(article_id, []).append(position)
                self._by_article[name] = (members, of)
            else:
                self._by_article[name] = table.groupby("article_id", sort=False).indices
        wanted = set(ids)
        if name == "events":
            members, of = self._by_article[name]
            positions = sorted({p for a in ids for p in of.get(a, ()) if members[p] <= wanted})
        else:
            found = [self._by_article[name][a] for a in ids if a in self._by_article[name]]
            positions = sorted(int(p) for rows in found for p in rows)
        return table.take(positions).reset_index(drop=True)

    def _batch_rows(self, total: int) -> int:
        workers = max(1, len(_workers(self.client)))
        return max(1, min(BATCH_ROWS, -(-total // (workers * 4))))

    def _run(self, spec: CheckSpec, batches: Iterable[tuple[Callable[[str], tuple], str]]
             ) -> list[Produced]:
        """Sends the batches (each a function submitting it under a key, giving its future
        and those of what it needs, and its name) and gives what their groups produced, in
        order, up to the first group that failed."""
        workers = max(1, len(_workers(self.client)))
        run = uuid.uuid4().hex[:8]
        what = f"{spec.code} key-group batch"
        futures: list = []
        index: dict = {}
        names: list[str] = []
        waiting: set = set()
        results: dict[int, list[Produced]] = {}
        needs: dict[int, list] = {}  # (what each batch still waiting takes its rows from)
        failed = None  # (the first batch, in order, with a group that failed)

        def took(finished: list) -> None:
            """Keep what the batches gave; after one whose group failed, cancel the later
            ones (their findings would be dropped) and send no more."""
            nonlocal failed, waiting
            for future in finished:
                number = index[future.key]
                results[number] = future.result()
                self.client.cancel(needs.pop(number, []))
                if any(error for _, error in results[number]) and \
                        (failed is None or number < failed):
                    failed = number
                    later = [f for f in futures[number + 1:] if not f.done()]
                    if later:
                        self.client.cancel(later)
                    waiting -= set(later)
        try:
            for submit, name in batches:
                while len(waiting) >= 2 * workers:  # (what is sent waits in memory here)
                    finished, waiting = _finished(self.client, futures, index, waiting, names,
                                                  self.stall_timeout, what,
                                                  self.source.watch)
                    took(finished)
                if failed is not None:
                    break
                future, needs[len(futures)] = submit(
                    f"audit-{run}-{spec.code}-batch-{len(futures)}")
                futures.append(future)
                index[future.key] = len(futures) - 1
                names.append(name)
                waiting.add(futures[-1])
            while waiting:
                finished, waiting = _finished(self.client, futures, index, waiting, names,
                                              self.stall_timeout, what, self.source.watch)
                took(finished)
        finally:
            self.client.cancel([f for f in futures if not f.cancelled()])
            self.client.cancel([f for held in needs.values() for f in held])
        produced: list[Produced] = []
        for number in range(len(futures) if failed is None else failed + 1):
            for found, error in results[number]:
                produced.append((found, error))
                if error:
                    return produced
        return produced

    def on_worker(self, function: Callable, spec: CheckSpec, wide: Sequence[str],
                  declared: dict[str, tuple[list[str], str | None]] | None = None) -> Any:
        """What ``function(code, roots, options, built, wholes)`` gives in a worker that
        holds the whole ``articles``, ``entities`` and the tables ``wide`` of the kept
        partitions (put together there once a run; of those ``declared``, only the columns
        and rows the check reads: ``{name: (columns, rows_with)}``) and the linked
        tables."""
        source = self.source
        declared = declared or {}
        wholes = {name: source.whole(name, *declared.get(name, (None, None)))
                  for name in ("articles", "entities", *wide)}
        future = self.client.submit(function, spec.code, self.roots, self.options,
                                    source.shared, wholes, pure=False,
                                    key=f"audit-{uuid.uuid4().hex[:8]}-{spec.code}-whole")
        try:
            _finished(self.client, [future], {future.key: 0}, {future}, [
                f"the whole {', '.join(wide)}"], self.stall_timeout, f"{spec.code} check",
                source.watch)
            return future.result()
        finally:
            self.client.cancel(future)


class _Plan:
    """The rows of the key groups of a check run on kept partitions, for
    :class:`audit.engine.runner.KeyGroups` to cut its batches by: each article's rows of
    the tables the check reads (``counts``, one mapping a table) and its own; a batch is
    its groups."""

    def __init__(self, counts: list[dict[str, int]]):
        self.counts = counts

    def rows_in(self, article_ids: Sequence[str]) -> int:
        return len(article_ids) + sum(rows.get(a, 0) for rows in self.counts
                                      for a in article_ids)

    def batch(self, groups: list) -> list:
        return groups


class ClusterRunner(Runner):
    """The :class:`audit.engine.runner.Runner` of an audit on a cluster, on the tables
    :func:`normalise_on_cluster` gives (the wide ones kept in the workers): every
    corpus-scope check that reads a wide table runs where they are. An unblocked one runs in
    a worker that puts the tables it reads together once (:meth:`GroupsOnCluster.on_worker`).
    A blocked one's key function runs here, on the columns of the wide tables it declares
    (``@reads``, ``@rows_with``: those of each partition cut in the worker that holds it,
    only they come here; :meth:`_OnCluster.narrow`), or, when it reads one without declaring
    its columns, in a worker that puts that table together whole; then each batch of
    groups is run in a worker from the rows of the partitions that hold them
    (:meth:`GroupsOnCluster.planned`). Only narrow columns, keys and findings come here;
    the findings are resolved here as a local run does."""

    def __init__(self, tables: Tables, suite, options: dict[str, dict] | None,
                 client: Client, roots: Iterable[str | Path],
                 stall_timeout: float = STALL_TIMEOUT):
        source = on_cluster(tables)
        if source is None:
            raise TypeError("ClusterRunner runs on the tables normalise_on_cluster gives")
        super().__init__(tables, suite, options, GroupsOnCluster(
            client, roots, options, stall_timeout, source, tables._built))
        self.source = source

    def produce(self, spec: CheckSpec) -> Produced:
        wide = self._wide(self._tables_asked(spec))
        if not wide:
            return super().produce(spec)
        return self.groups_on.on_worker(_produce_whole, spec, wide, self._declared(wide))

    def _declared(self, names: Iterable[str]) -> dict[str, tuple[list[str], str | None]]:
        """Of the tables ``names``, those the running check reads only some columns of:
        the columns, and the column that must be set in the rows it reads."""
        return {name: (self._columns[name], self._rows.get(name)) for name in names
                if name in self._columns}

    def _produce_by_key(self, spec: CheckSpec) -> Produced:
        wide = self._wide(_reads(spec.keys, self.suite))
        narrow = {}
        if any(name not in self._columns for name in wide):  # (asked for whole)
            keys, error = self.groups_on.on_worker(_key_frame, spec, wide,
                                                   self._declared(wide))
            if error is not None:
                return [], error
            spec = replace(spec, keys=_Given(keys))
        else:  # (the key function reads these columns only, as in a local run)
            narrow = {name: self.source.narrow(name, self._columns[name], self._rows.get(name))
                      for name in wide}
        here = Runner(Tables(articles=self.tables.articles, entities=self.tables.entities,
                             **{name: narrow.get(name, frame(name, [])) for name in SPILLED},
                             _built=self.tables._built),
                      self.suite, self.options, functools.partial(
                          self.groups_on.planned, asked=self._tables_asked(spec),
                          declared=self._declared(TABLE_NAMES)))
        # (the fixtures computed so far are shared, and each table is given to the key
        # function narrowed as here: the same arguments as in a local run)
        here._cache, here._columns, here._rows = self._cache, self._columns, self._rows
        return here._produce_by_key(spec)

    @staticmethod
    def _wide(asked: set[str] | None) -> list[str]:
        """The wide tables among ``asked`` (``None``: all tables)."""
        return [name for name in SPILLED if asked is None or name in asked]


def _reads(function: Callable, suite) -> set[str] | None:
    """The tables ``function`` (a key function) and the fixtures it uses ask for by name;
    ``None`` for the whole ``corpus``."""
    asked: set[str] = set()
    for _, name in parameters_reached([function], suite):
        if name == "corpus":
            return None
        if name in TABLE_NAMES:
            asked.add(name)
    return asked


class _Given:
    """A key function that gives the keys computed elsewhere (takes no tables)."""

    def __init__(self, keys: pd.DataFrame):
        self.keys = keys

    def __call__(self) -> pd.DataFrame:
        return self.keys


class _Recording:
    """A key function that keeps what ``keys`` gave (with its parameters)."""

    def __init__(self, keys: Callable):
        self.keys = keys
        self.gave = None
        self.__signature__ = inspect.signature(keys)

    def __call__(self, **arguments) -> Any:
        self.gave = self.keys(**arguments)
        return self.gave


def _no_groups(spec: CheckSpec, groups: KeyGroups) -> list[Produced]:
    return []


def _found(code: str, roots: tuple[str, ...]) -> tuple[Any, CheckSpec]:
    suite = discovered(roots, (code,))
    return suite, next(spec for spec in suite.checks if spec.code == code)


def _whole_tables(wholes: dict[str, pd.DataFrame], built: dict[str, pd.DataFrame]) -> Tables:
    return Tables(**{name: wholes[name] if name in wholes else frame(name, [])
                     for name in BUILT}, _built=dict(built))


def _produce_whole(code: str, roots: tuple[str, ...], options: dict[str, dict],
                   built: dict[str, pd.DataFrame], wholes: dict[str, pd.DataFrame]
                   ) -> Produced:
    """In a worker: what the check ``code`` produces on the whole tables ``wholes``."""
    suite, spec = _found(code, roots)
    with collector.rarely():
        return Runner(_whole_tables(wholes, built), suite, options).produce(spec)


def _key_frame(code: str, roots: tuple[str, ...], options: dict[str, dict],
               built: dict[str, pd.DataFrame], wholes: dict[str, pd.DataFrame]
               ) -> tuple[pd.DataFrame | None, dict | None]:
    """In a worker: the blocking keys of the check ``code`` on the whole tables
    ``wholes`` (a frame of article ids and keys), or the error they are (as a local run
    gives it)."""
    suite, spec = _found(code, roots)
    recording = _Recording(spec.keys)
    with collector.rarely():
        _, error = Runner(_whole_tables(wholes, built), suite, options, _no_groups
                          )._produce_by_key(replace(spec, keys=recording))
    return (None if error else recording.gave), error


def _run_planned(groups: list, pieces: list[dict[str, pd.DataFrame]],
                 built: dict[str, pd.DataFrame], asked: set[str] | None,
                 roots: tuple[str, ...], code: str, options: dict[str, dict]
                 ) -> list[Produced]:
    """In a worker: the batch of key groups ``groups`` cut from the rows of their
    articles (``pieces``: from each partition that holds some, in order) and run."""
    tables = Tables(**{name: _put_together(name, [piece[name] for piece in pieces],
                                           pieces[0][name].columns)
                       if name in pieces[0] else frame(name, []) for name in BUILT},
                    _built=built)
    return _run_batch(RowsByArticle(tables, asked, {}).batch(groups), roots, code, options)


def _run_batch(batch: GroupBatch, roots: tuple[str, ...], code: str,
               options: dict[str, dict]) -> list[Produced]:
    """In a worker: :func:`audit.engine.runner.run_batch` of the check ``code``."""
    suite, spec = _found(code, roots)
    with collector.rarely():
        return list(run_batch(batch, spec, suite, options))


#: Dask settings of a cluster that audits: the workers' statistical profiler samples every
#: thread's stack 100 times a second (1.2-1.6 CPU-s of two workers on 10kGNAD). Each server
#: (scheduler, nanny, worker) also wakes every 20 ms to time its event loop (``tick``: only
#: a warning when the loop was blocked for seconds) and every 100 ms to look at its memory
#: (the workers spill, pause or are ended above their limit): once a second is enough for
#: both. Idle, a LocalCluster of two workers then costs 0.015 CPU-s a second instead of
#: 0.06, which a run pays for as long as it lasts (at 10kGNAD x4 on a loaded machine,
#: 100-250 s).
AUDIT_SETTINGS = {"distributed.worker.profile.enabled": False,
                  "distributed.admin.tick.interval": "1s",
                  "distributed.worker.memory.monitor-interval": "1s"}
#: An article of each language that :func:`local_cluster` normalises before it starts the
#: workers (our own sentences: a minister, a date, a sum, a quote).
WARM_ARTICLES = {
    "de": "Haushalt\n\nDie Finanzministerin sagte am Montag in Graz, das Land werde 3 Millionen "
          "Euro für neue Schulen ausgeben. „Wir beginnen im Mai“, sagte sie.",
    "en": "Budget\n\nThe finance minister said on Monday in Leeds that the county would spend "
          "3 million pounds on new schools. \"We start in May,\" she said.",
}


def local_cluster(workers: int = 2, languages: Sequence[str] = ("de", "en"),
                  **options: Any) -> LocalCluster:
    """A ``distributed.LocalCluster`` on this machine set up to audit (the tests and
    benchmarks start theirs so): ``workers`` worker processes of one thread each, on the
    loopback interface, without a dashboard, with :data:`AUDIT_SETTINGS`, started warm: an
    article of each of ``languages`` is normalised here first, and the workers are forked
    from this process (Dask's ``multiprocessing-method: fork``), so that they start with
    the grammars and word lists built, as the local process pool's do, instead of each
    importing and building them again. ``options`` go to ``LocalCluster``
    (``memory_limit``, ...). Close it when done (a context manager)."""
    try:
        import dask
        from distributed import LocalCluster
    except ImportError:
        raise ClusterError("running on a Dask cluster needs the dask extra: "
                           "pip install 'audit[dask]'") from None
    from audit.ingest import from_records

    warm = [{"id": f"warm-{language}", "text": WARM_ARTICLES[language], "language": language}
            for language in languages]
    if warm:
        with collector.rarely():
            normalise_partitions(from_records(warm, path="warm"), jobs=1, link=True)
    # The scheduler serves HTTP (health, metrics) whatever the dashboard: without an
    # address, on Dask's dashboard port 8787, or the next free one with a warning when it is
    # taken (by another cluster); here on a free port of the loopback interface, without the
    # dashboard. (The workers' own HTTP servers take a free port already.)
    scheduler = {"dashboard": False, "dashboard_address": "127.0.0.1:0",
                 **options.pop("scheduler_kwargs", {})}
    # (the nannies hand the settings to the worker processes they start, and start again)
    with dask.config.set({**AUDIT_SETTINGS, "distributed.worker.multiprocessing-method": "fork"}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address=None,
                            scheduler_kwargs=scheduler, **options)


@contextmanager
def connected(scheduler: str | Client):
    """A client of the cluster at ``scheduler`` (closed afterwards), or the one given."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("running on a Dask cluster needs the dask extra: "
                           "pip install 'audit[dask]'") from None
    if isinstance(scheduler, Client):
        yield scheduler
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
