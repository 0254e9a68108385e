"""Scheme versions, the scheme each community uses, and cached period results."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import FrozenRowError, freeze, utcnow

#: columns of a stored scheme version that never change (results and reports point at them)
FROZEN_COLUMNS = ("key", "revision", "version", "definition", "sha256", "weight_method",
                  "method_details")


class SchemeVersion(db.Model):
    """A scoring scheme as published: Scheme.to_dict() JSON plus how its weights were set."""

    __tablename__ = "scheme_version"
    __table_args__ = (UniqueConstraint("key", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    #: 1, 2, 3 … per key: every publication or weight change adds one
    revision: Mapped[int] = mapped_column(nullable=False)
    version: Mapped[str] = mapped_column(String(40), nullable=False)
    label: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    definition: Mapped[dict] = mapped_column(JSON, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: how the latest weights were set: file | direct | ahp | entropy
    weight_method: Mapped[str] = mapped_column(String(20), nullable=False, default="file")
    #: per sibling group ('_root' or a parent key): method, inputs (AHP matrix, entropy units)
    method_details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    note: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    @property
    def title(self) -> str:
        return f"{self.label or self.key} · r{self.revision}"


class CommunityScheme(db.Model):
    """The scheme version a community's results are computed with (staff choose)."""

    __tablename__ = "community_scheme"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), primary_key=True)
    scheme_version_id: Mapped[int] = mapped_column(
        ForeignKey("scheme_version.id", ondelete="RESTRICT"), index=True)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)

    scheme_version: Mapped[SchemeVersion] = relationship()


class ResultCache(db.Model):
    """A computed PeriodResult (JSON) per period, scheme sha256 and period data version.

    `intervals` False marks a result computed without the bootstrap (point scores, tests of
    change): what a trend needs of earlier periods. A full result serves either request.
    """

    __tablename__ = "result_cache"
    __table_args__ = (UniqueConstraint("period_id", "scheme_sha256", "data_version",
                                       "intervals"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    scheme_version_id: Mapped[int] = mapped_column(
        ForeignKey("scheme_version.id", ondelete="RESTRICT"), index=True)
    scheme_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data_version: Mapped[int] = mapped_column(nullable=False)
    intervals: Mapped[bool] = mapped_column(nullable=False, default=True,
                                            server_default=sa_true())
    result: Mapped[dict] = mapped_column(JSON, nullable=False)
    seconds: Mapped[float] = mapped_column(nullable=False, default=0.0)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


#: raised when code changes a stored scheme version: results and reports record it
FrozenSchemeError = FrozenRowError
freeze(SchemeVersion, FROZEN_COLUMNS,
       "scheme {obj.key} r{obj.revision} is frozen; save a new version instead")
