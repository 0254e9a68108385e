"""Every kind of change to the data that feeds results moves the period's data version
(models_base.feeds_results, and the raw submission path in surveys/submitting.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.assessments.models import (
    AssessmentProject,
    AssessmentRevision,
    AssessorOrganisation,
)
from survey_app.communities.models import Household, Period
from survey_app.extensions import db
from survey_app.feedback import services as feedback
from survey_app.inspections.models import Inspection, ItemScore, Rectification
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import submitting
from survey_app.surveys.models import Response, Survey
from survey_app.surveys.questions import Parsed

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"


def version(period) -> int:
    return db.session.scalar(select(Period.data_version).where(Period.id == period.id))


@pytest.fixture
def bumped(period):
    """bumped(change) → how far the change (flushed) moved the period's data version."""
    def measure(change) -> int:
        before = version(period)
        change()
        db.session.flush()
        return version(period) - before
    return measure


def _survey(period) -> Survey:
    questionnaire = publish(load_definition(QUESTIONNAIRES / "owner_survey.yaml"))[0]
    survey = Survey(community_id=period.community_id, period_id=period.id,
                    questionnaire_version_id=questionnaire.id, token="dv", access_mode="open",
                    status="open")
    db.session.add(survey)
    db.session.flush()
    return survey


def test_owner_responses(period, bumped):
    survey = _survey(period)
    in_progress = Response(survey_id=survey.id, period_id=period.id, household_key="a",
                           channel="web", status="in_progress")
    assert bumped(lambda: db.session.add(in_progress)) == 0
    assert bumped(lambda: setattr(in_progress, "current_section", 1)) == 0
    assert bumped(lambda: db.session.add(Response(
        survey_id=survey.id, period_id=period.id, household_key="b", channel="paper",
        status="submitted"))) == 1


def test_raw_submission_path(period, bumped):
    survey = _survey(period)
    answers = {"cl1": Parsed(5.0, None, False)}
    assert bumped(lambda: submitting.insert_submitted(
        survey.id, period.id, "c", None, "web", None, answers, b"", date(2026, 11, 1))) == 1
    # a second submission of the same household writes nothing
    assert bumped(lambda: submitting.insert_submitted(
        survey.id, period.id, "c", None, "web", None, answers, b"", date(2026, 11, 1))) == 0
    assert bumped(lambda: submitting.mark_used_and_touch(None, period.id,
                                                         date(2026, 11, 1))) == 1


def test_inspections_and_rectifications(period, bumped):
    checklist = publish(load_definition(QUESTIONNAIRES / "joint_inspection.yaml"))[0]
    inspection = Inspection(community_id=period.community_id, period_id=period.id,
                            questionnaire_version_id=checklist.id, title="Q4",
                            inspection_date=date(2026, 11, 2))
    assert bumped(lambda: db.session.add(inspection)) == 1
    score = ItemScore(inspection_id=inspection.id, revision=1, item_id="x", dimension="cleaning",
                      max_points=5, pass_line=3, mode="points")
    assert bumped(lambda: db.session.add(score)) == 0  # a draft revision: not scored yet
    assert bumped(lambda: setattr(inspection, "signed_revision", 1)) == 1
    assert bumped(lambda: setattr(score, "awarded", 4.0)) == 1
    rect = Rectification(community_id=period.community_id, inspection_id=inspection.id,
                         item_id="x", department="保洁部", description="fix",
                         due_date=date(2026, 11, 30))
    assert bumped(lambda: db.session.add(rect)) == 1
    assert bumped(lambda: setattr(rect, "status", "verified")) == 1
    assert bumped(lambda: setattr(rect, "status", "reopened")) == 1


def test_assessment_sign_off(period, users, bumped):
    sheet = publish(load_definition(QUESTIONNAIRES / "third_party.yaml"))[0]
    organisation = AssessorOrganisation(name="评估所")
    db.session.add(organisation)
    db.session.flush()
    project = AssessmentProject(community_id=period.community_id, period_id=period.id,
                                organisation_id=organisation.id, questionnaire_version_id=sheet.id,
                                lead_id=users["assessor"].id)
    assert bumped(lambda: db.session.add(project)) == 0  # scoring has not been signed off
    assert bumped(lambda: db.session.add(AssessmentRevision(project_id=project.id,
                                                            number=1))) == 1


def test_tickets(period, bumped):
    household = db.session.scalar(select(Household).filter_by(community_id=period.community_id))
    ticket = None

    def register():
        nonlocal ticket
        ticket = feedback.register_ticket(
            period.community_id, channel="hotline", ticket_type="repair", description="漏水",
            building_id=household.building_id, received_at=datetime(2026, 11, 3, 2))
    assert bumped(register) >= 1
    assert bumped(lambda: setattr(ticket, "callback_rating", 5)) == 1
    outside = datetime(2027, 3, 3, 2)
    assert bumped(lambda: feedback.register_ticket(
        period.community_id, channel="hotline", ticket_type="repair", description="漏水",
        received_at=outside)) == 0
