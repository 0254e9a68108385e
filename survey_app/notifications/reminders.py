"""Reminders a periodic job raises: ``scan_reminders(now)``; dedupe keys make it safe to run
every minute (a reminder already sent to someone is never sent to them again)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..feedback import sla
from ..feedback.clock import local_date
from ..feedback.models import SLA_STEPS, Ticket
from ..inspections.models import Rectification
from . import hooks
from .models import ESCALATION_LEVELS
from .services import notify

OPEN_RECTIFICATION = ("open", "in_progress", "reopened")


def scan_reminders(now: datetime) -> int:
    """Raise every reminder due at ``now``; returns how many notifications were made.

    Overdue tickets are not here: the ticket escalation job (feedback.services.
    escalate_overdue) flags them and calls ``overdue_tickets``, one path for both."""
    return rectification_deadlines(now)


def overdue_tickets(now: datetime, community_id: int | None = None) -> int:
    """Each overdue step of an open ticket goes one level up the graded escalation chain:
    the first late step to the department head, the second to the project manager, …"""
    made = 0
    query = select(Ticket).where(sla.overdue_clause(now))
    if community_id is not None:
        query = query.where(Ticket.community_id == community_id)
    for ticket in db.session.scalars(query):
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
