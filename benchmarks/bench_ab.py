"""The CPU cost of the same `audit run` in two checkouts, side by side.

    python benchmarks/bench_ab.py BEFORE [--after TREE] [--runs 3] [--one-article] [PATH ...]

``BEFORE`` and ``--after`` (default: this checkout) are checkouts of the project, each with
its own ``.venv``; each runs ``audit run`` from its own root, so each audits with its own
code, checks and configuration. The runs alternate (before, after, before, after, ...), each
a fresh process (cold: imports, grammars and workers included, bytecode of the checkout and
of its venv's packages compiled first, as an installed package has it), so that a change of
the machine's load falls on both sides alike. The input is 10kGNAD's test file as JSONL (×1:
1,028 articles, 2.7 MB; as ``bench_scale.py`` writes it, duplicate detection off as there),
or ``--one-article`` the first file of data/corpus, or the ``PATH``\\ s given.

Each run prints its CPU-seconds (user and system time of the run and every process it
waited for: ``os.wait4``), its wall time and the load average when it started; then the
best (least) CPU time of each side, their ratio and the MB of text per CPU-second. On a
shared machine the best of several runs is the figure to compare: a run slowed by other
work only ever takes longer.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import CORPUS, write_corpus  # noqa: E402
from bench_stages import characters  # noqa: E402

#: The command each side runs, with its own interpreter (``.venv/bin/python``).
AUDIT = ["-m", "audit", "run", "--quiet", "--fail-on", "never", "--ignore", "DQ003"]


def interpreter(tree: Path) -> Path:
    """The Python of a checkout's ``.venv``."""
    python = tree / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"bench_ab: {tree} has no .venv/bin/python")
    return python


def cold_run(tree: Path, paths: list[str], output: Path) -> dict[str, float]:
    """One ``audit run`` of ``paths`` in ``tree``: its CPU-seconds (workers included), wall
    time, and the one-minute load average when it started."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen([str(interpreter(tree)), *AUDIT, *paths, "--output",
                                str(output)], cwd=tree, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ,
                                                            "PYTHONDONTWRITEBYTECODE": "1"})
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"bench_ab: audit run in {tree} exited {code}:\n"
                         f"{errors.decode(errors='replace')[-2000:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": time.perf_counter() - started,
            "load": load}


def compile_bytecode(tree: Path) -> None:
    """Compile a checkout's code and the packages of its ``.venv`` to bytecode, as an
    installed package has them (an installer compiles them): a venv made where
    ``PYTHONDONTWRITEBYTECODE`` is set has none, and each run then compiles every module it
    imports anew (a one-article audit 1.94 CPU-s instead of 0.95, side by side). A package
    file that does not compile (some ship test data) is left as it is."""
    python = str(interpreter(tree))
    subprocess.run([python, "-m", "compileall", "-q", "audit", "checks"], cwd=tree,
                   check=True, stdout=subprocess.DEVNULL)
    packages = subprocess.run([python, "-c", "import sysconfig; "
                               "print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", packages], cwd=tree,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the checkout to compare with")
    parser.add_argument("paths", nargs="*", help="what to audit (default: 10kGNAD x1)")
    parser.add_argument("--after", type=Path, default=ROOT,
                        help="the checkout measured against it (default: this one)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument("--one-article", action="store_true",
                        help="audit the first file of data/corpus")
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    for tree in trees.values():
        compile_bytecode(tree)
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as tmp:
        folder = Path(tmp)
        if args.paths:
            paths = [str(Path(p).resolve()) for p in args.paths]
        elif args.one_article:
            paths = [str(sorted((ROOT / "data" / "corpus").glob("*.md"))[0])]
        elif not CORPUS.exists():
            print(f"bench_ab: {CORPUS} is missing (it lives in ../shared/corpora)",
                  file=sys.stderr)
            return 2
        else:
            paths = [str(write_corpus(folder, 1)[0])]
        chars = sum(characters(Path(p)) for p in paths)
        print(f"bench_ab: {', '.join(map(str, paths))} ({chars / 1e6:.2f} MB of text), "
              f"{os.cpu_count()} cores, {args.runs} cold runs a side, alternating", flush=True)
        best: dict[str, float] = {}
        for number in range(args.runs):
            for side, tree in trees.items():
                run = cold_run(tree, paths, folder / f"out-{side}")
                best[side] = min(best.get(side, run["cpu"]), run["cpu"])
                print(f"  {side:<6} run {number + 1}: CPU {run['cpu']:6.2f} s  wall "
                      f"{run['wall']:6.2f} s  load {run['load']:5.1f}  ({tree})", flush=True)
        for side, cpu in best.items():
            print(f"best {side:<6} CPU {cpu:6.2f} s  {chars / 1e6 / cpu:6.3f} MB/CPU-s",
                  flush=True)
        print(f"after / before: {best['after'] / best['before']:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
