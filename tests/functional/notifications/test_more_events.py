"""Events of surveys, joint inspections, third-party assessments and published results:
each reaches the right people and only them, and a re-run sends nothing twice (daily
reminders on a frozen clock)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from survey_app.assessments import review
from survey_app.assessments import services as assessments
from survey_app.auth.services import create_user
from survey_app.contacts.models import OwnerContact
from survey_app.extensions import db
from survey_app.notifications import hooks
from survey_app.notifications.models import Delivery, Notification
from survey_app.notifications.reminders import scan_daily
from survey_app.questionnaires.loader import load_definition, parse_definition
from survey_app.questionnaires.services import publish
from survey_app.surveys import services as surveys
from tests.fixtures.acts import two_party
from tests.fixtures.assessments import SHEET_YAML, SHROUT_FLEISS, fill_directly
from tests.fixtures.factories import PASSWORD
from tests.fixtures.fake_providers import fake_aliyun, sms_enabled  # noqa: F401
from tests.fixtures.reports import results, scored  # noqa: F401
from tests.fixtures.surveys import OWNER_YAML

NOW = datetime(2026, 12, 28, 2, 0)  # 10:00 in Beijing, 3 days before 2026-Q4 ends


def _kinds(user) -> list[str]:
    return [n.kind for n in db.session.scalars(
        select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Notification))


@pytest.fixture
def people(community, other_community, users):
    """A company staff member of the community, one of another community, a second
    committee member (the fixture's staff account belongs to no community)."""
    made = {"staff_here": create_user("staff_here", PASSWORD, "staff", [community.id]),
            "staff_there": create_user("staff_there", PASSWORD, "staff",
                                       [other_community.id]),
            "committee2": create_user("committee2", PASSWORD, "committee", [community.id]),
            "committee_there": create_user("committee_there", PASSWORD, "committee",
                                           [other_community.id]),
            **users}
    db.session.commit()
    return made


def _open_survey(period):
    version, _created = publish(load_definition(OWNER_YAML))
    survey = surveys.publish_survey(period, version.id, "codes")
    db.session.commit()
    return survey


# --- surveys ------------------------------------------------------------------------------

def test_survey_opened_reaches_the_code_holder_only(people, period, community):
    survey = _open_survey(period)
    # the committee holds the codes by default
    assert _kinds(people["committee"]) == ["survey.opened"]
    assert _kinds(people["committee2"]) == ["survey.opened"]
    for other in ("staff_here", "staff_there", "committee_there", "assessor", "admin"):
        assert _kinds(people[other]) == [], other
    before = _count()
    hooks.survey_event(survey, "opened", f"survey:{survey.id}:opened")  # a re-run
    db.session.commit()
    assert _count() == before


def test_a_company_holding_the_codes_hears_of_its_survey(people, period, community):
    community.code_holder = "company"
    db.session.commit()
    _open_survey(period)
    assert _kinds(people["staff_here"]) == ["survey.opened"]
    assert _kinds(people["committee"]) == [] and _kinds(people["staff_there"]) == []


def test_closing_in_three_days_and_below_the_cochran_target(people, period):
    survey = _open_survey(period)
    assert scan_daily(datetime(2026, 12, 10, 2, 0)) == 0  # 21 days left: nothing yet
    scan_daily(NOW)
    db.session.commit()
    kinds = _kinds(people["committee"])
    assert kinds.count("survey.closing") == 1 and kinds.count("survey.low_response") == 1
    note = db.session.scalar(select(Notification).filter_by(
        user_id=people["committee"].id, kind="survey.low_response"))
    households = sum(c.households for c in surveys.building_counts(survey))
    assert note.params["responses"] == 0
    assert note.params["target"] == surveys.cochran_target(households)
    assert _kinds(people["staff_here"]) == ["inspection.quarter_ending"]
    before = _count()
    assert scan_daily(NOW) == 0  # the same day again
    assert scan_daily(datetime(2026, 12, 29, 2, 0)) == 0  # the next day, same week
    assert _count() == before


# --- joint inspections ----------------------------------------------------------------------

def test_quarter_ending_without_a_signed_inspection(people, period):
    assert scan_daily(datetime(2026, 12, 16, 2, 0)) == 0  # 15 days left
    made = scan_daily(datetime(2026, 12, 17, 2, 0))  # 14 days left
    db.session.commit()
    hear = {name for name, user in people.items()
            if "inspection.quarter_ending" in _kinds(user)}
    assert hear == {"committee", "committee2", "staff_here"} and made == 3
    assert scan_daily(datetime(2026, 12, 20, 2, 0)) == 0  # once only


def test_no_warning_once_a_joint_inspection_is_signed(people, period, community):
    from survey_app.inspections.models import Inspection

    version, _created = publish(load_definition(
        OWNER_YAML.parent / "joint_inspection.yaml"))
    db.session.add(Inspection(community_id=community.id, period_id=period.id,
                              questionnaire_version_id=version.id, kind="quarterly",
                              title="四季度联合检查", inspection_date=period.start_date,
                              status="signed", signed_revision=1))
    db.session.commit()
    assert scan_daily(datetime(2026, 12, 20, 2, 0)) == 0


# --- third party ---------------------------------------------------------------------------

@pytest.fixture
def project(people, period, community):
    version, _created = publish(parse_definition(SHEET_YAML))
    second = create_user("assessor2", PASSWORD, "assessor", [community.id])
    third = create_user("assessor3", PASSWORD, "assessor", [community.id])
    organisation = assessments.create_organisation(name="某某第三方评估有限公司",
                                                   contact="赵经理")
    made = assessments.create_project(
        period, organisation_id=organisation.id, version_id=version.id,
        assessor_ids=[people["assessor"].id, second.id], lead_id=people["assessor"].id)
    db.session.commit()
    made.third = third
    return made


def test_sheet_assigned_to_each_assessor_once(people, project):
    lead, second = (s.assessor for s in project.sheets)
    assert _kinds(lead) == ["assessment.assigned"] == _kinds(second)
    assert _kinds(people["committee"]) == [] and _kinds(people["staff_here"]) == []
    assessments.change_assignment(project, action="add", user_id=project.third.id)
    db.session.commit()
    assert _kinds(project.third) == ["assessment.assigned"]
    assert _kinds(lead) == ["assessment.assigned"]  # the others hear nothing new
    before = _count()
    hooks.sheets_assigned(project, project.sheets)  # a re-run
    assert _count() == before


def test_rescore_reaches_only_the_assessors_sent_back(people, project):
    assessments.change_assignment(project, action="add", user_id=project.third.id)
    fill_directly(project, [row[:3] for row in SHROUT_FLEISS])
    chosen = project.sheets[1]
    review.request_rescore(project, item_ids=["c1"], assessor_ids=[chosen.assessor_id],
                           note="请复核楼道清洁")
    db.session.commit()
    assert _kinds(chosen.assessor)[-1] == "assessment.rescore"
    assert "assessment.rescore" not in _kinds(project.sheets[0].assessor)
    assert "assessment.rescore" not in _kinds(people["committee"])
    before = _count()
    hooks.rescore_requested(project, [chosen], "again")  # same round: nothing twice
    assert _count() == before


def test_signed_assessment_reaches_committee_and_company(people, project):
    fill_directly(project, [row[:2] for row in SHROUT_FLEISS])
    project.status = "review"
    revision = review.sign_off(project, strengths="整洁", problems="地库", recommendations="加强")
    db.session.commit()
    hear = {name for name, user in people.items() if "assessment.signed" in _kinds(user)}
    assert hear == {"committee", "committee2", "staff_here"}
    before = _count()
    hooks.assessment_signed(project, revision)
    assert _count() == before


# --- results published -----------------------------------------------------------------------

def _contact(community, phone, purposes, unsubscribed=False) -> OwnerContact:
    contact = OwnerContact(community_id=community.id, phone=phone, purposes=purposes,
                           consent_version="test", consented_at=NOW, verified_at=NOW,
                           unsubscribe_token=f"tok-{phone}",
                           unsubscribed_at=NOW if unsubscribed else None)
    db.session.add(contact)
    return contact


def test_results_published_reach_subscribed_owners_only(
        as_role, scored, community, other_community, sms_enabled):  # noqa: F811
    wanted = _contact(community, "13800000001", "notices")
    _contact(community, "13800000002", "ticket_progress")
    _contact(community, "13800000003", "notices", unsubscribed=True)
    _contact(other_community, "13800000004", "notices")
    db.session.commit()
    two_party(as_role, scored, "publish", proposer="committee", confirmer="staff")
    owner = list(db.session.scalars(select(Delivery).filter_by(channel="owner_sms")))
    assert [d.address for d in owner] == [f"contact:{wanted.id}"]
    assert owner[0].kind == "results.published" and "/notice/" in owner[0].body
    from survey_app.publishing.models import Publication

    hooks.results_published(db.session.scalar(select(Publication)))  # a re-run
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Delivery).filter_by(
        channel="owner_sms")) == 1
