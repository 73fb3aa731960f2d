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
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if str(ROOT) not in sys.path:  # run as a script: evaluation/ is found from the root
    sys.path.insert(0, str(ROOT))
from evaluation.gnad import CORPUS, read_gnad  # noqa: E402

SEEDS = SHARED / "seeds"
CODES = ("AIG001", "AIG002", "AIG003", "DQ001", "DQ002", "DQ004", "DQ005", "DQ102")
MUST_BE_ZERO = ("AIG001", "AIG002")
THRESHOLDS = ((1, 1), (2, 1), (2, 2), (3, 2), (3, 3), (4, 3))
# Planted into copies of 10kGNAD articles to measure recall, with typos and line breaks.
# Written for this script; each names the text itself as machine-made.
PLANTED = {
    "AIG001": [
        "Dieser Artikel wurde von Eva Berger erstellt und veröffentlicht, wobei möglicherweise "
        "KI für die Erstellung verwendet wurde.",
        "Der Beitrag wurde mithilfe maschineller Unterstützung erstellt.",
        "Dieser Text wurde mit Unterstützung eines KI-Sprachmodells erstellt und redaktionell "
        "geprüft.",
        "Bei der Erstellung dieses Artikels kam KI zum Einsatz.",
        "This article was generated using automation technology.",
        "This story was created with the help of AI and reviewed by an editor.",
    ],
    "AIG002": [
        "Als KI-Sprachmodell kann ich keine aktuellen Informationen liefern.",
        "Gerne! Hier ist ein Artikel zu diesem Thema:",
        "As an AI language model, I cannot browse the internet.",
        "Certainly! Here is a news article about the topic:",
    ],
}


def gnad_records(limit: int | None) -> pd.DataFrame:
    frame = read_gnad(limit)
    return pd.DataFrame({"id": [f"gnad-{i}" for i in range(len(frame))],
                         "title": frame.label, "text": frame.text})


def as_articles(records: pd.DataFrame) -> pd.DataFrame:
    """Records as an articles table, through the ordinary JSONL reader."""
    from audit.ingest import ingest

    path = Path(tempfile.mkdtemp()) / "records.jsonl"
    records.to_json(path, orient="records", lines=True, force_ascii=False)
    try:
        return ingest([path])
    finally:
        path.unlink()


