"""The audit on a Dask cluster (audit.engine.distributed) against the local run.

A real ``distributed.LocalCluster`` is started once for the module, as
:func:`audit.engine.distributed.local_cluster` starts one: two worker processes on this
machine, loopback only, one thread and 1 GiB each, Dask's profiler off. The scheduler
gives a task up after its first lost worker (``allowed-failures: 0``), so that a lost
worker fails fast here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from audit.config import load_config
from audit.engine import distributed as on_cluster
from audit.engine.distributed import ClusterError, normalise_on_cluster
from audit.engine.runner import columns_read, rows_read
from audit.engine.spill import columns_of
from audit.ingest import from_records, ingest
from audit.normalise.build import normalise_partitions
from audit.pipeline import audit
from audit.report import json as json_report
from evaluation.gnad import gnad_records
from tests.conftest import ROOT, shared_path

if os.environ.get("CI", "").lower() == "true":  # CI installs the extra: a skip would hide it
    import dask
    import distributed
else:
    distributed = pytest.importorskip("distributed", reason="needs the dask extra: "
                                      "pip install -e '.[dask]'")
    dask = pytest.importorskip("dask")


@pytest.fixture(scope="module")
def client():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = on_cluster.local_cluster(2, memory_limit="1GiB")
    with cluster, distributed.Client(cluster, set_as_default=False) as connected:
        yield connected


def findings_json(result) -> str:
    """findings.json as the reports write it."""
    return json_report.dumps(json_report.document(result))


def gnad_slice(count: int) -> pd.DataFrame:
    """The first ``count`` articles of 10kGNAD's test file as an articles table."""
    path = shared_path("corpora", "10kgnad-test.csv")
    return from_records(gnad_records(count, path), path=str(path))


def test_sample_corpus_findings_are_byte_identical_to_the_local_run(client):
    config = load_config(ROOT)
    local = findings_json(audit([ROOT / "data" / "corpus"], config))
    result = audit([ROOT / "data" / "corpus"], load_config(ROOT), scheduler=client)
    assert findings_json(result) == local
    scope = {spec.code: spec.scope for spec in result.suite.checks}
    assert {scope[f.code] for f in result.findings} == {"article", "corpus"}
    # CON006 declares blocking keys: its key groups ran in the workers
    blocked = {spec.code for spec in result.suite.checks if spec.keys is not None}
    assert "CON006" in blocked
    assert len([f for f in result.findings if f.code in blocked]) >= 2


def test_gnad_slice_findings_are_byte_identical_to_the_local_pool(client):
    articles = gnad_slice(40)
    local = audit(articles, load_config(ROOT), jobs=2)
    result = audit(articles, load_config(ROOT), scheduler=client)
    assert findings_json(result) == findings_json(local)
    assert len(result.tables.articles) == 40
    assert len(result.tables.sentences) == len(local.tables.sentences) > 40


def test_gnad_stories_told_twice_run_their_key_groups_in_the_workers(client, monkeypatch):
    once = gnad_slice(24)
    twice = pd.concat([once, once.assign(article_id=once.article_id + "-again")],
                      ignore_index=True)  # (each story in two articles: events to compare)
    local = audit(twice, load_config(ROOT), jobs=1)
    groups: dict[str, int] = {}
    planned = on_cluster.GroupsOnCluster.planned

    def counted(self, spec, key_groups, asked, declared):
        groups[spec.code] = len(key_groups)
        return planned(self, spec, key_groups, asked, declared)

    # (the groups are planned here, each batch cut from the partitions kept in the workers)
    monkeypatch.setattr(on_cluster.GroupsOnCluster, "planned", counted)
    result = audit(twice, load_config(ROOT), scheduler=client)
    assert findings_json(result) == findings_json(local)
    assert not [e for e in result.errors if e["check"].startswith("CON")]
    # the stories' key groups were shuffled to the workers (one group a story)
    assert groups["CON003"] == groups["CON004"] > 1


def stories_told_twice(count: int) -> pd.DataFrame:
    once = gnad_slice(count)
    return pd.concat([once, once.assign(article_id=once.article_id + "-again")],
                     ignore_index=True)  # (each story in two articles: events to compare)


