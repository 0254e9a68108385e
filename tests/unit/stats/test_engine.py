"""compute_period_result end to end: hand-computed period, degenerate inputs, JSON output."""
from __future__ import annotations

import json

import numpy as np
import pytest

from survey_app.stats import (
    DEFAULT_SCHEME,
    InspectionData,
    OwnerData,
    Scheme,
    SchemeError,
    TicketData,
    compute_period_result,
    entropy_weights,
)

NA = np.nan
DIMS5 = ("cleaning", "greening", "security", "facilities", "service")


def _owner(values=None, **kw):
    values = [[5, 4, 3, NA], [4, NA, NA, 2], [NA, NA, 5, 1]] if values is None else values
    return OwnerData(item_ids=("c1", "c2", "g1", "s1"),
                     item_dimensions=("cleaning", "cleaning", "greening", "security"),
                     values=values, **kw)


def _inspection():
    return InspectionData(inspection=[1, 1, 1, 2], max_points=[10, 10, 5, 10],
                          dimension=["cleaning", "cleaning", "greening", "cleaning"],
                          awarded=[8, NA, 5, 6])


def test_hand_computed_period():
    res = compute_period_result(DEFAULT_SCHEME, owner=_owner(), inspection=_inspection())
    d = res.dimensions
    assert d["cleaning"].sources == {"owner": 81.25, "inspection": 70.0, "third_party": None}
    assert d["cleaning"].combined == pytest.approx((0.4 * 81.25 + 0.3 * 70) / 0.7)
    assert d["cleaning"].sources_missing == ("third_party",)
    assert d["greening"].combined == pytest.approx((0.4 * 75 + 0.3 * 100) / 0.7)
    assert d["security"].combined == pytest.approx(12.5)
    assert d["security"].sources_used == ("owner",)
    assert d["facilities"].combined is None and d["service"].combined is None
    expected = ((0.4 * 81.25 + 21) / 0.7 + 60 / 0.7 + 12.5) / 3
    assert res.composite.score == pytest.approx(expected)
    assert res.composite.grade == "fail"
    assert res.composite.missing_dimensions == ("facilities", "service")
    assert res.composite.weights["cleaning"] == pytest.approx(1 / 3)
    assert res.composite.weights["service"] == 0
    lo, hi = res.composite.ci
    assert 0 <= lo <= hi <= 100
    assert d["cleaning"].combined_ci is not None and d["facilities"].combined_ci is None
    codes = {f.code for f in res.flags}
    assert {"dimension_missing", "composite_partial", "sample_small"} <= codes
    assert res.sample.target == 385
    assert res.meta["owner_respondents"] == 3


def test_bootstrap_is_seeded_and_reproducible():
    a = compute_period_result(DEFAULT_SCHEME, owner=_owner(), seed=7)
    b = compute_period_result(DEFAULT_SCHEME, owner=_owner(), seed=7)
    assert a.composite.ci == b.composite.ci
    assert a.to_dict() == b.to_dict()
    c = compute_period_result(DEFAULT_SCHEME, owner=_owner(), bootstrap=False)
    assert c.composite.ci is None and c.composite.score == a.composite.score


def test_no_data_at_all_is_missing_not_zero():
    res = compute_period_result(DEFAULT_SCHEME)
    assert res.composite.score is None and res.composite.grade is None
    assert all(d.combined is None for d in res.dimensions.values())
    codes = [f.code for f in res.flags]
    assert "no_owner_data" in codes and "composite_missing" in codes
    assert codes.count("dimension_missing") == 5
    json.dumps(res.to_dict(), allow_nan=False)


def test_empty_owner_data():
    o = OwnerData(item_ids=("c1",), item_dimensions=("cleaning",), values=np.zeros((0, 1)))
    res = compute_period_result(DEFAULT_SCHEME, owner=o)
    assert res.dimensions["cleaning"].owner is None or res.dimensions["cleaning"].combined is None
    assert res.composite.score is None


def test_one_respondent_has_scores_but_no_intervals():
    res = compute_period_result(DEFAULT_SCHEME, owner=_owner([[5, 5, 4, 3]]))
    c = res.dimensions["cleaning"]
    assert c.combined == 100 and c.owner.ci is None and c.combined_ci is None
    assert res.composite.ci is None
    codes = {f.code for f in res.flags}
    assert {"single_respondent", "bootstrap_unavailable", "ci_unavailable"} <= codes


