"""The audit-log viewer's query: who did what, when, in which community; a page at a time.

Administrators see every row; an owners' committee sees only the rows of its own
communities (rows about accounts carry no community and stay with the administrators).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit import AuditLog
from ..errors import FieldError
from ..extensions import db

PAGE_SIZE = 50
#: the log starts with the app; a date before this or far ahead is a typing slip
EARLIEST = date(2020, 1, 1)


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer asks for; empty values mean "any"."""

    who: str = ""
    what: str = ""
    date_from: date | None = None
    date_to: date | None = None
    community_id: int | None = None


@dataclass(frozen=True)
class AuditPage:
    rows: list
    total: int
    page: int
    pages: int


def check_dates(wanted: AuditFilter, today: date) -> None:
    """Raise FieldError for a reversed or absurd date range."""
    latest = today + timedelta(days=366)
    for field, value in (("date_from", wanted.date_from), ("date_to", wanted.date_to)):
        if value is not None and not EARLIEST <= value <= latest:
            raise FieldError(field, _("Please enter a date between %(start)s and %(end)s.",
                                      start=EARLIEST.isoformat(), end=latest.isoformat()))
    if wanted.date_from and wanted.date_to and wanted.date_to < wanted.date_from:
        raise FieldError("date_to", _("The end date is before the start date."))


def _utc(day: date, zone: str) -> datetime:
    """Local midnight of the day as naive UTC, as the log stores its times."""
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _conditions(wanted: AuditFilter, allowed: set[int] | None, zone: str) -> list:
    conditions = []
    if allowed is not None:
        conditions.append(AuditLog.community_id.in_(allowed or {-1}))
    if wanted.community_id:
        conditions.append(AuditLog.community_id == wanted.community_id)
    if wanted.who:
        conditions.append(func.lower(AuditLog.actor).contains(wanted.who.strip().lower(),
                                                              autoescape=True))
    if wanted.what:
        conditions.append(AuditLog.action.startswith(wanted.what + ".", autoescape=True))
    if wanted.date_from:
        conditions.append(AuditLog.at >= _utc(wanted.date_from, zone))
    if wanted.date_to:
        conditions.append(AuditLog.at < _utc(wanted.date_to + timedelta(days=1), zone))
    return conditions


def search(wanted: AuditFilter, allowed: set[int] | None, page: int, zone: str) -> AuditPage:
    """One page of matching rows, newest first; ``allowed`` None means every community."""
    conditions = _conditions(wanted, allowed, zone)
    total = db.session.scalar(select(func.count(AuditLog.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.session.scalars(select(AuditLog).where(*conditions)
                              .order_by(AuditLog.at.desc(), AuditLog.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return AuditPage(list(rows), total, page, pages)


def action_groups(allowed: set[int] | None) -> list[str]:
    """The kinds of action in the log (the part before the first dot), for the "what" choice."""
    query = select(AuditLog.action).distinct()
    if allowed is not None:
        query = query.where(AuditLog.community_id.in_(allowed or {-1}))
    return sorted({action.split(".", 1)[0] for action in db.session.scalars(query)})