def transfers_between_workers(client) -> set[str]:
    """The keys of the results each worker has received from another so far."""
    logs = client.run(lambda dask_worker: [
        key for transfer in dask_worker.transfer_incoming_log for key in transfer["keys"]])
    return {str(key) for keys in logs.values() for key in keys}


@pytest.mark.parametrize("corpus", ["sample", "gnad twice"])
def test_kept_in_the_workers_the_wide_tables_never_come_whole_to_the_client(
        client, monkeypatch, corpus):
    from audit.engine.spill import SpilledTables

    articles = ingest([ROOT / "data" / "corpus"]) if corpus == "sample" else \
        stories_told_twice(24)
    local = audit(articles, load_config(ROOT), jobs=1)
    whole = []
    read = SpilledTables._read
    monkeypatch.setattr(SpilledTables, "_read", lambda self, name: whole.append(name) or
                        read(self, name))
    batches = []
    monkeypatch.setattr(on_cluster._Plan, "batch", lambda self, groups: batches.append(
        {a for _, ids in groups for a in ids}) or groups)
    written_here = []
    monkeypatch.setattr(on_cluster, "spill_partition", lambda *args: written_here.append(args))
    brought, narrowed, put_together = [], [], []
    bring_back, narrow = on_cluster.brought_back, on_cluster._OnCluster.narrow
    monkeypatch.setattr(on_cluster, "brought_back", lambda tables: brought.append(
        on_cluster.on_cluster(tables).brought) or bring_back(tables))
    monkeypatch.setattr(on_cluster._OnCluster, "narrow", lambda self, *args: narrowed.append(
        (*args, narrow(self, *args))) or narrowed[-1][-1])
    on_worker = on_cluster.GroupsOnCluster.on_worker
    monkeypatch.setattr(on_cluster.GroupsOnCluster, "on_worker",
                        lambda self, f, spec, wide, declared: put_together.append(
                            (spec.code, tuple(wide), declared)) or on_worker(
                            self, f, spec, wide, declared))
    moved_before = transfers_between_workers(client)
    result = audit(articles, load_config(ROOT), scheduler=client)
    assert findings_json(result) == findings_json(local)
    assert not [e for e in result.errors if e["check"]]
    # no check read a whole wide table here, nor a partition of one
    assert whole == [] and brought == [0]
    # the key functions that read assertions (CON002, CON006) got the columns and rows they
    # declare, cut in the workers that hold each partition: the same frame as locally
    suite = result.suite
    blocked = {spec.code: spec for spec in suite.checks if spec.keys is not None}
    asked = [(code, spec) for code, spec in blocked.items() if "assertions" in
             on_cluster._reads(spec.keys, suite)]
    assert sorted(code for code, _ in asked) == ["CON002", "CON006"]
    assert len(narrowed) == 2
    for (_, spec), (name, wanted, rows_with, got) in zip(asked, narrowed, strict=True):
        assert (name, wanted, rows_with) == ("assertions", columns_read(spec, suite)[name],
                                             rows_read(spec, suite)[name])
        assert len(wanted) < len(local.tables.assertions.columns)
        pd.testing.assert_frame_equal(got, columns_of(local.tables, name, wanted, rows_with))
    # only TMP001 (no keys) put wide tables together in one worker, no key function did;
    # only the columns it declares (of assertions, only the rows about an event)
    [(code, wide, declared)] = put_together
    tmp001 = next(spec for spec in suite.checks if spec.code == "TMP001")
    assert (code, wide, declared) == ("TMP001", ("timexes", "assertions"), {
        "timexes": (columns_read(tmp001, suite)["timexes"], None),
        "assertions": (columns_read(tmp001, suite)["assertions"], "event_id")})
    assert "tense" not in declared["timexes"][0]
    # and no worker was sent a partition kept in another (each partition's narrow columns
    # were cut where it is; each batch takes only its articles' rows from it)
    moved = transfers_between_workers(client) - moved_before
    assert not [key for key in moved if "-kept-" in key or "-partition-" in key]
    assert [key for key in moved if "-rows-" in key] or len(batches) <= 1
    # the key groups were planned here, each batch's rows taken from the partitions
    assert batches and max(map(len, batches)) < len(articles)
    # the reports read them back from a local spill folder, a partition each, which the
    # workers wrote themselves (they see it: the same machine)
    assert isinstance(result.tables, SpilledTables) and written_here == []
    pd.testing.assert_frame_equal(result.tables.assertions, local.tables.assertions)
    if corpus == "sample":  # (CON006's key function reads assertions)
        assert len([f for f in result.findings if f.code == "CON006"]) >= 2


