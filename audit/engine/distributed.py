"""The same audit on a dask.distributed cluster (PRODUCT.md §10: beyond one machine).

The corpus is read in this process (the client) and cut into partitions of articles. Each
partition goes to a Dask worker, which normalises it exactly as one local process does
(:func:`audit.normalise.build.normalise_partitions` with one job) and runs the article-scope
checks on the tables it built (:class:`audit.engine.partition.PartitionChecks`, the
``after`` of the local process pool). The partitions' tables and findings are gathered to
the client in partition order; the one corpus-wide step of normalisation (entity keys) and
the corpus-scope checks then run here as they do locally, so findings.json is the same,
byte for byte, as a local run's.

Dask is an optional extra (``pip install 'audit[dask]'``): this module imports it only when
a scheduler is given. Workers need the ``audit`` package and the checks folder at the same
path as the client (the article-scope checks are discovered there by each worker), and one
thread each (``dask worker --nthreads 1``): normalisation is pure Python, and it switches
the garbage collector per process (audit.collector). A partition that fails on a worker,
or a worker lost while running it, is a :class:`ClusterError` naming the partition and the
reason; a cluster on which no partition finishes for ``stall_timeout`` seconds (all workers
gone) is one too, not a hang.

Not yet here (issue #15): inputs read by the workers (Parquet partitions), bounded memory
on the client (all tables are gathered), and corpus-scope checks as shuffles by key.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit import collector
from audit.normalise.build import normalise_partitions
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
                         stall_timeout: float = STALL_TIMEOUT) -> tuple[Tables, list | None]:
    """:func:`audit.normalise.build.normalise_partitions` with the partitions normalised
    (and ``after`` called on each one's tables) in the workers of a Dask cluster: the whole
    tables, and the list of what ``after`` gave on each partition in partition order
    (``None`` without ``after``). ``progress(done, total)`` counts audited articles as
    partitions finish; ``while_waiting`` is called once the partitions are submitted."""
    audited = articles.status == "audited"
    total = int(audited.sum())
    with _connected(scheduler) as client:
        workers = max(1, len(client.scheduler_info()["workers"]))
        size = max(1, min(PARTITION_SIZE, -(-len(articles) // (workers * 4))))
        parts = [articles.iloc[i:i + size] for i in range(0, len(articles), size)]
        run = uuid.uuid4().hex[:8]
        futures = client.map(_partition, parts, after=after, pure=False,
                             key=[f"audit-{run}-partition-{i}" for i in range(len(parts))])
        try:
            if while_waiting:
                while_waiting()
            counts = [int(audited.iloc[i:i + size].sum()) for i in range(0, len(articles), size)]
            results = _gather(client, futures, parts, counts, total, progress, stall_timeout)
        finally:
            client.cancel(futures)
    built = {name: concat(name, [result[0][name] for result in results])
             for name in BUILT[1:]}
    # the one step of normalisation that needs the whole corpus, as build.py does it locally
    built["entities"]["entity_key"] = pd.array(entity_keys(built["entities"]), dtype="str")
    merged = (pd.concat([result[0]["articles"] for result in results]) if results
              else articles.copy())
    return Tables(articles=merged, **built), ([r[1] for r in results] if after else None)


def _partition(articles: pd.DataFrame, after: Callable[[Tables], Any] | None
               ) -> tuple[dict[str, pd.DataFrame], Any]:
    """In a worker: one partition's tables, as one local process builds them, and what
    ``after`` gives on them."""
    tables, _ = normalise_partitions(articles, jobs=1)
    if after is None:
        extra = None
    else:
        with collector.rarely():
            extra = after(tables)
    return {name: getattr(tables, name) for name in BUILT}, extra


def _gather(client: Client, futures: list, parts: list[pd.DataFrame], counts: list[int],
            total: int, progress: Callable[[int, int], None] | None,
            stall_timeout: float) -> list:
    """The partitions' results in order, as they finish; the first failure is an error."""
    from distributed import wait

    index = {future.key: i for i, future in enumerate(futures)}
    pending = set(futures)
    done = 0
    while pending:
        try:
            with client.as_current():  # (``wait`` asks for the current client)
                finished, pending = wait(pending, timeout=stall_timeout,
                                         return_when="FIRST_COMPLETED")
        except TimeoutError:
            raise ClusterError(
                f"no partition finished in {stall_timeout:g} s on the cluster at "
                f"{client.scheduler.address} ({len(futures) - len(pending)} of {len(futures)}"
                " done): are its workers running?") from None
        for future in sorted(finished, key=lambda f: index[f.key]):
            part = parts[index[future.key]]
            if future.status != "finished":
                exc = future.exception()
                ids = part.article_id
                raise ClusterError(
                    f"partition {index[future.key] + 1} of {len(futures)} (articles "
                    f"{ids.iloc[0]} to {ids.iloc[-1]}) failed on the cluster: "
                    f"{type(exc).__name__}: {exc}") from exc
            done += counts[index[future.key]]
            if progress:
                progress(done, total)
    return client.gather(futures)


@contextmanager
def _connected(scheduler: str | Client):
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