def damage(sentence: str, rng: random.Random) -> str:
    """The sentence with one typo (two letters swapped or one dropped) and, for every second
    one, a line break in the middle."""
    letters = [i for i in range(2, len(sentence) - 2) if sentence[i].isalpha()
               and sentence[i + 1].isalpha()]
    i = rng.choice(letters)
    if rng.random() < 0.5:
        sentence = sentence[:i] + sentence[i + 1] + sentence[i] + sentence[i + 2:]
    else:
        sentence = sentence[:i] + sentence[i + 1:]
    if rng.random() < 0.5:
        space = sentence.find(" ", len(sentence) // 2)
        sentence = sentence[:space] + "\n" + sentence[space + 1:]
    return sentence


def planted_articles(clean: pd.DataFrame, per_variant: int) -> tuple[pd.DataFrame, dict]:
    """Copies of clean articles, each ending in one planted sentence (exact or damaged)."""
    rng = random.Random(5)
    rows, truth = [], {}
    texts = list(clean.text)
    for code, variants in PLANTED.items():
        for variant in variants:
            for n in range(per_variant):
                damaged = n % 2 == 1
                sentence = damage(variant, rng) if damaged else variant
                article_id = f"planted-{len(rows)}"
                rows.append({"id": article_id, "title": "planted",
                             "text": texts[len(rows) % len(texts)] + "\n" + sentence})
                truth[article_id] = (code, damaged, sentence)
    frame = pd.DataFrame(rows)
    return frame, truth


def audit(articles_or_paths):
    from audit.config import load_config
    from audit.pipeline import build_tables, run_audit

    config = load_config(ROOT)
    config.enable = list(CODES)
    tables = build_tables(articles_or_paths, jobs=1)
    return run_audit(tables, config)


def check_times(result) -> None:
    """Each check alone on the built tables, one core (the normalisation is not counted)."""
    from audit.engine.runner import Runner

    runner = Runner(result.tables, result.suite)
    chars = int(result.tables.articles.text.str.len().sum())
    print(f"\nCheck time on {chars / 1e6:.1f} M characters (tables built):")
    for spec in result.suite.checks:
        started = time.perf_counter()
        runner.run(spec)
        seconds = time.perf_counter() - started
        print(f"  {spec.code:<7} {seconds * 1000:8.0f} ms  {chars / seconds / 1e6:8.1f} MB/s")


def profile_margin(result) -> None:
    """How many 10kGNAD articles AIG003 would flag at lower thresholds (its safety margin)."""
    import dataclasses

    from audit.engine.runner import Runner

    spec = result.suite.by_code("AIG003")
    rule = spec.func.__closure__[0].cell_contents if spec and spec.func.__closure__ else None
    if rule is None:
        return
    relaxed = dataclasses.replace(rule, profile={"min-matches": 1, "min-kinds": 1}).spec()
    found = Runner(result.tables, result.suite).run(relaxed).findings
    counts = Counter()
    for finding in found:
        matches, kinds = map(int, re.search(r"(\d+) stock phrases of (\d+) kinds",
                                            finding.message).groups())
        for need_matches, need_kinds in THRESHOLDS:
            if matches >= need_matches and kinds >= need_kinds:
                counts[(need_matches, need_kinds)] += 1
    articles = int((result.tables.articles.status == "audited").sum())
    print("\nAIG003 articles flagged at other thresholds (matches, kinds):")
    for need in THRESHOLDS:
        share = counts[need] / articles
        print(f"  ≥{need[0]} of ≥{need[1]} kinds: {counts[need]:>5} ({share:.2%})")


def _check_module(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "checks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hygiene_rates(records: pd.DataFrame) -> None:
    """DQ002 on every lower-case hyphenated pair of 10kGNAD and on words split on purpose;
    DQ004 on articles garbled on purpose (UTF-8 read as Windows-1252)."""
    hyphenation = _check_module("check_hyphenation")
    pairs = Counter(m.groups() for text in records.text
                    for m in hyphenation._SPLIT.finditer(text))
    flagged = [f"{a}-{b}" for (a, b) in pairs if hyphenation.split_word(a, b, "de")]
    print(f"\nDQ002: {len(pairs)} distinct lower-case hyphenated pairs in 10kGNAD, "
          f"{len(flagged)} taken for split words: {', '.join(flagged[:10])}")
    rng = random.Random(2)
    words = sorted({w for text in records.text for w in re.findall(r"\b[a-zäöüß]{8,}\b", text)})
    sample = rng.sample(words, min(500, len(words)))
    caught = sum(hyphenation.split_word(w[: len(w) // 2], w[len(w) // 2:], "de") for w in sample)
    print(f"DQ002 recall on {len(sample)} words of ≥8 letters split in the middle: "
          f"{caught}/{len(sample)} ({caught / len(sample):.1%})")
    mojibake = _check_module("check_mojibake")
    pattern, _ = mojibake._mojibake()
    texts = list(records.text)
    garbled = [t.encode("utf-8").decode("cp1252", errors="replace") for t in texts]
    damaged = [t for t, g in zip(texts, garbled, strict=True) if t != g]
    found = sum(bool(pattern.search(g)) for t, g in zip(texts, garbled, strict=True) if t != g)
    clean = sum(bool(pattern.search(t)) for t in texts)
    print(f"DQ004: {found}/{len(damaged)} garbled articles found; {clean} of {len(texts)} "
          "clean articles flagged")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N 10kGNAD articles")
    parser.add_argument("--show", type=int, default=10, help="findings to print per code")
    parser.add_argument("--planted", type=int, default=20,
                        help="copies of each planted sentence (recall)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent; nothing to measure", file=sys.stderr)
        return 2

    started = time.perf_counter()
    records = gnad_records(args.limit)
    result = audit(as_articles(records))
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
    check_times(result)
    profile_margin(result)
    hygiene_rates(records)

    planted, truth = planted_articles(records, args.planted)
    found = audit(as_articles(planted))
    hits = {(f.article_id, f.code) for f in found.findings}
    print(f"\nRecall on planted sentences ({args.planted} copies of each variant, "
          "every second one with a typo and a line break in half of those):")
    for code in PLANTED:
        for damaged in (False, True):
            ids = [a for a, (c, d, _) in truth.items() if c == code and d == damaged]
            caught = sum((a, code) in hits for a in ids)
            print(f"  {code} {'damaged' if damaged else 'exact  '}: {caught}/{len(ids)}")
        missed = [sentence for a, (c, _, sentence) in truth.items()
                  if c == code and (a, code) not in hits]
        for sentence in missed[: args.show]:
            print(f"    missed: {sentence!r}")

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
