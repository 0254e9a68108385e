"""Property tests: weights sum to 1, scores stay in 0–100, row order is irrelevant,
and a dimension without data is missing (None), never 0."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.stats import (
    DEFAULT_SCHEME,
    InspectionData,
    OwnerData,
    ahp_weights,
    compute_period_result,
    direct_weights,
    entropy_weights,
)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
ANSWER = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, math.nan])
ITEM_DIMS = ("cleaning", "cleaning", "greening", "security", "security", "facilities")


@st.composite
def owner_data(draw, min_rows=0, max_rows=12):
    """Random owner answers over six items in four of the five default dimensions."""
    n = draw(st.integers(min_rows, max_rows))
    rows = draw(st.lists(st.lists(ANSWER, min_size=6, max_size=6), min_size=n, max_size=n))
    values = np.array(rows, dtype=float).reshape(n, 6)
    overall = np.array(draw(st.lists(ANSWER, min_size=n, max_size=n)), dtype=float)
    groups = draw(st.lists(st.sampled_from(["A", "B"]), min_size=n, max_size=n))
    return OwnerData(item_ids=tuple(f"q{i}" for i in range(6)), item_dimensions=ITEM_DIMS,
                     values=values, overall=overall, groups=groups)


@st.composite
def inspection_data(draw):
    """Random checklist rows (awarded ≤ maximum, some not applicable)."""
    n = draw(st.integers(1, 6))
    mx = draw(st.lists(st.sampled_from([5.0, 10.0]), min_size=n, max_size=n))
    frac = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, math.nan]), min_size=n, max_size=n))
    return InspectionData(inspection=draw(st.lists(st.integers(1, 2), min_size=n, max_size=n)),
                          dimension=draw(st.lists(st.sampled_from(["cleaning", "service"]),
                                                  min_size=n, max_size=n)),
                          max_points=mx, awarded=[m * f for m, f in zip(mx, frac, strict=True)])


def _in_range(x):
    return x is None or (0 - 1e-9 <= x <= 100 + 1e-9)


@SETTINGS
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=12).filter(
    lambda w: sum(w) > 0))
def test_direct_weights_sum_to_one(w):
    out = direct_weights(w)
    assert out.sum() == pytest.approx(1.0) and (out >= 0).all()


@SETTINGS
@given(st.lists(st.floats(0.2, 1.0), min_size=1, max_size=10))
def test_ahp_consistent_matrices_recover_weights(w):
    w = np.array(w)
    r = ahp_weights(w[:, None] / w[None, :])  # ratios within 1/5…5: inside Saaty's scale
    assert r.weights.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(r.weights, w / w.sum(), atol=1e-9)
    assert r.cr < 1e-9


@SETTINGS
@given(st.integers(2, 8).flatmap(lambda m: st.lists(
    st.lists(st.floats(0.5, 100), min_size=3, max_size=3), min_size=m, max_size=m)))
def test_entropy_weights_sum_to_one(x):
    x = np.array(x)
    if np.ptp(x, axis=0).max() < 1e-6:
        return  # every column constant: weights undefined by construction
    w = entropy_weights(x).weights
    assert w.sum() == pytest.approx(1.0) and (w >= 0).all()


@SETTINGS
@given(owner_data(), st.one_of(st.none(), inspection_data()))
def test_scores_and_intervals_stay_within_0_100(owner, insp):
    res = compute_period_result(DEFAULT_SCHEME, owner=owner, inspection=insp, n_boot=200)
    assert _in_range(res.composite.score)
    for iv in [res.composite.ci] + [d.combined_ci for d in res.dimensions.values()]:
        assert iv is None or (_in_range(iv[0]) and _in_range(iv[1]) and iv[0] <= iv[1])
    for d in res.dimensions.values():
        assert _in_range(d.combined)
        for v in d.sources.values():
            assert _in_range(v)
    ew = [w for w in res.composite.weights.values()]
    assert res.composite.score is None or sum(ew) == pytest.approx(1.0)


@SETTINGS
@given(owner_data(min_rows=2), st.randoms(use_true_random=False))
def test_results_invariant_to_row_order(owner, rnd):
    perm = list(range(owner.n_respondents))
    rnd.shuffle(perm)
    shuffled = OwnerData(item_ids=owner.item_ids, item_dimensions=owner.item_dimensions,
                         values=owner.values[perm], overall=owner.overall[perm],
                         groups=owner.groups[perm])
    a = compute_period_result(DEFAULT_SCHEME, owner=owner, n_boot=200).to_dict()
    b = compute_period_result(DEFAULT_SCHEME, owner=shuffled, n_boot=200).to_dict()
    _assert_close(a, b)


def _assert_close(a, b, path="$"):
    """Recursive equality with float tolerance."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _assert_close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9), path
    else:
        assert a == b, path


@SETTINGS
@given(owner_data(), st.sampled_from(["cleaning", "greening", "security", "facilities"]))
def test_dimension_without_data_is_missing_never_zero(owner, dim):
    cols = [i for i, d in enumerate(ITEM_DIMS) if d == dim]
    values = owner.values.copy()
    values[:, cols] = np.nan
    blanked = OwnerData(item_ids=owner.item_ids, item_dimensions=ITEM_DIMS, values=values)
    res = compute_period_result(DEFAULT_SCHEME, owner=blanked, n_boot=50)
    d = res.dimensions[dim]
    assert d.combined is None and d.sources["owner"] is None and d.grade is None
    assert res.composite.weights[dim] == 0
    assert res.to_dict()["dimensions"][dim]["combined"] is None
    assert res.dimensions["service"].combined is None  # no items at all


@st.composite
def assessment_data(draw):
    """Random third-party sheets: 1–5 items, 0–3 assessors, some not applicable."""
    k, m = draw(st.integers(1, 5)), draw(st.integers(0, 3))
    cells = draw(st.lists(st.sampled_from([0.0, 2.0, 5.0, 10.0, math.nan]),
                          min_size=k * m, max_size=k * m))
    from survey_app.stats import AssessmentData

    return AssessmentData(item_ids=tuple(f"t{i}" for i in range(k)),
                          item_dimensions=tuple(draw(st.lists(st.sampled_from(
                              ["cleaning", "security"]), min_size=k, max_size=k))),
                          max_points=[10.0] * k, scores=np.array(cells).reshape(k, m))


@SETTINGS
@given(owner_data(), st.one_of(st.none(), inspection_data()),
       st.one_of(st.none(), assessment_data()), st.one_of(st.none(), owner_data()))
def test_engine_never_raises_and_serialises(owner, insp, tp, prev):
    import json

    res = compute_period_result(DEFAULT_SCHEME, owner=owner, inspection=insp, third_party=tp,
                                previous_owner=prev, n_boot=100)
    json.dumps(res.to_dict(), allow_nan=False)
    assert _in_range(res.composite.score)
