"""Community 小区 → Building 楼栋 → Household 户, and assessment periods 测评期."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import TimestampMixin, owned_by

PERIOD_STATUSES = ("draft", "open", "closed", "published")
PERIOD_STATUS_LABELS = {
    "draft": _l("draft"),
    "open": _l("open"),
    "closed": _l("closed"),
    "published": _l("published"),
}
#: who holds the per-household access codes (prints slips, sees who has not answered)
CODE_HOLDERS = ("committee", "company", "both")
CODE_HOLDER_LABELS = {
    "committee": _l("the owners' committee"),
    "company": _l("the property company"),
    "both": _l("both the committee and the company"),
}
#: the button that moves a period to a status
PERIOD_ACTION_LABELS = {
    ("draft", "open"): _l("Open for data collection"),
    ("open", "closed"): _l("Close"),
    ("closed", "open"): _l("Reopen"),
}
#: allowed moves of a period's status (closing, publishing and reopening are two-party acts:
#: survey_app/acts; withdrawing a notice moves published back to closed)
PERIOD_TRANSITIONS = {
    "draft": ("open",),
    "open": ("closed",),
    "closed": ("open", "published"),
    "published": ("closed", "open"),
}


class Community(TimestampMixin, db.Model):
    """A residential community served by the property company."""

    __tablename__ = "community"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    address: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    company: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: k of the small-cell rule: breakdowns hide groups with fewer responses (results/cells.py)
    min_cell_size: Mapped[int] = mapped_column(nullable=False, default=5, server_default="5")

    buildings: Mapped[list[Building]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Building.sort_key"
    )
    periods: Mapped[list[Period]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Period.start_date"
    )
    #: who may print code slips and see who has not answered: committee, company or both
    code_holder: Mapped[str] = mapped_column(String(10), nullable=False, default="committee",
                                             server_default="committee")


class Building(db.Model):
    """A building 楼栋 of a community."""

    __tablename__ = "building"
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    sort_key: Mapped[int] = mapped_column(default=0, nullable=False)

    community: Mapped[Community] = relationship(back_populates="buildings")
    households: Mapped[list[Household]] = relationship(
        back_populates="building", cascade="all, delete-orphan"
    )


class Household(db.Model):
    """A household 户: building, unit, room, and an optional phone tail for verification."""

    __tablename__ = "household"
    __table_args__ = (UniqueConstraint("building_id", "unit", "room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    building_id: Mapped[int] = owned_by("building.id")
    unit: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    room: Mapped[str] = mapped_column(String(20), nullable=False)
    phone_tail: Mapped[str | None] = mapped_column(String(4))
    area_m2: Mapped[float | None]

    building: Mapped[Building] = relationship(back_populates="households")

    @property
    def label(self) -> str:
        unit = f"{self.unit}-" if self.unit else ""
        return f"{self.building.name} {unit}{self.room}"


class Period(TimestampMixin, db.Model):
    """An assessment period 测评期 of a community (a quarter by default)."""

    __tablename__ = "period"
    __table_args__ = (
        UniqueConstraint("community_id", "label"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint(
            "status IN ('draft', 'open', 'closed', 'published')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    label: Mapped[str] = mapped_column(String(40), nullable=False)
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    #: incremented whenever scored data of the period changes; results are cached per version
    data_version: Mapped[int] = mapped_column(default=0, nullable=False)

    community: Mapped[Community] = relationship(back_populates="periods")
