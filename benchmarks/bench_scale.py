"""Whole-run cost of `audit run` as the corpus grows, locally and on a Dask LocalCluster.

Run with ``nox -s bench -- --scale`` (or ``python benchmarks/bench_scale.py``). Each run is
a fresh process (cold: imports, grammars and worker start-up included), with the default
settings, on ../shared/corpora/10kgnad-test.csv written as JSONL once (×1), four and sixteen
times over. Copies get distinct ids but the same texts, so duplicate detection (DQ003) is
turned off with ``--ignore DQ003`` as a user would; the other corpus-scope checks still see
each story k times (a worst case for them, not a typical corpus).

The package's bytecode (audit/, checks/) is compiled first, as an installed package has it:
with ``PYTHONDONTWRITEBYTECODE`` set (as in some CI images and this project's sandbox) an
editable install would otherwise compile every module of audit on every run.

For each run: wall time; CPU-seconds of the run and every process it waited for (workers
included: ``os.wait4``), and of them the system's (page faults, mostly); the peak resident
memory of its largest process (exact, from the kernel) and of its whole process tree
(sampled every 0.2 s from /proc). Then, on ×1, the
local process pool (``--jobs N``) against a ``distributed.LocalCluster`` of N worker
processes (one thread each; the cluster's start included) running the same audit through
audit.engine.distributed and writing the same reports; and the one-article audit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: evaluation/ is found from the root
    sys.path.insert(0, str(ROOT))
from evaluation.gnad import CORPUS, gnad_texts  # noqa: E402

AUDIT = [sys.executable, "-m", "audit", "run", "--quiet", "--fail-on", "never",
         "--ignore", "DQ003"]

#: The audit on a LocalCluster, as `audit run --scheduler` does it (argv: corpus, output,
#: workers); the cluster is started and stopped inside the measured process, as
#: audit.engine.distributed.local_cluster sets one up to audit (one thread a worker, loopback,
#: the workers' profiler off, forked warm from this process).
ON_CLUSTER = """
import sys
from pathlib import Path
from distributed import Client
from audit.config import load_config
from audit.engine.distributed import local_cluster
from audit.pipeline import audit
from audit.report.output import write_reports

if __name__ == "__main__":
    corpus, output, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    config = load_config(Path.cwd())
    config.disable = [*config.disable, "DQ003"]
    with local_cluster(workers) as cluster, \\
            Client(cluster, set_as_default=False) as client:
        result = audit([corpus], config, scheduler=client)
    write_reports(result, output, "never")
"""


def write_corpus(folder: Path, copies: int) -> tuple[Path, int, int]:
    """10kGNAD's test file ``copies`` times over as JSONL: the path, articles, characters."""
    texts = gnad_texts()
    path = folder / f"10kgnad-x{copies}.jsonl"
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(copies):
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"gnad-{i}-{n}", "text": text},
                                     ensure_ascii=False) + "\n")
                chars += len(text)
    return path, len(texts) * copies, chars


def _tree_rss(root: int) -> int:
    """The resident memory of ``root`` and all its descendants now, in bytes."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        total += pages * os.sysconf("SC_PAGE_SIZE")
    return total


def measure(command: list[str]) -> dict:
    """Run ``command`` from the project root; its wall time, CPU-seconds (children
    included), peak RSS of its largest process and of its process tree (sampled)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = {"tree": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak["tree"] = max(peak["tree"], _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(command)} exited {process.returncode}:\n"
                         f"{errors.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "sys": usage.ru_stime,
            "largest": usage.ru_maxrss * 1024, "tree": peak["tree"]}


def line(name: str, articles: int, chars: int, run: dict) -> str:
    return (f"  {name:<24} {articles:>6} articles {chars / 1e6:6.1f} MB  "
            f"wall {run['wall']:7.1f} s  CPU {run['cpu']:7.1f} s (sys {run['sys']:4.1f})  "
            f"{chars / 1e6 / run['cpu']:5.2f} MB/CPU-s  "
            f"{run['cpu'] / chars * 1e6:5.2f} CPU-s/MB  "
            f"peak RSS largest {run['largest'] / 2**20:6,.0f} MB, "
            f"tree {run['tree'] / 2**20:6,.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16],
                        help="how many times over to audit the corpus (default: 1 4 16)")
    parser.add_argument("--workers", type=int, default=2,
                        help="processes of the local pool and of the LocalCluster on ×1")
    parser.add_argument("--no-cluster", action="store_true", help="skip the Dask comparison")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"bench: {CORPUS} is missing (it lives in ../shared/corpora)", file=sys.stderr)
        return 2
    subprocess.run([sys.executable, "-m", "compileall", "-q", "audit", "checks"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    print(f"bench_scale: {os.cpu_count()} cores, default settings, DQ003 off (copies share "
          "their texts), cold runs, bytecode compiled", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        corpora = {k: write_corpus(folder, k) for k in sorted({1, *args.copies})}
        print("audit run, default jobs:", flush=True)
        for k in args.copies:
            path, articles, chars = corpora[k]
            run = measure([*AUDIT, str(path), "--output", str(folder / f"out-x{k}")])
            print(line(f"10kGNAD x{k}", articles, chars, run), flush=True)
        path, articles, chars = corpora[1]
        print(f"x1 on {args.workers} processes:", flush=True)
        run = measure([*AUDIT, str(path), "--jobs", str(args.workers),
                       "--output", str(folder / "out-pool")])
        print(line(f"local pool --jobs {args.workers}", articles, chars, run), flush=True)
        if not args.no_cluster:
            run = measure([sys.executable, "-c", ON_CLUSTER, str(path),
                           str(folder / "out-cluster"), str(args.workers)])
            print(line(f"LocalCluster {args.workers} workers", articles, chars, run),
                  flush=True)
            same = ((folder / "out-pool" / "findings.json").read_bytes()
                    == (folder / "out-cluster" / "findings.json").read_bytes())
            print(f"  findings.json identical: {same}", flush=True)
        one = sorted((ROOT / "data" / "corpus").glob("*.md"))[0]
        run = measure([*AUDIT, str(one), "--output", str(folder / "out-one")])
        print(line(f"one article ({one.name})", 1, len(one.read_text(encoding="utf-8")), run),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
