"""Timings, peak memory and scaling of the cross-article stages: quantities, stories and
event linking, and the checks that stand on them (CON001 to CON004, CON006, DQ003).

Run with ``nox -s bench`` (or ``python benchmarks/bench_events.py``). The corpus is
../shared/corpora/10kgnad-test.csv, normalised once; its articles have no dates, so each
is given a publication day (spread over a year, the same on every run). The corpus "ten
times over" is made from the normalised tables (ids made unique, each copy published
``COPY_SHIFT_DAYS`` later), so only the stages measured here run on it. The target
(issue #11): ten times the corpus costs at most about twelve times the corpus once. Times
are CPU time of this process (``time.process_time``: other work on a shared machine does
not count), the fewest of ``REPEATS`` runs. Last, DQ003's recall on copies of 10kGNAD
articles planted back into it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evaluation.gnad import CORPUS, gnad_texts, read_gnad  # noqa: E402

COPY_SHIFT_DAYS = 400
#: Each stage is run this many times, and the fewest seconds kept.
REPEATS = 3
_START = dt.date(2025, 1, 1)


def load(path: Path, limit: int | None) -> pd.DataFrame:
    from audit.ingest import from_records

    frame = read_gnad(limit, path)
    records = [{"id": f"gnad-{i}", "title": text.split(". ")[0][:120], "text": text,
                "published": (_START + dt.timedelta(days=(i * 7) % 365)).isoformat()}
               for i, text in enumerate(frame.text)]
    return from_records(records, str(path))


def copies(tables, times: int):
    """The tables ``times`` over: each copy's ids suffixed, its dates shifted."""
    from audit.tables import Tables

    def suffix(values, k):
        return [None if v is None or v != v else f"{v}~{k}" for v in values]

    def shift(values, k):
        out = []
        for v in values:
            if isinstance(v, str) and len(v) == 10:
                v = (dt.date.fromisoformat(v) + dt.timedelta(days=k * COPY_SHIFT_DAYS)).isoformat()
            elif isinstance(v, dt.date):
                v = v + dt.timedelta(days=k * COPY_SHIFT_DAYS)
            out.append(v)
        return out

    parts = {name: [] for name in ("articles", "sentences", "timexes", "entities",
                                   "assertions")}
    for k in range(times):
        for name in parts:
            table = tables[name].copy()
            for column in ("article_id", "assertion_id", "entity_id", "timex_id",
                           "event_timex_id"):
                if column in table:
                    table[column] = suffix(table[column].tolist(), k)
            for column in ("timex_ids", "entity_ids"):
                if column in table:
                    table[column] = [[f"{v}~{k}" for v in ids] for ids in table[column]]
            for column in ("published", "earliest", "latest", "event_earliest",
                           "event_latest"):
                if column in table:
                    table[column] = shift(table[column].tolist(), k)
            parts[name].append(table)
    return Tables(**{name: pd.concat(frames, ignore_index=True)
                     for name, frames in parts.items()})


def stages(tables) -> dict[str, float]:
    """Seconds of each new stage on ``tables`` (a fresh copy: lazy tables not yet built),
    with the garbage collector run as rarely as an audit runs it."""
    from audit import collector

    with collector.rarely():
        return _stages(tables)


def _stages(tables) -> dict[str, float]:
    from audit.normalise.events import (
        ENTITY_COLUMNS,
        forget_leads,
        leads_of,
        link,
        mentions_of,
        stories,
    )
    from audit.tables import TABLE_NAMES
    from checks.check_duplicates import check_duplicates
    from checks.check_event_dates import check_event_dates
    from checks.check_event_quantities import check_event_quantities
    from checks.check_misquotation import check_misquotation
    from checks.check_opposite_claims import check_opposite_claims
    from checks.check_who_did_what import check_who_did_what

    def run(check):
        """A check's findings, its tables given by parameter name as the engine gives them
        (so a check that asks for another table still runs here)."""
        names = inspect.signature(check).parameters
        given = {name: tables[name] for name in names if name in TABLE_NAMES}
        return list(check(**given, **({"config": {}} if "config" in names else {})))

    parts = {}

    def keep(name, value):
        parts[name] = value

    work = {
        # the per-article parts a worker builds for its partition, and the linking of them
        "event mentions (per article)": lambda: keep("mentions", mentions_of(tables)),
        "event leads (per article)": lambda: keep("leads", leads_of(tables.articles)),
        "event linking (narrow)": lambda: link(parts["mentions"], parts["leads"],
                                               tables.entities[ENTITY_COLUMNS]),
        "quantities": lambda: tables.quantities,
        "stories": lambda: stories(tables.articles),
        "events (with stories)": lambda: tables.events,
        "CON001": lambda: run(check_event_dates),
        "CON002": lambda: run(check_event_quantities),
        "CON003": lambda: run(check_opposite_claims),
        "CON004": lambda: run(check_who_did_what),
        "CON006": lambda: run(check_misquotation),
        "DQ003": lambda: run(check_duplicates),
    }
    timings = {}
    for name, stage in work.items():
        forget_leads()  # each stage pays for the stories it reads, as the first reader does
        started = time.process_time()
        stage()
        timings[name] = time.process_time() - started
    return timings


