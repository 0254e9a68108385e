"""Issue 19 item 2: service commitments 服务承诺 — the public page, service hours and hotline,
the working-hours calendar, limits counted in working hours, owner texts quoting the
configured limits, and compliance per period checked by hand."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from survey_app.extensions import db
from survey_app.feedback import commitments, services, sla
from survey_app.feedback.models import CalendarEntry
from tests.fixtures.factories import make_period


def _set_rule(community, ticket_type="repair", severity="normal", **changes):
    rule = sla.rules_for(community.id)[(ticket_type, severity)]
    values = {**vars(rule), **changes}
    sla.save_rules(community.id, {(ticket_type, severity): sla.Commitment(**values)})
    db.session.commit()


def test_public_page_states_limits_hours_and_hotline(client, community, as_role):
    staff = as_role("staff")
    assert staff.post(f"/feedback/{community.id}/terms", data={
        "hotline": "0571-88886666", "opens": "08:00", "closes": "18:00",
        "after_hours": "24 小时应急维修"}).status_code == 302
    staff.post("/logout")
    page = client.get(f"/feedback/{community.code}/commitments")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "服务承诺" in text and "0571-88886666" in text and "08:00–18:00" in text
    assert "24 小时应急维修" in text
    # repairs, normal: ack 30 min, dispatch 2 h, on site 24 h, complete 3 days (defaults)
    assert "30 分钟" in text and "2 小时" in text and "24 小时" in text and "3 天" in text
    for word in ("受理", "派工", "到场", "办结", "报修", "投诉", "紧急"):
        assert word in text
    assert client.get("/feedback/nothing/commitments").status_code == 404


def test_bad_service_hours_name_the_field(community, as_role):
    page = as_role("staff").post(f"/feedback/{community.id}/terms", data={
        "hotline": "", "opens": "18:00", "closes": "08:00"})
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "服务结束时间必须晚于开始时间" in text
    assert commitments.get_terms(community.id).id is None  # nothing saved


def test_repair_form_quotes_the_configured_limit(client, community):
    text = client.get(f"/feedback/{community.code}/new").get_data(as_text=True)
    assert "报修：30 分钟内受理" in text
    _set_rule(community, ack=120, working_hours=True)
    text = client.get(f"/feedback/{community.code}/new").get_data(as_text=True)
    assert "报修：工作时间内 2 小时内受理" in text and "30 分钟内受理" not in text
    assert f"/feedback/{community.code}/commitments" in text


def test_qr_poster_quotes_the_configured_limit(community, as_role):
    _set_rule(community, ack=45)
    text = as_role("staff").get(f"/feedback/{community.id}/qr").get_data(as_text=True)
    assert "报修：45 分钟内受理" in text


def _add(staff, year, **data):
    return staff.post(f"/feedback/calendar/{year}", data=data)


def test_calendar_entries_and_their_bad_input(as_role):
    staff = as_role("staff")
    assert _add(staff, 2026, kind="holiday", name="国庆节", first_day="2026-10-01",
                last_day="2026-10-07").status_code == 302
    assert _add(staff, 2026, kind="workday", name="国庆节调休",
                first_day="2026-10-10").status_code == 302
    page = staff.get("/feedback/calendar/2026").get_data(as_text=True)
    assert "国庆节" in page and "2026-10-07" in page and "调休上班日" in page
    cases = [
        ({"kind": "holiday", "name": "重复", "first_day": "2026-10-01",
          "last_day": "2026-10-07"}, "first_day", "重叠"),
        ({"kind": "holiday", "name": "交叠", "first_day": "2026-10-06",
          "last_day": "2026-10-12"}, "first_day", "重叠"),
        ({"kind": "holiday", "name": "倒序", "first_day": "2026-05-05",
          "last_day": "2026-05-01"}, "last_day", "结束日期早于开始日期"),
        ({"kind": "holiday", "name": "跨年", "first_day": "2027-01-01"}, "first_day",
         "2026"),
        ({"kind": "holiday", "name": "", "first_day": "2026-05-01"}, "name", ""),
    ]
    for data, field, words in cases:
        response = _add(staff, 2026, **data)
        assert response.status_code == 400, data
        text = response.get_data(as_text=True)
        block = text[text.index(f'name="{field}"'):][:1000]
        assert 'class="error"' in block and words in block, data
    assert db.session.query(CalendarEntry).count() == 2
    assert staff.get("/feedback/calendar/1800").status_code == 404
    entry = db.session.query(CalendarEntry).filter_by(kind="workday").one()
    assert staff.post(f"/feedback/calendar/2026/{entry.id}/delete").status_code == 302
    assert db.session.query(CalendarEntry).count() == 1


def test_committee_cannot_edit_the_calendar_or_the_hours(community, as_role):
    committee = as_role("committee")
    assert committee.get("/feedback/calendar/2026").status_code == 403
    assert committee.post(f"/feedback/{community.id}/terms", data={}).status_code == 403


def test_limits_in_working_hours_are_counted_on_the_calendar(community):
    commitments.add_entry(year=2026, kind="holiday", name="国庆节",
                          first_day=date(2026, 10, 1), last_day=date(2026, 10, 7))
    commitments.save_terms(community.id, hotline="", opens=time(8, 30), closes=time(17, 30))
    _set_rule(community, ack=8 * 60, dispatch=None, onsite=None, complete=None,
              working_hours=True)
    # Wednesday 30 Sept 17:00 in Shanghai = 09:00 UTC; 30 minutes that day, the holiday
    # week rests, 7h30 from Thursday 8 Oct 08:30 → 16:00 local = 08:00 UTC
    ticket = services.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                      description="楼道灯不亮了", received_at=datetime(
                                          2026, 9, 30, 9, 0))
    assert ticket.ack_due == datetime(2026, 10, 8, 8, 0)
    assert ticket.dispatch_due is None


@pytest.fixture
def quarter(community):
    period = make_period(community, label="2026-Q3", start=date(2026, 7, 1),
                         end=date(2026, 9, 30))
    db.session.commit()
    return period


def _ticket(community, received, **steps):
    ticket = services.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                      description="测试工单内容", received_at=received)
    for field, value in steps.items():
        setattr(ticket, field, value)
    db.session.flush()
    return ticket


def test_compliance_per_period_checked_by_hand(client, community, quarter):
    # repair, normal: ack 30 min, dispatch 2 h, on site 24 h, complete 3 days
    day = datetime(2026, 8, 3, 2, 0)
    at = day.replace
    _ticket(community, day, acknowledged_at=at(minute=10), dispatched_at=at(hour=3),
            onsite_at=at(hour=5), completed_at=at(hour=6), status="completed")  # all kept
    _ticket(community, day, acknowledged_at=at(hour=3), dispatched_at=at(hour=3),
            onsite_at=datetime(2026, 8, 5, 2, 0), completed_at=datetime(2026, 8, 5, 3, 0),
            status="completed")  # ack late (60 > 30 min), on site late (48 h > 24 h)
    _ticket(community, day, acknowledged_at=at(minute=20))  # rest pending, long overdue
    _ticket(community, datetime(2026, 10, 2, 2, 0))  # outside the period
    db.session.commit()
    rows = {s.step: s for s in commitments.period_compliance(community)[0][1]}
    assert (rows["ack"].met, rows["ack"].missed) == (2, 1)
    assert (rows["dispatch"].met, rows["dispatch"].missed) == (2, 1)
    assert (rows["onsite"].met, rows["onsite"].missed) == (1, 2)
    assert (rows["complete"].met, rows["complete"].missed) == (2, 1)
    assert rows["onsite"].rate == pytest.approx(1 / 3)
    text = client.get(f"/feedback/{community.code}/commitments").get_data(as_text=True)
    assert "2026-Q3" in text and "66.7%" in text and "33.3%" in text and "1 / 3" in text


def test_compliance_table_on_the_staff_dashboard(community, quarter, as_role):
    day = datetime(2026, 8, 3, 2, 0)
    _ticket(community, day, acknowledged_at=day.replace(minute=10))
    _ticket(community, day, acknowledged_at=day.replace(hour=4))
    db.session.commit()
    page = as_role("staff").get(f"/results/{community.id}/{quarter.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    section = text[text.index("承诺兑现情况"):]
    assert "受理" in section and "50.0%" in section and "1 / 2" in section
