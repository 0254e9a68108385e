"""The overview's narrow table: one row per closed or published period, from its record.

``refresh_overview_row(period)`` is the one writer: results/records.py calls it whenever a
record is stored or superseded and the acts call it after a publish or withdrawal; a
background job may call it later instead. ``backfill()`` writes every row afresh.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select

from ..communities.models import Household, Period
from ..extensions import db
from ..models_base import utcnow
from ..publishing.models import Publication
from ..results.records import RECORDED_STATUSES, current_record
from .models import OverviewRow
from .services import serving_row


def refresh_overview_row(period: Period) -> OverviewRow | None:
    """Write (or remove) the period's overview row from its current result of record."""
    record = current_record(period) if period.status in RECORDED_STATUSES else None
    row = db.session.get(OverviewRow, period.id)
    if record is None:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    row = row or OverviewRow(period_id=period.id)
    _fill(row, period, record)
    db.session.add(row)
    db.session.flush()
    return row


def _fill(row: OverviewRow, period: Period, record) -> None:
    """Copy the record's headline numbers into the row."""
    result = record.result
    composite = result.get("composite") or {}
    sample = result.get("sample") or {}
    serving = serving_row(period.community_id, period.start_date)
    row.community_id, row.start_date, row.label = period.community_id, period.start_date, \
        period.label
    row.company_id = serving.company_id if serving else None
    row.status, row.revision = period.status, record.revision
    row.composite = composite.get("score")
    row.grade = composite.get("grade") or ""
    row.grade_label = composite.get("grade_label") or {}
    row.dimensions = {key: d.get("combined")
                      for key, d in (result.get("dimensions") or {}).items()}
    row.responses = int(sample.get("responses") or 0)
    row.households = int(sample.get("households") or _households(period.community_id))
    row.response_rate = sample.get("response_rate")
    row.closed_at = record.confirmed_at
    row.published_at = _published_at(period.id) if period.status == "published" else None
    row.refreshed_at = utcnow()


def _households(community_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Household)
                             .where(Household.community_id == community_id)) or 0


def _published_at(period_id: int):
    return db.session.scalar(select(Publication.published_at).where(
        Publication.period_id == period_id, Publication.withdrawn_at.is_(None)))


def backfill() -> int:
    """Rewrite every overview row from the records; returns how many rows exist now."""
    db.session.execute(delete(OverviewRow))
    periods = db.session.scalars(select(Period).where(Period.status.in_(RECORDED_STATUSES)))
    return sum(1 for period in periods if refresh_overview_row(period) is not None)
