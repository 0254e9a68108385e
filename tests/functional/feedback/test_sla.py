"""Time limits: due times, the exact limit, overdue and escalation, repeat repairs, rules."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.feedback import services, sla
from survey_app.feedback.models import SlaRule, Ticket, TicketEvent
from survey_app.feedback.tasks import escalate_overdue_tickets

T0 = datetime(2026, 11, 2, 2, 0)


def test_default_due_times_follow_the_service_commitment(make_ticket):
    repair = make_ticket(T0)
    assert repair.ack_due == T0 + timedelta(minutes=30)
    assert repair.onsite_due == T0 + timedelta(hours=24)
    complaint = make_ticket(T0, ticket_type="complaint", category="噪音")
    assert complaint.complete_due == T0 + timedelta(days=3)
    assert complaint.onsite_due is None


def test_classification_recomputes_due_times_from_registration(make_ticket):
    ticket = make_ticket(T0)
    services.classify(ticket, ticket_type="repair", dimension="facilities", category="水电",
                      severity="emergency", now=T0 + timedelta(minutes=5))
    assert ticket.onsite_due == T0 + timedelta(minutes=30)
    assert ticket.acknowledged_at == T0 + timedelta(minutes=5)


def test_a_step_exactly_at_its_limit_is_on_time(make_ticket):
    ticket = make_ticket(T0)
    due = ticket.ack_due
    assert sla.overdue_steps(ticket, due) == []
    assert sla.overdue_steps(ticket, due + timedelta(seconds=1)) == ["ack"]
    services.classify(ticket, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", now=due)
    assert "ack" not in sla.late_steps(ticket, due + timedelta(days=1))
    late = make_ticket(T0, location="别处")
    services.classify(late, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", now=due + timedelta(seconds=1))
    assert "ack" in sla.late_steps(late, due + timedelta(seconds=1))


def test_escalation_flags_overdue_tickets_once(make_ticket):
    ticket = make_ticket(T0)
    assert services.escalate_overdue(now=ticket.ack_due) == []
    raised = services.escalate_overdue(now=ticket.ack_due + timedelta(minutes=1))
    assert [t.id for t in raised] == [ticket.id]
    assert ticket.escalated and ticket.escalated_at == ticket.ack_due + timedelta(minutes=1)
    assert services.escalate_overdue(now=ticket.ack_due + timedelta(hours=5)) == []
    events = db.session.scalars(select(TicketEvent).filter_by(ticket_id=ticket.id,
                                                              kind="escalated")).all()
    assert len(events) == 1 and not events[0].public


def test_escalate_command_and_queue_view(app, community, users, as_role, make_ticket):
    old = make_ticket(datetime(2025, 1, 1, 0, 0))
    done = make_ticket(datetime(2025, 1, 1, 0, 0), location="别处", staff=users["staff"])
    services.classify(done, ticket_type="repair", dimension="facilities", category="照明",
                      severity="normal", now=datetime(2025, 1, 1, 0, 10))
    services.complete(done, now=datetime(2025, 1, 1, 2, 0))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["tickets", "escalate", "--community",
                                                community.code])
    assert result.exit_code == 0, result.output
    assert "1 ticket(s) escalated" in result.output and old.tracking_code in result.output
    db.session.expire_all()
    assert db.session.get(Ticket, old.id).escalated
    assert not db.session.get(Ticket, done.id).escalated

    fresh = make_ticket(datetime(2025, 2, 1, 0, 0), location="3号楼")
    db.session.commit()
    page = as_role("staff").get(f"/feedback/{community.id}/tickets?flag=escalated")
    assert page.status_code == 200
    db.session.expire_all()
    assert not db.session.get(Ticket, fresh.id).escalated  # looking writes nothing
    escalate_overdue_tickets()  # the periodic job, through the queue
    db.session.expire_all()
    assert db.session.get(Ticket, fresh.id).escalated
    text = as_role("staff").get(f"/feedback/{community.id}/tickets?flag=escalated").get_data(
        as_text=True)
    assert 'class="overdue"' in text


def test_escalate_command_rejects_unknown_community(app):
    result = app.test_cli_runner().invoke(args=["tickets", "escalate", "--community", "nope"])
    assert result.exit_code != 0 and "nope" in result.output


def test_repeat_repairs_within_30_days_are_flagged(make_ticket):
    first = make_ticket(T0, location="2单元 门厅")
    again = make_ticket(T0 + timedelta(days=29), location="2单元门厅")
    assert again.repeat_of_id == first.id
    later = make_ticket(T0 + timedelta(days=70), location="2单元门厅")
    assert later.repeat_of_id is None
    elsewhere = make_ticket(T0 + timedelta(days=1), location="3单元门厅")
    assert elsewhere.repeat_of_id is None
    other_category = make_ticket(T0 + timedelta(days=2), location="2单元门厅", category="门禁")
    assert other_category.repeat_of_id is None


def test_staff_edit_time_limits(community, users, as_role, make_ticket):
    staff = as_role("staff")
    page = staff.get(f"/feedback/{community.id}/sla")
    assert page.status_code == 200 and 'value="30"' in page.get_data(as_text=True)
    form = {}
    for (ticket_type, severity), rule in sla.rules_for(community.id).items():
        for step in sla.STEPS:
            minutes = getattr(rule, step)
            value = "" if minutes is None else (minutes if step == "ack" else minutes / 60)
            form[f"{ticket_type}__{severity}__{step}"] = str(value)
    form["repair__normal__ack"] = "15"
    form["repair__normal__onsite"] = "12"
    assert staff.post(f"/feedback/{community.id}/sla", data=form).status_code == 302
    rule = db.session.scalar(select(SlaRule).filter_by(community_id=community.id,
                                                       ticket_type="repair", severity="normal"))
    assert (rule.ack_minutes, rule.onsite_minutes) == (15, 12 * 60)
    ticket = make_ticket(T0)
    assert ticket.ack_due == T0 + timedelta(minutes=15)

    form["repair__normal__ack"] = "-5"
    bad = staff.post(f"/feedback/{community.id}/sla", data=form)
    assert bad.status_code == 400
    db.session.expire_all()
    assert db.session.get(SlaRule, rule.id).ack_minutes == 15
