"""Hand-computed cases for M1 (item scores) and M2 (owner dimension scores)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from survey_app.stats import (
    InputError,
    OwnerData,
    likert_to_score,
    mean_estimate,
    nps,
    owner_dimension_scores,
    respondent_dimension_matrix,
    satisfaction_rate,
    t_interval,
    wilson_interval,
)

NA = np.nan


def test_likert_to_score_five_and_seven_points():
    np.testing.assert_allclose(likert_to_score([1, 2, 3, 4, 5]), [0, 25, 50, 75, 100])
    np.testing.assert_allclose(likert_to_score([1, 4, 7], 7), [0, 50, 100])


def test_likert_blank_not_applicable_and_out_of_range_are_excluded_not_zero():
    s = likert_to_score([NA, 0, 6, 2.5, 3])
    assert np.isnan(s[:4]).all()
    assert s[4] == 50


def test_satisfaction_rate_top_two_boxes():
    # 5-point: 4 and 5 satisfied; NA excluded → 3 of 5 valid answers
    assert satisfaction_rate([5, 4, 3, 1, 4, NA]) == pytest.approx(3 / 5)
    # 7-point: top two boxes are 6 and 7
    assert satisfaction_rate([7, 6, 5], 7) == pytest.approx(2 / 3)
    assert satisfaction_rate([NA, NA]) is None


def test_nps_hand_computed():
    r = nps([10, 9, 8, 7, 6, 0, NA, 11])  # 11 is invalid, NA blank
    assert (r.n, r.promoters, r.passives, r.detractors) == (6, 2, 2, 2)
    assert r.score == pytest.approx(0.0)
    assert nps([10, 10, 3]).score == pytest.approx(100 * (2 - 1) / 3)
    assert nps([NA]).score is None


def _owner():
    # items: c1, c2 (cleaning, c2 weight 3), g1 (greening), s1 (security, 7-point)
    values = [[5, 4, 3, NA],
              [4, NA, NA, 7],
              [NA, NA, 5, 1],
              [NA, NA, NA, NA]]
    return OwnerData(item_ids=("c1", "c2", "g1", "s1"),
                     item_dimensions=("cleaning", "cleaning", "greening", "security"),
                     item_weights=[1, 3, 1, 1], item_points=[5, 5, 5, 7], values=values)


def test_respondent_dimension_matrix_weighted_and_missing():
    o = _owner()
    r = respondent_dimension_matrix(o, ["cleaning", "greening", "security", "facilities"])
    # r1 cleaning: (1·100 + 3·75)/4 = 81.25 ; r2 cleaning only c1 → 75 ; r3 no cleaning answer
    np.testing.assert_allclose(r[:, 0], [81.25, 75, NA, NA])
    np.testing.assert_allclose(r[:, 1], [50, NA, 100, NA])
    np.testing.assert_allclose(r[:, 2], [NA, 100, 0, NA])
    assert np.isnan(r[:, 3]).all()  # dimension without items: never 0


def test_owner_dimension_scores_hand_computed():
    o = _owner()
    dims = ["cleaning", "greening", "security", "facilities"]
    r = respondent_dimension_matrix(o, dims)
    res = owner_dimension_scores(o, dims, r)
    c = res["cleaning"]
    assert c.score == pytest.approx((81.25 + 75) / 2)
    assert c.n == 2 and c.n_items == 2
    sd = math.sqrt(((81.25 - 78.125) ** 2 + (75 - 78.125) ** 2) / 1)
    half = 12.706204736174707 * sd / math.sqrt(2)  # t(0.975, 1)
    assert c.sd == pytest.approx(sd)
    assert c.ci == pytest.approx((78.125 - half, 78.125 + half))
    # satisfaction: valid answers 5, 4, 4 → 3/3 satisfied
    assert (c.satisfaction.successes, c.satisfaction.n) == (3, 3)
    assert c.satisfaction.ci == pytest.approx(wilson_interval(3, 3))
    # security is 7-point: 7 satisfied, 1 not
    s = res["security"]
    assert s.score == pytest.approx(50) and s.satisfaction.rate == pytest.approx(0.5)
    assert s.alpha is None  # a single item has no α
    assert res["facilities"] is None


def test_one_respondent_has_no_interval():
    est = mean_estimate([42.0, NA])
    assert (est.mean, est.n, est.sd, est.ci) == (42.0, 1, None, None)
    assert mean_estimate([]).mean is None
    assert t_interval([50, 50, 50]) == (50, 50)


def test_owner_data_shape_errors():
    with pytest.raises(InputError, match="values"):
        OwnerData(item_ids=("a", "b"), item_dimensions=("x", "x"), values=[[1, 2, 3]])
    with pytest.raises(InputError, match="item_dimensions"):
        OwnerData(item_ids=("a",), item_dimensions=("x", "y"), values=[[1]])
    with pytest.raises(InputError, match="overall"):
        OwnerData(item_ids=("a",), item_dimensions=("x",), values=[[1]], overall=[1, 2])
    with pytest.raises(InputError, match="item_weights"):
        OwnerData(item_ids=("a",), item_dimensions=("x",), values=[[1]], item_weights=[-1])


def test_wilson_rejects_impossible_counts():
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(5, 3)


@pytest.mark.parametrize("kwargs,field", [
    ({"values": [["a"]]}, "values"),
    ({"values": [[1]], "overall": ["x"]}, "overall"),
    ({"values": [[1]], "item_points": ["five"]}, "item_points"),
    ({"values": [[1]], "households": 0}, "households"),
])
def test_unconvertible_input_is_an_input_error_naming_the_field(kwargs, field):
    with pytest.raises(InputError, match=field):
        OwnerData(item_ids=("a",), item_dimensions=("x",), **kwargs)
