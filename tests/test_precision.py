"""evaluation/precision.py: the halves of 10kGNAD and the Wilson interval it reports."""

from __future__ import annotations

import pytest

from evaluation.precision import in_half, wilson


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
