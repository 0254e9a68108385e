"""M7 weights: direct validation, AHP refusal messages, entropy edge cases."""
from __future__ import annotations

import numpy as np
import pytest

from survey_app.stats import WeightsError, ahp_weights, direct_weights, entropy_weights


def test_direct_weights_normalise():
    np.testing.assert_allclose(direct_weights([1, 1, 2]), [0.25, 0.25, 0.5])
    assert direct_weights({"a": 3, "b": 1}) == pytest.approx({"a": 0.75, "b": 0.25})


@pytest.mark.parametrize("w,msg", [([0, 0], "all zero"), ([1, -1], "non-negative"),
                                   ([], "no weights"), ([1, float("nan")], "finite"),
                                   (["x"], "numbers")])
def test_direct_weights_errors(w, msg):
    with pytest.raises(WeightsError, match=msg):
        direct_weights(w)


def test_ahp_consistent_matrix_exact():
    # a_ij = w_i / w_j with w = (0.5, 0.3, 0.2): λmax = n, CI = CR = 0
    w = np.array([0.5, 0.3, 0.2])
    r = ahp_weights(w[:, None] / w[None, :])
    np.testing.assert_allclose(r.weights, w)
    assert r.lambda_max == pytest.approx(3) and r.cr == pytest.approx(0, abs=1e-12)


def test_ahp_two_by_two_has_zero_cr():
    r = ahp_weights([[1, 4], [0.25, 1]])
    np.testing.assert_allclose(r.weights, [0.8, 0.2])
    assert r.cr == 0 and r.worst_pair is None


@pytest.mark.parametrize("m,msg", [
    ([[1, 3], [3, 1]], "not reciprocal"),
    ([[1, 2, 3], [0.5, 1, 2]], "square"),
    ([[1, 12], [1 / 12, 1]], "outside Saaty's scale"),
    ([[2, 1], [1, 1]], "diagonal"),
    ([[1, -2], [-0.5, 1]], "positive"),
    ([[1, "a"], [1, 1]], "numbers"),
    (np.ones((11, 11)), "at most 10"),
])
def test_ahp_invalid_matrices(m, msg):
    with pytest.raises(WeightsError, match=msg):
        ahp_weights(m)


def test_ahp_refuses_inconsistent_matrix_naming_pair():
    # A > B (9), B > C (9) but C > A (9): grossly intransitive
    m = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(WeightsError, match=r"CR = \d+\.\d+ ≥ 0\.10.*most inconsistent pair"):
        ahp_weights(m, ["A", "B", "C"])
    r = ahp_weights(m, ["A", "B", "C"], max_cr=None)
    assert r.cr >= 0.1 and not r.consistent


def test_ahp_most_inconsistent_pair():
    # consistent 4×4 from w = (4, 2, 1, 1) with one judgement (A, D) flipped from 4 to 1/4
    w = np.array([4, 2, 1, 1.0])
    m = w[:, None] / w[None, :]
    m[0, 3], m[3, 0] = 1 / 4, 4
    r = ahp_weights(m, list("ABCD"), max_cr=None)
    assert r.worst_pair == ("A", "D")


def test_ahp_labels_must_match():
    with pytest.raises(WeightsError, match="labels"):
        ahp_weights([[1, 2], [0.5, 1]], ["a", "b", "c"])


def test_entropy_hand_computed_two_units():
    # column 1 constant → e = 1, weight 0; column 2 (1, 3): p = (.25, .75)
    r = entropy_weights([[5, 1], [5, 3]])
    e2 = -(0.25 * np.log(0.25) + 0.75 * np.log(0.75)) / np.log(2)
    np.testing.assert_allclose(r.entropy, [1.0, e2])
    np.testing.assert_allclose(r.weights, [0.0, 1.0])


def test_entropy_zero_entries_use_0_ln_0():
    r = entropy_weights([[0, 1], [4, 1], [2, 2]])
    assert np.isfinite(r.weights).all() and r.weights.sum() == pytest.approx(1)


@pytest.mark.parametrize("x,msg", [([[1, 2]], "at least 2 units"), ([[1, -1], [1, 1]], "negative"),
                                   ([[0, 1], [0, 2]], "zero for every unit"),
                                   ([[1, 1], [1, 1]], "equal across units"),
                                   ([[1, np.nan], [1, 1]], "non-finite"), ([1, 2], "matrix")])
def test_entropy_errors(x, msg):
    with pytest.raises(WeightsError, match=msg):
        entropy_weights(x)