def planted_copies(path: Path, copies_: int = 50) -> str:
    """DQ003 on the corpus with ``copies_`` of its articles planted again under a new
    headline, every second one with one sentence dropped: how many it finds, and what else
    it flags."""
    import random

    from audit.ingest import from_records
    from checks.check_duplicates import check_duplicates

    texts = gnad_texts(path=path)
    records = [{"id": f"gnad-{i}", "title": f"Titel {i}", "text": f"Titel {i}\n\n{t}"}
               for i, t in enumerate(texts)]
    rng = random.Random(7)
    planted = rng.sample(range(len(texts)), copies_)
    for n, i in enumerate(planted):
        sentences = texts[i].split(". ")
        if n % 2 and len(sentences) > 3:
            del sentences[rng.randrange(1, len(sentences))]
        records.append({"id": f"copy-{i}", "title": f"Neuer Titel {n}",
                        "text": f"Neuer Titel {n}\n\n{'. '.join(sentences)}"})
    articles = from_records(records, str(path))
    articles = articles[articles.status == "audited"]
    found = {f.article_id: f.related[0].article_id for f in check_duplicates(articles, {})}
    hits = sum(found.get(f"copy-{i}") == f"gnad-{i}" for i in planted)
    other = sum(not article_id.startswith("copy-") for article_id in found)
    return (f"DQ003 on {copies_} planted copies (half with a sentence dropped): {hits} found, "
            f"{other} other findings")


def linking_memory(tables) -> tuple[int, int, int]:
    """Peak bytes allocated (tracemalloc) by building the events from the whole tables, by
    linking the mentions and leads the partitions would send (``events.link``: only narrow
    columns), and held by those mentions and leads."""
    from audit.normalise.events import ENTITY_COLUMNS, leads_of, link, mentions_of

    def peak(work) -> tuple[int, int, object]:
        tracemalloc.start()
        result = work()
        held, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top, held, result

    whole, _, _ = peak(lambda: fresh(tables).events)
    _, inputs, (mentions, leads) = peak(lambda: (mentions_of(tables), leads_of(tables.articles)))
    entities = tables.entities[ENTITY_COLUMNS]
    narrow, _, _ = peak(lambda: link(mentions, leads, entities))
    return whole, narrow, inputs


def fresh(tables):
    from audit.tables import Tables

    return Tables(tables.articles, tables.sentences, tables.timexes, tables.entities,
                  tables.assertions.copy())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--times", type=int, default=10, help="copies for the scaling run")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is absent: the benchmark reads the shared corpora")
    from audit.normalise.build import normalise

    articles = load(CORPUS, args.limit)
    started = time.perf_counter()
    tables = normalise(articles, jobs=1)
    chars = int(tables.articles.text.str.len().sum())
    print(f"10kGNAD: {len(tables.articles)} articles, {chars:,} characters, normalised in "
          f"{time.perf_counter() - started:.1f}s")
    stages(fresh(tables))  # warm: resources loaded, patterns compiled
    runs = [stages(fresh(tables)) for _ in range(REPEATS)]
    once = {name: min(run[name] for run in runs) for name in runs[0]}
    tracemalloc.start()
    stages(fresh(tables))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    many = copies(tables, args.times)
    runs = [stages(fresh(many)) for _ in range(REPEATS)]
    over = {name: min(run[name] for run in runs) for name in runs[0]}
    print(f"{'stage':<24}{'once':>10}{'chars/s':>14}{f'x{args.times}':>10}{'ratio':>8}")
    for name, seconds in once.items():
        print(f"{name:<24}{seconds:>9.3f}s{chars / max(seconds, 1e-9):>14,.0f}"
              f"{over[name]:>9.3f}s{over[name] / max(seconds, 1e-9):>8.1f}")
    linking = ("events (with stories)", "CON001", "CON002", "CON003", "CON004", "CON006")
    total_once = sum(once[n] for n in linking)
    total_over = sum(over[n] for n in linking)
    print(f"event linking + CON checks (CPU, fewest of {REPEATS}): {total_once:.3f}s once, "
          f"{total_over:.3f}s x{args.times}: {total_over / total_once:.1f} times (target: at "
          "most ~12)")
    print(f"peak memory allocated by the new stages (tracemalloc): {peak / 1e6:.1f} MB")
    for label, corpus in (("once", tables), (f"x{args.times}", many)):
        whole, narrow, inputs = linking_memory(corpus)
        print(f"events {label}: peak allocated building from the whole tables {whole / 1e6:.1f} "
              f"MB; linking the per-article mentions {narrow / 1e6:.1f} MB (its narrow inputs "
              f"{inputs / 1e6:.1f} MB)")
    print(planted_copies(CORPUS))


if __name__ == "__main__":
    main()