def test_a_worker_that_does_not_see_the_spill_folder_sends_the_tables_back(tmp_path):
    from audit.engine.spill import SPILLED

    tables = {name: pd.DataFrame({"article_id": ["a"]}) for name in (*SPILLED, "articles")}
    (tmp_path / on_cluster._SEEN).write_text("another run", encoding="utf-8")
    back = on_cluster._spilled_there(tables, 3, str(tmp_path), "this run")
    assert sorted(back) == sorted(SPILLED) and back["timexes"] is tables["timexes"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [on_cluster._SEEN]
    # the near miss: the token of this run, and the worker writes partition 3 itself
    (tmp_path / on_cluster._SEEN).write_text("this run", encoding="utf-8")
    assert on_cluster._spilled_there(tables, 3, str(tmp_path), "this run") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        on_cluster._SEEN, "assertions-000003.pickle", "sentences-000003.pickle",
        "timexes-000003.pickle"]


def test_tables_brought_back_and_progress_match_the_local_build(client):
    articles = ingest([ROOT / "data" / "corpus"])
    marks = []
    kept, partial = normalise_on_cluster(articles, client,
                                         progress=lambda d, t: marks.append((d, t)))
    assert partial is None
    # the wide tables are in the workers; the narrow ones here
    assert on_cluster.on_cluster(kept) is not None
    tables = on_cluster.brought_back(kept)
    assert on_cluster.on_cluster(tables) is None
    local, _ = normalise_partitions(articles, jobs=1, link=True)
    for name in on_cluster.BUILT:
        pd.testing.assert_frame_equal(getattr(tables, name), getattr(local, name))
    # the workers built each partition's part of the linked tables: the same events
    assert set(tables._built) == {"quantities", "events"}
    for name in ("quantities", "events"):
        pd.testing.assert_frame_equal(tables._built[name], local._built[name])
    assert len(tables.events) > 1 and tables.assertions.event_id.notna().sum() >= \
        len(tables.events)
    audited = int((articles.status == "audited").sum())
    assert marks[-1] == (audited, audited) and len(marks) > 1  # one mark a partition


BLOCKED_CHECK = '''
import pandas as pd

from audit import Finding, check


def titles(articles):
    return pd.DataFrame({"article_id": articles.article_id, "key": articles.title})


@check("DQ911", keys=titles)
def check_same_title_other_day(articles, key):
    """An article whose title another article has, published on another day."""
    for row in articles.itertuples():
        others = articles[(articles.title == row.title) & (articles.published != row.published)
                          & (articles.article_id != row.article_id)]
        if len(others):
            yield Finding(row.article_id, 0, len(row.title),
                          f"also titled {key}: {', '.join(others.article_id)} "
                          f"({len(articles)} articles seen)")
'''


def config_with_check(tmp_path, name, source, code=None):
    """The project's configuration with ``source`` as the only file of a checks folder
    (``checks/<name>``), ``code`` the one check enabled beyond the defaults."""
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / name).write_text(source, encoding="utf-8")
    config = load_config(ROOT)
    config.checks = tmp_path / "checks"
    if code:
        config.enable = [code]
    return config


def test_a_blocked_check_runs_per_key_in_the_workers_with_the_local_findings_json(
        client, tmp_path):
    from tests.test_blocking import RECORDS

    config = config_with_check(tmp_path, "check_titles.py", BLOCKED_CHECK)
    records = [*RECORDS, *({**r, "id": f"{r['id']}2", "published": "2025-06-01"}
                           for r in RECORDS if r["id"] != "e")]
    articles = from_records(records, path=str(tmp_path / "corpus.jsonl"))
    local = audit(articles, config, jobs=1)
    remote = audit(articles, config, scheduler=client)
    assert findings_json(remote) == findings_json(local)
    blocked = [(f.article_id, f.message) for f in local.findings if f.code == "DQ911"]
    assert blocked[:2] == [
        ("a", "also titled Wahl in Wien: c, a2, c2 (4 articles seen)"),
        ("b", "also titled Brand in Graz: b2, d2 (4 articles seen)")]
    # the near miss: "e" has no other article of its title
    assert [article for article, _ in blocked] == ["a", "b", "c", "d", "a2", "b2", "c2", "d2"]


