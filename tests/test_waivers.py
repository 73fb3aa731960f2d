"""An article's own waivers: ``audit-ignore: [ATR003]`` with a reason in its front matter."""

import pandas as pd

from audit.baseline import article_waivers, suppress
from audit.findings import ReportedFinding
from audit.ingest.metadata import inline_waivers, split_front_matter

from .conftest import ROOT

HEDGED_DE = ("---\ntitle: Gericht\naudit-ignore: [ATR003, DQ]\n"
             "audit-ignore-reason: die Vermutungen sind die des Gerichts\n---\n"
             "Der Minister soll davon gewusst haben.\n")


def test_front_matter_waivers_are_read_with_their_reason():
    parsed = split_front_matter(HEDGED_DE)
    assert inline_waivers(parsed.metadata) == [
        {"code": "ATR003", "reason": "die Vermutungen sind die des Gerichts"},
        {"code": "DQ", "reason": "die Vermutungen sind die des Gerichts"}]
    assert parsed.text == "Der Minister soll davon gewusst haben.\n"


def test_one_code_without_brackets_quotes_and_case_of_the_key():
    parsed = split_front_matter('---\nAudit-Ignore: "ATR003"\n---\nIt is said that it rained.\n')
    assert inline_waivers(parsed.metadata) == [{"code": "ATR003", "reason": ""}]
    quoted = split_front_matter("---\naudit-ignore: ['ATR003', \"TMP002\"]\n"
                                "audit-ignore-reason: quoted\n---\nText.\n")
    assert [w["code"] for w in inline_waivers(quoted.metadata)] == ["ATR003", "TMP002"]


def test_no_audit_ignore_no_waivers():
    # the near miss: a reason alone, or another key that mentions a code, waives nothing
    parsed = split_front_matter("---\ntitle: ATR003\naudit-ignore-reason: x\n---\nText.\n")
    assert inline_waivers(parsed.metadata) == []
    assert inline_waivers(split_front_matter("Title\nText.\n").metadata) == []


def _articles(*waivers):
    return pd.DataFrame({
        "article_id": [f"a{n}" for n in range(len(waivers))],
        "path": [f"corpus/a{n}.md" for n in range(len(waivers))],
        "waivers": list(waivers)})


def test_unusable_waivers_are_errors_naming_the_file_and_the_closest_code():
    articles = _articles([{"code": "ATR03", "reason": "x"}], [{"code": "ATR003", "reason": ""}],
                         [{"code": "", "reason": "x"}], [{"code": "ATR", "reason": "ok"}],
                         None)
    usable, errors = article_waivers(articles, ["ATR001", "ATR003", "TMP002"])
    assert errors == [
        {"path": "corpus/a0.md", "check": None, "message":
         "front matter audit-ignore: unknown check code 'ATR03' (did you mean ATR003?)"},
        {"path": "corpus/a1.md", "check": None, "message":
         "front matter audit-ignore: ATR003 needs a reason: audit-ignore-reason: why its "
         "findings are accepted"},
        {"path": "corpus/a2.md", "check": None,
         "message": "front matter audit-ignore: names no check code"}]
    assert usable == {"a3": [{"code": "ATR", "reason": "ok"}]}


def test_a_waived_check_that_does_not_run_is_known_from_the_check_folders():
    articles = _articles([{"code": "CON005", "reason": "two spellings on purpose"}])
    usable, errors = article_waivers(articles, ["TMP002"], (ROOT / "checks",))
    assert errors == [] and usable == {"a0": [{"code": "CON005",
                                               "reason": "two spellings on purpose"}]}
    _, errors = article_waivers(articles, ["TMP002"])  # without the folders: unknown
    assert [e["message"] for e in errors] == [
        "front matter audit-ignore: unknown check code 'CON005'"]


def _finding(code, article_id, fingerprint="0" * 16):
    return ReportedFinding(code, "warning", article_id, f"corpus/{article_id}.md", 0, 4, 1,
                           "soll", "hedged", fingerprint=fingerprint)


def test_an_article_waiver_suppresses_its_codes_in_that_article_only():
    hedged, other_check, other_article, known = (
        _finding("ATR003", "a0"), _finding("ATR001", "a0"), _finding("ATR003", "a1"),
        _finding("TMP002", "a1", "ab" * 8))
    by_article = {"a0": [{"code": "ATR003", "reason": "court's words"}]}
    suppress([hedged, other_check, other_article, known], {"ab" * 8}, [], by_article)
    assert hedged.suppressed == "waived in the article: court's words"
    assert other_check.suppressed is None and other_article.suppressed is None
    assert known.suppressed == "baseline"
    family = _finding("ATR001", "a0")
    suppress([family], set(), [{"code": "ATR001", "reason": "desk"}],
             {"a0": [{"code": "ATR", "reason": "all attribution"}]})
    assert family.suppressed == "waived: desk"  # the configuration's waiver comes first
