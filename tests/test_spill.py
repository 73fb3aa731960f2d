"""A large corpus's wide tables are kept on disk while it is audited (audit.engine.spill):
the findings and the reports are the same as with every table in memory."""

from __future__ import annotations

import gc
import json
import multiprocessing
import pickle

import pytest

from audit.config import load_config
from audit.engine.spill import (
    SPILLED,
    SpilledTables,
    give_back_texts,
    mapped_texts,
    read_columns,
    spill_folder,
    write_columns,
)
from audit.ingest import ingest
from audit.limits import DEFAULT
from audit.normalise.build import normalise_partitions
from audit.pipeline import audit
from audit.report.output import write_reports
from tests.conftest import ROOT

CORPUS = ROOT / "data" / "corpus"


def reports(tmp_path, name: str, spill_above: int, jobs: int) -> dict[str, bytes]:
    config = load_config(ROOT)
    config.spill_above = spill_above
    result = audit([CORPUS], config, jobs=jobs)
    assert isinstance(result.tables, SpilledTables) == (spill_above == 0)
    write_reports(result, tmp_path / name, "never")
    return {path.name: path.read_bytes() for path in (tmp_path / name).iterdir()
            if path.is_file() and not path.name.startswith(".")}


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="worker processes start by fork"))])
def test_spilled_tables_give_the_same_reports_byte_for_byte(tmp_path, jobs):
    in_memory = reports(tmp_path, "memory", 10**12, jobs)
    spilled = reports(tmp_path, "spilled", 0, jobs)
    assert set(in_memory) == {"findings.json", "index.html", "findings.sarif", "junit.xml"}
    assert spilled == in_memory
    assert json.loads(in_memory["findings.json"])["findings"]  # (not empty)


def test_only_the_narrow_tables_stay_and_the_wide_ones_are_read_back_when_asked(tmp_path):
    articles = ingest([CORPUS], DEFAULT)
    folder = spill_folder()
    tables, _ = normalise_partitions(articles, jobs=1, spill=folder)
    memory, _ = normalise_partitions(articles, jobs=1)
    partitions = tables._spill.partitions
    assert partitions > 1  # (data/corpus is cut into several)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [f"{name}-{number:06d}.pickle" for name in SPILLED for number in range(partitions)]
        + ["entities.pickle"])  # (written whole once its keys are filled)
    assert set(tables.__dict__) >= {"articles"}
    assert tables._entities is None  # (on disk)
    assert not set(tables.__dict__) & set(SPILLED)
    assert not tables._spill.loaded  # nothing read back yet
    # entities: some columns read from the file, without holding the table; all of it
    # held until released
    assert tables.columns("entities", ["entity_id", "entity_key"]).equals(
        memory.entities[["entity_id", "entity_key"]])
    persons = tables.columns("entities", ["entity_id"], "given")
    assert persons.equals(memory.entities.loc[memory.entities.given.notna(), ["entity_id"]]
                          .reset_index(drop=True))
    assert 0 < len(persons) < len(memory.entities)
    assert not tables._spill.loaded
    assert tables.entities.equals(memory.entities)
    assert set(tables._spill.loaded) == {"entities"}
    tables.release()
    assert tables.sentences.equals(memory.sentences)
    assert set(tables._spill.loaded) == {"sentences"}
    assert tables.columns("timexes", ["timex_id", "text"]).equals(
        memory.timexes[["timex_id", "text"]])
    assert set(tables._spill.loaded) == {"sentences"}  # (read a partition at a time)
    tables.release()
    assert not tables._spill.loaded

    # building events fills assertions.event_id: it stays filled when read back again
    assert tables.events.equals(memory.events)
    tables.release()
    filled = memory.assertions.event_id
    assert filled.notna().any()
    assert tables.assertions.event_id.equals(filled)
    assert tables.columns("assertions", ["event_id"]).event_id.equals(filled)
    # only the rows where a column is set, numbered from 0, read a partition at a time
    tables.release()
    about_events = tables.columns("assertions", ["article_id", "event_id"], "event_id")
    expected = memory.assertions.loc[filled.notna(), ["article_id", "event_id"]]
    assert about_events.equals(expected.reset_index(drop=True))
    assert len(about_events) < len(memory.assertions)  # (the near miss: claims of no event)
    assert not tables._spill.loaded

    # the folder goes with the last view of the tables
    view = tables.with_articles(tables.articles.head(1))
    del tables
    gc.collect()
    assert folder.exists()
    del view
    gc.collect()
    assert not folder.exists()