FAILING_CHECK = '''
import os
from pathlib import Path

import pandas as pd

from audit import Finding, check


def titles(articles):
    return pd.DataFrame({"article_id": articles.article_id, "key": articles.title})


@check("DQ918", keys=titles)
def check_fails_on_one_title(articles, key):
    """Names each group's first article; fails on the fires in Graz."""
    if key == "Brand in Graz":
        if (Path(__file__).parent / "die").exists():
            os._exit(13)
        raise RuntimeError(f"cannot read {len(articles)} articles about fires")
    yield Finding(articles.article_id.iloc[0], 0, 4, f"first of {key}")
'''


def failing_check(tmp_path):
    from tests.test_blocking import RECORDS

    config = config_with_check(tmp_path, "check_fails.py", FAILING_CHECK, "DQ918")
    return from_records(RECORDS, path=str(tmp_path / "corpus.jsonl")), config


def test_a_check_failing_in_a_worker_is_its_error_as_in_the_local_run(client, tmp_path):
    articles, config = failing_check(tmp_path)
    local = audit(articles, config, jobs=1)
    remote = audit(articles, config, scheduler=client)
    assert findings_json(remote) == findings_json(local)
    # the groups before the failing one keep their findings; the check's error names it
    assert [(f.article_id, f.message) for f in remote.findings if f.code == "DQ918"] == [
        ("a", "first of Wahl in Wien")]
    [error] = [e for e in remote.errors if e["check"] == "DQ918"]
    assert error["message"].startswith("check_fails_on_one_title raised RuntimeError: cannot "
                                       "read 2 articles about fires (")
    line = FAILING_CHECK.split("\n").index(
        '        raise RuntimeError(f"cannot read {len(articles)} articles about fires")') + 1
    assert error["message"].endswith(f"check_fails.py:{line})")


ARTICLE_CHECK = '''
from audit import Finding, check


@check("DQ931", scope="article")
def check_fails_on_one_article(articles, sentences):
    """Names each article's first sentence; fails on the partition holding gnad-5."""
    if "gnad-5" in set(articles.article_id):
        raise ValueError(f"cannot read gnad-5 (with {len(articles)} articles)")
    for row in sentences.drop_duplicates("article_id").itertuples():
        yield Finding(row.article_id, int(row.start), int(row.end), "first sentence")
'''


def test_an_article_check_failing_in_a_worker_is_its_error_as_in_the_local_pool(
        client, tmp_path):
    config = config_with_check(tmp_path, "check_article.py", ARTICLE_CHECK, "DQ931")
    gnad = gnad_slice(24)
    # an input that is not audited (an empty text) among them: partitions are cut by the
    # audited articles, as the local pool cuts them
    empty = from_records([{"id": "empty", "text": ""}], path=str(tmp_path / "corpus.jsonl"))
    articles = pd.concat([gnad.iloc[:2], empty, gnad.iloc[2:]], ignore_index=True)
    local = audit(articles, config, jobs=2)  # (two processes, as the cluster has workers)
    remote = audit(articles, config, scheduler=client)
    assert findings_json(remote) == findings_json(local)
    # the error names the check, the exception, where it was raised and the article: the
    # check failed on the partition of gnad-3 to gnad-5 (three articles a partition:
    # 24 / (2 x 4)), then on gnad-5 alone when run again on each of its articles
    [error] = [e for e in remote.errors if e["check"] == "DQ931"]
    line = ARTICLE_CHECK.split("\n").index(
        '        raise ValueError(f"cannot read gnad-5 (with {len(articles)} articles)")') + 1
    assert error["message"] == ("check_fails_on_one_article raised ValueError: cannot read "
                                f"gnad-5 (with 1 articles) ({config.checks / 'check_article.py'}"
                                f":{line}) on article gnad-5")
    # only gnad-5 lost its finding, not the two articles that shared its partition
    found = {f.article_id for f in remote.findings if f.code == "DQ931"}
    assert found == {f"gnad-{i}" for i in range(24)} - {"gnad-5"}
    # run in one process, the check sees the whole corpus and fails on it, then on gnad-5
    # alone: the same findings and error
    alone = audit(articles, config, jobs=1)
    assert findings_json(alone) == findings_json(local)


