"""Events: ticket steps reach the assignee; overdue steps climb the escalation chain
(frozen clock); the reminder scan is safe to run again and again."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.feedback import services as tickets
from survey_app.notifications.models import EscalationStep, Notification
from survey_app.notifications.reminders import scan_reminders
from tests.fixtures.factories import PASSWORD

RECEIVED = datetime(2026, 11, 4, 2, 0)


def _chain(community, **levels):
    made = {}
    for level, (name, department) in levels.items():
        user = create_user(name, PASSWORD, "staff", [community.id])
        db.session.add(EscalationStep(community_id=community.id, level=level, user_id=user.id,
                                      department=department))
        made[level] = user
    db.session.commit()
    return made


def _ticket(community):
    ticket = tickets.register_ticket(community.id, channel="hotline", ticket_type="repair",
                                     description="电梯异响", category="电梯",
                                     received_at=RECEIVED)
    db.session.commit()
    return ticket


def _kinds(user):
    return [n.kind for n in db.session.scalars(
        select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def test_ticket_steps_notify_the_workers_of_its_department(community, users):
    chain = _chain(community, worker=("worker_eng", "工程部"))
    other = _chain(community, department_head=("head_clean", "保洁部"))["department_head"]
    ticket = _ticket(community)
    tickets.classify(ticket, ticket_type="repair", dimension="facilities", category="电梯",
                     severity="normal", now=RECEIVED)
    tickets.dispatch(ticket, department="工程部", now=RECEIVED)
    tickets.mark_onsite(ticket, now=RECEIVED)
    tickets.complete(ticket, now=RECEIVED)
    db.session.commit()
    # acknowledged before any department was named: only department-less workers hear it
    assert _kinds(chain["worker"]) == ["ticket.dispatched", "ticket.onsite",
                                       "ticket.completed"]
    assert _kinds(other) == []


def _notes() -> int:
    return db.session.scalar(select(func.count(Notification.id)))


def test_overdue_steps_climb_the_chain_and_rescans_send_nothing_twice(community, users):
    chain = _chain(community, department_head=("head", ""), project_manager=("pm", ""),
                   quality=("qa", ""))
    _ticket(community)
    # the periodic ticket escalation (feedback/tasks.py) flags and notifies, frozen clock
    assert tickets.escalate_overdue(now=RECEIVED + timedelta(minutes=1)) == []
    assert _notes() == 0  # nothing late yet
    late = RECEIVED + timedelta(days=40)
    assert len(tickets.escalate_overdue(now=late)) == 1
    assert _kinds(chain["department_head"]) == ["ticket.overdue"]
    assert _kinds(chain["project_manager"]) == ["ticket.overdue"]
    assert _kinds(chain["quality"]) == ["ticket.overdue"]
    # the fourth late step: no committee step named, so the committee's own accounts
    assert _kinds(users["committee"]) == ["ticket.overdue"]
    assert _notes() == 4
    tickets.escalate_overdue(now=late)
    tickets.escalate_overdue(now=late + timedelta(minutes=1))
    assert scan_reminders(late) == 0
    assert _notes() == 4
    note = db.session.scalars(select(Notification).filter_by(
        user_id=chain["project_manager"].id)).one()
    assert note.params["level"] == "项目经理" or note.params["level"] == "Project manager"
