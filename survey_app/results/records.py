"""Results of record: a closed period's result frozen with everything that produced it.

Closing a period (a two-party act, survey_app/acts) stores its result once, with the scheme
and weights, the data version, the input hash and the engine version. From then on every
surface reads the record for that period instead of computing: new weights, a new scheme or
late data change nothing. A two-party reopen marks the record superseded; the next close
stores revision 2 with the reopen's reason, and revision 1 stays readable.
"""

from __future__ import annotations

import dataclasses
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from sqlalchemy import func, select

from ..communities.models import Period
from ..extensions import db
from ..models_base import utcnow
from ..stats import PeriodResult
from ..stats.items import InspectionItem, ItemTables, OwnerItem, ThirdPartyItem
from ..stats.result import METHOD_VERSION
from .models import PeriodRecord, SchemeVersion

#: statuses whose numbers come from the record
RECORDED_STATUSES = ("closed", "published")


def engine_version() -> str:
    """The package version and the scoring contract the numbers were computed with."""
    try:
        installed = package_version("survey_app")
    except PackageNotFoundError:  # running from a checkout without installing
        installed = "dev"
    return f"survey_app {installed}; {METHOD_VERSION}"


def current_record(period: Period) -> PeriodRecord | None:
    """The record that serves a closed or published period (None while open or legacy)."""
    if period.status not in RECORDED_STATUSES:
        return None
    return db.session.scalar(select(PeriodRecord).where(
        PeriodRecord.period_id == period.id, PeriodRecord.superseded_at.is_(None))
        .order_by(PeriodRecord.revision.desc()).limit(1))


def records_of(period_id: int) -> list[PeriodRecord]:
    """Every revision of a period's record, newest first."""
    return list(db.session.scalars(select(PeriodRecord).where(
        PeriodRecord.period_id == period_id).order_by(PeriodRecord.revision.desc())))


def record_revision(period_id: int, revision: int) -> PeriodRecord | None:
    """One revision of a period's record."""
    return db.session.scalar(select(PeriodRecord).filter_by(period_id=period_id,
                                                            revision=revision))


def next_revision(period_id: int) -> int:
    """The revision number the next close of the period will store."""
    top = db.session.scalar(select(func.max(PeriodRecord.revision))
                            .where(PeriodRecord.period_id == period_id))
    return (top or 0) + 1


def store(period: Period, version: SchemeVersion, data: dict, *, inputs_hash: str,
          numbers_hash: str, items: ItemTables, reason: str, proposed_by_id, proposed_at,
          confirmed_by_id) -> PeriodRecord:
    """Store the next revision of a period's record (flushes; the unique key refuses a twin)."""
    record = PeriodRecord(
        period_id=period.id, community_id=period.community_id,
        revision=next_revision(period.id), reason=reason or "",
        scheme_version_id=version.id, scheme_sha256=version.sha256,
        scheme=data["scheme"], data_version=int(data["meta"].get("data_version", 0)),
        inputs_hash=inputs_hash, numbers_hash=numbers_hash, engine_version=engine_version(),
        result=data, items=items_to_dict(items), proposed_by_id=proposed_by_id,
        proposed_at=proposed_at, confirmed_by_id=confirmed_by_id, confirmed_at=utcnow())
    record.result = _with_record_meta(data, record)
    db.session.add(record)
    db.session.flush()
    changed(period)
    return record


def _with_record_meta(data: dict, record: PeriodRecord) -> dict:
    """The result JSON with the facts of its record in meta (shown by pages and the API)."""
    meta = dict(data["meta"], record={
        "revision": record.revision, "reason": record.reason,
        "inputs_hash": record.inputs_hash, "engine_version": record.engine_version,
        "data_version": record.data_version, "scheme_sha256": record.scheme_sha256})
    return dict(data, meta=meta)


def supersede(period_id: int) -> PeriodRecord | None:
    """Mark the period's current record replaced (a reopen); it stays readable."""
    record = db.session.scalar(select(PeriodRecord).where(
        PeriodRecord.period_id == period_id, PeriodRecord.superseded_at.is_(None)))
    if record is not None:
        record.superseded_at = utcnow()
        db.session.flush()
        changed(db.session.get(Period, period_id))
    return record


def changed(period: Period) -> None:
    """The period's record or status moved: rewrite its row of the cross-community overview
    (here, in the same transaction, until a background job does it)."""
    from ..oversight.rows import refresh_overview_row  # the overview builds on results

    refresh_overview_row(period)


def result_of(record: PeriodRecord) -> PeriodResult:
    """The stored result as a PeriodResult."""
    return PeriodResult.from_dict(record.result)


def items_to_dict(items: ItemTables) -> dict:
    """Item tables as JSON."""
    return {name: [dataclasses.asdict(row) for row in getattr(items, name)]
            for name in ("owner", "inspection", "third_party")}


def items_from_dict(data: dict) -> ItemTables:
    """Item tables back from JSON."""
    return ItemTables(tuple(OwnerItem(**r) for r in data.get("owner", ())),
                      tuple(InspectionItem(**r) for r in data.get("inspection", ())),
                      tuple(ThirdPartyItem(**r) for r in data.get("third_party", ())))
