"""Where the CPU time of a whole `audit run` goes: each stage, in each process.

Run with ``nox -s bench -- --stages [ARGS]`` (or ``python benchmarks/bench_stages.py``). The
audit runs as a user runs it (``audit run``, default settings, a fresh process: imports,
grammars and the worker processes included) on ../shared/corpora/10kgnad-test.csv written as
JSONL (or on the paths given), with DQ003 off as in benchmarks/bench_scale.py. No profiler:
the stages below are wrapped in the audited process by a ``time.process_time()`` before and
after (CPU time of the process, user and system), in the main process and, after the fork,
in each worker, which writes what it measured after each partition. A wrapper costs about a
microsecond a call; the stages called most (a normaliser, once per article) are called a few
thousand times.

Stages nest (the indentation shows how): a stage's time includes those below it. The main
process's start-up is what it spent before the script's first line (the interpreter) and
importing ``audit.__main__`` (the command, as the ``audit`` script does first), pandas and
the audit's modules; the run ends as the command does (its exit skips the interpreter's
teardown). ``_normalise_partition`` in the main process is the one article it normalises
and checks before it forks the workers, so that they start with the grammars and word
lists loaded (audit.normalise.build). Per worker, the first
partition against the mean of the others tells what a worker builds for itself, and the
stages that cost most more there say where.
"""

from __future__ import annotations

import time

_STARTED = time.process_time()  # (the interpreter's start-up, before this line)

import argparse  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: (module, function, depth): what is timed, in the order shown. A function is timed where
#: it is defined and wherever a module of the package imported it by name, except ``frame``
#: (see :data:`ONLY_IN`).
STAGES = [
    ("audit.cli", "_discovered", 1),
    ("audit.pipeline", "ingest", 1),
    ("audit.normalise.build", "normalise_partitions", 1),
    ("audit.normalise.build", "_normalise_partition", 2),
    ("audit.normalise.build", "_normalise_one", 3),
    ("audit.normalise.language", "detect_language", 4),
    ("audit.normalise.sentences", "quote_spans", 4),
    ("audit.normalise.sentences", "split_sentences", 4),
    ("audit.normalise.timexes", "tag_timexes", 4),
    ("audit.normalise.entities", "extract_entities", 4),
    ("audit.normalise.assertions", "extract_assertions", 4),
    ("audit.normalise.dating", "date_events", 4),
    ("audit.tables", "frame", 3),
    ("audit.engine.partition", "PartitionChecks.__call__", 3),
    ("audit.normalise.build", "linked_parts", 3),
    ("audit.normalise.quantities", "quantities_table", 4),
    ("audit.normalise.events", "mentions_of", 4),
    ("audit.normalise.events", "leads_of", 4),
    ("audit.engine.spill", "spill_partition", 3),
    ("audit.normalise.build", "share_words", 2),
    ("audit.normalise.entities", "entity_keys", 2),
    ("audit.normalise.build", "link_parts", 2),
    ("audit.pipeline", "_checked", 1),
    ("audit.pipeline", "_finish", 1),
    ("audit.report.output", "write_reports", 1),
]
#: Functions timed only where one module calls them: ``frame`` builds the tables of each
#: partition in audit.normalise.build, and of ``quantities`` and the events elsewhere.
ONLY_IN = {"frame": "audit.normalise.build"}


