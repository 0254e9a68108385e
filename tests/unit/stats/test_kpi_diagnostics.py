"""Hand-computed cases for M10 (ticket KPIs) and M9 (IPA, tests, sample adequacy)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from survey_app.stats import (
    TicketData,
    compare_periods,
    compute_kpis,
    ipa,
    pearson,
    sample_adequacy,
    two_proportion_z,
)

NAT = np.datetime64("NaT")


def _t(s):
    return np.datetime64(s, "s")


def _tickets():
    base = _t("2026-03-01T08:00")
    h, m = np.timedelta64(1, "h"), np.timedelta64(1, "m")
    return TicketData(
        received=[base, base, _t("2026-03-30T23:50"), _t("2026-03-10T09:00"), base],
        acknowledged=[base + 10 * m, base + 40 * m, NAT, NAT, base + 5 * m],
        dispatched=[base + h, base + 30 * h, NAT, NAT, base + 2 * h],
        completed=[base + 5 * h, base + 48 * h, NAT, NAT, _t("2026-04-02T00:00")],
        complete_due=[base + 4 * h, base + 72 * h, NAT, NAT, NAT],
        reopened=[False, True, False, False, False],
        callback=[1, 0, np.nan, np.nan, 1],
        dimension=["facilities", "facilities", "cleaning", "cleaning", None],
        department=["eng", "eng", "clean", "clean", "eng"],
        period_end=_t("2026-03-31T00:00"))


def test_kpis_hand_computed():
    k = compute_kpis(_tickets()).overall
    assert k.received == 5
    # on time: T1, T5; late: T2 (40 min), T4 (never, past due); T3 still within SLA is
    # pending and stays in the denominator (METHOD M10: "/ tickets received")
    assert (k.response_timeliness.successes, k.response_timeliness.n) == (2, 5)
    assert k.pending_acknowledgement == 1
    # no ticket carries a dispatch deadline and METHOD gives no default: nothing to time
    assert k.dispatch_timeliness.n == 0 and k.dispatch_timeliness.rate is None
    # T5 completed after the period end → not completed in this period
    assert (k.completion_rate.successes, k.completion_rate.n) == (2, 5)
    assert (k.on_time_completion.successes, k.on_time_completion.n) == (1, 2)
    assert (k.first_time_fix.successes, k.first_time_fix.n) == (1, 2)
    assert (k.callback_satisfaction.successes, k.callback_satisfaction.n) == (2, 3)
    assert k.mean_hours == pytest.approx(26.5)
    assert k.p90_hours == pytest.approx(5 + 0.9 * 43)
    assert k.score == pytest.approx(100 * np.mean([0.4, 0.4, 0.5, 0.5, 2 / 3]))


def test_kpis_by_dimension_and_department():
    r = compute_kpis(_tickets())
    assert set(r.by_dimension) == {"facilities", "cleaning"}
    assert r.by_dimension["facilities"].received == 2
    assert r.by_dimension["cleaning"].completion_rate.rate == 0
    assert r.by_department["eng"].received == 3


def test_kpis_no_callbacks_is_none_not_zero():
    t = TicketData(received=[_t("2026-01-01T00:00")], period_end=_t("2026-03-31T00:00"))
    k = compute_kpis(t).overall
    assert k.callback_satisfaction.rate is None
    assert k.response_timeliness.rate == 0.0  # never acknowledged, long past due
    assert k.mean_hours is None


def test_two_proportion_z_hand_computed():
    # 60/100 vs 45/100: pooled p = .525
    z, p = two_proportion_z(60, 100, 45, 100)
    se = math.sqrt(0.525 * 0.475 * (2 / 100))
    assert z == pytest.approx(0.15 / se)
    assert p == pytest.approx(2 * stats.norm.sf(0.15 / se))
    assert two_proportion_z(0, 0, 1, 2) == (None, None)


def test_compare_periods_identical_samples_not_significant():
    d = compare_periods("cleaning", [50, 50, 50], [50, 50, 50], (1, 3), (1, 3))
    assert d.delta == 0 and d.mw_p == 1.0 and not d.significant
    assert d.welch_t is None  # zero variance: Welch undefined, not an exception


def test_compare_periods_shift_is_significant():
    rng = np.random.default_rng(1)
    now, prev = rng.normal(80, 10, 200), rng.normal(70, 10, 200)
    d = compare_periods("cleaning", now, prev, (150, 200), (100, 200))
    assert d.delta == pytest.approx(now.mean() - prev.mean())
    assert d.significant and d.mw_p < 0.05 and d.welch_p < 0.05
    assert d.sat_delta == pytest.approx(0.25) and d.sat_significant


def test_compare_periods_missing_side():
    d = compare_periods("x", [], [1, 2])
    assert d.current is None and d.delta is None and d.mw_p is None and not d.significant


def test_ipa_quadrants_hand_computed():
    perf = {"a": 90, "b": 60, "c": 70, "d": 80, "e": None}
    imp = {"a": 0.8, "b": 0.7, "c": 0.2, "d": 0.3, "e": 0.9}
    r = ipa(perf, imp)
    # means over plotted dims a–d: performance 75, importance 0.5
    assert r.performance_split == 75 and r.importance_split == pytest.approx(0.5)
    q = {p.dimension: p.quadrant for p in r.points}
    assert q == {"a": "keep_up_good_work", "b": "concentrate_here", "c": "low_priority",
                 "d": "possible_overkill"}
    assert ipa({"a": None}, {"a": 1}) is None


def test_pearson_guards():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1)
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, np.nan, 3, 4], [1, 5, 3, 4]) == pytest.approx(1)
    assert pearson([1, 2], [1, 2]) is None


def test_sample_adequacy():
    s = sample_adequacy(250, 1000)
    assert s.target == 278 and s.small and s.response_rate == 0.25
    assert not sample_adequacy(300, 1000).small
    assert sample_adequacy(10, 12).target <= 12
    assert sample_adequacy(400, None).response_rate is None


def test_kpi_handling_time_ignores_bad_timestamps():
    t0 = _t("2026-01-01T10:00")
    t = TicketData(received=[NAT, t0, t0], completed=[t0, t0 + np.timedelta64(2, "h"),
                                                      t0 - np.timedelta64(1, "h")],
                   period_end=_t("2026-03-31T00:00"))
    k = compute_kpis(t).overall
    assert k.mean_hours == pytest.approx(2.0) and k.p90_hours == pytest.approx(2.0)
    assert k.completion_rate.successes == 3


def test_ticket_bad_timestamp_is_input_error():
    from survey_app.stats import InputError

    with pytest.raises(InputError, match="received"):
        TicketData(received=["yesterday-ish"])
    with pytest.raises(InputError, match="acknowledged"):
        TicketData(received=[_t("2026-01-01T00:00")], acknowledged=[NAT, NAT])


def test_welch_with_one_constant_sample_has_no_warning():
    from survey_app.stats import welch

    t, df, p = welch([100 / 3] * 4, [10.0, 20.0, 30.0])
    assert t == pytest.approx((100 / 3 - 20) / math.sqrt(100 / 3))
    assert df == pytest.approx(2.0)
