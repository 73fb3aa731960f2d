"""Precision of checks on real news, judged by hand: 10kGNAD's 1,028 test articles.

The corpus is audited as a user would: 10kGNAD's test file written as JSON Lines
(``benchmarks.bench_scale.write_corpus``) and ``audit run … --select CODES -o OUT`` in a
fresh process. ``--corpus polnear`` audits English news instead: the 840 articles of
PolNeAR's train part (../shared/eval/attribution/polnear-train, in the order of
``evaluation/eval_attribution.py``), judged in ``<code>-polnear.csv``. Then, for each check
code:

- without ``--score``: a seeded random sample of its findings (``--size``, ``--seed``) is
  printed for judging — article id, span offsets and the sentence in its context, on screen
  only — and, where ``evaluation/judgements/<code>-<corpus>.csv`` does not exist yet,
  written there as a template with an empty verdict to fill in;
- with ``--score``: the judgements are matched to the current findings by (article id, start,
  end) and precision is printed with a 95% Wilson interval, the number of articles the check
  fires on, how many judged findings no longer fire and how many findings are not judged yet
  (``--unjudged`` prints those for an extra sample).

A judgements file holds article id, start, end, verdict (right, wrong, unclear) and a short
reason in our own words — never text from the corpus, which stays in ../shared (its licence).
Precision counts right against right + wrong; unclear findings are reported beside it.
``--half even`` or ``--half odd`` keeps the articles of even or odd row numbers in the test
file (the number in ``gnad-<row>-<copy>``): a rule is designed on one half and scored on the
other, held out (10kGNAD only). ``--by-cue`` adds the precision of each cue the findings'
messages list (“soll … haben” 10/10), for deciding which markers a check keeps.

    python -m evaluation.precision --codes ATR003 --size 100
    python -m evaluation.precision --codes ATR003 --score --corpus polnear
    python -m evaluation.precision --codes ATR003,ATR006,CON,DQ003,TMP001 --score
    python -m evaluation.precision --codes ATR003,ATR006 --score --half odd
    python -m evaluation.precision --codes ATR003 --score --half even --by-cue
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "10kgnad-test.csv"
POLNEAR = ROOT.parent / "shared" / "eval" / "attribution" / "polnear-train"
#: How many of PolNeAR's train articles are audited (the first, in eval_attribution's order:
#: all 840 since session 6, the first 400 before).
POLNEAR_ARTICLES = 840
JUDGEMENTS = Path(__file__).resolve().parent / "judgements"
FIELDS = ["article_id", "start", "end", "verdict", "reason"]
VERDICTS = ("right", "wrong", "unclear")
#: Characters of the article shown before and after a finding's span when judging.
CONTEXT = 300
#: A cue as a finding's message lists it: “soll … haben”
CUE = re.compile(r"“([^”]+)”")

Key = tuple[str, int, int]


def audit_corpus(codes: list[str], folder: Path, name: str = "10kgnad"
                 ) -> tuple[dict, dict[str, str]]:
    """Audit 10kGNAD (or PolNeAR: ``name``) as a user would; findings.json and the texts by
    article id."""
    if str(ROOT) not in sys.path:  # run as a script: the repository's benchmarks/ too
        sys.path.insert(0, str(ROOT))
    if name == "polnear":
        from evaluation.eval_attribution import articles

        corpus = folder / "polnear.jsonl"
        corpus.write_text("".join(
            json.dumps({"id": text.stem, "language": "en",
                        "text": text.read_text(encoding="utf-8")}) + "\n"
            for text, _ in articles()[:POLNEAR_ARTICLES]), encoding="utf-8")
    else:
        from benchmarks.bench_scale import write_corpus

        corpus, _, _ = write_corpus(folder, 1)
    output = folder / "out"
    subprocess.run([sys.executable, "-m", "audit", "run", str(corpus), "--select",
                    ",".join(codes), "--fail-on", "never", "--quiet", "-o", str(output)],
                   check=True, cwd=ROOT)
    report = json.loads((output / "findings.json").read_text(encoding="utf-8"))
    texts = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts[article["id"]] = article["text"]
    return report, texts


def by_code(report: dict, codes: Iterable[str]) -> dict[str, list[dict]]:
    """The report's findings of each code asked for (a family like CON takes all its codes)."""
    found: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        if any(finding["code"].startswith(code) for code in codes):
            found.setdefault(finding["code"], []).append(finding)
    for code in codes:
        if len(code) > 3 or not any(found_code.startswith(code) for found_code in found):
            found.setdefault(code, [])
    return found


