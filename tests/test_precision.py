"""evaluation/precision.py: the halves of 10kGNAD and the Wilson interval it reports."""

from __future__ import annotations

import pytest

from evaluation.precision import by_cue_tally, in_half, wilson


def test_articles_split_by_the_parity_of_their_row():
    assert [in_half(article, "even") for article in ("gnad-0-0", "gnad-1010-0", "gnad-7-0",
                                                      "gnad-259-3")] == [True, True, False,
                                                                         False]
    assert [in_half(article, "odd") for article in ("gnad-0-0", "gnad-259-3")] == [False, True]
    assert in_half("gnad-7-0", None)


def test_the_wilson_interval_of_a_judged_sample():
    low, high = wilson(73, 112)
    assert (round(low, 3), round(high, 3)) == (0.560, 0.734)
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(19, 19)[1] == pytest.approx(1.0)


def test_the_tally_by_cue_counts_a_finding_once_for_each_cue_it_names():
    def finding(start, message):
        return {"article_id": "gnad-2-0", "start": start, "end": start + 5, "message": message}

    findings = [finding(0, "Hearsay: “soll … haben” with no source"),
                finding(10, "Hearsay: “soll … haben” and “angeblich”"),
                finding(20, "Hearsay: “soll … haben”"),
                finding(30, "Hearsay: “gilt als”")]
    judged = {("gnad-2-0", 0, 5): {"verdict": "right"},
              ("gnad-2-0", 10, 15): {"verdict": "wrong"},
              ("gnad-2-0", 30, 35): {"verdict": "unclear"}}
    assert by_cue_tally(findings, judged) == (
        "“soll … haben” 1/2, 1 unjudged; “angeblich” 0/1; “gilt als” 0/0, 1 unclear")
    assert by_cue_tally([finding(40, "Hearsay with no cue quoted")], {}) == ""
