"""Service commitments 服务承诺: due times per type and severity, and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from .models import SEVERITIES, TYPES, SlaRule, Ticket

H = 60
D = 24 * H
#: defaults (minutes): acknowledge within 30 minutes, repairs on site within 24 hours,
#: complaints resolved within 3 days; urgent and emergency tighten each step.
#: (ack, dispatch, on site, complete); None = no commitment for that step
DEFAULT_SLA: dict[tuple[str, str], tuple[int | None, ...]] = {
    ("repair", "normal"): (30, 2 * H, 24 * H, 3 * D),
    ("repair", "urgent"): (15, 1 * H, 4 * H, 2 * D),
    ("repair", "emergency"): (10, 15, 30, 1 * D),
    ("complaint", "normal"): (30, 4 * H, None, 3 * D),
    ("complaint", "urgent"): (15, 2 * H, None, 2 * D),
    ("complaint", "emergency"): (10, 30, None, 1 * D),
    ("suggestion", "normal"): (30, 1 * D, None, 7 * D),
    ("suggestion", "urgent"): (30, 1 * D, None, 7 * D),
    ("suggestion", "emergency"): (30, 1 * D, None, 7 * D),
    ("praise", "normal"): (30, None, None, None),
    ("praise", "urgent"): (30, None, None, None),
    ("praise", "emergency"): (30, None, None, None),
}
STEPS = ("ack", "dispatch", "onsite", "complete")


@dataclass(frozen=True)
class Commitment:
    """Minutes allowed for each step after registration (None = no commitment)."""

    ack: int | None
    dispatch: int | None
    onsite: int | None
    complete: int | None
    #: the minutes are working minutes on the calendar (service hours of work days)
    working_hours: bool = False


def rules_for(community_id: int) -> dict[tuple[str, str], Commitment]:
    """Every (type, severity) commitment of a community: stored rules over the defaults."""
    rules = {key: Commitment(*value) for key, value in DEFAULT_SLA.items()}
    stored = db.session.scalars(select(SlaRule).filter_by(community_id=community_id))
    for rule in stored:
        rules[(rule.ticket_type, rule.severity)] = Commitment(
            rule.ack_minutes, rule.dispatch_minutes, rule.onsite_minutes, rule.complete_minutes,
            rule.working_hours)
    return rules


def commitment(community_id: int, ticket_type: str, severity: str) -> Commitment:
    """The commitment for one type and severity."""
    return rules_for(community_id)[(ticket_type, severity)]


def apply_due_times(ticket: Ticket, rule: Commitment) -> None:
    """Set the ticket's due times from its registration time (the clock starts then);
    a rule in working hours counts on the community's working-hours calendar."""
    start = ticket.received_at
    if rule.working_hours:
        from .commitments import working_due

        due = working_due(ticket.community_id, start)
    else:
        def due(minutes):
            return start + timedelta(minutes=minutes)
    for step in STEPS:
        minutes = getattr(rule, step)
        setattr(ticket, f"{step}_due", due(minutes) if minutes is not None else None)


def save_rules(community_id: int, rows: dict[tuple[str, str], Commitment]) -> None:
    """Store a community's commitments (one row per type and severity)."""
    existing = {(r.ticket_type, r.severity): r for r in db.session.scalars(
        select(SlaRule).filter_by(community_id=community_id))}
    for key, value in rows.items():
        if key[0] not in TYPES or key[1] not in SEVERITIES:
            raise KeyError(key)
        rule = existing.get(key) or SlaRule(community_id=community_id, ticket_type=key[0],
                                            severity=key[1])
        rule.ack_minutes, rule.dispatch_minutes = value.ack, value.dispatch
        rule.onsite_minutes, rule.complete_minutes = value.onsite, value.complete
        rule.working_hours = value.working_hours
        db.session.add(rule)
    db.session.flush()
    from .. import audit

    audit.record("ticket.sla_rules", object_type="SlaRule", community_id=community_id)


def _late(due: datetime | None, done: datetime | None, now: datetime) -> bool:
    """A step is late when it was due and either happened after the due time or is still
    pending after it; happening exactly at the due time is on time."""
    if due is None:
        return False
    return done > due if done is not None else now > due


def late_steps(ticket: Ticket, now: datetime) -> list[str]:
    """The steps of a ticket that missed (or are missing) their commitment."""
    if ticket.ticket_type == "praise" and ticket.status in ("completed", "closed"):
        return []
    done = {
        "ack": ticket.acknowledged_at,
        "dispatch": ticket.dispatched_at,
        "onsite": ticket.onsite_at or ticket.completed_at,
        "complete": ticket.completed_at,
    }
    return [step for step in STEPS if _late(getattr(ticket, f"{step}_due"), done[step], now)]


def overdue_steps(ticket: Ticket, now: datetime) -> list[str]:
    """Steps still pending after their due time (the ticket needs action now)."""
    if not ticket.is_open:
        return []
    return [step for step in late_steps(ticket, now)
            if _pending(ticket, step)]


def _pending(ticket: Ticket, step: str) -> bool:
    field = {"ack": "acknowledged_at", "dispatch": "dispatched_at",
             "onsite": "onsite_at", "complete": "completed_at"}[step]
    return getattr(ticket, field) is None


def overdue_clause(now: datetime):
    """SQL condition: an open ticket with a pending step past its due time."""
    from sqlalchemy import and_, or_

    from .models import OPEN_STATUSES

    return and_(Ticket.status.in_(OPEN_STATUSES), or_(
        and_(Ticket.ack_due < now, Ticket.acknowledged_at.is_(None)),
        and_(Ticket.dispatch_due < now, Ticket.dispatched_at.is_(None)),
        and_(Ticket.onsite_due < now, Ticket.onsite_at.is_(None)),
        and_(Ticket.complete_due < now, Ticket.completed_at.is_(None))))
