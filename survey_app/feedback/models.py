"""Tickets 工单 (complaints, repairs, suggestions, praise), their history and time limits."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..communities.models import Period
from ..extensions import db
from ..models_base import TimestampMixin, by_user, feeds_results, owned_by, utcnow
from .clock import local_date

CHANNELS = {
    "owner_web": _l("Owner (QR code / link)"),
    "hotline": _l("Service hotline"),
    "front_desk": _l("Front desk"),
    "wechat_group": _l("WeChat group"),
    "inspection": _l("Inspection"),
}
#: channels staff pick when logging a ticket for an owner
STAFF_CHANNELS = ("hotline", "front_desk", "wechat_group", "inspection")
TYPES = {
    "repair": _l("Repair"),
    "complaint": _l("Complaint"),
    "suggestion": _l("Suggestion"),
    "praise": _l("Praise"),
}
#: the rectifications of inspection findings use the same three words (inspections.models)
SEVERITIES = {
    "normal": _l("Normal"),
    "urgent": _l("Urgent"),
    "emergency": _l("Emergency"),
}
DIMENSIONS = {
    "cleaning": _l("Cleaning"),
    "greening": _l("Greening"),
    "security": _l("Security and order"),
    "facilities": _l("Facilities and equipment"),
    "service": _l("Customer service"),
}
#: category 类别 → its usual dimension (staff may choose another)
CATEGORIES = {
    "水电": "facilities",
    "电梯": "facilities",
    "门禁": "security",
    "消防": "facilities",
    "管道疏通": "facilities",
    "照明": "facilities",
    "保洁": "cleaning",
    "垃圾清运": "cleaning",
    "绿化": "greening",
    "停车": "security",
    "安保巡逻": "security",
    "噪音": "security",
    "服务态度": "service",
    "收费": "service",
    "其他": "service",
}
STATUSES = {
    "registered": _l("Registered"),
    "classified": _l("Classified"),
    "dispatched": _l("Dispatched"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "closed": _l("Closed"),
    "reopened": _l("Reopened"),
}
OPEN_STATUSES = ("registered", "classified", "dispatched", "in_progress", "reopened")
RATINGS = {
    5: _l("Very satisfied"),
    4: _l("Satisfied"),
    3: _l("Neutral"),
    2: _l("Dissatisfied"),
    1: _l("Very dissatisfied"),
}
#: a callback counts as satisfied in the top two boxes (METHOD M1 satisfaction rate)
SATISFIED_MIN = 4
CALLBACK_CHANNELS = {
    "owner_link": _l("Owner via tracking link"),
    "phone": _l("Phone callback"),
    "visit": _l("Home visit"),
}
#: time-limit steps (sla.STEPS) in words, e.g. for the escalation note "ack, dispatch"
SLA_STEPS = {"ack": _l("Acknowledge"), "dispatch": _l("Dispatch"), "onsite": _l("On site"),
             "complete": _l("Complete")}
EVENT_KINDS = {
    "registered": _l("Registered"),
    "classified": _l("Classified"),
    "dispatched": _l("Dispatched"),
    "onsite": _l("Worker on site"),
    "note": _l("Note"),
    "completed": _l("Completed"),
    "callback": _l("Callback"),
    "callback_requested": _l("Callback requested"),
    "closed": _l("Closed"),
    "reopened": _l("Reopened"),
    "escalated": _l("Escalated to manager"),
    "repeat": _l("Repeat repair detected"),
}


def _in(column: str, values) -> CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=f"{column}_known")


class Ticket(TimestampMixin, db.Model):
    """One owner request: a complaint, repair, suggestion or praise, from any channel."""

    __tablename__ = "ticket"
    __table_args__ = (
        _in("channel", CHANNELS),
        _in("ticket_type", TYPES),
        _in("severity", SEVERITIES),
        _in("status", STATUSES),
        Index("ix_ticket_community_received", "community_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    building_id: Mapped[int | None] = mapped_column(
        ForeignKey("building.id", ondelete="SET NULL"))
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: the owner's room (e.g. 2单元 501), so the service centre finds the flat
    room: Mapped[str] = mapped_column(String(40), nullable=False, default="", server_default="")
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    ticket_type: Mapped[str] = mapped_column(String(20), nullable=False, default="repair")
    dimension: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    severity: Mapped[str] = mapped_column(String(20), nullable=False, default="normal")
    description: Mapped[str] = mapped_column(Text, nullable=False)
    #: owner contact details: only the handling staff ever see them
    contact_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    #: the consent text (privacy/consent.py) the owner agreed to when leaving a name or phone
    consent_version: Mapped[str] = mapped_column(String(20), nullable=False, default="",
                                                 server_default="")
    #: when the contact details were removed (retention rule or a deletion request)
    contact_removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="registered")

    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    ack_due: Mapped[datetime | None] = mapped_column(DateTime)
    dispatch_due: Mapped[datetime | None] = mapped_column(DateTime)
    onsite_due: Mapped[datetime | None] = mapped_column(DateTime)
    complete_due: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    onsite_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    department: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    worker: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    escalated: Mapped[bool] = mapped_column(default=False, nullable=False)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_count: Mapped[int] = mapped_column(default=0, nullable=False)
    repeat_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="SET NULL"))

    callback_rating: Mapped[int | None]
    callback_channel: Mapped[str | None] = mapped_column(String(20))
    callback_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = by_user()

    building = relationship("Building")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="TicketEvent.id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def place(self) -> str:
        """Building, room and location as one line."""
        parts = [self.building.name if self.building else "", self.room, self.location]
        return " ".join(p for p in parts if p)

    @property
    def public_place(self) -> str:
        """Building and location without the room: the tracking page is open to anyone
        holding the code, so it never names a flat."""
        parts = [self.building.name if self.building else "", self.location]
        return " ".join(p for p in parts if p)


class TicketEvent(db.Model):
    """One step in a ticket's history; rows are only ever inserted."""

    __tablename__ = "ticket_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = owned_by("ticket.id")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[int | None] = by_user()
    #: who acted as shown to the owner: "owner", a department, or "" (the service centre)
    actor: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: whether the owner sees this step on the tracking page
    public: Mapped[bool] = mapped_column(default=True, nullable=False)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    user = relationship("User")