WHOLE_TABLE_CHECK = '''
from audit import Finding, check


@check("DQ932")
def check_fails_after_the_first_sentence(sentences):
    """Names the corpus's first sentence, then fails (it reads sentences whole)."""
    first = sentences.iloc[0]
    yield Finding(first.article_id, int(first.start), int(first.end), "the first sentence")
    raise KeyError(f"no column for {len(sentences)} sentences")
'''


def test_a_corpus_check_failing_in_a_worker_is_its_error_as_in_the_local_run(
        client, tmp_path, monkeypatch):
    config = config_with_check(tmp_path, "check_whole.py", WHOLE_TABLE_CHECK, "DQ932")
    articles = gnad_slice(8)
    local = audit(articles, config, jobs=1)
    ran_in_a_worker = []
    on_worker = on_cluster.GroupsOnCluster.on_worker
    monkeypatch.setattr(on_cluster.GroupsOnCluster, "on_worker",
                        lambda self, f, spec, *args: ran_in_a_worker.append(spec.code) or
                        on_worker(self, f, spec, *args))
    remote = audit(articles, config, scheduler=client)
    assert ran_in_a_worker == ["DQ932"]  # (it reads a wide table: it ran where they are)
    assert findings_json(remote) == findings_json(local)
    # what it found before it failed is kept, and its error names it and the exception
    assert [(f.article_id, f.message) for f in remote.findings if f.code == "DQ932"] == [
        ("gnad-0", "the first sentence")]
    [error] = [e for e in remote.errors if e["check"] == "DQ932"]
    sentences = len(local.tables.sentences)
    line = WHOLE_TABLE_CHECK.split("\n").index(
        '    raise KeyError(f"no column for {len(sentences)} sentences")') + 1
    assert error["message"] == (f"check_fails_after_the_first_sentence raised KeyError: 'no "
                                f"column for {sentences} sentences' "
                                f"({config.checks / 'check_whole.py'}:{line})")


MARKING_CHECK = '''
from pathlib import Path

import pandas as pd

from audit import Finding, check


def titles(articles):
    return pd.DataFrame({"article_id": articles.article_id, "key": articles.title})


@check("DQ919", keys=titles)
def check_marks_its_groups(articles, key):
    """Leaves a mark for each group it runs on; fails on the second title."""
    (Path(__file__).parent.parent / "ran" / key).touch()
    if key == "Titel 1":
        raise RuntimeError("the second title")
    yield Finding(articles.article_id.iloc[0], 0, 5, f"ran on {key}")
'''


def test_no_batch_is_sent_once_a_failed_group_is_back(client, tmp_path, monkeypatch):
    config = config_with_check(tmp_path, "check_marks.py", MARKING_CHECK, "DQ919")
    (tmp_path / "ran").mkdir()
    articles = from_records([{"id": f"n{i}", "title": f"Titel {i}", "text": f"Titel {i}\n\nText."}
                             for i in range(16)], path=str(tmp_path / "corpus.jsonl"))
    local = audit(articles, config, jobs=1)
    assert sorted(p.name for p in (tmp_path / "ran").iterdir()) == ["Titel 0", "Titel 1"]
    for mark in (tmp_path / "ran").iterdir():
        mark.unlink()
    # what the client does, in order: each batch sent, each batch seen back with a failure
    events: list[tuple[str, str]] = []
    submit, finished = client.submit, on_cluster._finished

    def sending(function, *args, key=None, **kwargs):
        if key and re.search(r"-DQ919-batch-\d+$", key):  # (not the rows it takes)
            events.append(("sent", key))
        return submit(function, *args, key=key, **kwargs)

    def seeing(*args):
        done, pending = finished(*args)
        for future in done:
            if "-DQ919-batch-" in future.key and any(e for _, e in future.result()):
                events.append(("failure back", future.key))
        return done, pending

    monkeypatch.setattr(client, "submit", sending)
    monkeypatch.setattr(on_cluster, "_finished", seeing)
    remote = audit(articles, config, scheduler=client)
    assert findings_json(remote) == findings_json(local)
    assert [(f.article_id, f.message) for f in remote.findings if f.code == "DQ919"] == [
        ("n0", "ran on Titel 0")]
    [error] = [e for e in remote.errors if e["check"] == "DQ919"]
    assert "raised RuntimeError: the second title" in error["message"]
    # 16 groups, two a batch: the first batch's second group failed; once that is back, no
    # more batches are sent (how many were sent before depends on the workers' pace)
    first_failure = events.index(next(e for e in events if e[0] == "failure back"))
    assert events[first_failure][1].endswith("-batch-0")
    assert [e for e in events[first_failure:] if e[0] == "sent"] == []
    sent = [e for e in events if e[0] == "sent"]
    assert 1 <= len(sent) <= 8 and sent[0][1].endswith("-batch-0")
    # and the groups that ran are those of batches sent (two groups a batch)
    ran = {int(p.name.split()[1]) for p in (tmp_path / "ran").iterdir()}
    assert {0, 1} <= ran <= set(range(2 * len(sent)))


