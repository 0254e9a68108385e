"""Reports fixtures: periods whose numbers are real engine results on small arrays."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.extensions import db
from tests.fixtures.reports import results, scored  # noqa: F401  (shared with tests/functional/api)

COMMENTS = (("电梯经常坏，希望尽快修好。", "facilities"), ("保安很负责。", None),
            ("垃圾桶周边有异味。", "cleaning"), ("电梯经常坏，希望尽快修好。", "facilities"))


@pytest.fixture
def commented(scored):  # noqa: F811  (the fixture imported above)
    """A closed owner survey in `scored` with four submitted responses carrying comments.

    Returns {comment text: answer id} (the repeated sentence maps to its lowest answer id).
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
        # ids are random: the page offers a repeated sentence once, under its lowest id
        ids[text] = min(ids.get(text, comment.id), comment.id)
    db.session.commit()
    return ids
