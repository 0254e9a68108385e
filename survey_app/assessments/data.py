"""Source loader: the signed-off third-party scores of a period for the results service."""

from __future__ import annotations

import numpy as np
from sqlalchemy import func, select

from ..extensions import db
from ..stats.inputs import AssessmentData
from .models import AssessmentProject, AssessmentRevision, RevisionScore
from .services import item_dimensions, scored_items


def load_assessment_data(period_id: int) -> AssessmentData | None:
    """Items × assessors points of the latest signed revision of the period's assessment.

    A project being corrected still counts with its last signed revision; an assessment
    never signed off gives None.
    """
    project = db.session.scalar(select(AssessmentProject).filter_by(period_id=period_id))
    if project is None or project.revision == 0:
        return None
    latest = (select(func.max(AssessmentRevision.id))
              .where(AssessmentRevision.project_id == project.id).scalar_subquery())
    rows = db.session.execute(
        select(RevisionScore.assessor_id, RevisionScore.item_id, RevisionScore.points)
        .where(RevisionScore.revision_id == latest)
        .order_by(RevisionScore.assessor_id)).all()
    items = scored_items(project.questionnaire_version)
    dimension_of = item_dimensions(project.questionnaire_version)
    assessors = sorted({r.assessor_id for r in rows})
    row_of = {item.id: n for n, item in enumerate(items)}
    col_of = {a: n for n, a in enumerate(assessors)}
    scores = np.full((len(items), len(assessors)), np.nan)
    for assessor_id, item_id, points in rows:
        if item_id in row_of and points is not None:
            scores[row_of[item_id], col_of[assessor_id]] = points
    return AssessmentData(
        item_ids=tuple(i.id for i in items),
        item_dimensions=tuple(dimension_of[i.id] for i in items),
        max_points=np.array([i.max_points for i in items], dtype=float),
        scores=scores, assessor_ids=tuple(str(a) for a in assessors))
