"""Graded escalation 分级处理 per community (issue 17 item 3): the default chain, the staff page
that edits it, the periodic escalation telling the next level (frozen clock), and the
"callback requested" step reaching the assignee and the opted-in owner."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.auth.services import create_user
from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from survey_app.feedback import services as tickets
from survey_app.models_base import utcnow
from survey_app.notifications.models import Delivery, EscalationStep, Notification
from tests.fixtures.factories import PASSWORD
from tests.fixtures.fake_providers import fake_aliyun, sms_enabled  # noqa: F401

RECEIVED = datetime(2026, 11, 4, 2, 0)
LATE = RECEIVED + timedelta(days=40)


def _ticket(community, received=RECEIVED):
    ticket = tickets.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                     description="电梯异响", category="电梯",
                                     received_at=received)
    db.session.commit()
    return ticket


def _notes(user, kind="ticket.overdue"):
    return list(db.session.scalars(select(Notification).filter_by(
        user_id=user.id, kind=kind).order_by(Notification.id)))


def _page(community) -> str:
    return f"/notifications/escalation/{community.id}"


def _token(client, url) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_without_a_chain_the_default_tells_quality_staff_then_the_committee(community, users):
    _ticket(community)
    assert tickets.escalate_overdue(now=RECEIVED + timedelta(minutes=1)) == []
    assert _notes(users["staff"]) == []
    tickets.escalate_overdue(now=LATE)
    # three late steps below the committee: all to the quality staff; the fourth: committee
    assert len(_notes(users["staff"])) == 3
    assert len(_notes(users["committee"])) == 1
    assert _notes(users["assessor"]) == []
    tickets.escalate_overdue(now=LATE + timedelta(hours=1))  # the next minute's run
    assert len(_notes(users["staff"])) == 3 and len(_notes(users["committee"])) == 1


def test_staff_edit_the_chain_and_the_next_overdue_step_follows_it(app, as_role, community,
                                                                 users):
    head = create_user("head_eng", PASSWORD, "staff", [community.id])
    db.session.commit()
    staff = as_role("staff")
    page = staff.get(_page(community)).get_data(as_text=True)
    assert "默认" in page or "default" in page
    answer = staff.post(_page(community), data={
        "csrf_token": _token(staff, _page(community)), "level": "department_head",
        "user_id": str(head.id), "role": "", "department": ""})
    assert answer.status_code == 302
    [step] = db.session.scalars(select(EscalationStep).filter_by(community_id=community.id))
    assert (step.level, step.user_id) == ("department_head", head.id)
    ticket = _ticket(community)
    ticket.ack_due = RECEIVED + timedelta(minutes=30)
    db.session.commit()
    # only the acknowledgement is late: its level is the department head, nobody else
    tickets.escalate_overdue(now=RECEIVED + timedelta(hours=1))
    assert [n.params["code"] for n in _notes(head)] == [ticket.tracking_code]
    assert _notes(users["staff"]) == []


def test_bad_chain_input_names_the_field_and_saves_nothing(as_role, community, users):
    staff = as_role("staff")
    token = _token(staff, _page(community))
    both = staff.post(_page(community), data={"csrf_token": token, "level": "quality",
                                              "user_id": str(users["staff"].id),
                                              "role": "staff"})
    assert both.status_code == 400
    assert "一个账号" in both.get_data(as_text=True) or "one account" in both.get_data(
        as_text=True)
    neither = staff.post(_page(community), data={"csrf_token": token, "level": "quality",
                                                 "user_id": "0", "role": ""})
    assert neither.status_code == 400
    bad_level = staff.post(_page(community), data={"csrf_token": token, "level": "boss",
                                                   "role": "staff"})
    assert bad_level.status_code == 400
    assert db.session.scalars(select(EscalationStep)).all() == []


def test_removing_a_step_and_only_staff_of_the_community(app, as_role, community,
                                                        other_community, users):
    step = EscalationStep(community_id=community.id, level="quality", role="staff")
    foreign = EscalationStep(community_id=other_community.id, level="quality", role="staff")
    db.session.add_all([step, foreign])
    db.session.commit()
    step_id, foreign_id = step.id, foreign.id
    committee = as_role("committee")
    assert committee.get(_page(community)).status_code == 403
    staff = as_role("staff")
    token = _token(staff, _page(community))
    wrong = staff.post(f"{_page(community)}/{foreign_id}/delete", data={"csrf_token": token})
    assert wrong.status_code == 404
    gone = staff.post(f"{_page(community)}/{step_id}/delete", data={"csrf_token": token})
    assert gone.status_code == 302
    assert db.session.get(EscalationStep, step_id) is None
    assert db.session.get(EscalationStep, foreign_id) is not None


def test_callback_requested_tells_the_assignee_and_the_opted_in_owner_once(
        app, as_role, community, users, sms_enabled):  # noqa: F811
    worker = create_user("worker_eng", PASSWORD, "staff", [community.id])
    db.session.add(EscalationStep(community_id=community.id, level="worker", user_id=worker.id,
                                  department="工程部"))
    ticket = _ticket(community, received=utcnow() - timedelta(hours=1))
    db.session.add(OwnerContact(community_id=community.id, ticket_id=ticket.id,
                                phone="13812345678", purposes="ticket_progress",
                                consent_version="test", consented_at=RECEIVED,
                                verified_at=RECEIVED, unsubscribe_token="tok-callback"))
    tickets.classify(ticket, ticket_type="repair", dimension="facilities", category="电梯",
                     severity="normal")
    tickets.dispatch(ticket, department="工程部")
    tickets.complete(ticket)
    db.session.commit()
    staff = as_role("staff")
    url = f"/feedback/{community.id}/tickets/{ticket.id}"
    for _ in range(2):
        answer = staff.post(url + "/request_callback",
                            data={"csrf_token": _token(staff, url), "note": "请电话回访"})
        assert answer.status_code == 302
    assert len(_notes(worker, "ticket.callback")) == 1
    owner = list(db.session.scalars(select(Delivery).filter_by(channel="owner_sms",
                                                               kind="ticket.callback")))
    assert len(owner) == 1 and ticket.tracking_code in owner[0].body
    assert "回访" in staff.get(url).get_data(as_text=True)


def test_a_callback_cannot_be_asked_before_the_work_is_done(as_role, community, users):
    ticket = _ticket(community)
    staff = as_role("staff")
    url = f"/feedback/{community.id}/tickets/{ticket.id}"
    refused = staff.post(url + "/request_callback", data={"csrf_token": _token(staff, url)})
    assert refused.status_code == 400
    assert _notes(users["staff"], "ticket.callback") == []