# -- in the audited process ------------------------------------------------------------------
class _Clock:
    """The CPU time of each stage in this process, written to ``folder`` as JSON."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.times: dict[str, float] = {}
        self.partitions: list[dict[str, float]] = []  # the times after each partition
        os.register_at_fork(after_in_child=self.forked)

    def forked(self) -> None:
        self.times, self.partitions = {}, []

    def add(self, name: str, seconds: float) -> None:
        self.times[name] = self.times.get(name, 0.0) + seconds

    def write(self) -> None:
        (self.folder / f"{os.getpid()}.json").write_text(json.dumps(
            {"total": time.process_time(), "times": self.times,
             "partitions": self.partitions}))

    def wrap(self, function, name: str, after=None):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, time.process_time() - started)
                if after:
                    after()
        return timed


def _install(clock: _Clock, main: int) -> None:
    """Wrap every stage where it is called from: its module, and every module of the
    package that imported it by name."""
    import importlib

    from audit.engine import runner

    for module_name, qualname, _ in STAGES:
        module = importlib.import_module(module_name)
        owner_name, _, name = qualname.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        original = getattr(owner, name)

        def partition_done() -> None:
            if os.getpid() != main:
                clock.partitions.append(dict(clock.times))
                clock.write()

        timed = clock.wrap(original, qualname,
                           partition_done if qualname == "_normalise_partition" else None)
        if name in ONLY_IN:
            setattr(sys.modules[ONLY_IN[name]], name, timed)
            continue
        setattr(owner, name, timed)
        if owner_name:
            continue
        for other in list(sys.modules.values()):
            if getattr(other, "__name__", "").startswith("audit") \
                    and getattr(other, name, None) is original:
                setattr(other, name, timed)
    run = runner.Runner.run

    def run_check(self, spec):
        started = time.process_time()
        try:
            return run(self, spec)
        finally:
            clock.add(f"check {spec.code} ({spec.scope})", time.process_time() - started)

    runner.Runner.run = run_check


def inner(folder: Path, argv: list[str]) -> int:
    """``audit run`` with the stages timed (in the process measured)."""
    clock = _Clock(folder)
    clock.add("start-up: interpreter", _STARTED)
    started = time.process_time()
    # the command as installed (its exit without the interpreter's teardown), imported
    # first as the ``audit`` script does
    import audit.__main__

    clock.add("start-up: import audit.cli", time.process_time() - started)
    started = time.process_time()
    import pandas  # noqa: F401

    clock.add("start-up: import pandas", time.process_time() - started)
    started = time.process_time()
    import audit.normalise.build  # noqa: F401
    import audit.pipeline  # noqa: F401
    import audit.report.output  # noqa: F401

    clock.add("start-up: import audit", time.process_time() - started)
    _install(clock, os.getpid())
    sys.argv = ["audit", "run", *argv]
    try:
        audit.__main__.run()
    finally:
        clock.write()
    return 0  # (not reached: run() exits)


# -- the report ------------------------------------------------------------------------------
def _read(folder: Path) -> tuple[dict, list[dict]]:
    """The main process's measures and the workers', from the files they wrote."""
    measured = [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
    main = next(m for m in measured if "start-up: interpreter" in m["times"])
    return main, [m for m in measured if m is not main]


def report(main: dict, workers: list[dict], cpu: float, chars: int) -> None:
    """Print the table: each stage's CPU-seconds in the main process, in the workers."""
    def row(name: str, depth: int) -> None:
        here = main["times"].get(name, 0.0)
        there = sum(w["times"].get(name, 0.0) for w in workers)
        if here or there:
            print(f"  {'  ' * depth}{name:<{44 - 2 * depth}} {here:7.3f} {there:8.3f} "
                  f"{here + there:7.3f}")

    print(f"{'':46} {'main':>7} {'workers':>8} {'total':>7}  (CPU-s)")
    for name in ("start-up: interpreter", "start-up: import audit.cli", "start-up: import pandas",
                 "start-up: import audit"):
        row(name, 1)
    for _, qualname, depth in STAGES:
        row(qualname, depth)
    print("  each check (in the workers: on their partitions; in the main process: on the "
          "whole tables)")
    for name in sorted({name for m in (main, *workers) for name in m["times"]
                        if name.startswith("check ")}):
        row(name, 1)
    worker_totals = ", ".join(f"{worker['total']:.2f}" for worker in workers) or "-"
    print(f"  process totals: main {main['total']:.2f}, workers {worker_totals}; "
          f"sum {main['total'] + sum(w['total'] for w in workers):.2f} CPU-s; the run "
          f"(rusage, children included) {cpu:.2f} CPU-s, {chars / 1e6 / cpu:.2f} MB/CPU-s")
    for number, worker in enumerate(workers):
        parts = worker["partitions"]
        if len(parts) < 2:
            continue
        steps = [{k: v - (before or {}).get(k, 0.0) for k, v in after.items()}
                 for before, after in zip([None, *parts], parts, strict=False)]
        first = steps[0].get("_normalise_partition", 0.0)
        rest = [step.get("_normalise_partition", 0.0) for step in steps[1:]]
        print(f"  worker {number + 1}: {len(parts)} partitions; the first {first:.3f} CPU-s, "
              f"the others {sum(rest) / len(rest):.3f} on average")
        # what the worker built for itself: the stages its first partition cost most more
        more = {name: steps[0].get(name, 0.0) - sum(step.get(name, 0.0) for step in steps[1:])
                / len(steps[1:]) for name in steps[0]
                if name not in ("_normalise_partition", "_normalise_one", "linked_parts")}
        largest = sorted(more.items(), key=lambda item: -item[1])[:4]
        print("    the first partition's most above the others' mean: " + ", ".join(
            f"{name} +{seconds:.3f}" for name, seconds in largest))


def main() -> int:
    if sys.argv[1:2] == ["--inner"]:  # the measured process: the rest is for `audit run`
        return inner(Path(sys.argv[2]), sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="what to audit (default: 10kGNAD x1)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: the CLI's)")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "audit", "checks"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        folder = Path(tmp)
        paths = args.paths
        if not paths:
            from bench_scale import CORPUS, write_corpus

            if not CORPUS.exists():
                print(f"bench: {CORPUS} is missing (it lives in ../shared/corpora)",
                      file=sys.stderr)
                return 2
            paths = [str(write_corpus(folder, 1)[0])]
        chars = sum(characters(Path(path)) for path in paths)
        measured = folder / "measured"
        measured.mkdir()
        command = [sys.executable, str(Path(__file__).resolve()), "--inner", str(measured),
                   "--quiet", "--fail-on", "never", "--ignore", "DQ003",
                   "--output", str(folder / "out"), *paths]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            print(f"bench: {' '.join(command)} exited {os.waitstatus_to_exitcode(status)}",
                  file=sys.stderr)
            return 3
        print(f"bench_stages: {', '.join(map(str, paths))}: {chars / 1e6:.2f} MB of text, "
              f"{os.cpu_count()} cores")
        report(*_read(measured), usage.ru_utime + usage.ru_stime, chars)
    return 0


def characters(path: Path) -> int:
    """The characters of text in a JSONL corpus (its ``text`` fields), else of the file, or of
    every file in a folder."""
    if path.is_dir():
        return sum(characters(inner) for inner in path.rglob("*") if inner.is_file())
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            return sum(len(json.loads(line).get("text", "")) for line in lines if line.strip())
    return len(path.read_text(encoding="utf-8", errors="replace"))


if __name__ == "__main__":
    sys.exit(main())
