"""Property-based tests (hypothesis): ingest of every format and each normaliser on arbitrary
Unicode never raise, and every span they give lies in the text and is the text it names.

The texts mix arbitrary characters (lone surrogates aside: ingest turns them away, tested
below) with pieces the normalisers react to (dates, weekdays, quotes, cues, runs of stops),
so that the properties are tried where the code does something. The examples are few and
the texts short, to keep the suite fast; there is no deadline (the machine is shared).
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.ingest import from_records, ingest
from audit.normalise.build import normalise_article
from audit.normalise.sentences import quote_spans

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    "am Montag", "Samstag (15.02.2025)", "15.02.2025", "2. Juni", "vor zwei Wochen",
    "gestern", "im März", "2025", "sagte", "sagte Lawrow", "laut Reuters", "so Offizielle",
    "mit den Gesprächen vertraute Quellen", "möglicherweise", "Präsident Putin", "Dr. ",
    "z. B. ", "„", "“", "»", "«", '"', "''", "(", ")", ". ", "!!!", "…", "...", "?!", "\n",
    "\n\n", " ", "-", "ameri-\nkanischer", "on Monday", "February 15, 2025", "two weeks ago",
    "said", "people familiar with the matter", "according to CNN", "allegedly",
    "Mr. Smith", "U.S.", "3,5 Millionen", "mehr als 300", "$2.5 million", "Ⅻ", "٣", "𝟙",
    "ß", "İ", "ﬁ", "\u200b", "\u2028", "\t", "\x00", "\x1b", "😀",
]
UNICODE = st.characters(blacklist_categories=("Cs",))
TEXTS = st.lists(st.one_of(st.text(UNICODE, max_size=12), st.sampled_from(PIECES)),
                 max_size=30).map("".join)
LANGUAGES = st.sampled_from(["de", "en"])
PUBLISHED = st.sampled_from([None, "2025-02-20", "2025-04", "1999", "1000-01-01",
                             "8999-12-31"])


def spans_hold(text: str, rows: list[dict], start: str = "start", end: str = "end",
               named: str | None = None) -> None:
    for row in rows:
        if row.get(start) is None and row.get(end) is None:
            continue
        assert 0 <= row[start] <= row[end] <= len(text), (start, end, row)
        if named is not None:
            assert row[named] == text[row[start]:row[end]], (named, row)


@FUZZ
@given(TEXTS, LANGUAGES, PUBLISHED)
def test_every_normaliser_gives_spans_of_the_text_it_read(text, language, published):
    tables = normalise_article("fuzz", text, language, published)
    spans_hold(text, tables["sentences"], named="text")
    spans_hold(text, tables["timexes"], named="text")
    spans_hold(text, tables["entities"], named="surface")
    spans_hold(text, tables["assertions"], named="text")
    for prefix in ("speaker", "cue", "content"):
        spans_hold(text, tables["assertions"], f"{prefix}_start", f"{prefix}_end")
    for start, end in quote_spans(text):
        assert 0 <= start < end <= len(text)
    sentences = tables["sentences"]
    assert [row["sent_id"] for row in sentences] == list(range(len(sentences)))
    assert all(a["end"] <= b["start"] for a, b in zip(sentences, sentences[1:], strict=False))


RECORDS = st.lists(st.fixed_dictionaries(
    {"id": st.text(UNICODE, max_size=8), "text": TEXTS},
    optional={"title": st.text(UNICODE, max_size=20), "published": PUBLISHED,
              "language": st.sampled_from(["de", "en", "fr", ""])}), min_size=1, max_size=4)


def _written(records: list[dict], suffix: str, folder: Path) -> Path:
    path = folder / f"corpus{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(json.dumps(records), encoding="utf-8")
    elif suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, ["id", "title", "published", "language", "text"])
            writer.writeheader()
            writer.writerows(records)
    else:
        pd.DataFrame(records).to_parquet(path)
    return path


def rows_are_reported(table: pd.DataFrame) -> None:
    assert set(table.status) <= {"audited", "skipped", "failed"}
    for row in table.itertuples(index=False):
        assert (row.status == "audited") == (row.reason is None or row.reason != row.reason)
        assert row.article_id
        if row.status != "audited":
            assert row.text == ""


@FUZZ
@given(RECORDS, st.sampled_from([".jsonl", ".json", ".csv", ".parquet"]))
def test_ingest_of_records_in_every_format_lists_each_record(records, suffix):
    with tempfile.TemporaryDirectory() as folder:
        table = ingest([_written(records, suffix, Path(folder))])
    rows_are_reported(table)
    assert len(table) == len(records)
    for record, row in zip(records, table.itertuples(index=False), strict=True):
        if suffix == ".csv":  # (CSV has no line ends of its own inside a field: \r\n is \n)
            continue
        if record["text"].strip():
            assert row.status in {"audited", "failed"}  # (failed: a date beyond the limits)
            if row.status == "audited":
                assert row.text.endswith(record["text"].lstrip()[-1:])


@FUZZ
@given(TEXTS, st.sampled_from([".txt", ".md"]), PUBLISHED)
def test_ingest_of_text_files_never_raises(text, suffix, published):
    content = (f"---\ntitle: T\npublished: {published}\n---\n" if published else "") + text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_text(content, encoding="utf-8")
        table = ingest([path])
    rows_are_reported(table)
    assert len(table) == 1


@FUZZ
@given(TEXTS, st.integers(0, 30))
def test_a_lone_surrogate_anywhere_fails_its_record_cleanly(text, at):
    at = min(at, len(text))
    broken = text[:at] + "\ud800" + text[at:]
    table = from_records([{"id": "gut", "text": "Am Montag wurde verhandelt."},
                          {"id": "kaputt", "text": broken}])
    assert list(table.status) == ["audited", "failed"]
    assert table.reason[1].startswith(f"record 2: the field 'text' holds a lone surrogate "
                                      f"(U+D800 at character {at})")
