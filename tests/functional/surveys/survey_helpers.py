"""Helpers for the survey tests (import from tests.functional.surveys.survey_helpers)."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.communities.models import Household
from survey_app.extensions import db
from survey_app.surveys import services
from survey_app.surveys.models import AccessCode


def make_survey(period, version, mode="codes"):
    survey = services.publish_survey(period, version.id, mode)
    db.session.commit()
    return survey


def codes_of(survey) -> list[str]:
    """Codes in household order."""
    return list(db.session.scalars(select(AccessCode.code).filter_by(survey_id=survey.id)
                                   .order_by(AccessCode.household_id)))


def household_of(code: str) -> Household:
    access = db.session.scalar(select(AccessCode).filter_by(code=code))
    return db.session.get(Household, access.household_id)


def section_answers(definition, index: int, likert="4", **overrides) -> dict:
    """Form data answering every item of one section."""
    section = definition.sections[index]
    data = {"section": section.id}
    for item in section.items:
        value = {"likert": likert, "nps": "8", "text": "电梯希望再干净一些",
                 "multi_choice": None}.get(item.type)
        if value is not None:
            data["q_" + item.id] = value
    data.update({("q_" + k): v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


def all_answers(definition, likert="4", **overrides) -> dict:
    """Form data answering the whole questionnaire."""
    data = {}
    for index in range(len(definition.sections)):
        data.update(section_answers(definition, index, likert))
    data.pop("section", None)
    data.update({("q_" + k): v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}
