"""Joint inspections 联合检查: participants, item scores per revision, sign-offs, rectifications."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import (
    FrozenRowError,
    TimestampMixin,
    by_user,
    feeds_results,
    freeze,
    owned_by,
    utcnow,
)

KINDS = {"quarterly": _l("Quarterly joint inspection"), "adhoc": _l("Ad-hoc inspection")}
#: the company's own inspections by its quality department (品质部); recorded by staff, never
#: signed by the committee and never part of the joint-inspection source
INTERNAL_KINDS = {
    "patrol": _l("Daily patrol"),
    "special": _l("Special inspection"),
    "night": _l("Night or holiday spot check"),
    "cross": _l("Cross inspection"),
}
ALL_KINDS = {**KINDS, **INTERNAL_KINDS}
#: scheduled → in_progress (first score) → signed (locked) → correcting → signed …
STATUSES = {
    "scheduled": _l("scheduled"),
    "in_progress": _l("in progress"),
    "signed": _l("signed and locked"),
    "correcting": _l("being corrected"),
}
EDITABLE = ("scheduled", "in_progress", "correcting")
ORGANISATIONS = {
    "committee": _l("Owners' committee"),
    "community": _l("Community office"),
    "company": _l("Property company"),
}
#: organisation → the role an account must hold to sign for a participant of it (the
#: community office has no accounts here: its people sign through a link)
ACCOUNT_ROLES = {"committee": "committee", "company": "staff"}
MODES = {"points": _l("points awarded"), "deductions": _l("deductions"),
         "na": _l("not applicable")}
#: the same three words as a ticket's severity (feedback.models.SEVERITIES), lowest first, so
#: a finding and a ticket of the same urgency read alike (一般 · 较急 · 紧急)
SEVERITIES = {"minor": _l("Normal"), "major": _l("Urgent"), "urgent": _l("Emergency")}
#: default days to fix a finding, by severity
DUE_DAYS = {"minor": 14, "major": 7, "urgent": 2}
RECT_STATUSES = {
    "open": _l("awaiting rectification"),
    "in_progress": _l("in progress"),
    "submitted": _l("submitted for re-inspection"),
    "verified": _l("verified and closed"),
    # one word for the state and the act: 复查不合格 → 退回 (tickets are 重新打开, periods 重新开放)
    "reopened": _l("sent back for rework"),
}
#: statuses in which the company still owes the fix: only these can be overdue (a task
#: submitted for re-inspection waits for the committee, not for the company)
WAITING_FOR_COMPANY = ("open", "in_progress", "reopened")
#: status → statuses reachable from it (who may move is decided in the services)
RECT_TRANSITIONS = {
    "open": ("in_progress", "submitted"),
    "in_progress": ("submitted",),
    "reopened": ("in_progress", "submitted"),
    "submitted": ("verified", "reopened"),
    "verified": (),
}
DEPARTMENTS = ("客服部", "工程部", "秩序维护部", "环境部", "绿化部", "综合管理部")


class Inspection(TimestampMixin, db.Model):
    """One inspection walk-round of a community, scored on a joint_inspection checklist."""

    __tablename__ = "inspection"
    __table_args__ = (
        CheckConstraint("kind IN ('quarterly', 'adhoc', 'patrol', 'special', 'night', 'cross')",
                        name="kind_known"),
        CheckConstraint("status IN ('scheduled', 'in_progress', 'signed', 'correcting')",
                        name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    period_id: Mapped[int] = owned_by("period.id")
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_version.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="quarterly")
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    inspection_date: Mapped[date] = mapped_column(nullable=False, index=True)
    area: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="scheduled")
    #: the revision being edited (or last signed); item scores and sign-offs carry it
    revision: Mapped[int] = mapped_column(nullable=False, default=1)
    #: the latest signed revision: the one that counts in results (None until first sign-off)
    signed_revision: Mapped[int | None]
    created_by_id: Mapped[int | None] = by_user()
    #: internal inspections: the local time the check started (night checks are analysed by it)
    start_time: Mapped[time | None]
    #: internal inspections: who inspected, and for a cross inspection (交叉检查) the other
    #: department or community they come from
    inspector: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    inspector_from: Mapped[str] = mapped_column(String(120), nullable=False, default="")

    questionnaire = relationship("QuestionnaireVersion", lazy="joined")
    period = relationship("Period", lazy="joined")
    participants: Mapped[list[Participant]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="Participant.id")

    @property
    def locked(self) -> bool:
        return self.status == "signed"

    @property
    def internal(self) -> bool:
        """The company's own inspection (品质部), not a joint one."""
        return self.kind in INTERNAL_KINDS


