"""Bad inputs (issue #17): each is listed in findings.json with its status and reason, the
good articles beside it are audited, and ``audit run`` exits with the code for it."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from audit.cli import main
from tests.bad_inputs import CASES, GOOD, GOOD_CODES, Case, write_good


def lock(case: Case, root: Path, monkeypatch) -> None:
    """Make the case's locked paths impossible to open for the audit."""
    paths = [root / name for name in case.locked]
    if not paths:
        return
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0)
        return
    # root opens everything: make opening these fail as it would for anyone else
    blocked = {os.fspath(path) for path in paths}

    def refuse(path) -> None:
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) in blocked:
            raise PermissionError(13, "Permission denied", os.fspath(path))

    scandir, open_ = os.scandir, os.open
    monkeypatch.setattr(os, "scandir", lambda path=".": refuse(path) or scandir(path))
    monkeypatch.setattr(os, "open", lambda path, *a, **k: refuse(path) or open_(path, *a, **k))


def unlock(case: Case, root: Path) -> None:
    for name in case.locked:
        (root / name).chmod(0o755)


def run_case(case: Case, root: Path, monkeypatch, *, jobs: int = 1) -> tuple[int, dict, Path]:
    corpus = root / "corpus"
    write_good(corpus)
    extra = case.make(corpus)
    lock(case, root, monkeypatch)
    output = root / "reports"
    try:
        code = main(["run", str(corpus), *map(str, extra), "--output", str(output),
                     "--jobs", str(jobs), "--quiet"])
    finally:
        monkeypatch.undo()
        unlock(case, root)
    return code, json.loads((output / "findings.json").read_text(encoding="utf-8")), output


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_listed_with_its_reason_and_the_rest_is_audited(case, tmp_path,
                                                                     monkeypatch, capsys):
    code, report, output = run_case(case, tmp_path, monkeypatch)
    articles = report["articles"]
    bad = [a for a in articles if a["path"].endswith(case.path)
           and a["article_id"] not in case.also_audited]
    assert len(bad) == 1, articles
    bad = bad[0]
    assert bad["status"] == case.status
    reason = bad["reason"] or ""
    position = 0
    for fragment in case.reason:
        assert fragment in reason[position:], reason
        position = reason.index(fragment, position) + len(fragment)
    if case.warning:
        assert any(case.warning in warning for warning in bad["warnings"]), bad
    if case.status != "audited":
        assert {"path": bad["path"], "check": None,
                "message": f"{case.status}: {reason}"} in report["errors"]

    audited = {a["article_id"] for a in articles if a["status"] == "audited"}
    assert {Path(name).stem for name in GOOD} | set(case.also_audited) <= audited
    for name in GOOD:
        codes = {f["code"] for f in report["findings"] if f["article_id"] == Path(name).stem}
        assert codes >= GOOD_CODES
    assert code == case.exit_code
    # every report is there and readable
    ElementTree.parse(output / "junit.xml")
    json.loads((output / "findings.sarif").read_text(encoding="utf-8"))
    assert (output / "index.html").stat().st_size > 0


def test_a_missing_path_is_listed_as_failed_and_the_rest_is_audited_and_reported(tmp_path,
                                                                                  capsys):
    write_good(tmp_path / "corpus")
    code = main(["run", str(tmp_path / "corpus"), str(tmp_path / "nowhere"),
                 "--output", str(tmp_path / "reports"), "--quiet", "--jobs", "1"])
    assert code == 2
    report = json.loads((tmp_path / "reports" / "findings.json").read_text(encoding="utf-8"))
    rows = {a["path"]: a for a in report["articles"]}
    assert rows[str(tmp_path / "nowhere")]["status"] == "failed"
    assert rows[str(tmp_path / "nowhere")]["reason"] == "no such file or directory"
    assert {a["article_id"] for a in report["articles"] if a["status"] == "audited"} == \
        {Path(name).stem for name in GOOD}


def test_junit_is_well_formed_with_control_characters_in_titles_and_names(tmp_path,
                                                                            monkeypatch):
    case = next(case for case in CASES if case.name == "control-characters")
    _, report, output = run_case(case, tmp_path, monkeypatch)
    bad = next(a for a in report["articles"] if a["path"].endswith(case.path))
    assert bad["title"] == "Bad\x01Title\x1b[31m red"
    ElementTree.parse(output / "junit.xml")
