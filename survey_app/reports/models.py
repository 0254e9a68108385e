"""Stored PDF reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..communities.models import Period
from ..extensions import db
from ..models_base import by_user, owned_by, utcnow

REPORT_LANGUAGES = ("zh_CN", "en")


class Report(db.Model):
    """A generated PDF assessment report with everything needed to reproduce it."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = owned_by("period.id")
    community_id: Mapped[int] = owned_by("community.id")
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
    created_by_id: Mapped[int | None] = by_user()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    period: Mapped[Period] = relationship()