class Participant(db.Model):
    """A person taking part: name, organisation (committee / community / company) and role."""

    __tablename__ = "inspection_participant"
    __table_args__ = (
        CheckConstraint("organisation IN ('committee', 'community', 'company')",
                        name="organisation_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = owned_by("inspection.id")
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    organisation: Mapped[str] = mapped_column(String(20), nullable=False)
    role: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    #: the participant's own account: they sign from it, and nobody else can sign for them;
    #: None means they sign on their own phone through a one-time signing link
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                index=True)

    inspection: Mapped[Inspection] = relationship(back_populates="participants")
    user = relationship("User")


#: how a signature was made: from the signer's own account, through a one-time link with a
#: drawn signature, or (records from before signing for oneself) a name typed by the recorder
SIGN_METHODS = {
    "account": _l("from their own account"),
    "link": _l("on their own phone, signing link with handwritten signature"),
    "typed": _l("name typed by the recorder (before signing for oneself)"),
}


class Signoff(db.Model):
    """A participant's signature on one revision, made by the participant; never updated."""

    __tablename__ = "inspection_signoff"
    __table_args__ = (
        UniqueConstraint("participant_id", "revision"),
        CheckConstraint("method IN ('account', 'link', 'typed')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = owned_by("inspection.id")
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_participant.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(nullable=False)
    #: the name as the signer gave it (an account's signature: the registered name)
    typed_name: Mapped[str] = mapped_column(String(80), nullable=False)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    recorded_by_id: Mapped[int | None] = by_user()
    method: Mapped[str] = mapped_column(String(10), nullable=False, default="typed")
    #: the account that signed (method "account")
    signer_id: Mapped[int | None] = by_user()
    #: the drawn signature and the link used (method "link")
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("signature_image.id", ondelete="RESTRICT"))
    link_id: Mapped[int | None] = mapped_column(ForeignKey("signing_link.id", ondelete="SET NULL"))
    #: the signing phone's browser (user agent), as evidence of where the link was used
    device: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    signer = relationship("User", foreign_keys=[signer_id])


class Revision(db.Model):
    """A revision of an inspection's scores: 1 is the original, later ones are corrections."""

    __tablename__ = "inspection_revision"
    __table_args__ = (UniqueConstraint("inspection_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = owned_by("inspection.id")
    number: Mapped[int] = mapped_column(nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    signed_at: Mapped[datetime | None]
    #: per dimension S_d and the total when signed, for the history table
    totals: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


class ItemScore(db.Model):
    """One checklist item of one revision: points, deductions or not applicable."""

    __tablename__ = "inspection_item"
    __table_args__ = (
        UniqueConstraint("inspection_id", "revision", "item_id"),
        CheckConstraint("mode IN ('points', 'deductions', 'na')", name="mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = owned_by("inspection.id")
    revision: Mapped[int] = mapped_column(nullable=False)
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    dimension: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    max_points: Mapped[float] = mapped_column(nullable=False)
    pass_line: Mapped[float] = mapped_column(nullable=False)
    mode: Mapped[str] = mapped_column(String(12), nullable=False)
    #: a_i; NULL when not applicable
    awarded: Mapped[float | None]
    deduction_count: Mapped[float | None]
    deduction_per: Mapped[float | None]
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    scored_by_id: Mapped[int | None] = by_user()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, nullable=False)

    @property
    def is_finding(self) -> bool:
        return self.awarded is not None and self.awarded < self.pass_line


class Rectification(TimestampMixin, db.Model):
    """整改: a task opened from a finding, fixed by the company, verified at re-inspection."""

    __tablename__ = "rectification"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'in_progress', 'submitted', 'verified', 'reopened')",
            name="status_known"),
        CheckConstraint("severity IN ('minor', 'major', 'urgent')", name="severity_known"),
        Index("ix_rectification_community_status", "community_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    inspection_id: Mapped[int] = owned_by("inspection.id")
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    dimension: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    department: Mapped[str] = mapped_column(String(80), nullable=False)
    #: the company account the department put on the task (notified of every step)
    assignee_id: Mapped[int | None] = by_user()
    description: Mapped[str] = mapped_column(Text, nullable=False)
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    severity: Mapped[str] = mapped_column(String(10), nullable=False, default="minor")
    due_date: Mapped[date] = mapped_column(nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    verified_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = by_user()

    inspection: Mapped[Inspection] = relationship()
    assignee = relationship("User", foreign_keys=[assignee_id])
    events: Mapped[list[RectificationEvent]] = relationship(
        back_populates="rectification", order_by="RectificationEvent.id",
        cascade="all, delete-orphan")

    def is_overdue(self, today: date) -> bool:
        """Overdue 逾期 (the one rule, rect_overdue)."""
        return rect_overdue(self.status, self.due_date, today)


def rect_overdue(status: str, due_date: date, today: date) -> bool:
    """Overdue 逾期: the company still owes the fix and its due date has passed; the staff
    list, the dashboard, the notice board and the PDF all mark it with this rule."""
    return status in WAITING_FOR_COMPANY and due_date < today


class RectificationEvent(db.Model):
    """Append-only history of a rectification: every state change with who and when."""

    __tablename__ = "rectification_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int] = owned_by("rectification.id")
    at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    user_id: Mapped[int | None] = by_user()
    actor: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    photo_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)

    rectification: Mapped[Rectification] = relationship(back_populates="events")


#: raised when code changes a history row: sign-offs and rectification events are evidence
AppendOnlyError = FrozenRowError
freeze(Signoff)
freeze(RectificationEvent)


def template_labels() -> dict:
    """Status and kind label maps for templates (also outside this blueprint's requests)."""
    return {"KINDS": ALL_KINDS, "STATUSES": STATUSES, "ORGANISATIONS": ORGANISATIONS,
            "SIGN_METHODS": SIGN_METHODS, "MODES": MODES, "SEVERITIES": SEVERITIES, "RECT_STATUSES": RECT_STATUSES}


def _inspection_period(session, row) -> int | None:
    """The period of the inspection a row belongs to."""
    inspection = session.get(Inspection, row.inspection_id)
    return inspection.period_id if inspection is not None else None


def _signed_score_period(session, score: ItemScore) -> int | None:
    """The period, when the score belongs to the inspection's signed revision."""
    inspection = session.get(Inspection, score.inspection_id)
    if inspection is None or inspection.signed_revision != score.revision:
        return None
    return inspection.period_id


# a signed inspection's scores and its rectifications feed the period's results
feeds_results(Inspection, lambda _session, inspection: inspection.period_id)
feeds_results(ItemScore, _signed_score_period)
feeds_results(Rectification, _inspection_period)


class OfflineSave(db.Model):
    """The first answer to one idempotency key of an offline walk-round save (issue 20)."""

    __tablename__ = "inspection_offline_save"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # keys are client UUIDs: scoped per user so one phone cannot replay another's answer
    user_id: Mapped[int] = owned_by("user.id")
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    inspection_id: Mapped[int] = owned_by("inspection.id")
    answer: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
