"""flask seed-demo builds a realistic community, and running it twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.auth.models import Membership, User
from survey_app.communities.models import Building, Community, Household, Period
from survey_app.extensions import db
from survey_app.questionnaires.models import QuestionnaireVersion


def _count(model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_seed_demo_creates_the_demo_community_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "admin / admin-demo-2026" in result.output
    community = db.session.scalar(select(Community).filter_by(code="yangguang"))
    assert _count(Building, community_id=community.id) == 8
    assert _count(Household, community_id=community.id) == 600
    assert [p.label for p in community.periods] == [
        "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert {k for (k,) in db.session.execute(select(QuestionnaireVersion.kind))} == {
        "owner_survey", "joint_inspection", "third_party"}
    roles = {r for (r,) in db.session.execute(select(Membership.role))}
    assert roles == {"admin", "staff", "committee", "assessor"}
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "exists already" in again.output
    assert _count(Household) == 600 and _count(Period) == 5 and _count(User) == 6
