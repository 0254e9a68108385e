"""Plan reminders through the notifications inbox and the user's channels, from the periodic
task, with a frozen clock: once per occurrence and person, however often the task runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.notifications import preferences
from survey_app.notifications import tasks as notification_tasks
from survey_app.notifications.models import Delivery, Notification
from survey_app.notifications.reminders import plan_deadlines
from survey_app.plans.models import Plan

#: Thursday 26 November 2026, 12:00 in Shanghai: the week of 23–29 November is due Sunday
NOON = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)


def _weekly_patrol(client, community, users, *assignees):
    response = client.post(f"/plans/c/{community.id}/new", data={
        "kind": "patrol", "recurrence": "weekly", "starts_on": "2026-11-02", "area": "1号楼",
        "title": "1号楼每周巡检", "assignees": [users[a].id for a in assignees]})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return db.session.scalar(select(Plan))


def _notes(user):
    db.session.expire_all()  # the periodic task ran in a session of its own
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "plan.due")))


def test_open_occurrence_reminds_each_assignee_once_in_inbox_and_email(
        app, as_role, community, users):
    staff = as_role("staff")
    _weekly_patrol(staff, community, users, "staff", "admin")
    preferences.save(users["staff"], email="staff@example.com", choices={},
                     quiet_start=22 * 60, quiet_end=8 * 60)
    preferences.save(users["admin"], email="admin@example.com",
                     choices={("plans", "email"): False}, quiet_start=22 * 60,
                     quiet_end=8 * 60)
    db.session.commit()
    assert plan_deadlines(NOON - timedelta(days=2)) == 0  # Tuesday: not within three days
    made = plan_deadlines(NOON)
    db.session.commit()
    assert made == 2
    note = _notes(users["staff"])[0]
    assert note.params["due"] == "2026-11-29" and note.params["plan"] == "1号楼每周巡检"
    assert note.link == f"/plans/c/{community.id}/"
    channels = sorted(d.channel for d in db.session.scalars(
        select(Delivery).where(Delivery.notification_id == note.id)))
    assert channels == ["email", "inbox"]  # the email address and the chosen channels
    admin_note = _notes(users["admin"])[0]
    assert [d.channel for d in db.session.scalars(select(Delivery).where(
        Delivery.notification_id == admin_note.id))] == ["inbox"]  # email turned off
    # run again an hour later: nothing more for this week
    assert plan_deadlines(NOON + timedelta(hours=1)) == 0
    assert len(_notes(users["staff"])) == 1 and len(_notes(users["admin"])) == 1
    inbox = staff.get("/notifications/").get_data(as_text=True)
    assert "1号楼每周巡检" in inbox and "2026-11-29" in inbox


def test_next_week_is_a_new_reminder_and_a_done_week_none(app, as_role, community, users):
    staff = as_role("staff")
    _weekly_patrol(staff, community, users, "staff")
    db.session.commit()
    assert plan_deadlines(NOON) == 1
    assert plan_deadlines(NOON + timedelta(days=7)) == 1  # the week of 30 Nov – 6 Dec
    assert [n.params["due"] for n in sorted(_notes(users["staff"]), key=lambda n: n.id)] == \
        ["2026-11-29", "2026-12-06"]
    assert plan_deadlines(NOON + timedelta(days=7, hours=2)) == 0


def test_periodic_task_delivers_through_the_queue(app, as_role, community, users,
                                                  monkeypatch):
    staff = as_role("staff")
    _weekly_patrol(staff, community, users, "staff")
    db.session.commit()
    # the queue's clock: naive UTC, frozen at Thursday noon in Shanghai
    monkeypatch.setattr(notification_tasks, "utcnow", lambda: NOON.replace(tzinfo=None))
    notification_tasks.remind_plans()
    notification_tasks.remind_plans()
    assert len(_notes(users["staff"])) == 1
