"""Stored PDF reports, notice-board publications (公示) and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..communities.models import Period
from ..extensions import db
from ..models_base import utcnow

REPORT_LANGUAGES = ("zh_CN", "en")


class Report(db.Model):
    """A generated PDF assessment report with everything needed to reproduce it."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"),
                                           index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              index=True)
    language: Mapped[str] = mapped_column(String(10), nullable=False, default="zh_CN")
    #: Scheme.to_dict() the numbers were computed with
    scheme: Mapped[dict] = mapped_column(JSON, nullable=False)
    scheme_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    #: [{"key", "version", "sha256"}] of the questionnaires whose answers were scored
    questionnaire_versions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: sha256 over the source data arrays and the scheme
    inputs_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: sha256 over the result's numbers (to show that regeneration reproduced them)
    numbers_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    composite: Mapped[float | None]
    grade: Mapped[str | None] = mapped_column(String(40))
    #: open comments staff chose to quote
    quotes: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: path of the PDF relative to REPORTS_DIR
    pdf_path: Mapped[str] = mapped_column(String(255), nullable=False)
    pdf_bytes: Mapped[int] = mapped_column(nullable=False, default=0)
    pages: Mapped[int] = mapped_column(nullable=False, default=0)
    seconds: Mapped[float] = mapped_column(nullable=False, default=0.0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    period: Mapped[Period] = relationship()


class Publication(db.Model):
    """A period published on the public notice board; withdrawn_at set when taken down."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"),
                                           index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              index=True)
    #: the public summary exactly as published (numbers frozen at publication time)
    summary: Mapped[dict] = mapped_column(JSON, nullable=False)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
    withdraw_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    period: Mapped[Period] = relationship()

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ApiToken(db.Model):
    """A bearer token for the read-only API; only its sha256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    #: first characters of the token, shown so that owners of tokens can tell them apart
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    last_used_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(default=False, nullable=False)
    revoked_at: Mapped[datetime | None]
