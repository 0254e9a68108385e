"""Complaint and repair records 书面记录: the search staff and the committee run over a
community's tickets, paginated in SQL, and the rows its exports write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from ..errors import FieldError
from ..extensions import db
from ..models_base import utcnow
from .clock import local_date, utc_range
from .models import Ticket

PER_PAGE = 50
#: an export holds at most this many rows (a year of a large community is far fewer)
EXPORT_LIMIT = 20000
#: the earliest date a search accepts: no ticket of this app is older
EARLIEST = date(2000, 1, 1)
#: how far ahead of today a range may end (tickets are never received in the future)
AHEAD = timedelta(days=366)


@dataclass
class RecordFilter:
    """What a records search asks for; empty values mean "any"."""

    date_from: date | None = None
    date_to: date | None = None
    keyword: str = ""
    building_id: int | None = None
    category: str = ""
    ticket_type: str = ""
    status: str = ""
    assignee: str = ""

    def as_args(self) -> dict:
        """The filter as query-string arguments (for paging and export links)."""
        out = {k: v for k, v in vars(self).items() if v not in (None, "")}
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in out.items()}


@dataclass
class RecordPage:
    """One page of a records search."""

    tickets: list[Ticket]
    total: int
    page: int
    pages: int
    filter: RecordFilter = field(default_factory=RecordFilter)


def check_range(wanted: RecordFilter, today: date | None = None) -> None:
    """Refuse a reversed or absurd date range, naming the field at fault."""
    today = today or local_date(utcnow())
    for name in ("date_from", "date_to"):
        day = getattr(wanted, name)
        if day is not None and not EARLIEST <= day <= today + AHEAD:
            raise FieldError(name, _("Choose a date between %(first)s and %(last)s.",
                                     first=EARLIEST.isoformat(),
                                     last=(today + AHEAD).isoformat()))
    if wanted.date_from and wanted.date_to and wanted.date_from > wanted.date_to:
        raise FieldError("date_to", _("The end of the range is before its start (%(start)s).",
                                      start=wanted.date_from.isoformat()))


def _like(text: str) -> str:
    """A LIKE pattern matching the text anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _query(community_id: int, wanted: RecordFilter) -> Select:
    """The search as one SQL query (no ordering, no paging)."""
    query = select(Ticket).where(Ticket.community_id == community_id)
    if wanted.date_from or wanted.date_to:
        start, end = utc_range(wanted.date_from or EARLIEST, wanted.date_to or date(9998, 1, 1))
        query = query.where(Ticket.received_at >= start, Ticket.received_at < end)
    if wanted.keyword.strip():
        words = wanted.keyword.strip()
        code = "".join(words.split()).upper()
        query = query.where(or_(Ticket.description.ilike(_like(words), escape="\\"),
                                Ticket.tracking_code == code))
    for column, value in ((Ticket.building_id, wanted.building_id),
                          (Ticket.category, wanted.category),
                          (Ticket.ticket_type, wanted.ticket_type),
                          (Ticket.status, wanted.status)):
        if value not in (None, ""):
            query = query.where(column == value)
    if wanted.assignee.strip():
        pattern = _like(wanted.assignee.strip())
        query = query.where(or_(Ticket.department.ilike(pattern, escape="\\"),
                                Ticket.worker.ilike(pattern, escape="\\")))
    return query


def _newest_first(query: Select) -> Select:
    return query.order_by(Ticket.received_at.desc(), Ticket.id.desc())


def search(community_id: int, wanted: RecordFilter, page: int = 1) -> RecordPage:
    """One page of the community's tickets matching the filter, newest first."""
    check_range(wanted)
    query = _query(community_id, wanted)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    tickets = list(db.session.scalars(
        _newest_first(query).options(selectinload(Ticket.building))
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return RecordPage(tickets, total, page, pages, wanted)


def all_matching(community_id: int, wanted: RecordFilter) -> list[Ticket]:
    """Every matching ticket for an export (at most EXPORT_LIMIT), newest first."""
    check_range(wanted)
    return list(db.session.scalars(
        _newest_first(_query(community_id, wanted)).options(selectinload(Ticket.building))
        .limit(EXPORT_LIMIT)))


def month_tickets(community_id: int, year: int, month: int) -> list[Ticket]:
    """The tickets received in one local calendar month, oldest first (the monthly register)."""
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    start, end = utc_range(first, last)
    return list(db.session.scalars(
        select(Ticket).where(Ticket.community_id == community_id,
                             Ticket.received_at >= start, Ticket.received_at < end)
        .options(selectinload(Ticket.building))
        .order_by(Ticket.received_at, Ticket.id)))


def get_record(community_id: int, ticket_id: int) -> Ticket:
    """One ticket of the community for the records view (NotFound otherwise)."""
    from .services import get_ticket

    return get_ticket(community_id, ticket_id)


def check_month(year: int, month: int, today: date | None = None) -> None:
    """A register's month must exist and lie between EARLIEST and this month (else 404)."""
    from ..errors import NotFound

    today = today or local_date(utcnow())
    if not 1 <= month <= 12 or not (EARLIEST.year, 1) <= (year, month) <= (today.year,
                                                                             today.month):
        raise NotFound("no such month")


def recent_months(count: int = 12, today: date | None = None) -> list[date]:
    """The first days of the last `count` local months, newest first (register links)."""
    from .clock import month_start

    today = today or local_date(utcnow())
    return [month_start(today, back) for back in range(count)]
