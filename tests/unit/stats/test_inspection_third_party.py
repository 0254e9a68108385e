"""Hand-computed cases for M3 (joint inspection) and M4 (third-party assessment)."""
from __future__ import annotations

import numpy as np
import pytest

from survey_app.stats import (
    AssessmentData,
    InputError,
    InspectionData,
    agreement,
    apply_deductions,
    closure_rate,
    findings,
    inspection_dimension_scores,
    per_inspection_scores,
    third_party_dimension_scores,
)
from survey_app.stats.inspection import inspection_summary

NA = np.nan


def test_apply_deductions():
    assert apply_deductions(10, [2, 1.5]) == 6.5
    assert apply_deductions(10, [7, 8]) == 0.0  # never below zero
    assert apply_deductions(5, []) == 5.0
    np.testing.assert_allclose(apply_deductions([10, 4], [[1], [2, 3]]), [9, 0])
    with pytest.raises(ValueError):
        apply_deductions(10, [-1])


def _inspection():
    # inspection 1: cleaning 8/10 and n/a, greening 5/5; inspection 2: cleaning 10 − 4 = 6/10,
    # security 9/10 with pass line 9 (not a finding), security 7/10 pass line 9 (finding)
    return InspectionData(
        inspection=[1, 1, 1, 2, 2, 2],
        dimension=["cleaning", "cleaning", "greening", "cleaning", "security", "security"],
        max_points=[10, 10, 5, 10, 10, 10],
        awarded=[8, NA, 5, apply_deductions(10, [4]), 9, 7],
        pass_line=[NA, NA, NA, NA, 9, 9],
        item_ids=["c1", "c2", "g1", "c1", "s1", "s2"],
        rectifications_opened=3, rectifications_verified=2)


def test_inspection_scores_hand_computed():
    d = _inspection()
    per = per_inspection_scores(d)
    assert per["cleaning"] == {1: 80.0, 2: 60.0}
    assert per["greening"] == {1: 100.0}
    assert per["security"] == {2: 80.0}
    res = inspection_dimension_scores(d, ["cleaning", "greening", "security", "facilities"])
    assert res["cleaning"].score == pytest.approx(70.0)
    assert res["cleaning"].n_inspections == 2
    assert res["greening"].score == 100.0
    assert res["facilities"] is None  # not inspected → missing, not 0


def test_findings_and_closure_rate():
    d = _inspection()
    f = findings(d)
    # default pass line a < m: cleaning 8/10 (insp 1), 6/10 (insp 2); security 7 < 9
    assert [(x.inspection, x.item_id) for x in f] == [(1, "c1"), (2, "c1"), (2, "s2")]
    assert f[2].pass_line == 9
    s = inspection_summary(d)
    assert s.n_inspections == 2
    assert s.closure_rate == pytest.approx(2 / 3)
    assert closure_rate(0, 0) is None


def test_inspection_rejects_awarded_above_maximum():
    with pytest.raises(InputError, match="awarded"):
        InspectionData(inspection=[1], dimension=["x"], max_points=[5], awarded=[6])


def test_third_party_scores_hand_computed():
    # item means: (8+6)/2 = 7, (4+NA)/1 = 4, item 3 not applicable for everyone
    d = AssessmentData(item_ids=("a", "b", "c", "d"),
                       item_dimensions=("cleaning", "cleaning", "cleaning", "security"),
                       max_points=[10, 5, 10, 20], scores=[[8, 6], [4, NA], [NA, NA], [10, 12]])
    res = third_party_dimension_scores(d, ["cleaning", "security", "greening"])
    assert res["cleaning"].score == pytest.approx(100 * (7 + 4) / (10 + 5))
    assert res["cleaning"].n_items == 2
    assert res["security"].score == pytest.approx(100 * 11 / 20)
    assert res["greening"] is None


def test_agreement_flags_low_icc():
    # two assessors who disagree on the ordering of items → ICC(2,k) well below 0.75
    a = agreement([[9, 2], [2, 9], [5, 5], [7, 3]])
    assert a.low and a.icc_2_k is None and a.reason == "no_agreement"
    m = agreement([[9, 6], [2, 5], [5, 6], [7, 4], [3, 3]])
    assert m.low and m.icc_2_k < 0.75 and m.reason is None
    b = agreement([[9, 9], [2, 3], [5, 5], [7, 7]])
    assert not b.low and b.icc_2_k > 0.9
    c = agreement([[5, 5], [5, 5]])
    assert c.icc_2_k is None and c.reason == "zero_variance"
    assert agreement([[5], [6]]).reason == "fewer_than_2_assessors"


def test_deductions_stop_at_the_item_floor():
    from survey_app.stats.inspection import apply_deductions

    assert apply_deductions(5, [1, 1, 1, 1, 1, 1]) == 0.0  # 扣完为止 at zero by default
    assert apply_deductions(5, [1, 1, 1, 1, 1, 1], floor=2) == 2.0
    assert apply_deductions(5, [1], floor=2) == 4.0