class SlaRule(db.Model):
    """A community's service commitment 服务承诺 for one type and severity (minutes)."""

    __tablename__ = "sla_rule"
    __table_args__ = (
        UniqueConstraint("community_id", "ticket_type", "severity"),
        _in("ticket_type", TYPES),
        _in("severity", SEVERITIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    ticket_type: Mapped[str] = mapped_column(String(20), nullable=False)
    severity: Mapped[str] = mapped_column(String(20), nullable=False)
    ack_minutes: Mapped[int | None]
    dispatch_minutes: Mapped[int | None]
    onsite_minutes: Mapped[int | None]
    complete_minutes: Mapped[int | None]
    #: the limits count working time (service hours on work days of the calendar), not
    #: clock time: "工作时间内 30 分钟内受理"
    working_hours: Mapped[bool] = mapped_column(default=False, server_default=false(),
                                                nullable=False)


class ServiceTerms(db.Model):
    """What a community's service commitment 服务承诺 states besides the time limits: the
    service centre's hours on work days and its hotline."""

    __tablename__ = "service_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              unique=True, nullable=False)
    hotline: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    opens: Mapped[time] = mapped_column(Time, nullable=False, default=time(8, 30))
    closes: Mapped[time] = mapped_column(Time, nullable=False, default=time(17, 30))
    #: e.g. "24 小时应急维修" — what is on call outside the service hours
    after_hours: Mapped[str] = mapped_column(String(200), nullable=False, default="")


CALENDAR_KINDS = {
    "holiday": _l("Public holiday"),
    "workday": _l("Make-up work day (调休上班)"),
}


class CalendarEntry(db.Model):
    """A range of days of the official calendar: a public holiday, or a weekend worked as a
    make-up work day (调休上班); every other day is a work day Monday to Friday."""

    __tablename__ = "calendar_entry"
    __table_args__ = (
        _in("kind", CALENDAR_KINDS),
        CheckConstraint("first_day <= last_day", name="calendar_entry_ordered"),
        Index("ix_calendar_entry_year", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    first_day: Mapped[date] = mapped_column(Date, nullable=False)
    last_day: Mapped[date] = mapped_column(Date, nullable=False)


def _received_period(session, ticket: Ticket) -> int | None:
    """The community's period that contains the ticket's local day of receipt."""
    day = local_date(ticket.received_at)
    return session.scalar(select(Period.id).where(
        Period.community_id == ticket.community_id, Period.start_date <= day,
        Period.end_date >= day))


# a ticket feeds the KPIs of the period it was received in
feeds_results(Ticket, _received_period)
