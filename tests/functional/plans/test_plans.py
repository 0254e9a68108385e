"""Recurring plans through the test client, with a frozen clock: who may plan which kinds,
the second-in-a-quarter warning, the coverage calendar with missed occurrences, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask_login import login_user
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.inspections import scoring
from survey_app.internal import services as internal
from survey_app.plans import pages
from survey_app.plans.models import Plan
from survey_app.plans.recurrence import Occurrence
from survey_app.plans.services import due_plan_reminders
from tests.fixtures.internal import internal_checklist  # noqa: F401

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(pages, "local_today", lambda: TODAY)


def plan(client, community, users, who, **fields):
    data = {"kind": "patrol", "recurrence": "weekly", "starts_on": "2026-11-02",
            "assignees": [users[who].id], **fields}
    return client.post(f"/plans/c/{community.id}/new", data=data)


def test_each_party_plans_its_own_kinds(as_role, community, users):
    staff = as_role("staff")
    assert plan(staff, community, users, "staff", area="1号楼").status_code == 302
    assert plan(staff, community, users, "staff", kind="quarterly",
                recurrence="quarterly").status_code == 403
    committee = as_role("committee")
    assert plan(committee, community, users, "committee", kind="quarterly",
                recurrence="quarterly", starts_on="2026-10-01").status_code == 302
    assert plan(committee, community, users, "committee", kind="night").status_code == 403
    assert committee.get(f"/plans/c/{community.id}/").status_code == 200
    assert {p.kind for p in db.session.scalars(select(Plan))} == {"patrol", "quarterly"}


def test_bad_input_names_the_field(as_role, community, users):
    staff = as_role("staff")
    none = plan(staff, community, users, "staff", assignees=[])
    assert none.status_code == 400 and "请选择至少一名" in none.get_data(as_text=True)
    assessor = plan(staff, community, users, "assessor")
    assert assessor.status_code == 400
    backwards = plan(staff, community, users, "staff", ends_on="2026-10-01")
    assert backwards.status_code == 400 and "结束日期" in backwards.get_data(as_text=True)
    assert db.session.scalar(select(Plan)) is None


def test_second_plan_of_a_kind_in_a_quarter_needs_a_tick(as_role, community, users):
    committee = as_role("committee")
    first = dict(kind="quarterly", recurrence="quarterly", starts_on="2026-10-01")
    assert plan(committee, community, users, "committee", **first).status_code == 302
    again = plan(committee, community, users, "committee", **first, title="第二次联合检查")
    assert again.status_code == 400 and "2026-Q4" in again.get_data(as_text=True)
    assert db.session.query(Plan).count() == 1
    assert plan(committee, community, users, "committee", **first,
                second_ok="y").status_code == 302
    assert db.session.query(Plan).count() == 2


def test_calendar_marks_missed_weeks_and_reminds(app, as_role, community, period, users,
                                                 internal_checklist):  # noqa: F811
    staff = as_role("staff")
    assert plan(staff, community, users, "staff", area="1号楼", title="1号楼每周巡检") \
        .status_code == 302
    with app.test_request_context("/"):
        login_user(users["staff"])
        for day, area, finish in ((date(2026, 11, 10), "1号楼", True),
                                  (date(2026, 11, 18), "1号楼", False),
                                  (date(2026, 11, 4), "7号楼", True)):
            made = internal.schedule(community.id, kind="patrol", inspection_date=day,
                                     start_time=time(9, 0), area=area)
            scoring.save_item(made, "icl1", mode="deductions", count=0)
            if finish:
                internal.finish(made)
    db.session.commit()
    context = pages.community(community.id)
    slots = context["rows"][0]["slots"]
    assert [s.status for s in slots] == ["missed", "done", "missed", "open", "upcoming",
                                         "upcoming"]
    assert context["rows"][0]["counts"]["missed"] == 2
    page = staff.get(f"/plans/c/{community.id}/").get_data(as_text=True)
    assert "已逾期/漏检" in page and "1号楼每周巡检" in page
    # reminders: the open week (due Sunday 29th) from three days before, to each assignee
    shanghai_noon = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    reminders = due_plan_reminders(shanghai_noon)
    assert reminders == [(users["staff"], Occurrence(date(2026, 11, 23), date(2026, 11, 29)))]
    assert due_plan_reminders(datetime(2026, 11, 24, 12, 0)) == []
