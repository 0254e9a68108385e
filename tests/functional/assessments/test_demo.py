"""The demo step: signed-off assessments with three slightly disagreeing assessors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from survey_app.assessments import demo, review, services
from survey_app.assessments.data import load_assessment_data
from survey_app.demo import DemoContext
from survey_app.extensions import db
from survey_app.questionnaires.loader import load_definition
from survey_app.questionnaires.services import publish
from tests.fixtures.factories import make_period

SHEET = Path(__file__).resolve().parents[3] / "questionnaires" / "third_party.yaml"


def test_demo_signs_off_the_last_two_closed_quarters(community, assessors, users):
    publish(load_definition(SHEET))
    periods = [make_period(community, "2026-Q2", "published", date(2026, 4, 1),
                           date(2026, 6, 30)),
               make_period(community, "2026-Q3", "closed", date(2026, 7, 1), date(2026, 9, 30)),
               make_period(community, "2026-Q4", "open", date(2026, 10, 1), date(2026, 12, 31))]
    context = DemoContext(community, periods, {u.username: u for u in assessors[:3]})
    message = demo.seed(context)
    db.session.commit()
    assert "2026-Q2, 2026-Q3" in message
    assert load_assessment_data(periods[2].id) is None
    for period in periods[:2]:
        data = load_assessment_data(period.id)
        assert data.scores.shape[1] == 3
        assert abs(data.max_points.sum() - 100) < 1e-9
        project = services.project_for_period(period.id)
        assert project.status == "signed" and project.revision == 1
        assert "。" in project.revisions[0].problems
        analysis = review.analyse(project, *review.revision_scores(project.revisions[0]))
        # realistic: assessors disagree a little, but not wildly
        assert 0 < analysis.agreement.icc_2_k <= 1
        assert 60 < analysis.total < 95
