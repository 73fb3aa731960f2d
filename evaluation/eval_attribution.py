"""Attribution on PolNeAR (../shared/eval/attribution/polnear-train): sources, cues, anonymity.

PolNeAR marks every attribution in US political news with brat ``Source``, ``Cue`` and
``Content`` spans. The articles go through the command line as a user runs it
(``audit table articles.jsonl --table assertions``); each row with a speaker is one
predicted source span and one predicted cue span (a span several rows share counts once).
Scores are overlap-based: a predicted span is correct when it overlaps a gold span of the
same type (precision), a gold span is found when a predicted span overlaps it (recall).
The ``content`` line compares the content span of each row whose cue overlaps a gold cue
with that attribution's gold content: how many are the same span (punctuation and spaces at
the edges aside), and the characters they share out of the predicted and the gold ones (the
table's content stays inside its sentence; PolNeAR's may run over several).

The articles, in order of file name, are split into two halves: even positions are the
development half (errors are listed from it, and only it is looked at when rules change),
odd positions the held-out half. Both are printed, and all.

A relative pronoun is the source PolNeAR marks in "Beck, who said …" or "voters who say …"
(the subject of the cue, in 292 of the development half's attributions; the phrase it refers
to is never marked there). The table names that phrase instead ("Beck"): a reader needs to
know who said it, not "who". So the ``sources`` line takes a gold relative pronoun to stand
for its antecedent: a row of the same cue whose source ends right before the pronoun (only
spaces and a comma between them) finds it, and that predicted source is correct. The
``sources (strict)`` line scores the spans as annotated, as earlier sessions did.

Anonymous sources are not a PolNeAR label. A *silver* label is derived here from the gold
source spans, independently of the extractor's resources: a gold source is anonymous when
its head (before any "who …", "familiar with …", "close to …") is a noun for unnamed people
or groups (officials, sources, aides, people, experts, critics, some, others, …), except
"the official"-type phrases that point back to someone introduced before. Predicted anonymous
speakers are scored against that.

Each article is annotated by one or more annotators; the first annotation (by file name)
is used. ``--limit N`` evaluates the first N articles only. ``--missed CUE`` lists the
development half's gold attributions whose source no row finds and whose cue opens with the
word CUE (``--missed '*'``: all of them), and ``--spurious CUE`` the predicted sources of
such cues that overlap no gold source: each in its context, with the source in [brackets],
the cue in <angle brackets> and the rows of the sentence beside it, to study the misses by
construction.

Run: ``python evaluation/eval_attribution.py`` (or ``nox -s eval``). The other attribution
scripts share :func:`assertions_via_cli` from here.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "attribution" / "polnear-train" / "data" / "train"

_UNNAMED_HEADS = re.compile(
    r"\b(?:officials?|sources?|aides?|people|persons?|insiders?|advis[eo]rs?|diplomats?|"
    r"experts?|critics?|observers?|analysts?|strategists?|operatives?|staffers?|"
    r"someone|some|many|others|lawmakers|members|supporters|opponents|detractors|"
    r"skeptics|commentators|pundits|insiders|allies|confidants|associates|friends)$",
    re.IGNORECASE)
# Where a source phrase's head ends: "officials | familiar with the talks", "an aide | who …".
_MODIFIER = re.compile(r",|\s(?:who|familiar|close|with|in|at|from|for|on|briefed|speaking|"
                       r"involved|knowledgeable|granted|not)\s", re.IGNORECASE)


def assertions_via_cli(records: list[dict]) -> tuple[dict[str, list[dict]], float]:
    """The ``assertions`` rows of each record (``id``, ``text``, ``language``), by id, as
    ``audit table`` writes them, with offsets into the record's own text; and the seconds
    the command took (start-up included)."""
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "articles.jsonl", Path(folder) / "assertions.jsonl"
        source.write_text("".join(json.dumps(record) + "\n" for record in records),
                          encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "audit", "table", str(source), "--table",
                        "assertions", "--format", "jsonl", "--output", str(output)],
                       check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    texts = {record["id"]: record["text"] for record in records}
    by_article: dict[str, list[dict]] = {key: [] for key in texts}
    shift: dict[str, int] = {}
    for row in rows:
        text = texts[row["article_id"]]
        # ingest may take a line of metadata off the top: the offsets move by its length
        if row["article_id"] not in shift:
            at = text.find(row["text"], max(0, row["start"] - 1000))
            shift[row["article_id"]] = at - row["start"] if at >= 0 else 0
        delta = shift[row["article_id"]]
        for column in ("start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end",
                       "content_start", "content_end"):
            if row.get(column) is not None:
                row[column] = int(row[column]) + delta
        by_article[row["article_id"]].append(row)
    return by_article, seconds


def halves(items: list) -> dict[str, list]:
    """The development half (even positions), the held-out half (odd) and all."""
    return {"development": items[0::2], "held-out": items[1::2], "all": items}


class Span(NamedTuple):
    start: int
    end: int
    text: str


def read_ann(path: Path) -> dict[str, list[Span]]:
    """Gold ``Source`` and ``Cue`` spans of one brat file (discontinuous spans are split),
    and under ``"relative"`` each source that is a relative pronoun, as a span that runs
    from the pronoun's start to the end of its attribution's cue."""
    spans: dict[str, list[Span]] = {"Source": [], "Cue": [], "relative": []}
    pieces: dict[str, list[Span]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T"):
            continue
        label, _, offsets = parts[1].partition(" ")
        if label not in spans:
            continue
        for piece in offsets.split(";"):
            start, end = (int(x) for x in piece.split())
            spans[label].append(Span(start, end, parts[2]))
            pieces.setdefault(parts[0], []).append(spans[label][-1])
    for line in lines:
        if not line.startswith("E"):
            continue
        roles = dict(arg.split(":", 1) for arg in line.split("\t")[1].split()[1:])
        source, cue = pieces.get(roles.get("Source", "")), pieces.get(roles.get("Cue", ""))
        if source and cue and _RELATIVE_PRONOUN.fullmatch(source[0].text.strip()):
            spans["relative"].append(Span(source[0].start, cue[-1].end, source[0].text))
    return spans


def read_pairs(path: Path) -> list[tuple[Span, Span]]:
    """Each gold attribution's source and cue, as the first piece of each."""
    def first_piece(parts: list[str]) -> Span:
        start, end = (int(x) for x in parts[1].partition(" ")[2].split(";")[0].split())
        return Span(start, end, parts[2])
    return _linked(path, "Source", "Cue", first_piece)


