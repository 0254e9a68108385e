"""Reports fixtures: periods whose numbers are real engine results on small arrays."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import sample  # noqa: E402

from factories import make_period  # noqa: E402
from survey_app.extensions import db  # noqa: E402
from survey_app.reports import numbers  # noqa: E402


@pytest.fixture
def results(monkeypatch):
    """Map period id → result dict served as that period's numbers (engine output)."""
    table: dict[int, dict] = {}
    real = numbers.period_dict

    def period_dict(period):
        return table[period.id] if period.id in table else real(period)

    monkeypatch.setattr(numbers, "period_dict", period_dict)
    return table


@pytest.fixture
def scored(community, results):
    """Two closed periods of `community` with results; returns the newer one."""
    old = make_period(community, label="2026-Q3", status="closed",
                      start=date(2026, 7, 1), end=date(2026, 9, 30))
    new = make_period(community, label="2026-Q4", status="closed")
    db.session.commit()
    previous_owner = sample.owner_data(shift=-0.4, seed=2)
    results[old.id] = sample.period_result(shift=-0.4, seed=2).to_dict()
    results[new.id] = sample.period_result(previous=previous_owner).to_dict()
    return new


COMMENTS = (("电梯经常坏，希望尽快修好。", "facilities"), ("保安很负责。", None),
            ("垃圾桶周边有异味。", "cleaning"), ("电梯经常坏，希望尽快修好。", "facilities"))


@pytest.fixture
def commented(scored):
    """A closed owner survey in `scored` with four submitted responses carrying comments.

    Returns {comment text: answer id} (the repeated sentence maps to its first answer).
    """
    from sqlalchemy import select

    from survey_app.communities.models import Household
    from survey_app.questionnaires.loader import load_definition
    from survey_app.questionnaires.services import publish
    from survey_app.surveys.models import Answer, Response, Survey
    from survey_app.surveys.services import household_key

    root = Path(__file__).resolve().parents[3]
    version, _created = publish(load_definition(root / "questionnaires" / "owner_survey.yaml"))
    survey = Survey(community_id=scored.community_id, period_id=scored.id,
                    questionnaire_version_id=version.id, token="reports-test",
                    access_mode="codes", status="closed")
    db.session.add(survey)
    db.session.flush()
    households = db.session.scalars(select(Household).filter_by(
        community_id=scored.community_id).order_by(Household.id)).all()
    ids: dict[str, int] = {}
    for household, (text, area) in zip(households, COMMENTS, strict=False):
        response = Response(survey_id=survey.id, period_id=scored.id,
                            household_key=household_key(survey.id, household.id),
                            building_id=household.building_id, status="submitted")
        db.session.add(response)
        db.session.flush()
        comment = Answer(response_id=response.id, item_id="comment", text=text)
        db.session.add(comment)
        db.session.add(Answer(response_id=response.id, item_id="overall", value=3.0))
        if area:
            db.session.add(Answer(response_id=response.id, item_id="improve", text=area))
        db.session.flush()
        ids.setdefault(text, comment.id)
    db.session.commit()
    return ids
