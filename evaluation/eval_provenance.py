"""False positives of the provenance and hygiene checks on real news, and their findings on
the seeds.

    python evaluation/eval_provenance.py [--limit N] [--show N]

The 1,028 Austrian articles of ../shared/corpora/10kgnad-test.csv are edited journalism from
before chatbots: none declares machine generation or carries chatbot residue, so every
AIG001 and AIG002 finding there is a false positive (target: none). AIG003 is a profile, not
a proof; its rate on this corpus is the share of human-written articles it would wrongly
describe as machine-like. The other checks' counts are printed for review. The script then
audits ../shared/seeds and lists every finding of these checks.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "10kgnad-test.csv"
SEEDS = SHARED / "seeds"
CODES = ("AIG001", "AIG002", "AIG003", "DQ001", "DQ002", "DQ004", "DQ005")
MUST_BE_ZERO = ("AIG001", "AIG002")


def gnad_articles(limit: int | None) -> pd.DataFrame:
    """10kGNAD as an articles table: one record per row, no titles or dates in the source."""
    from audit.ingest import ingest

    frame = pd.read_csv(CORPUS, sep=";", quotechar="'", header=None, names=["label", "text"],
                        dtype=str, keep_default_na=False)
    if limit:
        frame = frame.head(limit)
    path = Path(sys.argv[0]).parent / ".gnad.jsonl"
    records = pd.DataFrame({"id": [f"gnad-{i}" for i in range(len(frame))],
                            "title": frame.label, "text": frame.text})
    records.to_json(path, orient="records", lines=True, force_ascii=False)
    try:
        return ingest([path])
    finally:
        path.unlink()


def audit(articles_or_paths):
    from audit.config import load_config
    from audit.pipeline import build_tables, run_audit

    config = load_config(ROOT)
    config.enable = list(CODES)
    tables = build_tables(articles_or_paths, jobs=1)
    return run_audit(tables, config)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N 10kGNAD articles")
    parser.add_argument("--show", type=int, default=10, help="findings to print per code")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent; nothing to measure", file=sys.stderr)
        return 2

    started = time.perf_counter()
    result = audit(gnad_articles(args.limit))
    articles = int((result.tables.articles.status == "audited").sum())
    elapsed = time.perf_counter() - started
    by_code = Counter(f.code for f in result.findings)
    flagged = {code: len({f.article_id for f in result.findings if f.code == code})
               for code in CODES}
    print(f"10kGNAD test: {articles} articles audited in {elapsed:.1f}s "
          f"({len(result.check_errors)} check errors)")
    print(f"{'code':<7} {'findings':>8} {'articles':>8} {'share':>7}")
    for code in CODES:
        print(f"{code:<7} {by_code[code]:>8} {flagged[code]:>8} "
              f"{flagged[code] / max(articles, 1):>7.2%}")
    for code in CODES:
        shown = [f for f in result.findings if f.code == code][: args.show]
        if shown:
            print(f"\n{code} on 10kGNAD (first {len(shown)}):")
            for finding in shown:
                print(f"  {finding.article_id}: {finding.excerpt[:110]}")
    for error in result.check_errors:
        print(f"error: {error['message']}", file=sys.stderr)

    if SEEDS.exists():
        seeds = audit([SEEDS])
        print("\nSeeds:")
        for finding in seeds.findings:
            print(f"  {finding.article_id[:3]} {finding.code} line {finding.line}: "
                  f"{finding.excerpt[:100]}")
    false_positives = sum(by_code[code] for code in MUST_BE_ZERO)
    print(f"\nAIG001+AIG002 false positives on 10kGNAD: {false_positives} (target 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