def parquet_parts(folder, count: int, files: int, repeat_id: bool = False):
    """The first ``count`` articles of 10kGNAD's test file as ``files`` Parquet files."""
    articles = gnad_slice(count)
    folder.mkdir()
    size = -(-count // files)
    for n in range(files):
        part = articles.iloc[n * size:(n + 1) * size]
        ids = part.article_id.tolist()
        if repeat_id and n:
            ids[0] = articles.article_id.iloc[0]
        pd.DataFrame({"id": ids, "text": part.text.tolist()}).to_parquet(
            folder / f"part-{n}.parquet")
    return folder


def test_a_folder_of_parquet_files_is_read_by_the_workers_with_the_local_findings(
        client, tmp_path, monkeypatch):
    from audit import pipeline

    folder = parquet_parts(tmp_path / "parts", 24, 3)
    (folder / "later").mkdir()  # (a folder's files first, then its folders', as ingest)
    pd.DataFrame({"id": ["late-0"], "text": ["Spät\n\nDie Sitzung endete am Montag."]}
                 ).to_parquet(folder / "later" / "a.parquet")
    local = audit([folder], load_config(ROOT))
    monkeypatch.setattr(pipeline, "ingest", None)  # the client reads no article
    remote = audit([folder], load_config(ROOT), scheduler=client)
    assert findings_json(remote) == findings_json(local)
    assert remote.tables.articles.article_id.tolist()[-2:] == ["gnad-23", "late-0"]
    assert len(remote.tables.sentences) == len(local.tables.sentences) > 24
    # the near miss: a folder that holds anything but Parquet is read by the client
    assert on_cluster.parquet_partitions([folder, ROOT / "data" / "corpus"]) is None


def test_an_article_id_in_two_parquet_files_is_a_clear_error(client, tmp_path):
    folder = parquet_parts(tmp_path / "parts", 4, 2, repeat_id=True)
    with pytest.raises(ClusterError, match="article id 'gnad-0' stands in more than one of "
                       "the Parquet files read by the workers"):
        audit([folder], load_config(ROOT), scheduler=client)


def _fails(tables):
    raise RuntimeError("the checks folder is not on this worker")


def _dies(tables):
    os._exit(13)


def test_an_error_in_a_worker_names_the_partition_and_the_reason(client):
    articles = gnad_slice(8)
    # (eight articles on two workers: four partitions of two)
    with pytest.raises(ClusterError, match=r"partition \d of 4 \(articles gnad-\d to gnad-\d\) "
                       r"failed on the cluster: RuntimeError: the checks folder is not on"):
        normalise_on_cluster(articles, client, after=_fails)


def test_a_cluster_without_workers_times_out():
    with distributed.LocalCluster(n_workers=0, processes=False,  # (in this process)
                                  dashboard_address=None) as empty, \
            distributed.Client(empty, set_as_default=False) as idle:
        with pytest.raises(ClusterError, match=r"no partition finished in 1 s .*\(0 of 2 done\)"):
            normalise_on_cluster(gnad_slice(2), idle, stall_timeout=1)


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(on_cluster, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at "
                       r"tcp://127\.0\.0\.1:9"):
        audit(gnad_slice(1), load_config(ROOT), scheduler="tcp://127.0.0.1:9")


def test_the_local_audit_does_not_import_dask():
    code = ("import sys, audit.pipeline, audit.cli, audit.engine.distributed; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def _http_addresses(dask_scheduler) -> list:
    return sorted(sock.getsockname()[:2] for sock in dask_scheduler.http_server._sockets.values())


def test_a_local_cluster_s_workers_start_warm_and_it_serves_no_dashboard():
    import socket
    import warnings

    from audit.normalise.attribution.grammar import compiled_grammar

    def compiled(dask_worker):
        return compiled_grammar.cache_info().currsize, len(dask_worker.state.tasks)

    # Dask's dashboard port taken (by another cluster): local_cluster does not ask for it
    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 8787))
        taken.listen()
    except OSError:  # (taken already)
        pass
    with taken, warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        # forked from this process once it had normalised an English article: the worker
        # has a grammar compiled before any task ran on it
        with on_cluster.local_cluster(1, languages=("en",), memory_limit="1GiB") as cluster, \
                distributed.Client(cluster, set_as_default=False) as warm:
            [(grammars, tasks)] = warm.run(compiled).values()
            [(host, port)] = warm.run_on_scheduler(_http_addresses)
        assert grammars >= 1 and tasks == 0
        assert host == "127.0.0.1" and port != 8787
        assert not [w for w in warned if "8787" in str(w.message)]
        # the near miss: a LocalCluster started as Dask starts one spawns fresh workers, and
        # its scheduler's HTTP server asks for port 8787
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None,
                                      memory_limit="1GiB") as cluster, \
                distributed.Client(cluster, set_as_default=False) as cold:
            assert list(cold.run(compiled).values()) == [(0, 0)]
        assert [w for w in warned if "Port 8787 is already in use" in str(w.message)]


