"""Source loader for results: the period's signed joint-inspection scores as InspectionData.

Only signed (locked) revisions count: a draft being scored, or a correction not yet signed,
is work in progress and never changes a published number. For an inspection under correction
the last signed revision keeps counting until the correction is signed.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import func, select

from ..extensions import db
from ..stats.inputs import InspectionData
from .models import INTERNAL_KINDS, Inspection, ItemScore, Rectification
from .models import rect_overdue as is_overdue  # noqa: F401  (the one overdue rule)


def counted_rectifications(period_id: int, internal: bool = False):
    """The one rule of which rectifications a period counts: those opened from its signed
    inspections (an unsigned walk-round is a draft; its tasks are not yet on record).

    A select of (Rectification, questionnaire version id) rows; the header card's closure
    rate, the dashboard's table, the notice board and the PDF all read it. Only joint
    inspections' tasks: the company's internal ones are its own work list (``internal``).
    """
    return (select(Rectification, Inspection.questionnaire_version_id)
            .join(Inspection, Inspection.id == Rectification.inspection_id)
            .where(Inspection.period_id == period_id, Inspection.signed_revision.is_not(None),
                   _kind_test(internal)))


def _kind_test(internal: bool):
    """Joint inspections only, or internal ones only: the two never share a source."""
    return Inspection.kind.in_(INTERNAL_KINDS) if internal \
        else Inspection.kind.not_in(INTERNAL_KINDS)


def load_inspection_data(period_id: int, internal: bool = False) -> InspectionData | None:
    """Long format of item scores (NaN = not applicable) plus rectification counts, or None;
    joint inspections only unless ``internal`` (the fourth source, internal inspections)."""
    rows = db.session.execute(
        select(ItemScore.inspection_id, ItemScore.dimension, ItemScore.max_points,
               ItemScore.awarded, ItemScore.pass_line, ItemScore.item_id)
        .join(Inspection, Inspection.id == ItemScore.inspection_id)
        .where(Inspection.period_id == period_id, Inspection.signed_revision.is_not(None),
               ItemScore.revision == Inspection.signed_revision, _kind_test(internal))
        .order_by(ItemScore.inspection_id, ItemScore.id)
    ).all()
    if not rows:
        return None
    counted = counted_rectifications(period_id, internal).subquery()
    opened, verified = db.session.execute(
        select(func.count(counted.c.id),
               func.count(counted.c.id).filter(counted.c.status == "verified"))).one()
    columns = list(zip(*rows, strict=True))
    return InspectionData(
        inspection=np.array(columns[0], dtype=np.int64),
        dimension=list(columns[1]),
        max_points=np.array(columns[2], dtype=float),
        awarded=np.array([np.nan if a is None else a for a in columns[3]], dtype=float),
        pass_line=np.array(columns[4], dtype=float),
        item_ids=list(columns[5]),
        rectifications_opened=int(opened or 0),
        rectifications_verified=int(verified or 0),
    )


def load_internal_data(period_id: int) -> InspectionData | None:
    """The internal-inspection source (品质部): same shape as the joint one, its own rows."""
    return load_inspection_data(period_id, internal=True)