def _linked(path: Path, first_role: str, second_role: str,
            piece: Callable[[list[str]], object]) -> list[tuple]:
    """The pieces that fill ``first_role`` and ``second_role`` of each gold event of the
    annotation file, each text-bound line read by ``piece`` (its tab-separated parts)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pieces = {parts[0]: piece(parts) for parts in (line.split("\t") for line in lines)
              if len(parts) >= 3 and parts[0].startswith("T")}
    pairs = []
    for line in lines:
        if line.startswith("E"):
            roles = dict(arg.split(":", 1) for arg in line.split("\t")[1].split()[1:])
            first = pieces.get(roles.get(first_role, ""))
            second = pieces.get(roles.get(second_role, ""))
            if first and second:
                pairs.append((first, second))
    return pairs


def _marked(text: str, marks: list[tuple[int, int, str, str]], around: int = 140) -> str:
    """The text around the marked spans, each between its opening and closing mark."""
    first = max(0, min(start for start, _, _, _ in marks) - around)
    last = min(len(text), max(end for _, end, _, _ in marks) + around)
    pieces, at = [], first
    for start, end, opening, closing in sorted(marks):
        start = max(start, at)
        pieces += [text[at:start], opening, text[start:end], closing]
        at = max(at, end)
    pieces.append(text[at:last])
    return " ".join("".join(pieces).split())


def examples(pairs: list[tuple[Path, Path]], rows_by_article: dict[str, list[dict]],
             cue_word: str, missed: bool) -> list[str]:
    """The gold attributions of ``pairs`` whose source no row finds (``missed``), or the
    rows whose source overlaps no gold source (not ``missed``), whose cue opens with
    ``cue_word`` ("*": any), each in its context with the rows around it."""
    def wanted(cue: str) -> bool:
        words = cue.lower().split()
        return cue_word == "*" or (bool(words) and words[0] == cue_word.lower())
    found = []
    for text_path, ann_path in pairs:
        text = text_path.read_text(encoding="utf-8")
        rows = [r for r in rows_by_article[text_path.stem] if r["speaker"]]
        sources = sorted({(r["speaker_start"], r["speaker_end"]) for r in rows})
        gold = read_ann(ann_path)
        gold_sources = [(s.start, s.end) for s in gold["Source"]]
        if missed:
            # (a relative pronoun a row names the antecedent of is found, as in score())
            resolved = {s.start for s in gold["relative"]
                        if antecedent_of(rows, s, text) is not None}
            chosen = [(source.start, source.end, cue.start, cue.end)
                      for source, cue in read_pairs(ann_path)
                      if wanted(cue.text) and source.start not in resolved
                      and not overlaps((source.start, source.end), sources)]
        else:
            chosen = sorted({(r["speaker_start"], r["speaker_end"], r["cue_start"], r["cue_end"])
                             for r in rows
                             if wanted(text[r["cue_start"]:r["cue_end"]])
                             and not overlaps((r["speaker_start"], r["speaker_end"]),
                                              gold_sources)})
        for source_start, source_end, cue_start, cue_end in chosen:
            near = [r for r in rows if abs(r["cue_start"] - cue_start) < 300]
            found.append(f"{text_path.stem}: " + _marked(
                text, [(source_start, source_end, "[", "]"), (cue_start, cue_end, "<", ">")])
                + "\n    rows: " + "; ".join(
                    f"{r['speaker']!r} <{text[r['cue_start']:r['cue_end']]}>" for r in near))
    return found


def read_contents(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Each gold attribution's cue and content, as (start, end) pairs: from the first piece
    of each to its last."""
    def first_to_last(parts: list[str]) -> tuple[int, int]:
        offsets = [piece.split() for piece in parts[1].partition(" ")[2].split(";")]
        return int(offsets[0][0]), int(offsets[-1][1])
    return _linked(path, "Cue", "Content", first_to_last)