def test_events_built_from_the_columns_they_read_fill_the_assertions_a_check_holds():
    articles = ingest([CORPUS], DEFAULT)
    memory, _ = normalise_partitions(articles, jobs=1)
    tables, _ = normalise_partitions(articles, jobs=1, spill=spill_folder())
    held = tables.assertions  # (as a check asking for assertions and events holds it)
    assert held.event_id.isna().all()
    assert tables.events.equals(memory.events)  # (built from events.READS' columns)
    filled = memory.assertions.event_id
    assert held.event_id.equals(filled)
    assert "sentences" not in tables._spill.loaded  # (events read no sentences)


def test_the_rows_of_some_articles_come_from_the_partitions_that_hold_them_only():
    articles = ingest([CORPUS], DEFAULT)
    memory, _ = normalise_partitions(articles, jobs=1)
    tables, _ = normalise_partitions(articles, jobs=1, spill=spill_folder())
    spill = tables._spill
    ids = articles.article_id.tolist()
    first, last = ids[0], ids[-1]
    assert spill.partition_of[first] == 0 and spill.partition_of[last] == spill.partitions - 1
    wanted = ["assertion_id", "article_id", "text", "event_id"]
    rows = tables.rows_of("assertions", [last, first], wanted)
    expected = memory.assertions.loc[memory.assertions.article_id.isin([first, last]), wanted]
    assert rows.equals(expected.reset_index(drop=True))
    assert list(rows.columns) == wanted and rows.article_id.iloc[0] == first  # corpus order
    assert {key[:2] for key in spill._recent} == {("assertions", 0),
                                                  ("assertions", spill.partitions - 1)}
    assert not spill.loaded  # (the table was never read whole)
    # the near miss: an article with no rows, or none known, gives an empty typed table
    assert tables.rows_of("timexes", ["no such article"], ["timex_id"]).empty
    assert list(tables.rows_of("timexes", [], ["timex_id", "start"]).columns) == \
        ["timex_id", "start"]
    # events built: the rows read carry their event ids, as the whole table does
    assert tables.events.equals(memory.events)
    filled = tables.rows_of("assertions", ids).event_id
    assert filled.notna().any() and filled.equals(memory.assertions.event_id)


def test_a_spilled_table_is_read_back_a_column_at_a_time(tmp_path, monkeypatch):
    articles = ingest([CORPUS], DEFAULT)
    memory, _ = normalise_partitions(articles, jobs=1)
    path = tmp_path / "assertions-000000.pickle"
    write_columns(path, memory.assertions)
    assert read_columns(path).equals(memory.assertions)  # all columns, in order, typed
    assert list(read_columns(path).dtypes) == list(memory.assertions.dtypes)
    wanted = ["event_id", "article_id", "hedges"]
    assert read_columns(path, wanted).equals(memory.assertions[wanted])
    # the columns not wanted are never unpickled: only the index and the wanted ones are
    loads = []
    real_load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda handle: loads.append(1) or real_load(handle))
    assert list(read_columns(path, ["speaker"]).columns) == ["speaker"]
    assert len(loads) == 2


def test_the_texts_of_a_spilled_corpus_are_read_from_a_mapped_file(tmp_path):
    articles = ingest([CORPUS], DEFAULT)
    mapped = mapped_texts(articles, tmp_path)
    assert mapped.text.equals(articles.text) and mapped.title.equals(articles.title)
    assert str(mapped.text.dtype) == str(articles.text.dtype) == "str"
    assert mapped.drop(columns=["text", "title"]).equals(articles.drop(columns=["text", "title"]))
    assert articles.text.array.__arrow_array__().chunks[0].buffers()[2].address != \
        mapped.text.array.__arrow_array__().chunks[0].buffers()[2].address
    # a title that is its whole text is (a slice of) the texts' array: written once
    titled = sum(1 for title, text in zip(articles.title, articles.text, strict=True)
                 if title != text)  # (a title of its own: the front matter's, a first line)
    assert _rows_written(tmp_path / "texts.arrow") == len(articles) + titled
    give_back_texts()  # (the pages are let go; the texts read again are the same)
    assert mapped.text.tolist() == articles.text.tolist()
    # the near miss: texts that are not an Arrow column stay as they are, nothing written
    plain = articles.astype({"text": object, "title": object})
    assert mapped_texts(plain, tmp_path / "plain") is plain


