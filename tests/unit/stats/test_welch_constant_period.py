"""M9: a period whose answers are all equal must not leak SciPy's precision-loss warning.

SciPy's ttest_ind warns "Precision loss occurred in moment calculation due to catastrophic
cancellation" when a sample is constant; under `-W error` (our test setting, and any
deployment that turns warnings into errors) that warning would crash a results page.
"""
from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import numpy as np
import pytest

from survey_app.stats import DEFAULT_SCHEME, OwnerData, compare_periods, compute_period_result


@contextmanager
def strict():
    """Every warning raised inside the block becomes an error, whatever pytest's settings."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_current_period_all_equal_gives_welch_against_the_other_variance():
    previous = [50.0, 75.0, 100.0] * 10
    with strict():
        d = compare_periods("cleaning", [75.0] * 50, previous)
    se = math.sqrt(np.var(previous, ddof=1) / len(previous))
    assert d.welch_t == pytest.approx((75.0 - np.mean(previous)) / se)
    assert d.welch_df == pytest.approx(len(previous) - 1)
    assert d.delta == pytest.approx(0.0) and not d.significant


def test_previous_period_all_equal_thirds():
    """Scores like 66.67 (a mean of three Likert items) are equal but not exactly representable."""
    with strict():
        d = compare_periods("greening", [25.0, 50.0, 75.0, 100.0] * 5, [200 / 3] * 40)
    assert d.welch_t is not None and math.isfinite(d.welch_p)


def test_both_periods_all_equal_flags_welch_as_undefined():
    with strict():
        d = compare_periods("security", [75.0] * 30, [50.0] * 20)
    assert (d.welch_t, d.welch_df, d.welch_p) == (None, None, None)
    assert d.delta == pytest.approx(25.0) and d.mw_p is not None


def test_engine_with_a_constant_previous_period():
    rng = np.random.default_rng(7)
    items = ("c1", "c2", "g1")
    dims = ("cleaning", "cleaning", "greening")
    now = OwnerData(item_ids=items, item_dimensions=dims,
                    values=rng.integers(1, 6, (80, 3)).astype(float))
    before = OwnerData(item_ids=items, item_dimensions=dims, values=np.full((60, 3), 4.0))
    with strict():
        res = compute_period_result(DEFAULT_SCHEME, owner=now, previous_owner=before, n_boot=50)
    assert res.deltas["cleaning"].previous == pytest.approx(75.0)
    assert res.deltas["cleaning"].welch_t is not None
