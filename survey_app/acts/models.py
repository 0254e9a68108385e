"""Proposals of two-party acts: one party proposes, the other confirms (or either withdraws)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..communities.models import Period
from ..extensions import db
from ..models_base import utcnow

ACT_KINDS = ("close", "publish", "reopen", "unpublish")
ACT_LABELS = {"close": _l("Close the period"), "publish": _l("Publish on the notice board"),
              "reopen": _l("Reopen the period"),
              "unpublish": _l("Take the notice down")}
#: the SQL of the kind check (the migration that widened it repeats it)
KIND_CHECK = "kind IN ('close', 'publish', 'reopen', 'unpublish')"
PARTIES = ("company", "committee")
PARTY_LABELS = {"company": _l("property company"), "committee": _l("owners' committee")}
STATUS_LABELS = {"pending": _l("awaiting confirmation"), "confirmed": _l("confirmed"),
                 "withdrawn": _l("withdrawn")}


class ActProposal(db.Model):
    """A proposed act on a period; pending until the other party confirms or one withdraws."""

    __tablename__ = "act_proposal"
    __table_args__ = (
        CheckConstraint(KIND_CHECK, name="kind_known"),
        CheckConstraint("status IN ('pending', 'confirmed', 'withdrawn')", name="status_known"),
        # one proposal awaiting confirmation per period, even when two are made at once
        Index("ix_act_proposal_one_pending", "period_id", unique=True,
              sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    #: publish: the note for owners; reopen and unpublish: the written reason
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    proposer_party: Mapped[str] = mapped_column(String(20), nullable=False)
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    confirmer_party: Mapped[str | None] = mapped_column(String(20))
    confirmed_at: Mapped[datetime | None]
    #: sha256 of the preview the confirmer saw and confirmed
    preview_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]

    period: Mapped[Period] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])


class ChecklistProposal(db.Model):
    """Putting a community's joint-inspection checklist draft in use: one party proposes the
    draft exactly as it stands (``content_hash``), the other previews and confirms it.

    Its own table because its subject is a draft, not a period; the parties, the rules and
    the confirm-what-you-saw hash are those of ActProposal.
    """

    __tablename__ = "checklist_proposal"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed', 'withdrawn')", name="status_known"),
        # one proposal awaiting confirmation per draft, even when two are made at once
        Index("ix_checklist_proposal_one_pending", "draft_id", unique=True,
              sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              index=True)
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_draft.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    #: sha256 of the draft's definition when proposed: the confirmer confirms exactly this
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    proposer_party: Mapped[str] = mapped_column(String(20), nullable=False)
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    confirmer_party: Mapped[str | None] = mapped_column(String(20))
    confirmed_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
    #: the questionnaire version the confirmed draft became
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_version.id", ondelete="SET NULL"))

    draft = relationship("QuestionnaireDraft")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
