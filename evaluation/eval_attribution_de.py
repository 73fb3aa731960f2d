"""German attribution on the REDEWIEDERGABE news samples (../shared/eval/attribution/…).

112 German news and reportage samples (1840–1919) with spans of the framing clauses of
reported speech, thought and writing (``frames``: "erklärte der Minister", "Laut
eingegangenem Berichte", "wird behauptet") and of speakers. The samples go through the
command line as a user runs it (``audit table samples.jsonl --table assertions``). Each
attribution row is one predicted frame, from the first to the last character of its
speaker and cue (the cue alone for an agentless frame: "wird behauptet"), and, where it
names one, one predicted speaker. Indirect speech (the ``stwr`` spans of an indirect or
free indirect type) is scored against the content spans of the attribution rows
(``content_start``/``content_end``, inherited ones included): it is found when a content
span overlaps it, and a content span is correct when it overlaps any STWR span; this is
where indirect speech carried over several sentences in Konjunktiv I shows, which the
frames do not (only its first sentence has a frame). Scores are overlap-based, as in
``eval_attribution.py``: a predicted span is correct when it overlaps a gold span
(precision), a gold span is found when a predicted span overlaps it (recall). Spans several
rows share count once.

STWR is broader than news attribution (thought, characters' speech), so recall is read
against that; precision is what a user sees.

The samples, in file order, are split into halves: even lines are the development half
(errors are listed from it, and only it is looked at when the German resources change),
odd lines the held-out half. Both are printed, and all.

Run: ``python evaluation/eval_attribution_de.py`` (or ``nox -s eval``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from eval_attribution import assertions_via_cli, halves, overlaps, prf

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "attribution" / "redewiedergabe-news-dev"


def predicted_spans(rows: list[dict]) -> tuple[list[tuple[int, int]], list[tuple[int, int]],
                                                 list[tuple[int, int]]]:
    """The frames, speakers and content spans of a sample's attribution rows, each once."""
    frames, speakers, contents = set(), set(), set()
    for row in rows:
        if row.get("cue_start") is None:
            continue
        if row.get("content_start") is not None:
            contents.add((row["content_start"], row["content_end"]))
        start, end = row["cue_start"], row["cue_end"]
        if row.get("speaker_start") is not None:
            speakers.add((row["speaker_start"], row["speaker_end"]))
            start, end = min(start, row["speaker_start"]), max(end, row["speaker_end"])
        frames.add((start, end))
    return sorted(frames), sorted(speakers), sorted(contents)


def score(samples: list[dict], rows_by_sample: dict[str, list[dict]]
          ) -> tuple[Counter, Counter, Counter]:
    """Overlap counts of frames, speakers and indirect speech; missed and spurious frames by
    their text."""
    counts: Counter = Counter()
    missed, spurious = Counter(), Counter()
    for sample in samples:
        text = sample["text"]
        frames, speakers, contents = predicted_spans(rows_by_sample[sample["id"]])
        indirect = [(start, end) for start, end, kind in sample["stwr"] if "ndirect" in kind]
        for span in contents:
            counts["indirect", "n_p"] += 1
            counts["indirect", "tp_p"] += overlaps(span, [(a, b) for a, b, _ in sample["stwr"]])
        counts["indirect", "n_g"] += len(indirect)
        counts["indirect", "tp_g"] += sum(overlaps(span, contents) for span in indirect)
        for label, predicted, gold in (("frame", frames, sample["frames"]),
                                       ("speaker", speakers, sample["speakers"])):
            gold = [(start, end) for start, end in gold]
            counts[label, "n_p"] += len(predicted)
            counts[label, "n_g"] += len(gold)
            for span in predicted:
                hit = overlaps(span, gold)
                counts[label, "tp_p"] += hit
                if label == "frame" and not hit:
                    spurious[text[span[0]:span[1]]] += 1
            for span in gold:
                hit = overlaps(span, predicted)
                counts[label, "tp_g"] += hit
                if label == "frame" and not hit:
                    missed[text[span[0]:span[1]]] += 1
    return counts, missed, spurious


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=15, help="errors to print")
    parser.add_argument("--half", choices=["development", "held-out"], default="development",
                        help="the half whose errors are listed")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"eval_attribution_de: {DATA} is absent; nothing to evaluate", file=sys.stderr)
        return 0
    samples = [json.loads(line) for line in
               (DATA / "samples.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [{"id": s["id"], "language": "de", "text": s["text"]} for s in samples]
    rows_by_sample, seconds = assertions_via_cli(records)
    print(f"German attribution (REDEWIEDERGABE news samples, {len(samples)}, `audit table`, "
          f"overlap match)")
    for half, chosen in halves(samples).items():
        counts, missed, spurious = score(chosen, rows_by_sample)
        print(f"  {half} ({len(chosen)} samples)")
        for label, name in (("frame", "frames"), ("speaker", "speakers"),
                            ("indirect", "indirect")):
            print(f"    {name:<9} " + prf(counts[label, "tp_p"], counts[label, "n_p"],
                                         counts[label, "tp_g"], counts[label, "n_g"]))
        if half == args.half:
            listed = (missed, spurious)
    for title, counter in zip(("missed frames", "spurious frames"), listed, strict=True):
        print(f"  {title} ({args.half}), first {args.errors}: " + " | ".join(
            f"{text!r}" for text, _ in counter.most_common(args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
