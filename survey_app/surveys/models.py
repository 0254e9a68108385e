"""Owner surveys 业主满意度调查: a survey per period, access codes, responses and answers.

Anonymity: a response carries only a keyed hash of (survey, household), never the household id,
so one response per household is enforced by a unique constraint while staff cannot see who
answered what. The building is kept for per-building response counts. Nothing links a code
to a response by time or order: a code keeps only the day it was used, a response keeps no
time at all (only how many seconds answering took), and response and answer keys are random
(``random_id``), not numbers that grow with each submission.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import feeds_results, utcnow

ACCESS_MODES = ("codes", "open")
ACCESS_MODE_LABELS = {"codes": _l("per-household access codes"),
                      "open": _l("open community link")}
SURVEY_STATUSES = ("open", "closed")
SURVEY_STATUS_LABELS = {"open": _l("open"), "closed": _l("closed")}
CHANNELS = ("web", "paper")
CHANNEL_LABELS = {"web": _l("web"), "paper": _l("paper")}
RESPONSE_STATUSES = ("in_progress", "submitted")
#: a 64-bit key; on SQLite an INTEGER PRIMARY KEY (the rowid itself, so no hidden row order)
RANDOM_KEY = BigInteger().with_variant(Integer(), "sqlite")


def random_id() -> int:
    """A random positive 63-bit key: keys must not follow the order of submissions."""
    return secrets.randbelow(2 ** 63 - 1) + 1


class Survey(db.Model):
    """The owner survey of one period: its questionnaire version, link token and access mode."""

    __tablename__ = "survey"
    __table_args__ = (
        CheckConstraint("access_mode IN ('codes', 'open')", name="access_mode_known"),
        CheckConstraint("status IN ('open', 'closed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), index=True)
    #: one survey per period: a period's owner score comes from one questionnaire
    period_id: Mapped[int] = mapped_column(
        ForeignKey("period.id", ondelete="CASCADE"), unique=True)
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_version.id", ondelete="RESTRICT"), index=True)
    token: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    access_mode: Mapped[str] = mapped_column(String(10), nullable=False, default="codes")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    period = relationship("Period")
    community = relationship("Community")
    questionnaire = relationship("QuestionnaireVersion")

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class AccessCode(db.Model):
    """A per-household access code printed on a slip; used once."""

    __tablename__ = "survey_access_code"
    __table_args__ = (UniqueConstraint("survey_id", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    #: the day only: a time here could be matched with the responses' order or times
    used_on: Mapped[date | None] = mapped_column(Date)

    household = relationship("Household")


class Response(db.Model):
    """One household's response (web or paper), identified only by a keyed hash."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("survey_id", "household_key"),
        CheckConstraint("channel IN ('web', 'paper')", name="channel_known"),
        CheckConstraint("status IN ('in_progress', 'submitted')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(RANDOM_KEY, primary_key=True, autoincrement=False,
                                    default=random_id)
    # no index of its own: the unique (survey_id, household_key) index serves survey lookups
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"), index=True)
    household_key: Mapped[str] = mapped_column(String(64), nullable=False)
    building_id: Mapped[int | None] = mapped_column(
        ForeignKey("building.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False, default="web")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="in_progress")
    current_section: Mapped[int] = mapped_column(default=0, nullable=False)
    #: the scored answers packed at submission, read by the statistics loader (vectors.py)
    answer_vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: SHA-256 of the draft secret in the answering browser's session (drafts.py): another
    #: browser with the same code neither sees nor continues this draft
    draft_key: Mapped[str | None] = mapped_column(String(64))
    #: seconds from opening the questionnaire to submitting it (integrity signal); no times
    duration_seconds: Mapped[int | None]
    #: salted hash of device and ten-minute window (integrity.py); the salt is deleted daily
    device_group: Mapped[str | None] = mapped_column(String(16))
    #: the staff account (user id) that typed a paper questionnaire in. No foreign key: on
    #: SQLite one could only be added by copying the table, whose DROP would cascade to the
    #: answers; accounts are deactivated, not deleted, and a dangling id shows as "—".
    entered_by_id: Mapped[int | None]
    #: set by the committee (integrity.py): the response no longer counts in the results
    excluded_reason: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True)


class Answer(db.Model):
    """One answer: a number (Likert 1…k, NPS 0–10, choice index) and/or text; or 不适用."""

    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    id: Mapped[int] = mapped_column(RANDOM_KEY, primary_key=True, autoincrement=False,
                                    default=random_id)
    # no index of its own: the unique (response_id, item_id) index serves it
    response_id: Mapped[int] = mapped_column(
        RANDOM_KEY, ForeignKey("survey_response.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(40), nullable=False)
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    is_na: Mapped[bool] = mapped_column(default=False, nullable=False)

    response: Mapped[Response] = relationship(back_populates="answers")


class VerifyFailure(db.Model):
    """A failed phone-tail check on the open link, to throttle guessing per household."""

    __tablename__ = "survey_verify_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    __table_args__ = (
        db.Index("ix_survey_verify_failure_lookup", "survey_id", "household_id", "at"),
    )


class DeviceSalt(db.Model):
    """The salt of one day's device hashes; deleted after that day, so hashes expire."""

    __tablename__ = "survey_device_salt"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64), nullable=False)


# a submitted response feeds its period's results (in-progress answers do not)
feeds_results(Response, lambda _session, r: r.period_id if r.status == "submitted" else None)
