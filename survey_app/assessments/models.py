"""Third-party assessment: organisations, projects, assessors' sheets and signed revisions."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
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

PROJECT_STATUSES = ("scoring", "review", "signed")
PROJECT_STATUS_LABELS = {
    "scoring": _l("scoring"),
    "review": _l("under review"),
    "signed": _l("signed off"),
}
SHEET_STATUSES = ("draft", "submitted", "rescore_requested")
SHEET_STATUS_LABELS = {
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "rescore_requested": _l("rescoring requested"),
}


class AssessorOrganisation(TimestampMixin, db.Model):
    """A third-party assessment organisation 第三方评估机构."""

    __tablename__ = "assessor_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    contact: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    qualification: Mapped[str] = mapped_column(String(255), nullable=False, default="")


class AssessorMember(db.Model):
    """An assessor account working for an organisation; its lead edits the organisation's
    third-party score sheets (issue 18: sheets belong to the assessors, not the company)."""

    __tablename__ = "assessor_member"
    __table_args__ = (UniqueConstraint("user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = owned_by("assessor_organisation.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    is_lead: Mapped[bool] = mapped_column(nullable=False, default=False)

    organisation: Mapped[AssessorOrganisation] = relationship()
    user = relationship("User")


class AssessmentProject(TimestampMixin, db.Model):
    """One organisation's assessment of a community in a period (one per period)."""

    __tablename__ = "assessment_project"
    __table_args__ = (
        UniqueConstraint("period_id"),
        CheckConstraint("status IN ('scoring', 'review', 'signed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = owned_by("community.id")
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("assessor_organisation.id", ondelete="RESTRICT"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_version.id", ondelete="RESTRICT"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    created_by_id: Mapped[int | None] = by_user()
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="scoring")
    #: number of the latest signed revision (0 = never signed off)
    revision: Mapped[int] = mapped_column(nullable=False, default=0)
    #: conclusions being drafted by the lead (copied into the revision at sign-off)
    strengths: Mapped[str] = mapped_column(Text, nullable=False, default="")
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recommendations: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: why the signed assessment was reopened (copied into the next revision)
    correction_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    organisation: Mapped[AssessorOrganisation] = relationship()
    community = relationship("Community")
    period = relationship("Period")
    questionnaire_version = relationship("QuestionnaireVersion")
    lead = relationship("User", foreign_keys=[lead_id])
    assessors: Mapped[list[ProjectAssessor]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectAssessor.id")
    sheets: Mapped[list[AssessorSheet]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="AssessorSheet.id")
    revisions: Mapped[list[AssessmentRevision]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="AssessmentRevision.number")


class ProjectAssessor(db.Model):
    """An assessor assigned to a project."""

    __tablename__ = "project_assessor"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owned_by("assessment_project.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)

    project: Mapped[AssessmentProject] = relationship(back_populates="assessors")
    user = relationship("User")


class AssessorSheet(TimestampMixin, db.Model):
    """One assessor's independent score sheet in a project."""

    __tablename__ = "assessor_sheet"
    __table_args__ = (
        UniqueConstraint("project_id", "assessor_id"),
        CheckConstraint("status IN ('draft', 'submitted', 'rescore_requested')",
                        name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owned_by("assessment_project.id")
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"),
                                             index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    #: first submission; from then on the assessor may see the other assessors' scores
    first_submitted_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    #: item ids the lead sent back for rescoring, and the lead's note
    rescore_items: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    rescore_note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    project: Mapped[AssessmentProject] = relationship(back_populates="sheets")
    assessor = relationship("User")
    scores: Mapped[list[SheetScore]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", order_by="SheetScore.id")


class SheetScore(db.Model):
    """Points an assessor awards an item; points NULL means not applicable 不适用."""

    __tablename__ = "sheet_score"
    __table_args__ = (
        UniqueConstraint("sheet_id", "item_id"),
        CheckConstraint("points IS NULL OR points >= 0", name="points_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = owned_by("assessor_sheet.id")
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    points: Mapped[float | None]
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow,
                                                 nullable=False)

    sheet: Mapped[AssessorSheet] = relationship(back_populates="scores")


class AssessmentRevision(db.Model):
    """A signed-off state of a project: conclusions and every score, never changed afterwards."""

    __tablename__ = "assessment_revision"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = owned_by("assessment_project.id")
    number: Mapped[int] = mapped_column(nullable=False)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    signed_by_id: Mapped[int | None] = by_user()
    strengths: Mapped[str] = mapped_column(Text, nullable=False, default="")
    problems: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recommendations: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: why a correction was made (empty for the first revision)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    project: Mapped[AssessmentProject] = relationship(back_populates="revisions")
    signed_by = relationship("User")
    scores: Mapped[list[RevisionScore]] = relationship(
        back_populates="revision", cascade="all, delete-orphan")


class RevisionScore(db.Model):
    """A score as signed off in a revision (copied from the sheets at sign-off)."""

    __tablename__ = "revision_score"
    __table_args__ = (UniqueConstraint("revision_id", "assessor_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = owned_by("assessment_revision.id")
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    points: Mapped[float | None]
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    revision: Mapped[AssessmentRevision] = relationship(back_populates="scores")


class AssessmentSignature(db.Model):
    """An assessor's own signature on the revision being signed off (from their account).

    The lead signs first with the conclusions; every other assigned assessor then signs from
    their own login; the last signature locks the revision. Never changed afterwards.
    """

    __tablename__ = "assessment_signature"
    __table_args__ = (
        UniqueConstraint("project_id", "revision", "user_id"),
        CheckConstraint("method IN ('account')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_project.id", ondelete="CASCADE"), index=True)
    #: the revision number the signature is for (the project's revision + 1 while signing)
    revision: Mapped[int] = mapped_column(nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    #: the account's name when signing (kept even if the account is renamed later)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    method: Mapped[str] = mapped_column(String(10), nullable=False, default="account")
    signed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    user = relationship("User")


class SheetPhoto(db.Model):
    """Links an evidence photo (shared photo table) to an item of an assessor's sheet."""

    __tablename__ = "sheet_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = owned_by("assessor_sheet.id")
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photo.id", ondelete="CASCADE"),
                                          unique=True)


#: raised when code changes a signed revision or its scores: a correction is a new revision
SignedRevisionError = FrozenRowError
for _cls in (AssessmentRevision, RevisionScore, AssessmentSignature):
    freeze(_cls, message="a signed assessment revision cannot be changed; sign a new revision")



def _revision_period(session, revision: AssessmentRevision) -> int | None:
    """The period of the project a signed revision belongs to."""
    project = session.get(AssessmentProject, revision.project_id)
    return project.period_id if project is not None else None


# the latest signed revision's scores feed the period's results (RevisionScore rows come
# with their revision and are frozen)
feeds_results(AssessmentRevision, _revision_period)


class SheetOfflineSave(db.Model):
    """The first answer to one idempotency key of an offline sheet save (issue 20)."""

    __tablename__ = "sheet_offline_save"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # keys are client UUIDs: scoped per user so one phone cannot replay another's answer
    user_id: Mapped[int] = owned_by("user.id")
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    sheet_id: Mapped[int] = owned_by("assessor_sheet.id")
    answer: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
