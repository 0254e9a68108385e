"""The owner-survey source loader: submitted answers of a period as NumPy arrays (OwnerData)."""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter

import numpy as np
from sqlalchemy import func, select

from ..communities.models import Building, Household
from ..extensions import db
from ..questionnaires.models import QuestionnaireVersion
from ..stats.inputs import OwnerData
from . import vectors
from .models import Survey
from .services import definition_of

#: answer rows turned into arrays at a time: bounds the Python objects alive at once
FETCH_ROWS = 100_000

# by period first: the period index lists a period's responses in id order, so SQLite needs
# no sort (the unique survey index is ordered by household key: a 50,000-row sort, 0.2 s).
# Ids are random (models.random_id), so this order says nothing about submissions.
# Responses the committee excluded (integrity.py) do not count.
_RESPONDENTS = (
    "SELECT r.id, r.building_id, r.answer_vector FROM survey_response r "
    "WHERE r.period_id = {mark} AND r.survey_id = {mark} AND r.status = 'submitted' "
    "AND r.excluded_reason IS NULL ORDER BY r.id")
# blanks and 不适用 stay NaN, so only answered numbers are fetched
_ANSWERS = (
    "SELECT a.response_id, a.item_id, a.value FROM survey_answer a "
    "JOIN survey_response r ON r.id = a.response_id "
    "WHERE r.period_id = {mark} AND r.survey_id = {mark} AND r.status = 'submitted' "
    "AND r.excluded_reason IS NULL AND NOT a.is_na AND a.value IS NOT NULL")


def load_owner_data(period_id: int) -> OwnerData | None:
    """OwnerData of a period's submitted responses (None without a survey or responses).

    One query reads the respondents with their answer vectors (vectors.py) into a
    respondents × items matrix; blanks and 不适用 are NaN. Responses without a vector are
    filled from their answer rows by a second, bulk query.
    """
    found = db.session.execute(
        select(Survey, QuestionnaireVersion.sha256)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Survey.questionnaire_version_id)
        .where(Survey.period_id == period_id)).first()
    if found is None:
        return None
    survey, sha256 = found
    definition = definition_of(survey, sha256)  # cached by hash: no version query
    scored = vectors.scored_items(definition)
    likert = [i for i in scored if i.type == "likert" and i.role != "overall"]
    overall = next((i for i in scored if i.role == "overall"), None)
    nps = next((i for i in scored if i.type == "nps"), None)
    buildings = _buildings(survey.community_id)
    matrix, groups = _matrix(survey, [i.id for i in scored],
                             {bid: name for bid, name, _count in buildings})
    if matrix is None:
        return None
    column = {item.id: j for j, item in enumerate(scored)}
    return OwnerData(
        item_ids=tuple(i.id for i in likert),
        item_dimensions=tuple(definition.dimension_of(i) or "" for i in likert),
        values=matrix[:, :len(likert)],
        item_weights=np.array([i.weight for i in likert], dtype=float),
        item_points=np.array([definition.points_of(i) for i in likert], dtype=int),
        overall=matrix[:, column[overall.id]] if overall else None,
        overall_points=definition.points_of(overall) if overall else definition.likert_points,
        nps=matrix[:, column[nps.id]] if nps else None, groups=groups,
        households=_households(survey.community_id),
        group_households=_group_households(buildings))


def _mark() -> str:
    """The driver's placeholder ('?' for sqlite3, '%s' for psycopg)."""
    return "?" if db.engine.dialect.paramstyle == "qmark" else "%s"


def _matrix(survey: Survey, items: list[str],
            names: dict[int, str]) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(respondents × items values, building names) of the submitted responses, by id.

    (None, None) without responses. NaN where there is no number (blank or 不适用).
    """
    result = db.session.connection().exec_driver_sql(_RESPONDENTS.format(mark=_mark()),
                                                     (survey.period_id, survey.id))
    try:  # from the DB-API cursor: a SQLAlchemy Row per respondent cost a fifth of the load
        rows = result.cursor.fetchall()
    finally:
        result.close()
    if not rows:
        return None, None
    ids = np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=len(rows))
    groups = np.empty(len(rows), dtype=object)
    groups[:] = list(map(names.get, map(itemgetter(1), rows)))
    matrix, packed = vectors.unpack_all(list(map(itemgetter(2), rows)), len(items))
    matrix[matrix == vectors.NOT_APPLICABLE] = np.nan
    if not packed.all():
        _fill_from_answers(survey, ids, ids[~packed], items, matrix)
    return matrix, groups


def _fill_from_answers(survey: Survey, respondent_ids: np.ndarray, wanted: np.ndarray,
                       items: list[str], matrix: np.ndarray) -> None:
    """Fill the rows of the `wanted` responses (sorted ids) from their answer rows.

    The answer rows are read from the DB-API cursor in chunks and scattered into the matrix
    with NumPy: no ORM objects, no SQLAlchemy Row per answer, at most FETCH_ROWS tuples
    alive at once.
    """
    column = {item: j for j, item in enumerate(items)}
    result = db.session.connection().exec_driver_sql(_ANSWERS.format(mark=_mark()),
                                                     (survey.period_id, survey.id))
    try:
        while rows := result.cursor.fetchmany(FETCH_ROWS):
            n = len(rows)  # map/itemgetter iterate in C: a fifth faster than generators
            cols = np.fromiter(map(column.get, map(itemgetter(1), rows), repeat(-1)),
                               dtype=np.intp, count=n)
            ids = np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=n)
            values = np.fromiter(map(itemgetter(2), rows), dtype=float, count=n)
            # other items (text, choices) of the questionnaire; responses with a vector
            keep = (cols >= 0) & np.isin(ids, wanted)
            matrix[np.searchsorted(respondent_ids, ids[keep]), cols[keep]] = values[keep]
    finally:
        result.close()


def _households(community_id: int) -> int:
    return int(db.session.scalar(select(func.count(Household.id))
                                 .filter_by(community_id=community_id)) or 0)


def _buildings(community_id: int) -> list[tuple[int, str, int]]:
    """(id, name, households) of the community's buildings."""
    return [(bid, name, int(count)) for bid, name, count in db.session.execute(
        select(Building.id, Building.name, func.count(Household.id))
        .join(Household, Household.building_id == Building.id, isouter=True)
        .where(Building.community_id == community_id).group_by(Building.id, Building.name))]


def _group_households(buildings: list[tuple[int, str, int]]) -> dict[str, int]:
    """Building name → households (buildings with households only)."""
    out: dict[str, int] = {}
    for _id, name, count in buildings:
        if count:
            out[name] = out.get(name, 0) + count
    return out