def key(finding: dict) -> Key:
    return finding["article_id"], int(finding["start"]), int(finding["end"])


def in_half(article_id: str, half: str | None) -> bool:
    """Whether an article belongs to ``half`` ("even" or "odd" row number of 10kGNAD's test
    file, as its id ``gnad-<row>-<copy>`` gives it; ``None``: every article)."""
    if half is None:
        return True
    return (int(article_id.split("-")[1]) % 2 == 0) == (half == "even")


def draw(findings: list[dict], size: int, seed: int) -> list[dict]:
    """A deterministic sample of ``size`` findings (all of them where there are fewer)."""
    ordered = sorted(findings, key=key)
    if len(ordered) <= size:
        return ordered
    return sorted(random.Random(seed).sample(ordered, size), key=key)


def judgements_path(code: str, corpus: str = "10kgnad") -> Path:
    return JUDGEMENTS / f"{code}-{corpus}.csv"


def read_judgements(path: Path) -> dict[Key, dict]:
    """The judged findings of one file by (article id, start, end); bad verdicts are errors."""
    judged = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for number, row in enumerate(csv.DictReader(rows), start=2):
            if row["verdict"] and row["verdict"] not in VERDICTS:
                raise SystemExit(f"{path}:{number}: verdict {row['verdict']!r} is not one of "
                                 f"{', '.join(VERDICTS)}")
            judged[(row["article_id"], int(row["start"]), int(row["end"]))] = row
    return judged


