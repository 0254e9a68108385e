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


class PeriodRecord(db.Model):
    """A closed period's result of record: what every page, PDF, API and notice shows.

    Written once when both parties confirm the close (revision 1, 2, … after each reopen);
    never updated except for ``superseded_at`` when a reopen replaces it.
    """

    __tablename__ = "period_record"
    __table_args__ = (UniqueConstraint("period_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"),
                                           index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              index=True)
    revision: Mapped[int] = mapped_column(nullable=False)
    #: why this revision exists (the reopen's written reason); empty for revision 1
    reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    scheme_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("scheme_version.id", ondelete="RESTRICT"))
    scheme_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    #: Scheme.to_dict() with the weights used (a later weight change makes a new version)
    scheme: Mapped[dict] = mapped_column(JSON, nullable=False)
    data_version: Mapped[int] = mapped_column(nullable=False)
    inputs_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    numbers_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    engine_version: Mapped[str] = mapped_column(String(80), nullable=False)
    #: PeriodResult.to_dict() as computed at close
    result: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: the item tables of the PDF report (ItemTables as lists of dicts)
    items: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    #: set when a two-party reopen replaced this revision (it stays readable)
    superseded_at: Mapped[datetime | None]


#: every column but superseded_at: a record of a result never changes
RECORD_COLUMNS = ("period_id", "community_id", "revision", "reason", "scheme_version_id",
                  "scheme_sha256", "scheme", "data_version", "inputs_hash", "numbers_hash",
                  "engine_version", "result", "items", "proposed_by_id", "proposed_at",
                  "confirmed_by_id", "confirmed_at", "created_at")
freeze(PeriodRecord, RECORD_COLUMNS,
       "the result of record r{obj.revision} of period {obj.period_id} is frozen; "
       "reopen the period (two parties) to make a new revision")
