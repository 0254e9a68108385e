"""METHOD M10 in the ticket KPIs: pending tickets count as received, the 24 h on-site default
is for repairs only, dispatch has no default, repairs and complaints are reported apart."""
from __future__ import annotations

import numpy as np

from survey_app.stats import TicketData, compute_kpis

NAT = np.datetime64("NaT")
H = np.timedelta64(1, "h")
M = np.timedelta64(1, "m")


def _t(s):
    return np.datetime64(s, "s")


def test_response_timeliness_counts_pending_tickets_in_the_denominator():
    """M10: response timeliness = acknowledged within SLA / tickets received (1/3, not 1/2)."""
    end = _t("2026-03-31T00:00")
    t = TicketData(received=[_t("2026-03-01T08:00"), _t("2026-03-01T08:00"),
                             end - 10 * M],
                   acknowledged=[_t("2026-03-01T08:10"), _t("2026-03-01T09:00"), NAT],
                   period_end=end)
    k = compute_kpis(t).overall
    assert (k.response_timeliness.successes, k.response_timeliness.n) == (1, 3)
    assert k.pending_acknowledgement == 1


def test_no_flat_dispatch_default_and_onsite_default_for_repairs_only():
    """M10: "on site within 24 hours for repairs"; praise gets no deadline it never had."""
    base = _t("2026-03-01T08:00")
    t = TicketData(received=[base, base, base],
                   dispatched=[base + 30 * H, base + 30 * H, base + 30 * H],
                   onsite=[base + 30 * H, NAT, NAT],
                   completed=[base + 40 * H, base + 20 * H, base + 30 * H],
                   kind=["repair", "repair", "praise"], period_end=_t("2026-03-31T00:00"))
    k = compute_kpis(t).overall
    assert k.dispatch_timeliness.n == 0  # no ticket carries a dispatch deadline
    # repair 1 on site after 30 h (late), repair 2 completed (so on site) after 20 h
    assert (k.onsite_timeliness.successes, k.onsite_timeliness.n) == (1, 2)


def test_onsite_uses_the_tickets_own_deadline():
    base = _t("2026-03-01T08:00")
    t = TicketData(received=[base], onsite=[base + 3 * H], onsite_due=[base + 2 * H],
                   kind=["repair"], period_end=_t("2026-03-31T00:00"))
    assert compute_kpis(t).overall.onsite_timeliness.successes == 0


def test_repairs_and_complaints_reported_apart():
    """M10 names repair rates (维修完成率 …); complaints get their own slice."""
    base = _t("2026-03-01T08:00")
    t = TicketData(received=[base] * 4, completed=[base + H, NAT, base + H, base + H],
                   kind=["repair", "repair", "complaint", "praise"],
                   period_end=_t("2026-03-31T00:00"))
    r = compute_kpis(t)
    assert set(r.by_type) == {"repair", "complaint"}
    assert (r.by_type["repair"].completion_rate.successes,
            r.by_type["repair"].completion_rate.n) == (1, 2)
    assert r.by_type["complaint"].completion_rate.rate == 1.0
    assert r.by_type["complaint"].onsite_timeliness is None
    assert r.overall.received == 4
