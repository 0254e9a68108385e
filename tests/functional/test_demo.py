"""flask seed-demo builds a realistic community, and running it twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.auth.models import Membership, User
from survey_app.communities.models import Building, Community, Household, Period
from survey_app.extensions import db
from survey_app.ledger.models import LedgerEntry, PublishedPdf
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
        "owner_survey", "joint_inspection", "third_party", "internal_inspection"}
    roles = {r for (r,) in db.session.execute(select(Membership.role))}
    assert roles == {"admin", "staff", "committee", "assessor", "director", "officer"}
    _findings_sit_under_their_items()
    # the published quarters have their PDFs without a worker (the command renders them)
    assert _count(PublishedPdf) == 3 and _count(LedgerEntry, act="results.pdf_stored") == 3
    assert runner.invoke(args=["ledger", "verify", "--files"]).exit_code == 0
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "exists already" in again.output
    assert _count(Household) == 600 and _count(Period) == 5 and _count(User) == 8  # + director, officer


def _findings_sit_under_their_items():
    """The notice board shows item and finding together: no 消杀工作：地下车库地面油渍 (issue 16
    item 18). Every demo finding and assessor note is one written for its own item."""
    from survey_app.assessments import demo as assessment_demo
    from survey_app.assessments.models import RevisionScore
    from survey_app.inspections import demo as inspection_demo
    from survey_app.inspections.models import ItemScore, Rectification

    findings = list(db.session.execute(
        select(ItemScore.item_id, ItemScore.note).where(ItemScore.note != "")))
    assert findings
    for item_id, note in findings:
        assert note in [n for n, _place in inspection_demo.NOTES[item_id]], (item_id, note)
    for item_id, description in db.session.execute(
            select(Rectification.item_id, Rectification.description)):
        assert description.split("，请限期整改")[0] in [
            n for n, _place in inspection_demo.NOTES[item_id]], (item_id, description)
    notes = list(db.session.execute(
        select(RevisionScore.item_id, RevisionScore.note).where(RevisionScore.note != "")))
    assert notes
    for item_id, note in notes:
        assert note in (assessment_demo.NOTES[item_id], "复核后按标准调整"), (item_id, note)
