"""Fixtures for the results tests: owner responses stored through the surveys models."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from survey_app.communities.models import Building
from survey_app.communities.services import touch_period
from survey_app.extensions import db

ROOT = Path(__file__).resolve().parents[3]
OWNER_FILE = ROOT / "questionnaires" / "owner_survey.yaml"
DIMENSION_ITEMS = {
    "cleaning": ("cl1", "cl2", "cl3", "cl4", "cl5"),
    "greening": ("gr1", "gr2", "gr3", "gr4", "gr5"),
    "security": ("se1", "se2", "se3", "se4", "se5"),
    "facilities": ("fa1", "fa2", "fa3", "fa4", "fa5"),
    "service": ("cs1", "cs2", "cs3", "cs4", "cs5"),
}
_keys = itertools.count(1)


def owner_version():
    """The owner questionnaire, published once per test."""
    from survey_app.questionnaires.loader import load_definition
    from survey_app.questionnaires.services import publish

    return publish(load_definition(OWNER_FILE))[0]


def survey_for(period):
    """The period's survey (created on first use)."""
    from survey_app.surveys.models import Survey

    survey = db.session.scalar(select(Survey).filter_by(period_id=period.id))
    if survey is None:
        survey = Survey(community_id=period.community_id, period_id=period.id,
                        questionnaire_version_id=owner_version().id,
                        token=f"t{next(_keys)}", access_mode="open", status="open")
        db.session.add(survey)
        db.session.flush()
    return survey


def respondent(level: dict[str, float | str | None], building: str = "1号楼",
               overall: float | None = None) -> dict:
    """One owner's answers: dimension → the value given to each of its five items.

    A value may be 'na' (不适用) or None (left blank); a dict maps item ids to values.
    """
    return {"level": level, "building": building, "overall": overall}


def add_responses(period, people: list[dict]) -> None:
    """Store submitted responses with bulk inserts and bump the period's data version."""
    from survey_app.surveys.models import Answer, Response

    survey = survey_for(period)
    buildings = {b.name: b.id for b in db.session.scalars(
        select(Building).filter_by(community_id=period.community_id))}
    for person in people:
        response = Response(survey_id=survey.id, period_id=period.id,
                            household_key=f"hh{next(_keys)}",
                            building_id=buildings.get(person["building"]), channel="web",
                            status="submitted")
        db.session.add(response)
        db.session.flush()
        rows = []
        for dim, value in person["level"].items():
            values = value if isinstance(value, dict) else dict.fromkeys(DIMENSION_ITEMS[dim], value)
            for item_id, v in values.items():
                if v is None:
                    continue
                rows.append({"response_id": response.id, "item_id": item_id,
                             "value": None if v == "na" else float(v), "is_na": v == "na"})
        if person["overall"] is not None:
            rows.append({"response_id": response.id, "item_id": "overall",
                         "value": float(person["overall"]), "is_na": False})
        if rows:
            db.session.execute(insert(Answer), rows)
    touch_period(period.id)
    db.session.flush()


def uniform(value, building="1号楼", overall=None) -> dict:
    """A respondent giving the same value to every item of every dimension."""
    return respondent(dict.fromkeys(DIMENSION_ITEMS, value), building, overall)


@pytest.fixture
def scored_period(period):
    """A period with three owners (all items 5, 3, 4 → 100, 50, 75; mean 75 per dimension)."""
    add_responses(period, [uniform(5, "1号楼", 5), uniform(3, "2号楼", 3), uniform(4, "1号楼", 4)])
    db.session.commit()
    return period


@pytest.fixture
def owners():
    """Helpers to store owner responses: owners.add(period, [...]), owners.uniform(5)."""
    from types import SimpleNamespace

    return SimpleNamespace(add=add_responses, uniform=uniform, respondent=respondent,
                           items=DIMENSION_ITEMS)


@pytest.fixture(autouse=True)
def _request_context(app):
    """Services format their messages in the user's language, which needs a request."""
    with app.test_request_context("/"):
        yield
