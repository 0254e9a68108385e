"""One response rule for overall and building response rates (METHOD M9), and the IPA
importance resolution (M9 derived importance is a Pearson correlation)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from survey_app.stats import OwnerData, compute_period_result
from survey_app.stats.diagnostics import correlation_resolution, ipa
from tests.fixtures import sample


def test_blank_submissions_count_in_neither_rate():
    """M9 response rate = responses / households; a blank submission is no response, for the
    overall rate and for the building's rate alike."""
    nan = np.nan
    owner = OwnerData(item_ids=("a", "b"), item_dimensions=("cleaning", "cleaning"),
                      values=[[4, 5], [nan, nan], [3, nan], [nan, nan]],
                      overall=[4, nan, nan, nan], groups=["1号楼", "1号楼", "2号楼", "2号楼"],
                      households=8, group_households={"1号楼": 4, "2号楼": 4})
    scheme = {"key": "t", "version": "1", "dimensions": [{"key": "cleaning", "weight": 1}],
              "source_weights": {"owner": 1}}
    from survey_app.stats import Scheme

    result = compute_period_result(Scheme.from_dict(scheme), owner=owner, bootstrap=False)
    assert result.sample.responses == 2 and result.sample.response_rate == 0.25
    assert result.groups["1号楼"].n == 1 and result.groups["1号楼"].response_rate == 0.25
    assert result.groups["2号楼"].n == 1
    total = sum(g.n for g in result.groups.values())
    assert total == result.sample.responses


def test_correlation_resolution_is_fisher_half_width():
    """Fisher z: h = 1.96/√(n − 3); half-width (tanh(z + h) − tanh(z − h)) / 2."""
    r, n = 0.7, 300
    z, h = math.atanh(r), 1.959964 / math.sqrt(n - 3)
    assert correlation_resolution(r, n) == pytest.approx(
        (math.tanh(z + h) - math.tanh(z - h)) / 2, rel=1e-5)
    assert correlation_resolution(r, 3) is None


def test_ipa_flat_when_importances_differ_less_than_their_uncertainty():
    """Issue 16 case: importances 0.68–0.72 on 300 owners cannot be told apart."""
    perf = {"a": 70.0, "b": 70.0, "c": 80.0}
    res = ipa(perf, {"a": 0.68, "b": 0.72, "c": 0.70}, "derived",
              correlation_resolution(0.70, 300))
    assert res.importance_flat and res.importance_spread == pytest.approx(0.04)
    wide = ipa(perf, {"a": 0.3, "b": 0.8, "c": 0.6}, "derived",
               correlation_resolution(0.57, 300))
    assert not wide.importance_flat


def test_engine_gives_no_concentrate_advice_on_a_flat_axis():
    result = sample.period_result()
    flat = result.ipa.importance_flat
    codes = {f.code for f in result.flags}
    assert ("ipa_importance_flat" in codes) == flat
    if flat:
        assert "concentrate_here" not in codes