def test_the_cluster_audit_runs_without_dask_s_profiler(client):
    # (the workers were started by local_cluster: the settings went to each process)
    settings = client.run(lambda: [dask.config.get(name) for name in (
        "distributed.worker.profile.enabled", "distributed.admin.tick.interval",
        "distributed.worker.memory.monitor-interval")])
    assert list(settings.values()) == [[False, "1s", "1s"]] * 2
    # and the scheduler, which runs in this process, looks at its event loop once a second
    assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler._tick_interval) == 1.0
    # the near miss: outside local_cluster, Dask's defaults are untouched here
    assert dask.config.get("distributed.worker.profile.enabled") is True
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"


def test_a_worker_lost_running_key_groups_is_an_error_not_a_hang(client, tmp_path):
    articles, config = failing_check(tmp_path)
    (tmp_path / "checks" / "die").touch()  # (the check ends its process on the fires)
    # which is told first is a race (under load either): the batch's task killed its
    # worker, or the worker left with the batch running and the tables it held
    with pytest.raises(ClusterError, match=r"DQ918 key-group batch \d of \d \(articles "
                       r"\w to \w\)(?: failed on the cluster: KilledWorker|.* of this "
                       r"audit's tasks running or waiting on it, and the tables of partition "
                       r"\d of \d .* were lost with it$)"):
        audit(articles, config, scheduler=client)


def test_a_worker_lost_with_kept_partitions_is_an_error_naming_one(client):
    import time

    kept, _ = normalise_on_cluster(gnad_slice(8), client)
    source = on_cluster.on_cluster(kept)
    [holder] = source.where([0])[0][:1]
    client.run(lambda: os._exit(13), workers=[holder], on_error="ignore")  # (a fresh one starts)
    deadline = time.monotonic() + 60
    while holder in client.nthreads() and time.monotonic() < deadline:
        time.sleep(0.2)
    with pytest.raises(ClusterError, match=r"partition 1 of \d \(articles gnad-0 to gnad-\d\): "
                       f"its tables were lost with the worker {holder} that held them$"):
        source.narrow("assertions", ["article_id", "text"])
    source.release()


