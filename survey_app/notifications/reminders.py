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
    """Raise every reminder due at ``now``; returns how many notifications were made.

    Overdue tickets are not here: the ticket escalation job (feedback.services.
    escalate_overdue) flags them and calls ``overdue_tickets``, one path for both."""
    return rectification_deadlines(now)


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


# --------------------------------------------------------------------------- daily reminders

#: days before a period's end when the missing joint inspection is announced
QUARTER_WARNING_DAYS = 14
#: days before a period's end when a survey is announced as closing
SURVEY_CLOSING_DAYS = 3
#: the last days of a period in which a survey below its Cochran target is reported weekly
LOW_RESPONSE_DAYS = 14


def scan_daily(now: datetime) -> int:
    """The once-a-day reminders (a daily periodic job; dedupe keys make re-runs harmless)."""
    return quarters_without_inspection(now) + survey_reminders(now)


def _ending_periods(today, days: int) -> list:
    """Open periods ending within ``days`` from ``today`` (today included)."""
    from ..communities.models import Period

    return list(db.session.scalars(select(Period).where(
        Period.status == "open", Period.end_date >= today,
        Period.end_date <= today + timedelta(days=days))))


def quarters_without_inspection(now: datetime) -> int:
    """A period ending within 14 days with no signed joint inspection: the committee and
    the company hear it once."""
    from ..inspections.models import KINDS as JOINT_KINDS
    from ..inspections.models import Inspection

    made = 0
    for period in _ending_periods(local_date(now), QUARTER_WARNING_DAYS):
        signed = db.session.scalar(select(Inspection.id).where(
            Inspection.period_id == period.id, Inspection.kind.in_(list(JOINT_KINDS)),
            Inspection.signed_revision.is_not(None)).limit(1))
        if signed is not None:
            continue
        community = hooks._community(period.community_id)
        made += len(notify(
            "inspection.quarter_ending", community=community,
            recipients=[*hooks.role_members(community.id, "committee"),
                        *hooks.company_members(community.id)],
            params={"period": period.label, "community": community.name,
                    "end": period.end_date.isoformat()}, link=None,
            dedupe_key=f"period:{period.id}:quarter_ending:{period.end_date.isoformat()}",
            now=now))
    return made


def survey_reminders(now: datetime) -> int:
    """Open surveys of periods ending soon: "closes in 3 days" once, and "below the Cochran
    target" once a week in the last 14 days, to the party that distributes the codes."""
    from ..surveys import services as surveys
    from ..surveys.models import Survey

    today, made = local_date(now), 0
    for period in _ending_periods(today, LOW_RESPONSE_DAYS):
        survey = db.session.scalar(select(Survey).filter_by(period_id=period.id,
                                                            status="open"))
        if survey is None:
            continue
        end = period.end_date.isoformat()
        if (period.end_date - today).days <= SURVEY_CLOSING_DAYS:
            made += hooks.survey_event(survey, "closing", f"survey:{survey.id}:closing:{end}",
                                       now=now, end=end)
        progress = surveys.progress(surveys.building_counts(survey))
        if progress.target and progress.responses < progress.target:
            year, week, _day = today.isocalendar()
            made += hooks.survey_event(
                survey, "low_response", f"survey:{survey.id}:low:{year}-{week}", now=now,
                responses=progress.responses, target=progress.target)
    return made
