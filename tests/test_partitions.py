"""Article-scope checks run in the worker processes, on the partition each one normalised."""

from __future__ import annotations

import multiprocessing

import pytest

from audit import check
from audit.config import load_config
from audit.engine.discovery import discover
from audit.pipeline import audit, build_tables, run_audit
from tests.conftest import ROOT

CHECKS = '''
from audit import Finding, check


@check("DQ901", severity="info", scope="article")
def check_seen_by_article(articles):
    """How many articles an article-scope check sees at once."""
    for row in articles.itertuples():
        if "boom" in row.text:
            raise ValueError("boom in " + row.article_id)
        yield Finding(row.article_id, 0, 1, f"{len(articles)} seen")


@check("DQ902", severity="info")
def check_seen_by_corpus(articles):
    """How many articles a corpus-scope check sees."""
    for row in articles.itertuples():
        yield Finding(row.article_id, 0, 1, f"{len(articles)} seen")
'''


def setup(tmp_path, texts):
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "check_seen.py").write_text(CHECKS, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, text in enumerate(texts):
        (corpus / f"a{number}.txt").write_text(f"Titel\\n{text}\\n", encoding="utf-8")
    config = load_config(tmp_path)
    config.checks = tmp_path / "checks"
    config.shipped_checks = False
    return corpus, config


def test_an_article_check_sees_its_partition_and_a_corpus_check_the_whole_corpus(tmp_path):
    corpus, config = setup(tmp_path, ["Die Lage ist ruhig."] * 4)
    result = audit([corpus], config, jobs=2)  # 4 articles over 2 processes: one per partition
    messages = {(f.code, f.article_id): f.message for f in result.findings}
    assert messages == {**{("DQ901", f"a{n}"): "1 seen" for n in range(4)},
                        **{("DQ902", f"a{n}"): "4 seen" for n in range(4)}}
    # in one process there are no partitions to run on: every check sees the corpus
    serial = audit([corpus], config, jobs=1)
    assert {f.message for f in serial.findings} == {"4 seen"}


def test_an_article_check_failing_on_one_partition_is_one_error_and_the_rest_still_runs(
        tmp_path):
    corpus, config = setup(tmp_path, ["Die Lage ist ruhig.", "boom", "Es regnet.",
                                      "Es schneit."])
    result = audit([corpus], config, jobs=2)
    assert [e["message"] for e in result.check_errors] == [
        "check_seen_by_article raised ValueError: boom in a1 "
        f"({config.checks / 'check_seen.py'}:10)"]
    assert sorted(f.article_id for f in result.findings if f.code == "DQ901") == [
        "a0", "a2", "a3"]
    assert len([f for f in result.findings if f.code == "DQ902"]) == 4


FAILS_HALFWAY = '''
from audit import Finding, check


@check("DQ903", severity="info", scope="article")
def check_fails_halfway(articles):
    """Names each article's title and text; raises on an article saying "boom", between."""
    for row in articles.itertuples():
        yield Finding(row.article_id, 0, 5, "the title")
        if "boom" in row.text:
            raise ValueError("boom in " + row.article_id)
        yield Finding(row.article_id, 6, 10, "the text")
'''


@pytest.mark.parametrize("jobs", [2, 1])
def test_an_article_check_failing_on_one_article_loses_only_that_article_s_findings(
        tmp_path, jobs):
    """Ten articles on two processes are partitions of three (two a process); the check
    fails on a4, in the partition of a3 to a5: run again on each of those alone, a3 and a5
    keep both findings and a4 the one made before the exception. In one process the check
    fails on the whole corpus and is run again article by article: the same findings and
    error."""
    corpus, config = setup(tmp_path, ["Die Lage ist ruhig."] * 4 + ["boom"]
                           + ["Es regnet."] * 5)
    (config.checks / "check_seen.py").write_text(FAILS_HALFWAY, encoding="utf-8")
    result = audit([corpus], config, jobs=jobs)
    assert [(f.article_id, f.start, f.message) for f in result.findings] == [
        (f"a{n}", start, message) for n in range(10)
        for start, message in ((0, "the title"), (6, "the text"))
        if (n, start) != (4, 6)]
    assert [e["message"] for e in result.check_errors] == [
        "check_fails_halfway raised ValueError: boom in a4 "
        f"({config.checks / 'check_seen.py'}:11) on article a4"]


@pytest.mark.skipif(multiprocessing.get_context().get_start_method() != "fork",
                    reason="workers inherit the discovered checks only when forked")
def test_forked_workers_do_not_discover_the_checks_again(tmp_path):
    corpus, config = setup(tmp_path, ["Die Lage ist ruhig."] * 4)
    loads = tmp_path / "loads.txt"
    checks = config.checks / "check_seen.py"
    checks.write_text(f"open({str(loads)!r}, 'a').write('loaded\\n')\n" + CHECKS,
                      encoding="utf-8")
    result = audit([corpus], config, jobs=2)  # 4 partitions on 2 processes
    assert len([f for f in result.findings if f.code == "DQ901"]) == 4
    # once, here: not again in each worker (nor once per partition)
    assert loads.read_text() == "loaded\n"


def test_the_sample_corpus_gives_the_same_findings_with_partitions_as_without():
    config = load_config(ROOT)
    spread = audit(config.corpus, config, jobs=2)
    whole = run_audit(build_tables(config.corpus, jobs=1), config)

    def key(f):
        return (f.code, f.article_id, f.start, f.end, f.line, f.message, f.excerpt,
                f.fingerprint, repr(f.related), f.severity)

    assert [key(f) for f in spread.findings] == [key(f) for f in whole.findings]
    assert spread.check_errors == whole.check_errors == []
    assert len(spread.findings) > 20


def test_scope_is_article_or_corpus():
    with pytest.raises(ValueError, match="scope 'partition' must be one of article, corpus"):
        check("DQ903", scope="partition")


def test_shipped_checks_declare_their_scope():
    suite = discover(ROOT / "checks")
    scopes = {spec.code: spec.scope for spec in suite.checks}
    # comparing articles: corpus; rule files and single-article checks: article
    assert scopes["TMP001"] == scopes["CON005"] == scopes["DQ102"] == "corpus"
    assert scopes["AIG001"] == scopes["ATR001"] == scopes["TMP002"] == "article"


def test_corpus_checks_prepare_while_the_workers_build_the_tables(tmp_path, monkeypatch):
    from audit import Finding, pipeline
    from audit.engine.discovery import Suite
    from audit.engine.registry import CheckSpec

    calls = []

    def check_count(articles):
        calls.append(("check", len(articles)))
        yield Finding(None, None, None, f"{len(articles)} articles")

    spec = CheckSpec(name="check_count", code="DQ904", severity="info", title="t", what="",
                     why="", flagged="", clean="", func=check_count, path="x.py",
                     params=("articles",), prepare=lambda: calls.append(("prepare",)))
    monkeypatch.setattr(pipeline, "discover", lambda root: Suite([spec], {}, []))
    corpus, config = setup(tmp_path, ["Die Lage ist ruhig."] * 3)
    result = audit([corpus], config, jobs=2)
    assert calls == [("prepare",), ("check", 3)]
    assert [f.message for f in result.findings] == ["3 articles"]
    calls.clear()
    audit([corpus], config, jobs=1)  # nothing to overlap with: the check alone
    assert calls == [("check", 3)]


def test_a_table_is_typed_the_same_however_the_corpus_is_cut():
    from audit.tables import DTYPES, concat, frame

    # one partition where no sentence has a speaker, one where one does
    quiet = frame("assertions", [{"article_id": "a", "assertion_id": "a/a0", "sent_id": 0,
                                  "start": 0, "end": 4, "text": "Ruhe", "speaker": None,
                                  "in_quote": False}])
    said = frame("assertions", [{"article_id": "b", "assertion_id": "b/a0", "sent_id": 0,
                                 "start": 0, "end": 9, "text": "Sie sagte", "speaker": "Sie",
                                 "in_quote": False}])
    assert quiet.speaker.dtype == said.speaker.dtype == "str"
    joined = concat("assertions", [quiet, frame("assertions", []), said])
    assert {column: str(joined[column].dtype) for column in DTYPES["assertions"]} == \
        DTYPES["assertions"]
    assert joined.speaker.isna().tolist() == [True, False]
    assert joined.article_id.tolist() == ["a", "b"]


@pytest.mark.parametrize("name", ["sentences", "timexes", "entities", "assertions"])
def test_a_table_is_the_same_built_by_columns_as_the_general_way(name, monkeypatch):
    import pandas as pd

    from audit import tables
    from audit.normalise.build import normalise_article

    text = ("Außenminister Sergej Lawrow sagte am 3. Mai 2024 in Moskau, man werde „bald "
            "verhandeln“. Lawrows Sprecher bestätigte das am Montag.\nWetter: Regen")
    rows = normalise_article("a", text, "de", "2024-05-06")[name]
    assert rows
    # (a value the columns cannot hold as they are: the general way)
    odd = [{**rows[0], "start": None}, *rows[1:]]
    built = [tables.frame(name, rows), tables.frame(name, odd)]
    monkeypatch.setattr(tables, "_typed_frame", lambda *args: None)
    for table, source in zip(built, (rows, odd), strict=True):
        pd.testing.assert_frame_equal(table, tables.frame(name, source))
    assert built[1].start.isna().tolist()[0]


SKIPPING = '''
import pytest

from audit import Finding, check


@check("DQ905", severity="info", scope="article")
def check_skips(articles):
    """Skips itself where there is no English article."""
    if not (articles.language == "en").any():
        pytest.skip("no English articles")
    yield Finding(articles.article_id.iloc[0], 0, 1, "English")


@check("DQ906", severity="info")
def check_exits(articles):
    """Ends the process, which is an error."""
    raise SystemExit(4)
'''


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_check_that_skips_itself_is_no_error_and_sys_exit_still_is(tmp_path, jobs):
    corpus, config = setup(tmp_path, ["Die Lage ist ruhig."] * 2)
    (config.checks / "check_seen.py").write_text(SKIPPING, encoding="utf-8")
    result = audit([corpus], config, jobs=jobs)
    skipped = next(o.error for o in result.outcomes if o.spec.code == "DQ905")
    assert skipped["skipped"] == "no English articles"
    assert [e["check"] for e in result.check_errors] == ["DQ906"]
    assert result.findings == []
    config.disable = ["DQ906"]
    assert audit([corpus], config, jobs=jobs).exit_code("info") == 0


def test_an_articles_waiver_that_cannot_be_used_is_an_input_error(tmp_path):
    from audit.ingest import from_records

    _, config = setup(tmp_path, [])
    articles = from_records([{"id": "a", "title": "Lage", "text": "Lage\n\nEs ist ruhig."},
                             {"id": "b", "title": "Wetter", "text": "Wetter\n\nEs regnet."}],
                            str(tmp_path / "corpus.jsonl"))
    articles["waivers"] = [[{"code": "DQ910", "reason": "known"}],
                           [{"code": "DQ901", "reason": "seen"}]]
    result = audit(articles, config, jobs=1)
    assert [e["message"].startswith("record [id=a]: audit-ignore:") and "DQ910" in e["message"]
            for e in result.input_errors] == [True]
    assert result.exit_code("never") == 2
    # the near miss: the usable waiver of "b" waives its finding, no error
    assert [(f.article_id, bool(f.suppressed)) for f in result.findings
            if f.code == "DQ901"] == [("a", False), ("b", True)]


def test_an_audit_allocates_arrow_memory_with_the_system_allocator(tmp_path):
    import subprocess
    import sys

    code = ("import pyarrow, pathlib; from audit.config import load_config; "
            "from audit.pipeline import audit; "
            "before = pyarrow.default_memory_pool().backend_name; "
            "c = load_config(pathlib.Path('.')); c.shipped_checks = False; "
            "audit([], c); print(before, pyarrow.default_memory_pool().backend_name)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    before, after = out.stdout.split()
    assert after == "system" and before != "system"  # (mimalloc or jemalloc before)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="worker processes start by fork")
def test_a_worker_that_ends_without_its_result_is_an_error_naming_its_partitions(tmp_path,
                                                                             capsys):
    """A check that ends its worker process (as the OOM killer would) is not a bare
    BrokenProcessPool: the error names the partitions handed out and their articles; the
    command line says so and exits 3. The near miss: the same corpus without it audits."""
    from audit.cli import main
    from audit.normalise.build import WorkerLost

    corpus, config = setup(tmp_path, ["Die Lage ist ruhig."] * 7 + ["exit now"])
    (tmp_path / "checks" / "check_exit.py").write_text(
        "import os\n\nfrom audit import check\n\n\n"
        '@check("DQ903", severity="info", scope="article")\n'
        "def check_ends_the_process(articles):\n"
        '    """Ends its process on one article."""\n'
        "    if articles.text.str.contains(\"exit now\").any():\n"
        "        os._exit(9)\n"
        "    return []\n", encoding="utf-8")
    with pytest.raises(WorkerLost, match=r"partitions? .*4 of 4 \(articles a\d to a7\)"):
        audit([corpus], config, jobs=2)
    (corpus / "a7.txt").write_text("Titel\nDie Lage ist ruhig.\n", encoding="utf-8")
    assert audit([corpus], config, jobs=2).check_errors == []
    (corpus / "a7.txt").write_text("Titel\nexit now\n", encoding="utf-8")
    assert main(["run", str(corpus), "--jobs", "2", "--quiet", "--checks",
                 str(tmp_path / "checks"), "--output", str(tmp_path / "out")]) == 3
    assert "while normalising" in capsys.readouterr().err
