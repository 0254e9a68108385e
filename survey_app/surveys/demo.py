"""Demo data: an owner survey with printed codes for every demo period, and realistic answers.

About 45 % of households answer. Satisfaction varies by building (the older high-rises with
lift trouble score lower) and by dimension (facilities weakest, cleaning strongest), and
improves from quarter to quarter; some items are 不适用, some owners leave comments.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select

from ..communities.models import Building, Household
from ..extensions import db
from ..questionnaires.models import QuestionnaireVersion
from . import vectors
from .models import AccessCode, Answer, Response, Survey, random_id
from .services import CODE_ALPHABET, CODE_LENGTH, definition_of, household_key, new_token

RESPONSE_RATE = {"published": 0.45, "closed": 0.46, "open": 0.38}
#: building name → offset on the 1–5 scale (6号楼/7号楼: older lifts, more complaints)
BUILDING_EFFECT = {"1号楼": 0.15, "2号楼": 0.1, "3号楼": 0.0, "5号楼": 0.05, "6号楼": -0.35,
                   "7号楼": -0.3, "8号楼": 0.1, "9号楼": -0.05}
DIMENSION_EFFECT = {"cleaning": 0.25, "greening": 0.1, "security": -0.05, "facilities": -0.35,
                    "service": 0.0}
#: items owners often cannot judge: higher share of 不适用
OFTEN_NA = {"gr5": 0.12, "se4": 0.10, "fa5": 0.10, "cs2": 0.15, "cs3": 0.15, "cs4": 0.18}
COMMENTS = {
    "cleaning": ["垃圾桶周边有异味，夏天希望增加清运次数。", "楼道保洁很认真，给保洁阿姨点赞！"],
    "greening": ["小区绿化修剪及时，环境越来越好。", "中心花园有黄土裸露，希望补种。"],
    "security": ["外来车辆乱停，消防通道经常被占用。", "电动车进楼道充电的现象还有，存在安全隐患。"],
    "facilities": ["电梯经常故障，老人上下楼很不方便，希望尽快更换。", "楼道灯坏了好几天才修。"],
    "service": ["报修后维修人员上门及时，态度很好。", "希望公开物业费收支和公共收益情况。"],
}


def seed(context) -> str:
    """Surveys with codes for every demo period and about 45 % responses (bulk inserts)."""
    version = db.session.scalar(select(QuestionnaireVersion).filter_by(kind="owner_survey")
                                .order_by(QuestionnaireVersion.id.desc()))
    if version is None:
        return "no owner questionnaire published; skipped"
    rng = context.rng
    households = list(db.session.execute(
        select(Household.id, Household.building_id, Building.name)
        .join(Building, Building.id == Household.building_id)
        .where(Household.community_id == context.community.id).order_by(Household.id)))
    taken = set(db.session.scalars(select(AccessCode.code)))
    total = 0
    for index, period in enumerate(context.periods):
        survey = Survey(community_id=context.community.id, period_id=period.id,
                        questionnaire_version_id=version.id, token=new_token(),
                        access_mode="codes", status="open" if period.status == "open" else "closed",
                        created_by_id=context.users["staff"].id,
                        created_at=datetime.combine(period.start_date, datetime.min.time()))
        db.session.add(survey)
        db.session.flush()
        total += _seed_period(survey, period, index, households, taken, rng)
    return f"{len(context.periods)} owner surveys with codes, {total} responses"


def _new_code(rng, taken: set) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _seed_period(survey, period, index, households, taken, rng) -> int:
    definition = definition_of(survey)
    rate = RESPONSE_RATE.get(period.status, 0.45)
    answering = {h[0] for h in households if rng.random() < rate}
    span = max(1, (period.end_date - period.start_date).days - 20)
    start = datetime.combine(period.start_date, datetime.min.time()) + timedelta(days=10)
    codes, responses, plans = [], [], []
    for household_id, building_id, building in households:
        used_on = None
        if household_id in answering:
            used_on = (start + timedelta(days=rng.randrange(span))).date()
            channel = "paper" if rng.random() < 0.15 else "web"
            responses.append({"id": random_id(), "survey_id": survey.id,
                              "period_id": period.id,
                              "household_key": household_key(survey.id, household_id),
                              "building_id": building_id, "channel": channel,
                              "status": "submitted", "current_section": 0,
                              "duration_seconds": None if channel == "paper"
                              else rng.randrange(150, 900),
                              "entered_by_id": survey.created_by_id if channel == "paper"
                              else None})
            plans.append(building)
        codes.append({"survey_id": survey.id, "household_id": household_id,
                      "code": _new_code(rng, taken), "used_on": used_on})
    db.session.execute(insert(AccessCode), codes)
    if not responses:
        return 0
    db.session.execute(insert(Response), responses)
    ids = [r["id"] for r in responses]
    rows = []
    for response_id, building in zip(ids, plans, strict=True):
        rows.extend(_answers(definition, response_id, building, index, rng))
    db.session.execute(insert(Answer.__table__), rows)
    vectors.store_for_rows(definition, rows)
    return len(ids)


def _answers(definition, response_id: int, building: str, index: int, rng) -> list[dict]:
    """One respondent's answers: latent mood + building + dimension + trend, then noise."""
    mood = 3.45 + BUILDING_EFFECT.get(building, 0.0) + 0.12 * index + rng.gauss(0, 0.55)
    rows, scores, by_dimension = [], [], {}
    for item in definition.items():
        if item.type != "likert" or item.role == "overall":
            continue
        dimension = definition.dimension_of(item) or ""
        if rng.random() < OFTEN_NA.get(item.id, 0.03):
            rows.append(_row(response_id, item.id, None, None, True))
            continue
        value = _clip(round(mood + DIMENSION_EFFECT.get(dimension, 0) + rng.gauss(0, 0.6)))
        scores.append(value)
        by_dimension.setdefault(dimension, []).append(value)
        rows.append(_row(response_id, item.id, value))
    overall = _clip(round(sum(scores) / max(1, len(scores)) + rng.gauss(0, 0.4)))
    rows.append(_row(response_id, "overall", overall))
    nps = max(0, min(10, round(2.3 * overall - 1.5 + rng.gauss(0, 1.2))))
    rows.append(_row(response_id, "nps", nps))
    worst = sorted(by_dimension, key=lambda d: sum(by_dimension[d]) / len(by_dimension[d]))
    ids = {item.id for item in definition.items()}
    if overall <= 3 and worst and "improve" in ids:
        areas = worst[: rng.choice((1, 1, 2))] + (["fees"] if rng.random() < 0.2 else [])
        order = [o.value for o in definition.item("improve").options or []]
        rows.append(_row(response_id, "improve", None,
                         ",".join(str(v) for v in order if v in areas)))
    if rng.random() < 0.16 and worst and "comment" in ids:
        topic = worst[0] if rng.random() < 0.7 else rng.choice(list(COMMENTS))
        rows.append(_row(response_id, "comment", None, rng.choice(COMMENTS[topic])))
    return rows


def _row(response_id, item_id, value, text=None, is_na=False) -> dict:
    return {"id": random_id(), "response_id": response_id, "item_id": item_id,
            "value": None if value is None else float(value), "text": text, "is_na": is_na}


def _clip(value: int) -> int:
    return max(1, min(5, int(value)))
