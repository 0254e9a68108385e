"""Reminders a periodic job raises: ``scan_reminders(now)``; dedupe keys make it safe to run
every minute (a reminder already sent to someone is never sent to them again)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..feedback import sla
from ..feedback.clock import local_date
from ..feedback.models import SLA_STEPS, Ticket
from ..inspections.models import Rectification
from ..plans.services import plan_reminders
from . import hooks
from .models import ESCALATION_LEVELS
from .services import notify

OPEN_RECTIFICATION = ("open", "in_progress", "reopened")


def scan_reminders(now: datetime) -> int:
    """Raise every reminder due at ``now``; returns how many notifications were made."""
    return overdue_tickets(now) + rectification_deadlines(now)


def plan_deadlines(now: datetime) -> int:
    """Each open occurrence of an inspection plan due within three days, to each of the
    plan's assignees: once per occurrence and person (the dedupe key names both dates)."""
    # the queue's clock is naive UTC; plans read an aware moment as the local date
    aware = now if now.tzinfo else now.replace(tzinfo=UTC)
    now = aware.astimezone(UTC).replace(tzinfo=None)
    made = 0
    for plan, user, occurrence in plan_reminders(aware):
        community = hooks._community(plan.community_id)
        made += len(notify(
            "plan.due", community=community, recipients=[user], link=_plan_link(plan),
            params={"plan": plan.title, "community": community.name,
                    "starts": occurrence.starts.isoformat(), "due": occurrence.due.isoformat()},
            dedupe_key=f"plan:{plan.id}:{occurrence.starts.isoformat()}:"
                       f"{occurrence.due.isoformat()}", now=now))
    return made


def _plan_link(plan) -> str:
    """The plan's coverage calendar, built from the URL map (a worker has no request)."""
    adapter = current_app.url_map.bind("", script_name=current_app.config["APPLICATION_ROOT"])
    return adapter.build("plans.community", {"community_id": plan.community_id})


def overdue_tickets(now: datetime) -> int:
    """Each overdue step of an open ticket goes one level up the graded escalation chain:
    the first late step to the department head, the second to the project manager, …"""
    made = 0
    for ticket in db.session.scalars(select(Ticket).where(sla.overdue_clause(now))):
        for index, step in enumerate(sla.late_steps(ticket, now), start=1):
            level, members = hooks.escalation_target(ticket.community_id, index)
            made += len(notify(
                "ticket.overdue", community=hooks._community(ticket.community_id),
                recipients=members, link=None, emergency=ticket.severity == "emergency",
                params={"code": ticket.tracking_code, "step": str(SLA_STEPS[step]),
                        "level": str(ESCALATION_LEVELS[level]),
                        "community": hooks._community(ticket.community_id).name},
                dedupe_key=f"ticket:{ticket.id}:overdue:{step}:{ticket.reopened_count}",
                now=now))
    return made


def rectification_deadlines(now: datetime) -> int:
    """Open rectifications due within 2 days, and those past their due date."""
    today = local_date(now)
    made = 0
    for rect in db.session.scalars(select(Rectification).where(
            Rectification.status.in_(OPEN_RECTIFICATION),
            Rectification.due_date <= today + timedelta(days=2))):
        kind = "overdue" if rect.due_date < today else "due_soon"
        made += _rectification_reminder(rect, kind, now)
    return made


def _rectification_reminder(rect, kind: str, now: datetime) -> int:
    community = hooks._community(rect.community_id)
    recipients = [*hooks.chain_members(rect.community_id, "worker", rect.department),
                  *hooks.chain_members(rect.community_id, "department_head", rect.department)]
    return len(notify(f"rectification.{kind}", community=community, recipients=recipients,
                      params={"item": rect.description[:80], "community": community.name,
                              "due": rect.due_date.isoformat()}, link=None,
                      dedupe_key=f"rect:{rect.id}:{kind}:{rect.due_date.isoformat()}",
                      now=now))
