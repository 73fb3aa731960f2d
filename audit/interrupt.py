"""Stopping an audit on SIGTERM or SIGINT: the worker processes end, the caller gets
:class:`Interrupted` with the signal's number.

Only the standard library is imported here, so a signal handler installed before the heavy
modules load (the command line's) can import :class:`Interrupted` at any moment.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Interrupted(KeyboardInterrupt):
    """The audit was stopped by a signal (SIGTERM or SIGINT); ``signum`` is its number.

    By the time it is raised the worker processes are stopped. The command line exits with
    128 + ``signum`` (130 for SIGINT, 143 for SIGTERM), as a shell reports such an end.
    """

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


#: The signals that stop an audit cleanly.
STOPPING = (signal.SIGTERM, signal.SIGINT)


def stop_children(grace: float = 2.0) -> int:
    """End the child processes of this process, and say how many there were: SIGTERM, then
    SIGKILL after ``grace`` seconds (a worker inside a long regular-expression search takes
    its Python signal handler only when the search ends). Those multiprocessing knows are
    ended through it. On Linux, a child it does not know yet (a signal came between a fork
    and its bookkeeping) is found in /proc and killed, but not waited for: its ``Process``
    must be the one to collect its exit, or it would wait for it for ever."""
    known = multiprocessing.active_children()
    for worker in known:
        worker.terminate()
    strays = _children() - {worker.pid for worker in known}
    for pid in strays:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + grace
    for worker in known:
        worker.join(timeout=max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join(timeout=1)
    return len(known) + len(strays)


def _children() -> set[int]:
    """The process ids of this process's children, where /proc tells them (Linux)."""
    found = set()
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == me:
            found.add(int(stat.parent.name))
    return found


@contextmanager
def stoppable() -> Iterator[Callable[[], None]]:
    """While the block runs, SIGTERM and SIGINT stop the worker processes and end the block
    with :class:`Interrupted`; the block gets a function to call where it can stop (it
    raises once a signal came).

    Without it a SIGTERM ends this process at once and leaves its workers running their
    partitions to the end. With no worker running, the signal raises at once (as Ctrl-C
    does). With workers running it stops them and lets the process pool find them gone:
    an exception raised into the middle of the pool's bookkeeping can leave a lock of it
    held and the pool waiting forever; the pool's own error then stands for the signal.
    Worker processes (forked while the block runs) inherit the handler and end on such a
    signal as they would by default. Outside the main thread (where Python cannot take
    signals) the block runs as it is.
    """
    received: list[int] = []

    def check() -> None:
        if received:
            raise Interrupted(received[0])

    if threading.current_thread() is not threading.main_thread():
        yield check
        return
    owner = os.getpid()

    def stop(signum: int, frame) -> None:
        if os.getpid() != owner:  # a worker: end as the signal would have ended it
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if not received:
            received.append(signum)
            if stop_children():
                return
        raise Interrupted(signum)

    before = {signum: signal.signal(signum, stop) for signum in STOPPING}
    try:
        yield check
    except Interrupted:
        raise
    except BaseException as exc:
        if received:  # the pool's error on finding its workers gone, or any other
            raise Interrupted(received[0]) from exc
        raise
    else:
        check()
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        if received:  # a worker forked as the signal came, before it was known to stop
            stop_children()
