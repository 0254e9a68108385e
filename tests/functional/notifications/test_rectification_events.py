"""Rectification events through the pages: assigned to the department's accounts, evidence
submitted to the committee (re-inspect), verified or sent back to the department, due in 2
days and overdue on a frozen clock; a re-run sends nothing twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from survey_app.auth.services import create_user
from survey_app.extensions import db
from survey_app.inspections.models import Rectification
from survey_app.notifications.models import EscalationStep, Notification
from survey_app.notifications.reminders import scan_reminders
from tests.fixtures.factories import PASSWORD
from tests.fixtures.inspections import checklist_version, inspection  # noqa: F401


def _kinds(user) -> list[str]:
    return [n.kind for n in db.session.scalars(
        select(Notification).filter_by(user_id=user.id).order_by(Notification.id))]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Notification))


def _chain(community) -> dict:
    """Workers and a head of 环境部, a worker of 保洁部, an assessor-free committee level."""
    made = {}
    for name, level, department in (("env_worker", "worker", "环境部"),
                                     ("env_head", "department_head", "环境部"),
                                     ("clean_worker", "worker", "保洁部")):
        made[name] = create_user(name, PASSWORD, "staff", [community.id])
        db.session.add(EscalationStep(community_id=community.id, level=level,
                                      user_id=made[name].id, department=department))
    db.session.commit()
    return made


def _open(as_role, inspection) -> Rectification:  # noqa: F811
    client = as_role("committee")
    base = f"/inspections/c/{inspection.community_id}/{inspection.id}"
    assert client.post(f"{base}/items/cl4", data={"cl4-mode": "deductions", "cl4-count": 2},
                       content_type="multipart/form-data").status_code == 302
    assert client.post(f"{base}/items/cl4/rectify",
                       data={"department": "环境部", "description": "垃圾房满溢，需每日清运",
                             "severity": "major"}).status_code == 302
    return db.session.scalar(select(Rectification))


def test_the_loop_reaches_the_department_then_the_committee(as_role, inspection, users,  # noqa: F811
                                                           community):
    chain = _chain(community)
    rect = _open(as_role, inspection)
    assert _kinds(chain["env_worker"]) == ["rectification.assigned"]
    assert _kinds(chain["env_head"]) == ["rectification.assigned"]
    assert _kinds(chain["clean_worker"]) == [] and _kinds(users["committee"]) == []
    url = f"/inspections/c/{community.id}/rectifications/{rect.id}"
    staff = as_role("staff")
    assert staff.post(f"{url}/submit", data={"note": "已清运"}).status_code == 302
    assert _kinds(users["committee"]) == ["rectification.submitted"]
    assert "rectification.submitted" not in _kinds(chain["env_worker"])
    committee = as_role("committee")
    assert committee.post(f"{url}/review", data={"action": "reopen",
                                                 "note": "仍有异味"}).status_code == 302
    assert _kinds(chain["env_worker"])[-1] == "rectification.sent_back"
    assert "rectification.sent_back" not in _kinds(users["committee"])
    staff = as_role("staff")
    assert staff.post(f"{url}/submit", data={"note": "已冲洗"}).status_code == 302
    assert _kinds(users["committee"]) == ["rectification.submitted"] * 2  # a second round
    committee = as_role("committee")
    assert committee.post(f"{url}/review", data={"action": "verify"}).status_code == 302
    assert _kinds(chain["env_head"])[-1] == "rectification.verified"
    assert _kinds(chain["clean_worker"]) == []


def test_due_in_two_days_then_overdue_once_each(as_role, inspection, users, community):  # noqa: F811
    chain = _chain(community)
    rect = _open(as_role, inspection)
    due = rect.due_date
    before_due = datetime(due.year, due.month, due.day, 2)
    assert scan_reminders(before_due.replace(day=due.day - 3)) == 0
    assert scan_reminders(before_due.replace(day=due.day - 2)) == 2  # worker and head
    assert scan_reminders(before_due.replace(day=due.day - 1)) == 0  # once only
    after = datetime(due.year, due.month, due.day + 1, 2)
    assert scan_reminders(after) == 2
    made = _count()
    assert scan_reminders(after) == 0 and _count() == made
    assert _kinds(chain["env_worker"]) == ["rectification.assigned", "rectification.due_soon",
                                           "rectification.overdue"]
    assert _kinds(chain["clean_worker"]) == [] and _kinds(users["committee"]) == []


def test_the_company_assigns_the_task_to_an_account_who_hears_every_step(
        as_role, inspection, users, community, other_community):  # noqa: F811
    chain = _chain(community)
    rect = _open(as_role, inspection)
    person = create_user("env_clerk", PASSWORD, "staff", [community.id])
    outsider = create_user("far_clerk", PASSWORD, "staff", [other_community.id])
    db.session.commit()
    url = f"/inspections/c/{community.id}/rectifications/{rect.id}"
    staff = as_role("staff")
    for bad in (outsider.id, 999999):  # another community's account, an unknown one
        response = staff.post(f"{url}/assign", data={"assignee": bad})
        assert response.status_code == 400 and "assignee" in response.get_data(as_text=True)
    assert db.session.get(Rectification, rect.id).assignee_id is None
    assert staff.post(f"{url}/assign", data={"assignee": person.id}).status_code == 302
    assert _kinds(person) == ["rectification.assigned"]
    page = staff.get(url).get_data(as_text=True)
    assert "env_clerk" in page
    # a second click on the same account is refused and sends nothing
    assert staff.post(f"{url}/assign", data={"assignee": person.id}).status_code == 400
    assert _kinds(person) == ["rectification.assigned"]
    assert _kinds(chain["env_worker"]).count("rectification.assigned") == 1  # at opening
    # the committee cannot assign the company's people
    assert as_role("committee").post(f"{url}/assign", data={"assignee": person.id}) \
        .status_code == 403
