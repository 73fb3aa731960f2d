"""The same audit on a dask.distributed cluster (PRODUCT.md §10: beyond one machine).

The corpus is read in this process (the client) and cut into partitions of articles. Each
partition goes to a Dask worker, which normalises it exactly as one local process does
(:func:`audit.normalise.build.normalise_partitions` with one job) and runs the article-scope
checks on the tables it built (:class:`audit.engine.partition.PartitionChecks`, the
``after`` of the local process pool). The partitions' tables and findings are gathered to
the client in partition order, with each partition's part of the linked tables (its
quantities, its claims' event mentions, its articles' leads: ``link``, as a local run
builds them per partition); the corpus-wide steps of normalisation (entity keys, linking
the events) and the corpus-scope checks then run here as they do locally, so findings.json
is the same, byte for byte, as a local run's. A corpus-scope check with blocking keys runs
per key group in the workers instead (:class:`GroupsOnCluster`): the client cuts the
tables it asks for into batches of key groups (one ``take`` a table a batch, as a local run
does), each batch goes to a worker, which runs its groups with the same code as a local
run, and only their findings come back, in group order.

Dask is an optional extra (``pip install 'audit[dask]'``): this module imports it only when
a scheduler is given. Workers need the ``audit`` package and the checks folder at the same
path as the client (the article-scope checks are discovered there by each worker), and one
thread each (``dask worker --nthreads 1``): normalisation is pure Python, and it switches
the garbage collector per process (audit.collector). A partition that fails on a worker,
or a worker lost while running it, is a :class:`ClusterError` naming the partition and the
reason; a cluster on which no partition finishes for ``stall_timeout`` seconds (all workers
gone) is one too, not a hang.

A corpus of Parquet files (a folder of partitions) is read by the workers instead, one file
a partition (:func:`normalise_parquet_on_cluster`); the client reads only the row counts.

Not yet here (issue #15): bounded memory on the client (all tables are gathered there, the
blocking keys are read from them there, and the key groups are cut from them there).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit import collector
from audit.engine.partition import discovered
from audit.engine.registry import CheckSpec
from audit.engine.runner import BATCH_ROWS, GroupBatch, KeyGroups, Produced, run_batch
from audit.limits import Limits
from audit.normalise.build import (
    _link,
    _linked_parts,
    _Partition,
    normalise_partitions,
    share_words,
)
from audit.normalise.entities import entity_keys
from audit.tables import Tables, concat

if TYPE_CHECKING:
    from distributed import Client


#: The tables a partition sends back (the LAZY ones are built from them on the client).
BUILT = ("articles", "sentences", "timexes", "entities", "assertions")
#: Articles per partition at most; fewer when that leaves a worker with fewer than four.
PARTITION_SIZE = 256
#: Seconds to wait for the scheduler to answer when connecting.
CONNECT_TIMEOUT = 30.0
#: Seconds without any partition finishing after which the cluster is given up on.
STALL_TIMEOUT = 600.0


class ClusterError(RuntimeError):
    """The audit could not be run on the cluster: the scheduler is unreachable, a partition
    failed on a worker (or its worker died), or no partition finished in time."""


def normalise_on_cluster(articles: pd.DataFrame, scheduler: str | Client,
                         progress: Callable[[int, int], None] | None = None,
                         after: Callable[[Tables], Any] | None = None,
                         while_waiting: Callable[[], Any] | None = None,
                         stall_timeout: float = STALL_TIMEOUT, link: bool = True
                         ) -> tuple[Tables, list | None]:
    """:func:`audit.normalise.build.normalise_partitions` with the partitions normalised
    (and ``after`` called on each one's tables) in the workers of a Dask cluster: the whole
    tables, and the list of what ``after`` gave on each partition in partition order
    (``None`` without ``after``). ``progress(done, total)`` counts audited articles as
    partitions finish; ``while_waiting`` is called once the partitions are submitted.
    ``link``: each worker also builds its partition's part of ``quantities`` and ``events``
    (their mentions and leads), which are put together here, as
    ``normalise_partitions(link=True)`` does locally."""
    audited = articles.status == "audited"
    total = int(audited.sum())
    with connected(scheduler) as client:
        workers = max(1, len(client.scheduler_info()["workers"]))
        size = max(1, min(PARTITION_SIZE, -(-len(articles) // (workers * 4))))
        parts = [articles.iloc[i:i + size] for i in range(0, len(articles), size)]
        run = uuid.uuid4().hex[:8]
        futures = client.map(_partition, parts, after=after, link=link, pure=False,
                             key=[f"audit-{run}-partition-{i}" for i in range(len(parts))])
        try:
            if while_waiting:
                while_waiting()
            counts = [int(audited.iloc[i:i + size].sum()) for i in range(0, len(articles), size)]
            results = _gather(client, futures, [_articles_of(part) for part in parts], counts,
                              total, progress, stall_timeout)
        finally:
            client.cancel(futures)
    merged = (pd.concat([result[0]["articles"] for result in results]) if results
              else articles.copy())
    return _assembled(results, merged, after, link)


def normalise_parquet_on_cluster(files: Sequence[Path], scheduler: str | Client,
                                 limits: Limits | None = None, date_order: str | None = None,
                                 progress: Callable[[int, int], None] | None = None,
                                 after: Callable[[Tables], Any] | None = None,
                                 while_waiting: Callable[[], Any] | None = None,
                                 stall_timeout: float = STALL_TIMEOUT, link: bool = True
                                 ) -> tuple[Tables, list | None]:
    """:func:`normalise_on_cluster` for a corpus of Parquet files (:func:`parquet_partitions`)
    that the workers read themselves, one file a partition: this process reads only each
    file's row count (for ``progress``). The tables are those of a local run that ingests
    the same paths, provided that no article id stands in two files (a local run would
    number the second; here that is a :class:`ClusterError`)."""
    from pyarrow.parquet import ParquetFile

    with connected(scheduler) as client:
        run = uuid.uuid4().hex[:8]
        futures = client.map(_parquet_partition, [str(path) for path in files],
                             limits=limits, date_order=date_order, after=after, link=link,
                             pure=False,
                             key=[f"audit-{run}-file-{i}" for i in range(len(files))])
        try:
            if while_waiting:
                while_waiting()
            counts = []
            for path in files:
                try:
                    counts.append(ParquetFile(path).metadata.num_rows)
                except (OSError, ValueError):  # (the worker reports it as a failed input)
                    counts.append(0)
            results = _gather(client, futures, [f"file {path}" for path in files], counts,
                              sum(counts), progress, stall_timeout)
        finally:
            client.cancel(futures)
    merged = pd.concat([result[0]["articles"] for result in results], ignore_index=True)
    twice = merged.article_id[merged.article_id.duplicated()]
    if len(twice):
        raise ClusterError(f"article id {twice.iloc[0]!r} stands in more than one of the Parquet "
                           "files read by the workers: give each article an id of its own")
    return _assembled(results, merged, after, link)


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


def _assembled(results: list, articles: pd.DataFrame, after: Callable[[Tables], Any] | None,
               link: bool) -> tuple[Tables, list | None]:
    """The whole tables from the partitions' (in partition order), and what ``after``
    gave on each; ``link``: ``quantities`` and ``events`` too, from the partitions' parts
    of them."""
    words: dict[str, str] = {}
    for result in results:
        share_words(result[0]["assertions"], words)
    built = {name: concat(name, [result[0][name] for result in results])
             for name in BUILT[1:]}
    # the one step of normalisation that needs the whole corpus, as build.py does it locally
    built["entities"]["entity_key"] = pd.array(entity_keys(built["entities"]), dtype="str")
    linked: dict[str, pd.DataFrame] = {}
    if link and results:
        linked, event_of = _link([_Partition([], {}, linked=r[2]) for r in results],
                                 built["entities"])
        if len(built["assertions"]):
            built["assertions"]["event_id"] = pd.array(
                [event_of.get(a) for a in built["assertions"].assertion_id.tolist()],
                dtype="str")
    return (Tables(articles=articles, **built, _built=linked),
            [r[1] for r in results] if after else None)


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
    ``after`` gives on them and (``link``) their part of the linked tables."""
    tables, _ = normalise_partitions(articles, jobs=1)
    extra, linked = None, {}
    with collector.rarely():
        if after is not None:
            extra = after(tables)
        if link:
            linked = _linked_parts(tables)
    return {name: getattr(tables, name) for name in BUILT}, extra, linked


def _gather(client: Client, futures: list, names: list[str], counts: list[int],
            total: int, progress: Callable[[int, int], None] | None,
            stall_timeout: float, what: str = "partition") -> list:
    """The results of the tasks (``what``: partitions) in order, as they finish; the first
    failure is an error naming the task (``names``: what each one holds)."""
    index = {future.key: i for i, future in enumerate(futures)}
    pending = set(futures)
    done = 0
    while pending:
        finished, pending = _finished(client, futures, index, pending, names, stall_timeout,
                                      what)
        for future in finished:
            done += counts[index[future.key]]
            if progress:
                progress(done, total)
    return client.gather(futures)


def _finished(client: Client, futures: list, index: dict, pending: set, names: list[str],
              stall_timeout: float, what: str) -> tuple[list, set]:
    """Waits until one of the ``pending`` tasks (or more) has finished: those, in order,
    and those still running. A task that failed is a :class:`ClusterError` naming it (its
    place in ``futures``, ``index`` by key, and what it holds, ``names``), and so is none
    finishing in ``stall_timeout`` seconds."""
    from distributed import wait

    try:
        with client.as_current():  # (``wait`` asks for the current client)
            finished, still = wait(pending, timeout=stall_timeout, return_when="FIRST_COMPLETED")
    except TimeoutError:
        done = sum(1 for future in futures if future.done())
        raise ClusterError(
            f"no {what} finished in {stall_timeout:g} s on the cluster at "
            f"{client.scheduler.address} ({done} of {len(futures)} done): are its workers "
            "running?") from None
    finished = sorted(finished, key=lambda f: index[f.key])
    for future in finished:
        if future.status != "finished":
            exc = future.exception()
            raise ClusterError(
                f"{what} {index[future.key] + 1} of {len(futures)} "
                f"({names[index[future.key]]}) failed on the cluster: "
                f"{type(exc).__name__}: {exc}") from exc
    return finished, set(still)


class GroupsOnCluster:
    """Runs the key groups of a blocked corpus-scope check in the cluster's workers (the
    ``groups_on`` of :class:`audit.engine.runner.Runner`): a shuffle of the rows of the
    asked tables by key. The groups are cut into batches here (about four a worker, at
    most ``BATCH_ROWS`` rows each: :meth:`audit.engine.runner.KeyGroups.batches`, as a local
    run cuts them), each batch is sent to a worker as it is cut (at most two a worker wait
    at a time), and the worker runs it with :func:`audit.engine.runner.run_batch`, finding
    the check again under the checks folders ``roots``. Only the findings come back, in
    group order, up to the first group that failed, as a local run gives them: once a batch
    with a failed group is back, the batches after it are cancelled and no more are sent.
    A batch that
    fails on a worker (the worker lost) is a :class:`ClusterError`, and so is a cluster on
    which no batch finishes for ``stall_timeout`` seconds."""

    def __init__(self, client: Client, roots: Iterable[str | Path],
                 options: dict[str, dict] | None = None,
                 stall_timeout: float = STALL_TIMEOUT):
        self.client = client
        self.roots = tuple(map(str, roots))
        self.options = dict(options or {})
        self.stall_timeout = stall_timeout

    def __call__(self, spec: CheckSpec, groups: KeyGroups) -> list[Produced]:
        if not len(groups):
            return []
        workers = max(1, len(self.client.scheduler_info()["workers"]))
        rows = max(1, min(BATCH_ROWS, -(-sum(groups.rows) // (workers * 4))))
        run = uuid.uuid4().hex[:8]
        what = f"{spec.code} key-group batch"
        futures: list = []
        index: dict = {}
        names: list[str] = []
        waiting: set = set()
        results: dict[int, list[Produced]] = {}
        failed = None  # (the first batch, in order, with a group that failed)

        def took(finished: list) -> None:
            """Keep what the batches gave; after one whose group failed, cancel the later
            ones (their findings would be dropped) and send no more."""
            nonlocal failed, waiting
            for future in finished:
                number = index[future.key]
                results[number] = future.result()
                if any(error for _, error in results[number]) and \
                        (failed is None or number < failed):
                    failed = number
                    later = [f for f in futures[number + 1:] if not f.done()]
                    if later:
                        self.client.cancel(later)
                    waiting -= set(later)
        try:
            for batch in groups.batches(rows):
                while len(waiting) >= 2 * workers:  # (what is sent waits in memory here)
                    finished, waiting = _finished(self.client, futures, index, waiting, names,
                                                  self.stall_timeout, what)
                    took(finished)
                if failed is not None:
                    break
                futures.append(self.client.submit(
                    _run_batch, batch, roots=self.roots, code=spec.code,
                    options=self.options, pure=False,
                    key=f"audit-{run}-{spec.code}-batch-{len(futures)}"))
                index[futures[-1].key] = len(futures) - 1
                names.append("articles {} to {}".format(*batch.first_and_last()))
                waiting.add(futures[-1])
            while waiting:
                finished, waiting = _finished(self.client, futures, index, waiting, names,
                                              self.stall_timeout, what)
                took(finished)
        finally:
            self.client.cancel(futures)
        produced: list[Produced] = []
        for number in range(len(futures) if failed is None else failed + 1):
            for found, error in results[number]:
                produced.append((found, error))
                if error:
                    return produced
        return produced


def _run_batch(batch: GroupBatch, roots: tuple[str, ...], code: str,
               options: dict[str, dict]) -> list[Produced]:
    """In a worker: :func:`audit.engine.runner.run_batch` of the check ``code``."""
    suite = discovered(roots, (code,))
    spec = next(spec for spec in suite.checks if spec.code == code)
    with collector.rarely():
        return list(run_batch(batch, spec, suite, options))


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
