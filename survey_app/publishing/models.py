"""Publications on the public notice board (公示)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..acts.models import ActProposal
from ..communities.models import Period
from ..extensions import db
from ..models_base import by_user, owned_by, utcnow


class Publication(db.Model):
    """A period published on the public notice board; withdrawn_at set when taken down."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = owned_by("period.id")
    community_id: Mapped[int] = owned_by("community.id")
    #: the public summary exactly as published (numbers frozen at publication time)
    summary: Mapped[dict] = mapped_column(JSON, nullable=False)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    published_by_id: Mapped[int | None] = by_user()
    published_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    withdrawn_by_id: Mapped[int | None] = by_user()
    withdrawn_at: Mapped[datetime | None]
    withdraw_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    #: the confirmed two-party proposal (names and times of both parties are shown)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("act_proposal.id", ondelete="SET NULL"))
    #: the result of record published, its revision and why that revision exists
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("period_record.id", ondelete="SET NULL"))
    revision: Mapped[int] = mapped_column(nullable=False, default=1, server_default="1")
    revision_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="",
                                                 server_default="")

    period: Mapped[Period] = relationship()
    proposal: Mapped[ActProposal | None] = relationship()

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
