"""Recurring inspection plans per community: kind, recurrence, assignees (due dates follow)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import TimestampMixin, by_user, owned_by

RECURRENCES = {"weekly": _l("weekly"), "monthly": _l("monthly"), "quarterly": _l("quarterly")}


class Plan(TimestampMixin, db.Model):
    """A recurring plan: one inspection of ``kind`` due in every week, month or quarter."""

    __tablename__ = "inspection_plan"
    __table_args__ = (
        CheckConstraint("recurrence IN ('weekly', 'monthly', 'quarterly')",
                        name="recurrence_known"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    #: an inspection kind (inspections.models.ALL_KINDS): joint ones or the company's own
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    area: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    recurrence: Mapped[str] = mapped_column(String(10), nullable=False)
    starts_on: Mapped[date] = mapped_column(nullable=False)
    ends_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = by_user()

    assignees: Mapped[list[PlanAssignee]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanAssignee.id")


class PlanAssignee(db.Model):
    """A user who carries out a plan's inspections (and is reminded of them)."""

    __tablename__ = "inspection_plan_assignee"
    __table_args__ = (UniqueConstraint("plan_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = owned_by("inspection_plan.id")
    user_id: Mapped[int] = owned_by("user.id")

    plan: Mapped[Plan] = relationship(back_populates="assignees")
    user = relationship("User")
