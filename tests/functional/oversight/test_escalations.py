"""Complaints escalated to the 街道 (投诉举报): owner → 街道 → company → answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.feedback import services as feedback
from survey_app.models_base import utcnow
from survey_app.oversight.models import Escalation
from tests.fixtures.factories import login


def _complaint(community, overdue=True):
    ticket = feedback.register_ticket(
        community.id, channel="owner_web", ticket_type="complaint", category="噪音",
        description="夜间施工噪音", contact_name="王女士", contact_phone="13800001111",
        room="2单元 501", received_at=utcnow() - timedelta(days=10))
    ticket.complete_due = utcnow() - (timedelta(days=3) if overdue else timedelta(days=-3))
    db.session.commit()
    return ticket


def _as(client, name):
    client.post("/logout")
    assert login(client, name).status_code == 302
    return client


def test_owner_street_company_answer(client, community, users, overseers):
    ticket = _complaint(community)
    track = f"/feedback/track/{ticket.tracking_code}"
    assert "投诉" in client.get(track).get_data(as_text=True)
    response = client.post(f"/complaints/{ticket.tracking_code}/escalate",
                           data={"note": "物业一直不处理"})
    assert response.status_code == 302
    assert "街道已受理" in client.get(track).get_data(as_text=True)
    case = db.session.scalar(select(Escalation))
    assert case.reason == "overdue" and case.jurisdiction_id is not None

    officer = _as(client, "officer")
    listing = officer.get("/overview/escalations").get_data(as_text=True)
    assert "噪音" in listing
    page = officer.get(f"/overview/escalations/{case.id}").get_data(as_text=True)
    assert "夜间施工噪音" in page and "物业一直不处理" in page
    assert "13800001111" not in page and "王女士" not in page and "501" not in page
    assert officer.post(f"/overview/escalations/{case.id}/ask",
                        data={"note": "请于三日内说明"}).status_code == 302

    staff = _as(client, "staff")
    replies = staff.get(f"/overview/escalations/c/{community.id}").get_data(as_text=True)
    assert "请于三日内说明" in replies
    assert staff.post(f"/overview/escalations/c/{community.id}",
                      data={"case_id": case.id, "text": "已协调施工方停止夜间作业"}
                      ).status_code == 302

    officer = _as(client, "officer")
    page = officer.get(f"/overview/escalations/{case.id}").get_data(as_text=True)
    assert "已协调施工方停止夜间作业" in page
    assert officer.post(f"/overview/escalations/{case.id}/answer",
                        data={"text": "经核查，施工已停止，如再发生请致电街道。"}
                        ).status_code == 302
    client.post("/logout")
    html = client.get(track).get_data(as_text=True)
    assert "经核查，施工已停止" in html and "街道已答复" in html


def test_a_complaint_within_its_time_limit_cannot_be_escalated(client, community, overseers):
    ticket = _complaint(community, overdue=False)
    assert "sub-district" not in client.get(f"/feedback/track/{ticket.tracking_code}") \
        .get_data(as_text=True)
    client.post(f"/complaints/{ticket.tracking_code}/escalate", data={"note": ""})
    assert db.session.scalar(select(func.count()).select_from(Escalation)) == 0
    html = client.get(f"/feedback/track/{ticket.tracking_code}").get_data(as_text=True)
    assert "超过物业服务企业的办理时限" in html  # the message names why


def test_dissatisfied_twice_may_escalate(client, community, users, overseers):
    ticket = _complaint(community, overdue=False)
    ticket.status, ticket.completed_at = "completed", datetime(2026, 1, 1)
    ticket.reopened_count, ticket.callback_rating = 1, 1
    db.session.commit()
    client.post(f"/complaints/{ticket.tracking_code}/escalate", data={"note": ""})
    assert db.session.scalar(select(Escalation.reason)) == "dissatisfied"


def test_officer_elsewhere_gets_404_and_bad_answer_saves_nothing(client, community,
                                                                 overseers):
    ticket = _complaint(community)
    client.post(f"/complaints/{ticket.tracking_code}/escalate", data={"note": ""})
    case = db.session.scalar(select(Escalation))
    other = _as(client, "officer_elsewhere")
    assert other.get(f"/overview/escalations/{case.id}").status_code == 404
    assert other.post(f"/overview/escalations/{case.id}/answer",
                      data={"text": "x"}).status_code == 404
    officer = _as(client, "officer")
    response = officer.post(f"/overview/escalations/{case.id}/answer", data={"text": "  "})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Escalation, case.id).status == "open"


def test_escalations_count_on_the_overview(app, client, community, overseers):
    from survey_app.oversight.overview import Filters, overview
    from tests.fixtures.factories import make_period
    from tests.fixtures.oversight import close_with_record
    from tests.fixtures.owners import add_responses, uniform

    with app.test_request_context("/"):
        period = make_period(community, status="open")
        add_responses(period, [uniform(4)] * 5)
        close_with_record(period)
    ticket = _complaint(community)
    client.post(f"/complaints/{ticket.tracking_code}/escalate", data={"note": ""})
    row = overview(None, Filters(), utcnow().date(), False).rows[0]
    assert (row["escalations"], row["open_escalations"]) == (1, 1)
