"""METHOD M10 KPIs of a period against hand-computed values (loader + stats.kpi)."""

from __future__ import annotations

from datetime import datetime

import pytest

from survey_app.extensions import db
from survey_app.feedback import kpis, services
from survey_app.feedback.data import load_ticket_data


@pytest.fixture
def scenario(period, users, make_ticket):
    """Five tickets of 2026-Q4 (local dates, UTC+8) and one of Q3; times are naive UTC.

    A repair: acknowledged exactly at its 30-minute limit, dispatched exactly at its 2-hour
      limit, completed after 24 h (limit 3 days), rated 5.
    B repair: acknowledged 1 minute late, dispatched late, completed after 96 h (late), rated 2
      with a reopen, completed again after 120 h.
    C complaint received 23:50 local on 31 December: still within its acknowledgement limit at
      the period end (pending, not late).
    D complaint never acknowledged within the period (acknowledged in January: does not count).
    F praise logged by staff at 00:30 local on 1 October (acknowledged on registration),
      completed after 1 h, no completion limit.
    E repair at 23:00 local on 30 September: belongs to Q3 and is left out.
    """
    staff = users["staff"]
    a = make_ticket(datetime(2026, 11, 2, 2, 0))
    services.classify(a, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", now=datetime(2026, 11, 2, 2, 30))
    services.dispatch(a, department="工程部", now=datetime(2026, 11, 2, 4, 0))
    services.complete(a, now=datetime(2026, 11, 3, 2, 0))
    services.record_callback(a, rating=5, channel="owner_link", now=datetime(2026, 11, 3, 5, 0))

    b = make_ticket(datetime(2026, 11, 10, 0, 0), location="5号楼地下车库")
    services.classify(b, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", now=datetime(2026, 11, 10, 0, 31))
    services.dispatch(b, department="工程部", now=datetime(2026, 11, 10, 3, 0))
    services.complete(b, now=datetime(2026, 11, 14, 0, 0))
    services.record_callback(b, rating=2, channel="owner_link", reopen=True,
                             now=datetime(2026, 11, 14, 8, 0))
    services.dispatch(b, department="工程部", now=datetime(2026, 11, 14, 9, 0))
    services.complete(b, now=datetime(2026, 11, 15, 0, 0))

    make_ticket(datetime(2026, 12, 31, 15, 50), ticket_type="complaint", category="噪音")
    d = make_ticket(datetime(2026, 12, 20, 0, 0), ticket_type="complaint", category="噪音")
    services.classify(d, ticket_type="complaint", dimension="security", category="噪音",
                      severity="normal", now=datetime(2027, 1, 2, 1, 0))
    f = make_ticket(datetime(2026, 9, 30, 16, 30), staff=staff, ticket_type="praise",
                    category="服务态度")
    services.classify(f, ticket_type="praise", dimension="service", category="服务态度",
                      severity="normal", now=datetime(2026, 9, 30, 16, 40))
    services.complete(f, now=datetime(2026, 9, 30, 17, 30))
    make_ticket(datetime(2026, 9, 30, 15, 0))
    db.session.commit()
    return period


def _rate(p):
    return (p.successes, p.n)


def test_loader_takes_tickets_received_in_the_period_in_local_time(scenario):
    data = load_ticket_data(scenario.id)
    assert data.received.shape == (5,)
    assert data.period_end == data.period_end.astype("datetime64[s]")
    assert str(data.period_end) == "2026-12-31T16:00:00"
    assert sorted(x for x in data.dimension if x) == ["facilities", "facilities", "security",
                                                       "security", "service"]


def test_overall_kpis_match_the_hand_computed_values(scenario):
    k = kpis.period_kpis(scenario.id).overall
    assert k.received == 5
    # A, F on time; B, D late; C pending: received, not (yet) on time (METHOD M10)
    assert _rate(k.response_timeliness) == (2, 5)
    assert k.pending_acknowledgement == 1
    assert _rate(k.dispatch_timeliness) == (1, 2)     # A at the limit, B late
    assert _rate(k.completion_rate) == (3, 5)         # A, B, F
    assert _rate(k.on_time_completion) == (1, 2)      # A; B late; F has no limit
    assert _rate(k.first_time_fix) == (2, 3)          # B was reopened
    assert _rate(k.callback_satisfaction) == (1, 2)   # A rated 5, B rated 2
    assert k.mean_hours == pytest.approx((24 + 120 + 1) / 3)
    assert k.p90_hours == pytest.approx(24 + 0.8 * 96)


def test_kpis_per_dimension_and_department(scenario):
    result = kpis.period_kpis(scenario.id)
    fac = result.by_dimension["facilities"]
    assert fac.received == 2
    assert _rate(fac.response_timeliness) == (1, 2)
    assert _rate(fac.first_time_fix) == (1, 2)
    assert _rate(result.by_dimension["security"].response_timeliness) == (0, 2)  # C, D
    assert set(result.by_department) == {"工程部"}
    assert _rate(result.by_department["工程部"].dispatch_timeliness) == (1, 2)


def test_repairs_and_complaints_apart_with_onsite_timeliness(scenario):
    """METHOD M10: repairs (on site within 24 h by default) and complaints reported apart."""
    result = kpis.period_kpis(scenario.id)
    repair, complaint = result.by_type["repair"], result.by_type["complaint"]
    assert repair.received == 2 and complaint.received == 2  # A, B; C, D
    assert _rate(repair.completion_rate) == (2, 2)
    assert _rate(complaint.completion_rate) == (0, 2)
    assert _rate(repair.onsite_timeliness) == (1, 2)  # A on site (completed) at 24 h; B late
    assert complaint.onsite_timeliness is None  # no on-site step for complaints
    assert "praise" not in result.by_type


def test_praise_gets_no_dispatch_deadline_it_never_had(period, make_ticket):
    """The flat 24 h dispatch default is gone: a praise dispatched late is not 'late'."""
    f = make_ticket(datetime(2026, 11, 2, 2, 0), ticket_type="praise", category="服务态度")
    services.classify(f, ticket_type="praise", dimension="service", category="服务态度",
                      severity="normal", now=datetime(2026, 11, 2, 2, 10))
    services.dispatch(f, department="客服中心", now=datetime(2026, 11, 5, 2, 0))
    db.session.commit()
    k = kpis.period_kpis(period.id).overall
    assert f.dispatch_due is None and k.dispatch_timeliness.n == 0


def test_empty_period_has_no_kpis(period):
    assert load_ticket_data(period.id) is None
    assert kpis.period_kpis(period.id) is None


def test_kpi_page_shows_rates_and_counts(scenario, as_role):
    page = as_role("committee").get(
        f"/feedback/{scenario.community_id}/periods/{scenario.id}/kpi")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2/5" in text and "工程部" in text
    # repairs and complaints apart, each rate in the seeds' own terms (METHOD M10)
    repairs = text[text.index('class="card kpi-repair"'):text.index('class="card kpi-complaint"')]
    complaints = text[text.index('class="card kpi-complaint"'):]
    complaints = complaints[:complaints.index("</section>")]
    assert "维修完成率" in repairs and "上门及时率" in repairs and "一次维修合格率" in repairs
    assert "投诉办结率" in complaints and "投诉处理及时率" in complaints
    assert "维修" not in complaints


def test_period_data_version_moves_when_tickets_change(period, make_ticket):
    before = period.data_version
    make_ticket(datetime(2026, 11, 2, 2, 0))
    db.session.refresh(period)
    assert period.data_version > before