def test_one_line_articles_share_their_text_as_title_in_the_mapped_file(tmp_path):
    import pandas as pd

    records = tmp_path / "one-line.jsonl"
    records.write_text("".join(json.dumps({"id": f"a{n}", "text": f"Zeile {n} ohne Titel"})
                               + "\n" for n in range(50)), encoding="utf-8")
    articles = ingest([records], DEFAULT)
    assert articles.title.equals(articles.text)
    (tmp_path / "spill").mkdir()
    mapped = mapped_texts(articles, tmp_path / "spill")
    assert mapped.title.tolist() == [f"Zeile {n} ohne Titel" for n in range(50)]
    assert isinstance(mapped, pd.DataFrame)
    assert _rows_written(tmp_path / "spill" / "texts.arrow") == 50  # (not 100)


def _rows_written(path) -> int:
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all().num_rows


def test_findings_kept_in_a_file_are_read_back_by_position_and_in_order(tmp_path):
    from audit.engine.spill import FINDINGS_BLOCK, FindingsFile
    from audit.findings import ReportedFinding

    findings = [ReportedFinding("DQ001", "info", f"a{n}", "p.md", n, n + 1, 1, "x", f"m{n}")
                for n in range(2 * FINDINGS_BLOCK + 7)]
    kept = FindingsFile.write(tmp_path / "findings.pickle", iter(findings))
    (tmp_path / "findings.pickle").unlink()  # (read through its open handle)
    assert len(kept) == len(findings)
    assert list(kept) == findings
    assert [kept[0], kept[FINDINGS_BLOCK], kept[-1]] == \
        [findings[0], findings[FINDINGS_BLOCK], findings[-1]]
    assert kept[FINDINGS_BLOCK - 2:FINDINGS_BLOCK + 2] == \
        findings[FINDINGS_BLOCK - 2:FINDINGS_BLOCK + 2]
    with pytest.raises(IndexError):
        kept[len(findings)]
    assert list(FindingsFile.write(tmp_path / "none.pickle", [])) == []


def test_a_spilled_audit_keeps_its_findings_in_a_file_in_order_and_marked(tmp_path):
    """Spilled, the findings are written to disk partition by partition and put in the
    order of an audit in memory (corpus-scope findings among the article-scope ones), with
    the same waivers applied; the partitions' files are gone, the outcomes hold none."""
    from audit.engine.spill import FindingsFile

    def findings(spill_above: int):
        config = load_config(ROOT)
        config.spill_above = spill_above
        config.waivers = [{"code": "TMP003", "reason": "no dates in the sample"}]
        result = audit([CORPUS], config, jobs=1)
        return result, [(f.code, f.article_id, f.start, f.end, f.message, f.suppressed)
                        for f in result.findings]

    in_memory, expected = findings(10**12)
    spilled, found = findings(0)
    assert isinstance(spilled.findings, FindingsFile)
    assert not isinstance(in_memory.findings, FindingsFile)
    assert found == expected
    assert {code for code, *_ in found} >= {"TMP003", "CON005"}  # (both scopes)
    assert {suppressed for code, *_, suppressed in found if code == "TMP003"} == \
        {"waived: no dates in the sample"}
    assert [o.findings for o in spilled.outcomes] == [[] for _ in spilled.outcomes]
    assert not list(spilled.tables._spill.folder.glob("findings-*"))


def test_the_linked_tables_of_a_spilled_corpus_are_read_back_when_asked_and_let_go():
    """events linked over a spilled corpus are kept in the spill folder, quantities as
    each partition wrote them (never gathered): the same tables when read back, held
    only until the tables are released, and some columns of quantities read a partition
    at a time without holding the table."""
    articles = ingest([CORPUS], DEFAULT)
    tables, _ = normalise_partitions(articles, jobs=1, spill=spill_folder(), link=True)
    memory, _ = normalise_partitions(articles, jobs=1, link=True)
    folder = tables._spill.folder
    assert sorted(tables._built) == ["events", "quantities"]
    partitions = tables._spill.partitions
    assert partitions > 1
    assert {"linked-events.pickle"} | {f"quantities-{n:06d}.pickle" for n in range(partitions)} \
        <= {path.name for path in folder.iterdir()}
    assert "linked-quantities.pickle" not in {path.name for path in folder.iterdir()}
    tables.release()
    assert not tables._built._held  # (nothing held between checks)
    wanted = ["article_id", "assertion_id", "low", "noun_key"]
    assert tables.columns("quantities", wanted).equals(memory.quantities[wanted])
    assert not tables._built._held  # (read a partition at a time, not whole)
    assert tables.quantities.equals(memory.quantities)
    assert len(memory.quantities) and len(memory.events)  # (not empty)
    assert tables.events.equals(memory.events)
    assert set(tables._built._held) == {"quantities", "events"}
    tables.release()
    assert not tables._built._held
    assert "events" in tables._built and "sentences" not in tables._built
