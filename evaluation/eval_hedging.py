"""Sentence-level uncertainty on the CoNLL-2010 Wikipedia weasel sentences (../shared/eval/hedging).

Each line of ``wikiweasel-train-certain.txt`` and ``wikiweasel-train-uncertain.txt`` is one
sentence; each goes through the command line as one article, as a user runs it (``audit
table sentences.jsonl --table assertions``). A sentence counts as flagged when any of its
assertions has a hedge or an anonymous speaker (the definition of issue 4); a second line
also counts the vague quantities ("some", "many") the table keeps apart in ``weasels``.
The sentences are split into two halves by line number (even lines: development, odd
lines: held out) so that the rules can be tuned on one half and reported on the other;
both halves are printed, with the commonest errors of the development half with vague
quantities (``--errors N`` shows more, ``--half held-out`` shows the other).

The best CoNLL-2010 system scored F1 60.2 on the task's held-out test set.

Run: ``python evaluation/eval_hedging.py`` (or ``nox -s eval``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from eval_attribution import assertions_via_cli

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "hedging"
FILES = {True: "wikiweasel-train-uncertain.txt", False: "wikiweasel-train-certain.txt"}
# The corpus is tokenised Penn-Treebank style; undo what would mislead a reader of news text.
_PTB = [(re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"),
        (re.compile(r"``|''"), '"'), (re.compile(r" ([,.;:!?)])"), r"\1"),
        (re.compile(r"\( "), "(")]


def detokenise(line: str) -> str:
    for pattern, replacement in _PTB:
        line = pattern.sub(replacement, line)
    return line.strip()


def load() -> list[tuple[str, bool]]:
    """(sentence, uncertain) in file order, the uncertain file first."""
    items = []
    for uncertain, name in FILES.items():
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append((detokenise(line), uncertain))
    return items


def signals(rows: list[dict], vague: bool) -> list[str]:
    """The hedge cues and anonymous speakers in a sentence's rows (and, with ``vague``, its
    vague quantities); empty when certain."""
    found = []
    for row in rows:
        found.extend(row["hedges"])
        if vague:
            found.extend(f"vague: {w}" for w in row["weasels"])
        if row["speaker_kind"] == "anonymous":
            found.append(f"anonymous: {row['speaker'].lower()}")
    return found


def score(items: list[tuple[str, bool, list[str]]]) -> tuple[float, float, float, int, int, int]:
    tp = sum(1 for _, gold, found in items if gold and found)
    fp = sum(1 for _, gold, found in items if not gold and found)
    fn = sum(1 for _, gold, found in items if gold and not found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp, fp, fn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=8, help="error examples to print")
    parser.add_argument("--half", choices=["development", "held-out"], default="development",
                        help="the half whose errors are listed")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"eval_hedging: {DATA} is absent; nothing to evaluate", file=sys.stderr)
        return 0
    sentences = load()
    rows, seconds = assertions_via_cli([{"id": f"s{i}", "language": "en", "text": text}
                                        for i, (text, _) in enumerate(sentences)])
    print("Hedging (CoNLL-2010 Wikipedia weasel sentences, sentence level, `audit table`)")
    for vague in (False, True):
        items = [(text, gold, signals(rows[f"s{i}"], vague))
                 for i, (text, gold) in enumerate(sentences)]
        halves = {"development": items[0::2], "held-out": items[1::2]}
        print("  hedges or anonymous speaker" + (", or vague quantities (weasels)" if vague
                                                 else ""))
        for name, half in {**halves, "all": items}.items():
            p, r, f, tp, fp, fn = score(half)
            print(f"    {name:<12} P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}  "
                  f"(tp {tp}, fp {fp}, fn {fn}; {len(half)} sentences)")
    print(f"  reference: best CoNLL-2010 system F1 60.2 (held-out test set); "
          f"`audit table` {sum(len(t) for t, _, _ in items) / seconds / 1e6:.2f} MB/s "
          f"(start-up included)")

    half = halves[args.half]
    cues = Counter(cue for _, gold, found in half if not gold for cue in set(found))
    print(f"  false-positive cues ({args.half}): "
          + ", ".join(f"{cue} {n}" for cue, n in cues.most_common(12)))
    correct = Counter(cue for _, gold, found in half if gold for cue in set(found))
    print(f"  true-positive cues ({args.half}): "
          + ", ".join(f"{cue} {n}" for cue, n in correct.most_common(12)))
    missed = [text for text, gold, found in half if gold and not found]
    print(f"  missed uncertain sentences ({args.half}), first {args.errors}:")
    for text in missed[: args.errors]:
        print(f"    - {text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