def content_counts(text: str, rows: list[dict], gold: list[tuple[tuple[int, int], tuple[int, int]]]
                   ) -> Counter:
    """How the content spans of the rows whose cue overlaps a gold cue compare with that
    attribution's gold content: ``n`` rows, ``exact`` (the same span, punctuation and spaces
    at the edges aside), and the characters they share (``shared``) out of the predicted
    (``predicted``) and the gold ones (``gold``)."""
    counts: Counter = Counter()
    for row in rows:
        if row["cue_start"] is None or row["content_start"] is None:
            continue
        match = next((content for (start, end), content in gold
                      if start < row["cue_end"] and row["cue_start"] < end), None)
        if match is None:
            continue
        predicted = _bare(text, row["content_start"], row["content_end"])
        wanted = _bare(text, *match)
        counts["n"] += 1
        counts["exact"] += predicted == wanted
        counts["shared"] += max(0, min(predicted[1], wanted[1]) - max(predicted[0], wanted[0]))
        counts["predicted"] += predicted[1] - predicted[0]
        counts["gold"] += wanted[1] - wanted[0]
    return counts


def content_line(counts: Counter) -> str:
    """The content spans' scores: exact spans, and characters shared with the gold content
    out of the predicted (P) and the gold (R) ones."""
    def share(part: int, whole: int) -> float:
        return 100 * part / whole if whole else 0.0
    exact = share(counts["content", "exact"], counts["content", "n"])
    precision = share(counts["content", "shared"], counts["content", "predicted"])
    recall = share(counts["content", "shared"], counts["content", "gold"])
    return (f"exact {exact:5.1f}  characters P {precision:5.1f}  R {recall:5.1f}  "
            f"({counts['content', 'n']} rows whose cue is a gold cue)")


def _bare(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``–``end`` without the spaces, quotation marks and punctuation at its edges."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


_RELATIVE_PRONOUN = re.compile(r"(?i)who|which|that|whom")
# What stands between an antecedent and its relative pronoun.
_BEFORE_PRONOUN = re.compile(r"[\s,]*")


def antecedent_of(rows: list[dict], relative: Span, text: str) -> tuple[int, int] | None:
    """The source of a row whose cue lies in the relative clause ``relative`` (from the
    pronoun to its cue) and that ends right before the pronoun: the phrase it stands for."""
    for row in rows:
        if (row["speaker"] and relative.start <= row["cue_start"] < relative.end
                and row["speaker_end"] <= relative.start
                and _BEFORE_PRONOUN.fullmatch(text, row["speaker_end"], relative.start)):
            return row["speaker_start"], row["speaker_end"]
    return None


def silver_anonymous(span: Span) -> bool:
    """A gold source phrase whose head names unnamed people ("officials", "some", "a source
    close to the campaign"); "the official" points back to someone already introduced."""
    phrase = _MODIFIER.split(span.text.strip(" ,.’'"), maxsplit=1)[0].strip(" ,")
    if not _UNNAMED_HEADS.search(phrase):
        return False
    return not re.match(r"(?i)the (?:official|source|aide|adviser|advisor|diplomat)$", phrase)


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < end and start < a[1] for start, end in spans)


