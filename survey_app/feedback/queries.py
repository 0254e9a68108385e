"""Read-only views of tickets: the staff queue, committee statistics, the public summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models_base import utcnow
from . import sla
from .clock import local_date, month_start, utc_start_of
from .models import OPEN_STATUSES, SATISFIED_MIN, Ticket, TicketEvent

PER_PAGE = 50
FLAGS = ("open", "overdue", "escalated", "repeat")


@dataclass
class QueuePage:
    """One page of the staff queue."""

    tickets: list[Ticket]
    total: int
    page: int
    pages: int
    overdue: dict[int, list[str]]


def queue(community_id: int, *, status: str = "", ticket_type: str = "", dimension: str = "",
          flag: str = "", page: int = 1, now: datetime | None = None) -> QueuePage:
    """Tickets of a community, newest first, filtered; overdue steps per ticket."""
    now = now or utcnow()
    query = select(Ticket).where(Ticket.community_id == community_id)
    if status:
        query = query.where(Ticket.status == status)
    if ticket_type:
        query = query.where(Ticket.ticket_type == ticket_type)
    if dimension:
        query = query.where(Ticket.dimension == dimension)
    if flag == "open":
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    elif flag == "overdue":
        query = query.where(sla.overdue_clause(now))
    elif flag == "escalated":
        query = query.where(Ticket.escalated.is_(True), Ticket.status.in_(OPEN_STATUSES))
    elif flag == "repeat":
        query = query.where(Ticket.repeat_of_id.is_not(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    tickets = list(db.session.scalars(query.order_by(Ticket.received_at.desc(), Ticket.id.desc())
                                      .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    overdue = {t.id: sla.overdue_steps(t, now) for t in tickets}
    return QueuePage(tickets, total, page, pages, overdue)


def public_events(ticket: Ticket) -> list[TicketEvent]:
    """The steps an owner sees: no internal notes, no staff names."""
    return [e for e in ticket.events if e.public]


def overdue_count(community_id: int, now: datetime | None = None) -> int:
    """Open tickets with a step past its due time."""
    return db.session.scalar(select(func.count(Ticket.id)).where(
        Ticket.community_id == community_id, sla.overdue_clause(now or utcnow()))) or 0


def stats_overview(community_id: int, now: datetime | None = None) -> dict:
    """Counts for the committee: by type, status, dimension and category; overdue and
    escalated; no owner identities, contact details or descriptions."""
    now = now or utcnow()
    rows = db.session.execute(select(
        Ticket.ticket_type, Ticket.status, Ticket.dimension, Ticket.category,
        Ticket.escalated, Ticket.repeat_of_id, Ticket.reopened_count,
    ).where(Ticket.community_id == community_id)).all()
    open_rows = [r for r in rows if r.status in OPEN_STATUSES]
    return {
        "total": len(rows),
        "open": len(open_rows),
        "overdue": overdue_count(community_id, now),
        "escalated": sum(1 for r in open_rows if r.escalated),
        "repeat": sum(1 for r in rows if r.repeat_of_id),
        "reopened": sum(1 for r in rows if r.reopened_count),
        "by_type": Counter(r.ticket_type for r in rows),
        "by_status": Counter(r.status for r in rows),
        "by_dimension": Counter(r.dimension or "" for r in rows),
        "by_category": Counter(r.category or "" for r in rows).most_common(12),
    }


def monthly_public_summary(community_id: int, months: int = 12,
                           today: date | None = None) -> list[dict]:
    """Per local calendar month, oldest first: tickets received, completed, completed on time,
    callbacks and satisfied callbacks, with the rates; counts only, for the public notice board.
    """
    today = today or local_date(utcnow())
    first = month_start(today, months - 1)
    keys = [month_start(today, back) for back in range(months - 1, -1, -1)]
    out = {k: _empty_month(k) for k in keys}
    rows = db.session.execute(select(
        Ticket.received_at, Ticket.completed_at, Ticket.complete_due, Ticket.ticket_type,
        Ticket.callback_rating,
    ).where(Ticket.community_id == community_id, Ticket.received_at >= utc_start_of(first),
            Ticket.received_at < utc_start_of(month_start(today, -1)))).all()
    for row in rows:
        month = out.get(month_start(local_date(row.received_at)))
        if month is None:
            continue
        month["received"] += 1
        month[row.ticket_type + "s"] = month.get(row.ticket_type + "s", 0) + 1
        if row.completed_at is not None:
            month["completed"] += 1
            if row.complete_due is None or row.completed_at <= row.complete_due:
                month["on_time"] += 1
        if row.callback_rating is not None:
            month["callbacks"] += 1
            month["satisfied"] += row.callback_rating >= SATISFIED_MIN
    for month in out.values():
        month["handling_rate"] = _rate(month["completed"], month["received"])
        month["on_time_rate"] = _rate(month["on_time"], month["completed"])
        month["satisfaction_rate"] = _rate(month["satisfied"], month["callbacks"])
    return [out[k] for k in keys]


def _empty_month(first_day: date) -> dict:
    return {"month": first_day, "label": f"{first_day.year}-{first_day.month:02d}",
            "received": 0, "completed": 0, "on_time": 0, "callbacks": 0, "satisfied": 0,
            "repairs": 0, "complaints": 0, "suggestions": 0, "praises": 0}


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def ticket_for_staff(text: str | None, community_ids: set[int] | None) -> Ticket:
    """The ticket a code read out on the phone names, among the communities the staff member
    handles (None: all); FieldError on ``code`` for a malformed code or none found, so
    another community's ticket looks the same as no ticket."""
    from flask_babel import gettext as _

    from ..errors import FieldError
    from .codes import checked_code

    code = checked_code(text)
    ticket = db.session.scalar(select(Ticket).filter_by(tracking_code=code))
    if ticket is None or (community_ids is not None and ticket.community_id not in community_ids):
        raise FieldError("code", _("No ticket has the tracking code %(code)s. Please check it "
                                   "with the owner.", code=code))
    return ticket
