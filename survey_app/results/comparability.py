"""Trend comparability: which questionnaire versions each period of a trend used, and the
breaks where their items or dimensions changed (the comparison is the pure
questionnaires.diffing.trend_breaks; this module only loads what it compares)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..questionnaires.diffing import TrendBreak, trend_breaks
from ..questionnaires.models import QuestionnaireVersion


def _version_rows(period_ids: list[int]) -> list[tuple[int, int]]:
    """(period id, questionnaire version id) of every input that feeds a result: the owner
    survey, signed inspections (joint and internal) and third-party assessments."""
    # imported here: results.services loads this module while those packages are importing
    from ..assessments.models import AssessmentProject
    from ..inspections.models import Inspection
    from ..surveys.models import Survey

    queries = [
        select(Survey.period_id, Survey.questionnaire_version_id)
        .where(Survey.period_id.in_(period_ids)),
        # an unsigned walk-round feeds no result (inspections/data.py), so it breaks nothing
        select(Inspection.period_id, Inspection.questionnaire_version_id)
        .where(Inspection.period_id.in_(period_ids), Inspection.signed_revision.is_not(None))
        .distinct(),
        select(AssessmentProject.period_id, AssessmentProject.questionnaire_version_id)
        .where(AssessmentProject.period_id.in_(period_ids)),
    ]
    return [tuple(row) for query in queries for row in db.session.execute(query)]


def definitions_by_period(period_ids: list[int]) -> dict[int, dict[str, list[dict]]]:
    """period id → questionnaire kind → the definitions its inputs used (one query each)."""
    rows = _version_rows(period_ids)
    versions = {v.id: v for v in db.session.scalars(select(QuestionnaireVersion).where(
        QuestionnaireVersion.id.in_({version_id for _p, version_id in rows})))} if rows else {}
    out: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for period_id, version_id in sorted(set(rows)):
        version = versions[version_id]
        out[period_id][version.kind].append(version.definition)
    return out


#: the result source each questionnaire kind feeds
KIND_SOURCES = {"owner_survey": "owner", "joint_inspection": "inspection",
                "third_party": "third_party", "internal_inspection": "internal"}


def _scored(point, used: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The kinds whose source the point's result loaded: internal inspections feed only a
    scheme that names them, and a change to a checklist no result reads breaks nothing."""
    loaded = (point.result.meta.get("sources_loaded") if point.result else None)
    if loaded is None:
        return used
    return {kind: defs for kind, defs in used.items() if KIND_SOURCES.get(kind) in loaded}


def breaks_of(trend) -> list[TrendBreak]:
    """The trend's breaks (TrendPoints oldest first): where the questionnaires changed."""
    if len(trend) < 2:
        return []
    used = definitions_by_period([point.period.id for point in trend])
    return trend_breaks([_scored(point, used.get(point.period.id, {})) for point in trend])