def articles() -> list[tuple[Path, Path]]:
    chosen: dict[str, Path] = {}
    for ann in sorted((DATA / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    return [(DATA / "text" / f"{stem}.txt", ann) for stem, ann in sorted(chosen.items())
            if (DATA / "text" / f"{stem}.txt").exists()]


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> str:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return (f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}  "
            f"(predicted {n_p}, gold {n_g})")


def score(pairs: list[tuple[Path, Path]], rows_by_article: dict[str, list[dict]]
          ) -> tuple[Counter, dict[str, Counter]]:
    """Overlap counts of sources, cues and silver anonymous sources, and the error
    classes (missed and spurious cues and anonymous sources)."""
    counts: Counter = Counter()
    errors = {name: Counter() for name in ("missed cues", "spurious cues",
                                           "missed anonymous sources",
                                           "spurious anonymous sources")}
    for text_path, ann_path in pairs:
        text = text_path.read_text(encoding="utf-8")
        gold = read_ann(ann_path)
        rows = rows_by_article[text_path.stem]
        # a speaker inherited by later sentences (a quote, Konjunktiv I) is one span
        predicted = {
            "Source": sorted({(r["speaker_start"], r["speaker_end"]) for r in rows
                              if r["speaker"]}),
            "Cue": sorted({(r["cue_start"], r["cue_end"]) for r in rows if r["speaker"]}),
        }
        # a gold relative pronoun stands for the antecedent a row of its cue names
        resolved = {s.start: antecedent_of(rows, s, text) for s in gold["relative"]}
        for label in ("Source", "Cue"):
            gold_spans = [(s.start, s.end) for s in gold[label]]
            counts[label, "n_p"] += len(predicted[label])
            counts[label, "n_g"] += len(gold_spans)
            for span in predicted[label]:
                strict = overlaps(span, gold_spans)
                hit = strict or (label == "Source" and span in resolved.values())
                counts[label, "tp_p"] += hit
                if label == "Source":
                    counts["strict", "tp_p"] += strict
                if label == "Cue" and not hit:
                    errors["spurious cues"][text[span[0]:span[1]].lower()] += 1
            for span in gold[label]:
                strict = overlaps((span.start, span.end), predicted[label])
                hit = strict or (label == "Source"
                                 and resolved.get(span.start) is not None)
                counts[label, "tp_g"] += hit
                if label == "Source":
                    counts["strict", "tp_g"] += strict
                if label == "Cue" and not hit:
                    errors["missed cues"][" ".join(span.text.lower().split()[:3])] += 1
        gold_anon = [s for s in gold["Source"] if silver_anonymous(s)]
        pred_anon = sorted({(r["speaker_start"], r["speaker_end"], r["speaker"]) for r in rows
                            if r["speaker_kind"] == "anonymous"})
        counts.update({("content", key): n for key, n in content_counts(
            text, rows, read_contents(ann_path)).items()})
        counts["anon", "n_g"] += len(gold_anon)
        counts["anon", "n_p"] += len(pred_anon)
        gold_anon_spans = [(s.start, s.end) for s in gold_anon]
        for start, end, surface in pred_anon:
            hit = overlaps((start, end), gold_anon_spans)
            counts["anon", "tp_p"] += hit
            if not hit:
                errors["spurious anonymous sources"][surface.lower()] += 1
        for span in gold_anon:
            hit = overlaps((span.start, span.end), [(s, e) for s, e, _ in pred_anon])
            counts["anon", "tp_g"] += hit
            if not hit:
                errors["missed anonymous sources"][span.text.lower()] += 1
    return counts, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=12, help="error classes to print")
    parser.add_argument("--missed", metavar="CUE",
                        help="list the development half's missed sources of this cue word")
    parser.add_argument("--spurious", metavar="CUE",
                        help="list the development half's wrong sources of this cue word")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"eval_attribution: {DATA} is absent; nothing to evaluate", file=sys.stderr)
        return 0
    pairs = articles()[: args.limit]
    records = [{"id": text_path.stem, "language": "en",
                "text": text_path.read_text(encoding="utf-8")} for text_path, _ in pairs]
    rows_by_article, seconds = assertions_via_cli(records)
    if args.missed or args.spurious:
        for line in examples(halves(pairs)["development"], rows_by_article,
                             args.missed or args.spurious, missed=bool(args.missed)):
            print(line)
        return 0
    chars = sum(len(record["text"]) for record in records)
    print(f"Attribution (PolNeAR train, {len(pairs)} articles, `audit table`, overlap match)")
    for half, chosen in halves(pairs).items():
        counts, errors = score(chosen, rows_by_article)
        print(f"  {half} ({len(chosen)} articles)")
        counts["strict", "n_p"], counts["strict", "n_g"] = (counts["Source", "n_p"],
                                                          counts["Source", "n_g"])
        for label, name in (("Source", "sources"), ("strict", "sources (strict)"),
                            ("Cue", "cues"), ("anon", "anonymous (silver)")):
            print(f"    {name:<19} " + prf(counts[label, "tp_p"], counts[label, "n_p"],
                                           counts[label, "tp_g"], counts[label, "n_g"]))
        print(f"    {'content':<19} " + content_line(counts))
        if half == "development":
            development_errors = errors
    print(f"  `audit table` {chars / seconds / 1e6:.2f} MB/s (start-up included)")
    for title, counter in development_errors.items():
        print(f"  {title} (development): " + ", ".join(
            f"{text!r} {n}" for text, n in counter.most_common(args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
