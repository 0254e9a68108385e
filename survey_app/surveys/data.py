"""The owner-survey source loader: submitted answers of a period as NumPy arrays (OwnerData)."""

from __future__ import annotations

import numpy as np
from sqlalchemy import func, select

from ..communities.models import Building, Household
from ..extensions import db
from ..stats.inputs import OwnerData
from .models import Answer, Response, Survey
from .services import definition_of


def load_owner_data(period_id: int) -> OwnerData | None:
    """OwnerData of a period's submitted responses (None without a survey or responses).

    One bulk query over (response, building, item, value, 不适用) rows, placed into a
    respondents × Likert-items matrix; blanks and 不适用 are NaN.
    """
    survey = db.session.scalar(select(Survey).filter_by(period_id=period_id))
    if survey is None:
        return None
    definition = definition_of(survey)
    likert = [i for i in definition.items() if i.type == "likert" and i.role != "overall"]
    overall = next((i for i in definition.items() if i.role == "overall"), None)
    nps = next((i for i in definition.items() if i.type == "nps"), None)
    columns = {item.id: index for index, item in enumerate(likert)}
    extra = {overall.id: "overall"} if overall else {}
    if nps is not None:
        extra[nps.id] = "nps"
    rows = db.session.execute(
        select(Response.id, Building.name, Answer.item_id, Answer.value, Answer.is_na)
        .join(Answer, Answer.response_id == Response.id, isouter=True)
        .join(Building, Building.id == Response.building_id, isouter=True)
        .where(Response.survey_id == survey.id, Response.status == "submitted")
        .order_by(Response.id)).all()
    if not rows:
        return None
    respondent_ids = sorted({r[0] for r in rows})
    index = {rid: n for n, rid in enumerate(respondent_ids)}
    n = len(respondent_ids)
    values = np.full((n, len(likert)), np.nan)
    side = {"overall": np.full(n, np.nan), "nps": np.full(n, np.nan)}
    groups = np.empty(n, dtype=object)
    for rid, building, item_id, value, is_na in rows:
        row = index[rid]
        groups[row] = building
        number = np.nan if is_na or value is None else float(value)
        if item_id in columns:
            values[row, columns[item_id]] = number
        elif item_id in extra:
            side[extra[item_id]][row] = number
    return OwnerData(
        item_ids=tuple(columns), item_dimensions=tuple(definition.dimension_of(i) or ""
                                                       for i in likert),
        values=values, item_weights=np.array([i.weight for i in likert], dtype=float),
        item_points=np.array([definition.points_of(i) for i in likert], dtype=int),
        overall=side["overall"] if overall else None,
        overall_points=definition.points_of(overall) if overall else definition.likert_points,
        nps=side["nps"] if nps else None, groups=groups,
        households=_households(survey.community_id),
        group_households=_group_households(survey.community_id))


def _households(community_id: int) -> int:
    return int(db.session.scalar(select(func.count(Household.id))
                                 .filter_by(community_id=community_id)) or 0)


def _group_households(community_id: int) -> dict[str, int]:
    rows = db.session.execute(select(Building.name, func.count(Household.id))
                              .join(Household, Household.building_id == Building.id)
                              .where(Building.community_id == community_id)
                              .group_by(Building.name))
    return {name: int(count) for name, count in rows}
