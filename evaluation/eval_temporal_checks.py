"""What the temporal checks flag on dated professional news, for review by hand.

    python evaluation/eval_temporal_checks.py [--show N] [--jobs N]

The TimeBank and AQUAINT documents of ../shared/eval/temporal/tbaq are edited wire and
newspaper stories with their creation time (DCT): each is audited as an English article
published on its DCT, with the temporal checks only. Such stories rarely contradict their
own dates, so most findings here are false positives; the script prints the counts per
check (per 100 articles) and the first findings of each check with their context, to be
read and judged. The corpus has no gold labels for the checks, so precision is what the
reviewer decides; the closing notes record that review.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evaluation"))
TBAQ = ROOT.parent / "shared" / "eval" / "temporal" / "tbaq"
CODES = ["TMP001", "TMP002", "TMP003", "TMP004", "TMP005"]


def documents() -> list:
    from tempeval import read_timeml

    return [read_timeml(path) for folder in ("TimeBank", "AQUAINT")
            for path in sorted((TBAQ / folder).glob("*.tml"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10, help="findings to print per check")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: cores)")
    args = parser.parse_args()
    if not TBAQ.exists():
        print(f"eval_temporal_checks: {TBAQ} is missing (it lives in ../shared/eval)",
              file=sys.stderr)
        return 2

    from audit.config import load_config
    from audit.ingest import from_records
    from audit.pipeline import audit

    docs = [d for d in documents() if d.creation_time]
    records = [{"id": d.name, "title": d.name, "text": d.text, "language": "en",
                "published": d.creation_time[:10]} for d in docs]
    config = load_config(ROOT)
    config.enable, config.disable = list(CODES), []
    started = time.perf_counter()
    result = audit(from_records(records, path=str(TBAQ)), config, jobs=args.jobs)
    seconds = time.perf_counter() - started
    texts = {d.name: d.text for d in docs}
    counts = Counter(f.code for f in result.findings)
    articles = len(records)
    print(f"tbaq: {articles} dated articles, {sum(map(len, texts.values())):,} characters, "
          f"{seconds:.1f}s")
    for code in CODES:
        flagged = len({f.article_id for f in result.findings if f.code == code})
        print(f"  {code}: {counts[code]:4d} findings in {flagged:3d} articles "
              f"({100 * counts[code] / articles:.1f} per 100 articles)")
    for code in CODES:
        shown = [f for f in result.findings if f.code == code][:args.show]
        if shown:
            print(f"\n{code}:")
        for finding in shown:
            text = texts[finding.article_id]
            context = " ".join(text[max(0, finding.start - 100):finding.end + 100].split())
            print(f"- {finding.article_id}: {finding.message}\n    «{context}»")
    if result.check_errors:
        print(f"\ncheck errors: {result.check_errors}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
