"""Agreement and interval figures against small examples worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from replyscope.coding.agreement import cohen_kappa, krippendorff_alpha, precision_recall_f1
from replyscope.coding.validity import corrected_totals, headline_estimates


def test_cohen_kappa_of_a_two_by_two_table():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: observed 0.7, chance 0.5*0.6 + 0.5*0.4 = 0.5, kappa 0.4
    first = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    second = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa(["a", "b", "a"], ["a", "b", "a"]) == pytest.approx(1.0)
    assert np.isnan(cohen_kappa([1, 1], [1, 1]))  # no variation: undefined, not perfect


def test_krippendorff_alpha_with_gaps():
    # item 1: a a a; item 2: a b a; item 3: b b -; item 4: a - - (unpairable)
    # coincidences: o_aa = 3 + 1, o_ab = o_ba = 1, o_bb = 2; n_a = 5, n_b = 3, n = 8
    # alpha = 1 - (n - 1) * 2 / (2 * 5 * 3) = 1 - 14/30
    codings = [["a", "a", "b", "a"],
               ["a", "b", "b", None],
               ["a", "a", None, None]]
    assert krippendorff_alpha(codings) == pytest.approx(1 - 14 / 30)
    assert krippendorff_alpha([["a", "b"], ["a", "b"]]) == pytest.approx(1.0)


def test_precision_recall_f1_weighted_and_not():
    truth = np.array([1, 1, 0, 0, 1], bool)
    coded = np.array([1, 0, 1, 0, 1], bool)
    assert precision_recall_f1(truth, coded) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    # the missed reply weighs 3: recall 2/5, precision 2/3, F1 = 2*2 / (3 + 5)
    assert precision_recall_f1(truth, coded, np.array([1, 3, 1, 1, 1])) == pytest.approx((2 / 3, 2 / 5, 0.5))


CATEGORIES = ["a", "b", "uncategorised"]
# 8 replies; reviewed are positions 0, 1, 4, 5 (their coding is the reviewers'); out-of-fold the
# coder said a, a, b, b where reviewers said a, b, b, b: of replies coded a, half are really b.
CODED = np.array(["a", "b", "a", "a", "b", "b", "b", "b"], dtype=object)
REVIEWED = np.array([0, 1, 4, 5])
TRUTH = np.array(["a", "b", "b", "b"], dtype=object)
OUT_OF_FOLD = np.array(["a", "a", "b", "b"], dtype=object)


def test_corrected_counts_and_likes_by_hand():
    ones = np.ones(4)
    # known: a 1, b 3; unreviewed coded a (2 replies) split half and half; coded b (2) stay b
    assert corrected_totals(CODED, np.ones(8), REVIEWED, TRUTH, OUT_OF_FOLD, ones, CATEGORIES) == pytest.approx([2, 6, 0])
    likes = np.array([10, 20, 30, 40, 50, 60, 70, 80], float)
    # known: a 10, b 20 + 50 + 60; coded a: (30 + 40) halved; coded b: 70 + 80
    assert corrected_totals(CODED, likes, REVIEWED, TRUTH, OUT_OF_FOLD, ones, CATEGORIES) == pytest.approx([45, 315, 0])


def test_design_weights_weigh_the_confusion():
    # the reviewed reply coded a that is really b stands for 3 replies: a reply coded a is b with 3/4 chance
    weights = np.array([1, 3, 1, 1])
    totals = corrected_totals(CODED, np.ones(8), REVIEWED, TRUTH, OUT_OF_FOLD, weights, CATEGORIES)
    assert totals == pytest.approx([1 + 0.5, 3 + 1.5 + 2, 0])


def reviewed_frame(truth, out_of_fold, strata=None):
    return pd.DataFrame({"position": REVIEWED, "id": [str(p) for p in REVIEWED], "primary": truth,
                         "oof_primary": out_of_fold, "weight": 1.0,
                         "stratum": strata if strata is not None else "reviewed"})


def test_a_perfect_coder_has_intervals_that_close_on_the_coded_shares():
    coded = pd.DataFrame({"primary_theme": CODED, "likes": [10, 20, 30, 40, 50, 60, 70, 80]})
    estimates, ratio = headline_estimates(coded, reviewed_frame(TRUTH, TRUTH), ["a", "b"], 0, seed=1, samples=50)
    liked = estimates[estimates["subset"] == "more than 0 likes"].set_index("theme")
    assert liked.loc["a", "share_of_likes_coded"] == pytest.approx(80 / 360)
    for column in ("share_of_likes_estimated", "share_of_likes_low", "share_of_likes_high"):
        assert liked.loc["a", column] == pytest.approx(80 / 360)
    assert ratio["first"] == "b" and ratio["coded"] == pytest.approx(280 / 80)
    assert ratio["low"] == pytest.approx(ratio["high"]) == pytest.approx(280 / 80)
    # without its single most-liked reply (80 likes): 200 / 80
    assert ratio["without_top_reply"] == pytest.approx(200 / 80)


def test_measured_error_moves_the_estimate_and_widens_the_interval():
    coded = pd.DataFrame({"primary_theme": CODED, "likes": [10, 20, 30, 40, 50, 60, 70, 80]})
    estimates, ratio = headline_estimates(coded, reviewed_frame(TRUTH, OUT_OF_FOLD), ["a", "b"], 0, seed=1, samples=200)
    liked = estimates[estimates["subset"] == "more than 0 likes"].set_index("theme")
    assert liked.loc["a", "share_of_likes_coded"] == pytest.approx(80 / 360)
    assert liked.loc["a", "share_of_likes_estimated"] == pytest.approx(45 / 360)
    assert liked.loc["a", "share_of_likes_low"] < liked.loc["a", "share_of_likes_high"]
    assert liked.loc["a", "share_of_likes_low"] <= 45 / 360 <= liked.loc["a", "share_of_likes_high"]
    assert ratio["estimated"] == pytest.approx(315 / 45)
