"""Companies 物业服务企业, jurisdictions 区/街道/社区, who served which community when, the
overview's precomputed results of record, and complaints escalated to the 街道 (投诉举报)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import TimestampMixin, by_user, owned_by, utcnow

JURISDICTION_LEVELS = {"district": _l("District"), "street": _l("Sub-district"),
                       "neighbourhood": _l("Neighbourhood")}
#: the level a child may have under each level (区 → 街道 → 社区)
CHILD_LEVEL = {None: "district", "district": "street", "street": "neighbourhood"}
ESCALATION_STATUSES = {"open": _l("Received by the sub-district"),
                       "awaiting_company": _l("Company asked to reply"),
                       "company_replied": _l("Company replied"),
                       "closed": _l("Answered by the sub-district")}
ESCALATION_EVENTS = {"escalated": _l("Escalated by the owner"),
                     "asked": _l("Sub-district asked the company to reply"),
                     "replied": _l("Company replied"),
                     "answered": _l("Sub-district answered")}


class Company(TimestampMixin, db.Model):
    """A property-management company 物业服务企业."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    credit_code: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class Jurisdiction(TimestampMixin, db.Model):
    """A district 区, sub-district 街道 or neighbourhood 社区; parent_id makes the tree."""

    __tablename__ = "jurisdiction"
    __table_args__ = (UniqueConstraint("parent_id", "name"),
                      CheckConstraint("level IN ('district', 'street', 'neighbourhood')",
                                      name="level_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: NO ACTION, not RESTRICT: a parent with children cannot go, yet one statement may
    #: delete a whole tree (checked at its end)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)

    parent: Mapped[Jurisdiction | None] = relationship(remote_side="Jurisdiction.id")


class CommunityCompany(db.Model):
    """A company served a community from ``start_date`` until ``end_date`` (open: still).

    Rows are kept when the company changes, so every period can name the company of its time.
    """

    __tablename__ = "community_company"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date",
                                      name="service_dates_ordered"),
                      Index("ix_community_company_span", "community_id", "start_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="RESTRICT"),
                                            index=True)
    start_date: Mapped[date] = mapped_column(nullable=False)
    end_date: Mapped[date | None]

    company: Mapped[Company] = relationship()


class CommunityJurisdiction(db.Model):
    """The jurisdiction (its lowest level) a community lies in."""

    __tablename__ = "community_jurisdiction"

    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(
        ForeignKey("jurisdiction.id", ondelete="RESTRICT"), index=True)


class OversightScope(db.Model):
    """What a director or officer account oversees: a company, or a jurisdiction subtree."""

    __tablename__ = "oversight_scope"
    __table_args__ = (CheckConstraint("(company_id IS NULL) <> (jurisdiction_id IS NULL)",
                                      name="one_scope"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    jurisdiction_id: Mapped[int | None] = mapped_column(
        ForeignKey("jurisdiction.id", ondelete="CASCADE"))


class OverviewRow(db.Model):
    """A period's result of record, narrowed to what the overview reads (one row a period).

    Written by ``overview_rows.refresh_overview_row`` whenever a period closes, is published,
    reopened or its record changes; ``flask overview backfill`` writes them all.
    """

    __tablename__ = "overview_row"
    __table_args__ = (Index("ix_overview_row_community_start", "community_id", "start_date"),)

    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"),
                                           primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="SET NULL"), index=True)
    start_date: Mapped[date] = mapped_column(nullable=False)
    label: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    revision: Mapped[int] = mapped_column(nullable=False, default=1)
    composite: Mapped[float | None]
    grade: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    #: the grade's words, {language: text}
    grade_label: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    #: dimension key → combined score
    dimensions: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    responses: Mapped[int] = mapped_column(nullable=False, default=0)
    households: Mapped[int] = mapped_column(nullable=False, default=0)
    response_rate: Mapped[float | None]
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class Escalation(TimestampMixin, db.Model):
    """An owner's complaint escalated to the 街道 of its community (投诉举报)."""

    __tablename__ = "escalation"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"),
                                           unique=True)
    community_id: Mapped[int] = owned_by("community.id")
    jurisdiction_id: Mapped[int] = mapped_column(
        ForeignKey("jurisdiction.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    owner_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    company_reply: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    ticket = relationship("Ticket")
    community = relationship("Community")
    events: Mapped[list[EscalationEvent]] = relationship(
        back_populates="escalation", cascade="all, delete-orphan",
        order_by="EscalationEvent.id")


class EscalationEvent(db.Model):
    """One step of an escalation; rows are only ever inserted."""

    __tablename__ = "escalation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = owned_by("escalation.id")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[int | None] = by_user()
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    escalation: Mapped[Escalation] = relationship(back_populates="events")