def _dies_once_started(mark: str, after: float) -> None:
    import time
    from pathlib import Path

    Path(mark).touch()
    time.sleep(after)
    os._exit(13)


def test_a_task_waiting_on_a_lost_partition_is_an_error_at_once(tmp_path):
    import time

    # a cluster of Dask's defaults (a task whose worker died is tried again elsewhere): the
    # tasks pinned to a worker that left would wait for it for ever, or stall_timeout
    articles = gnad_slice(8)
    local, _ = normalise_partitions(articles, jobs=1)
    with on_cluster.local_cluster(2, languages=("de",), memory_limit="1GiB") as cluster, \
            distributed.Client(cluster, set_as_default=False) as fresh:
        kept, _ = normalise_on_cluster(articles, fresh, stall_timeout=600)
        source = on_cluster.on_cluster(kept)
        # the near miss: a worker retired as Dask retires one hands its partitions over
        [holder] = source.where([0])[0][:1]
        [other] = [w for w in fresh.nthreads() if w != holder]
        fresh.retire_workers([holder])
        assert source.where(range(4)) == [[other]] * 4  # (four partitions of two)
        pd.testing.assert_frame_equal(source.narrow("assertions", ["article_id", "text"]),
                                      local.assertions[["article_id", "text"]])
        # the worker now holding every partition is busy, then its process ends: the tasks
        # that read its partitions are sent to it while it is still there, and wait
        mark = tmp_path / "started"
        fresh.submit(_dies_once_started, str(mark), 1.0, workers=[other], pure=False)
        while not mark.exists():
            time.sleep(0.05)
        started = time.monotonic()
        with pytest.raises(ClusterError, match=re.escape(
                f"the worker {other} left the cluster with the task on partition 1 of 4 "
                "(articles gnad-0 to gnad-1); the task on partition 2 of 4 (articles gnad-2 to "
                "gnad-3) and 2 more of this audit's tasks running or waiting on it, and the "
                "tables of partition 1 of 4 (articles gnad-0 to gnad-1) that it held were lost "
                "with it")):
            source.narrow("assertions", ["article_id", "text"])
        assert time.monotonic() - started < 30  # (not the 600 s of stall_timeout)
        source.release()


def _naps(seconds: float) -> float:
    import time

    time.sleep(seconds)
    return seconds


def test_an_idle_worker_lost_with_partitions_is_named_while_another_task_is_waited_for(
        client):
    import time

    kept, _ = normalise_on_cluster(gnad_slice(8), client)
    source = on_cluster.on_cluster(kept)
    holders = [workers[0] for workers in source.where(range(4))]  # (four partitions of two)
    busy, idle = holders[0], next(w for w in holders if w != holders[0])
    first_lost = holders.index(idle) + 1
    nap = client.submit(_naps, 5.0, workers=[busy], pure=False)
    client.run(lambda: os._exit(13), workers=[idle], on_error="ignore")  # (a fresh one starts)
    started = time.monotonic()
    with pytest.raises(ClusterError, match=rf"^partition {first_lost} of 4 \(articles "
                       rf"gnad-{2 * first_lost - 2} to gnad-{2 * first_lost - 1}\): its tables "
                       r"were lost "
                       rf"with the worker {re.escape(idle)} that held them \(it left the cluster "
                       r"while a nap was waited for\)$"):
        on_cluster._gathered(client, [nap], ["the nap"], "nap", 600, source.watch,
                             labelled=True)
    assert time.monotonic() - started < 4  # (before the nap is over)
    # the near miss: with the partitions' workers all there, the nap is waited for
    client.cancel(nap)
    source.release()
    kept, _ = normalise_on_cluster(gnad_slice(2), client)
    source = on_cluster.on_cluster(kept)
    nap = client.submit(_naps, 0.6, pure=False)
    assert on_cluster._gathered(client, [nap], ["the nap"], "nap", 600, source.watch,
                                labelled=True) == [0.6]
    source.release()


def test_a_lost_worker_is_an_error_not_a_hang(client):  # (last: it kills a worker)
    articles = gnad_slice(2)
    with pytest.raises(ClusterError, match=r"failed on the cluster: KilledWorker"):
        normalise_on_cluster(articles, client, after=_dies, stall_timeout=120)