def test_all_answers_equal_alpha_undefined():
    res = compute_period_result(DEFAULT_SCHEME, owner=_owner([[4, 4, 4, 4]] * 5))
    a = res.dimensions["cleaning"].owner.alpha
    assert a.alpha is None and a.reason == "zero_variance"
    assert any(f.code == "alpha_undefined" and f.dimension == "cleaning" for f in res.flags)
    assert res.dimensions["cleaning"].owner.ci == (75.0, 75.0)


def test_low_alpha_flag_carries_value():
    vals = [[1, 4, 3, 3], [5, 1, 3, 3], [2, 5, 3, 3], [4, 2, 3, 3]]
    res = compute_period_result(DEFAULT_SCHEME, owner=_owner(vals))
    f = [f for f in res.flags if f.code == "alpha_low"]
    assert f and f[0].dimension == "cleaning" and f[0].value < 0.7


def test_unknown_dimension_raises_scheme_error():
    o = OwnerData(item_ids=("p1",), item_dimensions=("parking",), values=[[3]])
    with pytest.raises(SchemeError, match="parking"):
        compute_period_result(DEFAULT_SCHEME, owner=o)


def test_tree_scheme_end_to_end():
    s = Scheme.from_dict({"key": "gbt", "version": "1", "source_weights": {"owner": 1},
                          "dimensions": [
                              {"key": "brand", "weight": 0.1},
                              {"key": "expectation", "weight": 0.1},
                              {"key": "quality", "weight": 0.7, "children": [
                                  {"key": "cleaning", "weight": 0.5},
                                  {"key": "security", "weight": 0.5}]},
                              {"key": "value", "weight": 0.1}]})
    o = OwnerData(item_ids=("b", "e", "c", "s", "v"),
                  item_dimensions=("brand", "expectation", "cleaning", "security", "value"),
                  values=[[5, 3, 4, NA, 1], [3, 3, 2, NA, 1]])
    res = compute_period_result(s, owner=o)
    # brand 75, expectation 50, cleaning 50, security missing → quality 50, value 0
    assert res.nodes["quality"].score == pytest.approx(50)
    assert res.nodes["quality"].level == 1 and res.nodes["cleaning"].level == 2
    assert res.nodes["cleaning"].parent == "quality"
    assert res.composite.score == pytest.approx(0.1 * 75 + 0.1 * 50 + 0.7 * 50 + 0.1 * 0)
    assert res.nodes["security"].score is None
    assert res.composite.weights["cleaning"] == pytest.approx(0.7)
    assert res.nodes["quality"].ci is not None


def test_kpi_as_fourth_source_for_service():
    d = DEFAULT_SCHEME.to_dict()
    d.update(kpi_to_service=True, source_weights={"owner": 0.4, "inspection": 0.3,
                                                   "third_party": 0.3, "kpi": 0.2})
    s = Scheme.from_dict(d)
    o = OwnerData(item_ids=("v1",), item_dimensions=("service",), values=[[5], [4]])
    t0 = np.datetime64("2026-01-01T08:00", "s")
    t = TicketData(received=[t0, t0], acknowledged=[t0, t0], dispatched=[t0, t0],
                   completed=[t0, t0], period_end=np.datetime64("2026-03-31", "s"),
                   callback=[1, 1])
    res = compute_period_result(s, owner=o, tickets=t)
    svc = res.dimensions["service"]
    assert svc.kpi == pytest.approx(100.0)  # every KPI defined is 100 %
    assert svc.combined == pytest.approx((0.4 * 87.5 + 0.2 * 100) / 0.6)
    assert "kpi" not in res.dimensions["cleaning"].sources
    off = compute_period_result(DEFAULT_SCHEME, owner=o, tickets=t)
    assert off.dimensions["service"].combined == pytest.approx(87.5)
    assert off.kpis.overall.received == 2


def test_entropy_weights_from_buildings():
    d = DEFAULT_SCHEME.to_dict()
    d.update(weight_method="entropy", dimensions=d["dimensions"][:2])
    s = Scheme.from_dict(d)
    o = OwnerData(item_ids=("c", "g"), item_dimensions=("cleaning", "greening"),
                  values=[[5, 3], [4, 3], [2, 4], [3, 5]], groups=["A", "A", "B", "B"])
    res = compute_period_result(s, owner=o)
    # building means: A (87.5, 50), B (37.5, 87.5)
    w = entropy_weights([[87.5, 50], [37.5, 87.5]]).weights
    assert res.composite.weights_basis == "entropy_groups"
    assert res.composite.weights["cleaning"] == pytest.approx(w[0])
    assert res.groups["A"].scores["cleaning"] == 87.5 and res.groups["B"].n == 2


