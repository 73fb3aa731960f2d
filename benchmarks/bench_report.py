"""Size and load time of the HTML report at 1,000 and 10,000 articles, in headless Chromium.

Run with ``nox -s bench -- --report`` (or ``python benchmarks/bench_report.py``). For each
size the corpus is ../shared/corpora/10kgnad-test.csv (1,028 German articles without titles
or dates) repeated with distinct ids until it has that many articles, written as JSONL in a
temporary folder (never into the repository). It is audited by ``audit run CORPUS --output
DIR`` (the whole audit and every report), and the HTML report is opened in Debian's
Chromium (``/usr/bin/chromium``, driven by Playwright) a few times, each in a fresh context:

- ``ready``: milliseconds from navigation start until the index page's tables are filled
  and usable (the script's ``report-ready`` mark);
- ``load``: milliseconds until the page's load event ended;
- the same for the page of the worst article.

Sizes: the index page, the largest article page, and all report files together. Figures are
wall-clock time on a shared machine: run it on a quiet one and read the median.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: evaluation/ is found from the root
    sys.path.insert(0, str(ROOT))
from evaluation.gnad import CORPUS, gnad_texts  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
TIMINGS = """() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const ready = performance.getEntriesByName('report-ready')[0];
  return {load: navigation.loadEventEnd, ready: ready ? ready.startTime : null};
}"""


def write_corpus(path: Path, articles: int) -> None:
    """The 10kGNAD test set repeated with distinct ids up to ``articles`` records."""
    texts = gnad_texts()
    with path.open("w", encoding="utf-8") as out:
        for number in range(articles):
            copy, row = divmod(number, len(texts))
            record = {"id": f"gnad-{copy}-{row}", "text": texts[row]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def audit_and_report(corpus: Path, output: Path, jobs: int | None) -> dict:
    """``audit run CORPUS --output OUTPUT``, as a user runs it; its time and what it found."""
    command = [sys.executable, "-m", "audit", "run", str(corpus), "--output", str(output),
               "--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if finished.returncode not in (0, 1):  # 1: findings at or above --fail-on
        raise SystemExit(f"audit run failed ({finished.returncode}): {finished.stderr}")
    document = json.loads((output / "findings.json").read_text(encoding="utf-8"))
    return {"audit_run_s": seconds, "findings": len(document["findings"]),
            "with_related": sum(bool(f["related"]) for f in document["findings"]),
            "articles": len(document["articles"]), "worst": _worst_article(document)}


def _worst_article(document: dict) -> int:
    """The number of the article with the most findings (its page is the heaviest)."""
    counts = [0] * len(document["articles"])
    number = {a["article_id"]: i for i, a in enumerate(document["articles"])}
    for finding in document["findings"]:
        if finding["article_id"] in number:
            counts[number[finding["article_id"]]] += 1
    return max(range(len(counts)), key=counts.__getitem__)


def sizes(output: Path) -> dict:
    pages = [output / "index.html", output / "report.css",
             *sorted((output / "articles").glob("*.html"))]
    present = [p for p in pages if p.exists()]
    articles = [p.stat().st_size for p in present if p.parent.name == "articles"]
    return {"index_mb": (output / "index.html").stat().st_size / 1e6,
            "largest_article_page_kb": max(articles, default=0) / 1e3,
            "report_files": len(present),
            "report_mb": sum(p.stat().st_size for p in present) / 1e6}


def load_times(browser, page_path: Path, runs: int, wait_ready: bool) -> dict:
    ready, load = [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(page_path.as_uri(), timeout=120_000)
        if wait_ready:
            page.wait_for_selector("body[data-ready]", timeout=120_000)
        timings = page.evaluate(TIMINGS)
        load.append(timings["load"])
        if timings["ready"] is not None:
            ready.append(timings["ready"])
        context.close()
    figures = {"load_ms_median": statistics.median(load), "load_ms_max": max(load)}
    if ready:
        figures |= {"ready_ms_median": statistics.median(ready), "ready_ms_max": max(ready)}
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per page (median)")
    parser.add_argument("--jobs", type=int, default=None, help="audit processes")
    parser.add_argument("--keep", type=Path, help="write the corpora and reports here")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: this benchmark reads the shared corpora", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is absent (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
        base = args.keep or Path(scratch)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            for articles in args.articles:
                corpus = base / f"gnad-{articles}.jsonl"
                output = base / f"report-{articles}"
                base.mkdir(parents=True, exist_ok=True)
                write_corpus(corpus, articles)
                run = audit_and_report(corpus, output, args.jobs)
                figures = {**run, **sizes(output)}
                figures["index"] = load_times(browser, output / "index.html", args.runs, True)
                worst = output / "articles" / f"{run['worst']}.html"
                if worst.exists():
                    figures["worst_article_page"] = load_times(browser, worst, args.runs, False)
                print(json.dumps({"articles": articles, **figures}, indent=1), flush=True)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
