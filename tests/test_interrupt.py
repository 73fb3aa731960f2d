"""SIGTERM and SIGINT during an audit: the workers are stopped, and the caller gets an
exception carrying the signal's number (the command line's exit code is 128 + it)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

import pytest

from audit.config import load_config
from audit.ingest import from_records
from audit.pipeline import Interrupted, audit, stoppable
from tests.conftest import ROOT

TEXTS = [
    "Am Samstag (15.02.2025) telefonierten die Außenminister, wie mit den Gesprächen "
    "vertraute Quellen sagten. „Wir sind bereit“, sagte Lawrow vor zwei Wochen. ",
    "On Monday, 15 February 2025, the ministers spoke by phone, people familiar with the "
    "matter said. \"We are ready,\" Rubio said two weeks ago. ",
]


def signal_once_workers_run(signum: int) -> threading.Thread:
    """A thread that sends ``signum`` to this process as soon as it has worker processes."""
    def send() -> None:
        while not multiprocessing.active_children():
            threading.Event().wait(0.01)
        os.kill(os.getpid(), signum)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_workers_and_raises_with_its_number(signum):
    # enough text that the two workers are still normalising when the signal comes
    records = [{"id": f"a{i}", "text": TEXTS[i % 2] * 40} for i in range(600)]
    articles = from_records(records)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    thread = signal_once_workers_run(signum)
    with pytest.raises(Interrupted) as stopped:
        audit(articles, load_config(ROOT), jobs=2)
    thread.join()
    assert stopped.value.signum == signum
    assert str(stopped.value) == f"stopped by {signal.Signals(signum).name}"
    assert multiprocessing.active_children() == []
    # the handlers from before are back
    assert {s: signal.getsignal(s) for s in handlers} == handlers


def test_outside_the_main_thread_the_block_runs_without_handlers():
    seen = []

    def run() -> None:
        with stoppable():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]