def test_entropy_falls_back_when_no_units():
    d = DEFAULT_SCHEME.to_dict()
    d["weight_method"] = "entropy"
    res = compute_period_result(Scheme.from_dict(d))
    assert any(f.code == "entropy_fallback" for f in res.flags)


def test_previous_period_and_ipa_and_overall():
    rng = np.random.default_rng(3)
    n = 120
    over = rng.integers(1, 6, n).astype(float)
    clean = np.clip(over + rng.integers(-1, 2, n), 1, 5)
    vals = np.column_stack([clean, clean, rng.integers(1, 6, n), rng.integers(1, 6, n)])
    now = _owner(vals, overall=over, nps=rng.integers(0, 11, n), households=400,
                 groups=np.where(np.arange(n) % 2, "1栋", "2栋"),
                 group_households={"1栋": 200, "2栋": 200})
    prev = _owner(np.clip(vals - 1, 1, 5), overall=np.clip(over - 1, 1, 5))
    res = compute_period_result(DEFAULT_SCHEME, owner=now, previous_owner=prev, n_boot=500)
    dl = res.deltas["cleaning"]
    assert dl.delta > 0 and dl.significant and dl.welch_p is not None
    assert res.overall_delta is not None and res.overall_delta.delta > 0
    assert res.overall.n == n and res.nps.n == n
    pts = {p.dimension: p for p in res.ipa.points}
    assert pts["cleaning"].importance_source == "derived"
    assert pts["cleaning"].importance > pts["greening"].importance
    assert res.groups["1栋"].response_rate == pytest.approx(60 / 200)
    assert res.sample.households == 400 and res.sample.target == 197
    assert "facilities" not in res.deltas


def test_stated_importance_is_used():
    o = _owner(importance={"cleaning": 5, "greening": 1, "security": 3})
    res = compute_period_result(DEFAULT_SCHEME, owner=o)
    assert {p.importance_source for p in res.ipa.points} == {"stated"}


def test_to_dict_is_json_serialisable_without_nan():
    res = compute_period_result(DEFAULT_SCHEME, owner=_owner(), inspection=_inspection())
    d = res.to_dict()
    text = json.dumps(d, allow_nan=False, ensure_ascii=False)
    assert '"scheme"' in text and d["scheme"]["key"] == "default"
    assert d["dimensions"]["facilities"]["combined"] is None
    assert isinstance(d["composite"]["ci"], list)
    assert d["flags"][0]["code"]


def test_third_party_agreement_and_inspection_flags_in_engine():
    from survey_app.stats import AssessmentData

    tp = AssessmentData(item_ids=("a", "b", "c", "d", "e"), item_dimensions=("cleaning",) * 5,
                        max_points=[10] * 5, scores=[[9, 6], [2, 5], [5, 6], [7, 4], [3, 3]])
    insp = InspectionData(inspection=[1, 1], dimension=["cleaning", "greening"],
                          max_points=[10, 10], awarded=[7, 10], rectifications_opened=2,
                          rectifications_verified=1)
    res = compute_period_result(DEFAULT_SCHEME, inspection=insp, third_party=tp)
    c = res.dimensions["cleaning"]
    assert c.third_party.score == pytest.approx(100 * 25 / 50)
    assert c.third_party.agreement.low
    assert res.agreement.icc_2_k == pytest.approx(c.third_party.agreement.icc_2_k)
    assert c.combined == pytest.approx((0.3 * 70 + 0.3 * 50) / 0.6)
    assert c.combined_ci is None  # no owner data to resample
    codes = {(f.code, f.dimension) for f in res.flags}
    assert ("agreement_low", "cleaning") in codes and ("agreement_low", None) in codes
    assert ("rectifications_open", None) in codes
    assert [f.item_id for f in res.inspection.findings] == [None]
    assert res.inspection.closure_rate == 0.5


def test_inspection_dimension_outside_scheme_raises():
    insp = InspectionData(inspection=[1], dimension=["parking"], max_points=[10], awarded=[7])
    with pytest.raises(SchemeError, match="joint inspection.*parking"):
        compute_period_result(DEFAULT_SCHEME, inspection=insp)