def write_template(path: Path, sample: list[dict]) -> None:
    """A judgements file for ``sample`` with empty verdicts; offsets only, no corpus text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
        writer.writeheader()
        for finding in sample:
            writer.writerow({"article_id": finding["article_id"], "start": finding["start"],
                             "end": finding["end"], "verdict": "", "reason": ""})


def show(findings: list[dict], texts: dict[str, str]) -> None:
    """Each finding with its sentence in its article's context (on screen, never in a file)."""
    for number, finding in enumerate(findings, start=1):
        text = texts[finding["article_id"]]
        start, end = finding["start"], finding["end"]
        before = " ".join(text[max(0, start - CONTEXT):start].split())
        span = " ".join(text[start:end].split())
        after = " ".join(text[end:end + CONTEXT // 3].split())
        print(f"--- {number}. {finding['article_id']} {start} {end} {finding['code']}: "
              f"{finding['message']}")
        print(textwrap.fill(f"…{before} [[{span}]] {after}…", 110))


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if total == 0:
        return 0.0, 1.0
    share = successes / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    margin = (z / (1 + z * z / total)) * math.sqrt(share * (1 - share) / total
                                                    + z * z / (4 * total * total))
    return centre - margin, centre + margin


def by_cue_tally(findings: list[dict], judged: dict[Key, dict]) -> str:
    """Right of right + wrong (and unclear, unjudged) for each cue a finding's message
    lists in “…” (a finding with two cues counts for both), most findings first."""
    tally: dict[str, dict[str, int]] = {}
    for finding in findings:
        verdict = judged.get(key(finding), {}).get("verdict") or "unjudged"
        for cue in dict.fromkeys(CUE.findall(finding["message"])):
            counts = tally.setdefault(cue, dict.fromkeys((*VERDICTS, "unjudged"), 0))
            counts[verdict] += 1
    parts = []
    for cue, counts in sorted(tally.items(), key=lambda item: -sum(item[1].values())):
        extra = "".join(f", {counts[name]} {name}" for name in ("unclear", "unjudged")
                        if counts[name])
        parts.append(f"“{cue}” {counts['right']}/{counts['right'] + counts['wrong']}{extra}")
    return "; ".join(parts)


def score(code: str, findings: list[dict], articles: int, half: str | None = None,
          corpus: str = "10kgnad", by_cue: bool = False) -> list[dict]:
    """Print the precision of ``code`` on its judged findings (of the articles of ``half``:
    see :func:`in_half`; with ``by_cue``, for each cue too); the findings not judged yet."""
    findings = [finding for finding in findings if in_half(finding["article_id"], half)]
    fired_on = len({finding["article_id"] for finding in findings})
    path = judgements_path(code, corpus)
    print(f"{code}: {len(findings)} findings on {fired_on} of {articles} articles"
          + (f" ({half} rows)" if half else ""))
    if not path.exists():
        print(f"  no judgements yet ({path.relative_to(ROOT)})" if findings
              else "  nothing to judge")
        return findings
    judged = {judged_key: row for judged_key, row in read_judgements(path).items()
              if in_half(judged_key[0], half)}
    current = {key(finding) for finding in findings}
    verdicts = {verdict: 0 for verdict in VERDICTS}
    gone = []
    for judged_key, row in judged.items():
        if judged_key not in current:
            gone.append(f"{' '.join(map(str, judged_key))} ({row['verdict']})")
        elif row["verdict"]:
            verdicts[row["verdict"]] += 1
    right, wrong = verdicts["right"], verdicts["wrong"]
    if right + wrong:
        low, high = wilson(right, right + wrong)
        print(f"  precision {right / (right + wrong):.1%} ({right} right of {right + wrong} "
              f"judged right or wrong; 95% Wilson {low:.1%}–{high:.1%}); "
              f"{verdicts['unclear']} unclear")
    print(f"  {len(judged)} judged, {len(gone)} of them no longer fire; "
          f"{len(current - set(judged))} current findings not judged")
    if by_cue:
        print(f"  by cue: {by_cue_tally(findings, judged)}")
    if gone:
        print(f"  no longer fire: {'; '.join(gone)}")
    return [finding for finding in findings if key(finding) not in judged]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", required=True,
                        help="check codes or families, comma-separated (ATR003,ATR006,CON)")
    parser.add_argument("--size", type=int, default=100, help="findings sampled per code")
    parser.add_argument("--seed", type=int, default=10, help="the sample's random seed")
    parser.add_argument("--score", action="store_true",
                        help="score the judgements against the current findings")
    parser.add_argument("--unjudged", action="store_true",
                        help="with --score: show a sample of the findings not judged yet")
    parser.add_argument("--by-cue", action="store_true",
                        help="with --score: precision of each cue the messages list")
    parser.add_argument("--half", choices=["even", "odd"],
                        help="only the articles of even or odd row numbers (design and "
                             "held-out halves; 10kGNAD)")
    parser.add_argument("--corpus", choices=["10kgnad", "polnear"], default="10kgnad",
                        help="10kGNAD's test file (German) or the 840 PolNeAR train articles "
                             "(English)")
    args = parser.parse_args(argv)
    if args.half and args.corpus != "10kgnad":
        parser.error("--half splits 10kGNAD's rows only")
    source = CORPUS if args.corpus == "10kgnad" else POLNEAR
    if not source.exists():
        print(f"skipped: {source} is absent (a clone without ../shared); "
              f"this evaluation reads the shared {args.corpus} corpus")
        return 0
    codes = [code.strip() for code in args.codes.split(",") if code.strip()]
    with tempfile.TemporaryDirectory() as folder:
        report, texts = audit_corpus(codes, Path(folder), args.corpus)
    for code, findings in sorted(by_code(report, codes).items()):
        if args.score:
            articles = sum(in_half(article_id, args.half) for article_id in texts)
            unjudged = score(code, findings, articles, args.half, args.corpus, args.by_cue)
            if args.unjudged and unjudged:
                show(draw(unjudged, args.size, args.seed), texts)
            continue
        findings = [finding for finding in findings if in_half(finding["article_id"], args.half)]
        sample = draw(findings, args.size, args.seed)
        print(f"=== {code}: {len(sample)} of {len(findings)} findings")
        show(sample, texts)
        path = judgements_path(code, args.corpus)
        if sample and not path.exists():
            write_template(path, sample)
            print(f"template written: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
