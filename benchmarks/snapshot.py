"""Every table and finding of the audit on the shared corpora, written so that two
versions of the code can be compared line by line.

    python benchmarks/snapshot.py OUT [--sets gnad,seeds,...] [--limit N]
    python benchmarks/snapshot.py --compare BEFORE AFTER

Each set is audited as ``audit run`` audits it (the project's configuration and checks, one
process) and written to ``OUT/<set>/<table>.jsonl`` (one row a line, the article text left
out of ``articles``) and ``OUT/<set>/findings.jsonl``. The sets are read from
``../shared`` (never copied): ``gnad`` (10kGNAD test), ``seeds``, ``data`` (data/corpus),
``polnear`` (PolNeAR train), ``hedging`` (the CoNLL-2010 weasel sentences, one article
each) and ``temporal`` (TimeBank, AQUAINT and WikiWarsDE with their creation times).
``--compare`` lists, per set and file, the lines only one side has, and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluation"))
from evaluation.gnad import gnad_records  # noqa: E402


def _gnad(limit: int | None) -> list[dict]:
    return gnad_records(limit)


def _polnear(limit: int | None) -> list[dict]:
    folder = SHARED / "eval" / "attribution" / "polnear-train" / "data" / "train" / "text"
    return [{"id": path.stem, "text": path.read_text(encoding="utf-8")}
            for path in sorted(folder.glob("*"))[:limit]]


def _hedging(limit: int | None) -> list[dict]:
    from eval_hedging import load

    return [{"id": f"hedge-{i}", "text": text} for i, (text, _) in enumerate(load()[:limit])]


def _temporal(limit: int | None) -> list[dict]:
    from tempeval import sets

    records = []
    for name, (language, _, documents) in sets().items():
        for document in documents[:limit]:
            record = {"id": f"{name}/{document.name}", "text": document.text,
                      "language": language}
            if document.creation_time:
                record["published"] = document.creation_time
            records.append(record)
    return records


#: Each set: the paths to audit, or a function giving records (id, text, …) to audit.
SETS = {
    "gnad": _gnad,
    "seeds": lambda limit: sorted((SHARED / "seeds").glob("*"))[:limit],
    "data": lambda limit: sorted((ROOT / "data" / "corpus").glob("*"))[:limit],
    "polnear": _polnear,
    "hedging": _hedging,
    "temporal": _temporal,
}


def _plain(value):
    """A cell as JSON can hold it, the same on every run."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


#: Where the records of a set are written for the audit (set by :func:`snapshot`).
INPUT = Path("<input>")


def _line(row: dict) -> str:
    """A row as one JSON line, with the checkout's and the corpora's folders named alike
    in every checkout."""
    line = json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False,
                      sort_keys=True)
    for folder, name in ((INPUT, "<input>"), (SHARED.resolve(), "<shared>"),
                         (SHARED, "<shared>"), (ROOT, "<checkout>")):
        line = line.replace(str(folder), name)
    return line + "\n"


def _write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(map(_line, rows))


def snapshot(name: str, out: Path, limit: int | None) -> None:
    """Audit one set and write its tables and findings under ``out/name``."""
    from audit.config import load_config
    from audit.pipeline import audit
    from audit.tables import TABLE_NAMES

    source = SETS[name](limit)
    if not source:
        raise SystemExit(f"set {name}: nothing to read (is {SHARED} there?)")
    global INPUT
    INPUT = (out / ".input").resolve()
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(source[0], dict):
        # beside the snapshot (two snapshots may run at once); named alike in the output
        records = INPUT / f"{name}.jsonl"
        records.parent.mkdir(parents=True, exist_ok=True)
        records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in source),
                           encoding="utf-8")
        try:
            result = audit([records], load_config(ROOT), jobs=1)
        finally:
            records.unlink()
    else:
        result = audit(source, load_config(ROOT), jobs=1)
    for table in TABLE_NAMES:
        frame = result.tables[table]
        if table == "articles":
            frame = frame.drop(columns=["text"])
        _write(frame.to_dict("records"), folder / f"{table}.jsonl")
    _write([finding.to_json() for finding in result.findings], folder / "findings.jsonl")
    print(f"{name}: {len(result.tables.articles)} articles, {len(result.findings)} findings")


def compare(before: Path, after: Path, shown: int = 5) -> int:
    """Print the lines only one side has, per set and file; 1 if there are any."""
    differing = 0
    files = sorted({p.relative_to(before) for p in before.glob("*/*.jsonl")}
                   | {p.relative_to(after) for p in after.glob("*/*.jsonl")})
    for relative in files:
        sides = []
        for side in (before, after):
            path = side / relative
            sides.append(path.read_text(encoding="utf-8").splitlines() if path.exists()
                         else [])
        kept = [set(side) for side in sides]
        gone = [line for line in sides[0] if line not in kept[1]]
        new = [line for line in sides[1] if line not in kept[0]]
        if not gone and not new:
            print(f"{relative}: identical ({len(sides[0])} lines)")
            continue
        differing += 1
        print(f"{relative}: {len(gone)} lines only before, {len(new)} only after")
        for sign, lines in (("-", gone), ("+", new)):
            for line in lines[:shown]:
                print(f"  {sign} {line[:300]}")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder to write the snapshot to")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    parser.add_argument("--limit", type=int, help="at most this many articles per set")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    arguments = parser.parse_args()
    if arguments.compare:
        return compare(*arguments.compare)
    if arguments.out is None:
        parser.error("give a folder to write to, or --compare BEFORE AFTER")
    for name in arguments.sets.split(","):
        if name not in SETS:
            parser.error(f"unknown set {name!r} (known: {', '.join(SETS)})")
        snapshot(name, arguments.out, arguments.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
